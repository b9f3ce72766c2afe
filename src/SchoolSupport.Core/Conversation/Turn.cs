using System.Text.Json.Nodes;
using SchoolSupport.Data;
using SchoolSupport.People;

namespace SchoolSupport.Conversation;

/// <summary>One inbound turn in channel-neutral terms: who wrote, where, and either text or a card action.</summary>
public sealed record TurnInput
{
    public required string ChannelId { get; init; }
    public required string UserId { get; init; }
    public string? UserName { get; init; }
    public string? AadObjectId { get; init; }

    /// <summary>E-mail / UPN of the user when the channel could tell it (Teams: from the connector's member lookup).</summary>
    public string? Email { get; init; }

    public string? TenantId { get; init; }
    public required string ConversationId { get; init; }
    public string? ConversationType { get; init; }
    public string ServiceUrl { get; init; } = "";
    public string? BotId { get; init; }
    public string? BotName { get; init; }
    public string? Locale { get; init; }
    public string? ActivityId { get; init; }
    public string? ReplyToId { get; init; }
    public string? Text { get; init; }

    /// <summary>The verb of a card action (Action.Execute verb, or <c>verb</c> in Action.Submit data).</summary>
    public string? Verb { get; init; }

    /// <summary>Card action data merged with the card's input values.</summary>
    public JsonObject? Data { get; init; }

    /// <summary>True for Action.Execute: the answer replaces the card synchronously.</summary>
    public bool IsInvoke { get; init; }

    /// <summary>Files attached to the message; read them with <see cref="InboundFiles"/>.</summary>
    public IReadOnlyList<InboundFile> Files { get; init; } = [];
}

public abstract record Reply;

public sealed record TextReply(string Text) : Reply;

/// <summary>A card by template name and typed model; the channel edge renders it (and picks Execute or Submit).</summary>
public sealed record CardReply(string Template, object Model) : Reply;

/// <summary>A file for the person (export): sent as a download link in chat.</summary>
public sealed record FileReply(string FileName, string ContentType, byte[] Content, string? Caption) : Reply;

public sealed class TurnOutput
{
    public List<Reply> Replies { get; } = [];

    /// <summary>For card actions: the card that replaces the one the person acted on (refresh in place).</summary>
    public CardReply? UpdatedCard { get; set; }

    /// <summary>For card actions answered with a short message instead of a new card.</summary>
    public string? ActionMessage { get; set; }

    /// <summary>True when the action was refused (tampered, not allowed, invalid): nothing was changed.</summary>
    public bool Refused { get; set; }

    /// <summary>
    /// What answered the turn, for telemetry: a chat command's name («status»), a card verb («item.mark») or the reason
    /// nothing did («not-understood»). Always a name from code, never the person's text.
    /// </summary>
    public string Command { get; set; } = "none";
}

/// <summary>Everything a command or card action needs, and where it writes its answer.</summary>
public sealed class TurnScope
{
    public TurnScope(TurnInput input, Caller? caller, SchoolSupportDbContext db, DateOnly today, DateTime utcNow, IServiceProvider services)
    {
        Input = input;
        Caller = caller;
        Db = db;
        Today = today;
        UtcNow = utcNow;
        Services = services;
    }

    public TurnInput Input { get; }
    public Caller? Caller { get; }
    public SchoolSupportDbContext Db { get; }

    /// <summary>Today in the caller's region.</summary>
    public DateOnly Today { get; }

    public DateTime UtcNow { get; }
    public IServiceProvider Services { get; }
    public TurnOutput Output { get; } = new();

    public void Say(string text) => Output.Replies.Add(new TextReply(text));

    public void Show(string template, object model) => Output.Replies.Add(new CardReply(template, model));

    /// <summary>
    /// Answer a card action with a new version of the card. The channel edge replaces the acted-on card in place
    /// (invoke response, or an update of the card message) and posts it as a new message only when it cannot.
    /// </summary>
    public void Update(string template, object model) => Output.UpdatedCard = new CardReply(template, model);

    /// <summary>Refuse an action with a reason the person understands; nothing has been changed.</summary>
    public void Refuse(string reason)
    {
        Output.Refused = true;
        Output.ActionMessage = reason;
        if (!Input.IsInvoke)
        {
            Output.Replies.Add(new TextReply(reason));
        }
    }
}

/// <summary>
/// The handler of commands understood from Russian free text («статус», «что на этой неделе»). What it answers to is
/// declared by <see cref="IDeclaredCommand.Declarations"/>; <see cref="ChatText.Meaning"/> says which one matched.
/// </summary>
public interface IChatCommand
{
    Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct);
}

/// <summary>A stateless handler of one card verb («item.mark», «consultation.save»).</summary>
public interface ICardAction
{
    IReadOnlyCollection<string> Verbs { get; }

    Task HandleAsync(TurnScope scope, CancellationToken ct);
}
