using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SchoolSupport.Data;
using SchoolSupport.People;
using SchoolSupport.Schools;

namespace SchoolSupport.Conversation;

/// <summary>
/// The use-case entry point of a turn: refresh the person's address, find who is asking, then run the card action
/// named by the verb or the chat command the text matches. Channel code only translates to and from this.
/// </summary>
public sealed class ConversationRouter(
    SchoolSupportDbContext db,
    IEnumerable<IChatCommand> commands,
    IEnumerable<ICardAction> actions,
    TimeProvider time,
    IOptions<DemoOptions> demo,
    IServiceProvider services,
    ILogger<ConversationRouter> logger)
{
    private readonly IReadOnlyList<IChatCommand> commands = commands.OrderByDescending(c => c.Priority).ToList();
    private readonly IReadOnlyDictionary<string, ICardAction> actions = actions
        .SelectMany(a => a.Verbs.Select(v => (v, a)))
        .ToDictionary(x => x.v, x => x.a, StringComparer.Ordinal);

    public const int MaxTextLength = 4000;

    /// <summary>
    /// Buttons that simply ask what a chat command would («Помощь», «Статус»): the verb stands for the command text,
    /// and the generic verb <c>say</c> carries any command in <c>data.text</c>.
    /// </summary>
    private static readonly Dictionary<string, string> CommandVerbs = new(StringComparer.Ordinal)
    {
        ["help"] = "помощь",
        ["whoami"] = "кто я",
        ["status"] = "статус",
    };

    /// <param name="lookupEmail">
    /// Asks the channel for the user's e-mail/UPN; called only when nothing else identifies the person, since on Teams
    /// it costs a connector request.
    /// </param>
    public async Task<TurnOutput> HandleAsync(TurnInput input, CancellationToken ct, Func<CancellationToken, Task<string?>>? lookupEmail = null)
    {
        // One connection for the whole turn: a turn runs ten-odd small queries, and opening a pooled SQLite connection
        // for each (EF re-registers its SQL functions on every open) cost as much as the queries themselves.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            return await HandleOpenAsync(input, ct, lookupEmail);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<TurnOutput> HandleOpenAsync(TurnInput input, CancellationToken ct, Func<CancellationToken, Task<string?>>? lookupEmail)
    {
        var utcNow = time.GetUtcNow().UtcDateTime;
        var address = await RefreshAddressAsync(input, utcNow, ct);
        var person = await IdentityResolver.ResolveAsync(db, input, address, demo.Value.Enabled, ct);
        if (person is null && lookupEmail is not null && string.IsNullOrEmpty(input.Email))
        {
            var email = await lookupEmail(ct);
            if (!string.IsNullOrWhiteSpace(email))
            {
                input = input with { Email = email };
                person = await IdentityResolver.ResolveAsync(db, input, address, demo.Value.Enabled, ct);
            }
        }

        if (person is not null)
        {
            await AddressBook.MarkUsedAsync(db, address, person.Id, utcNow, ct);
        }

        await db.SaveChangesAsync(ct);

        Caller? caller = null;
        var timeZone = RegionClock.DefaultTimeZone;
        if (person is not null)
        {
            // The first role's region sets the calendar, as before; one round trip instead of two.
            var personId = person.Id;
            timeZone = await db.RoleAssignments
                .Where(r => r.PersonId == personId)
                .Join(db.Regions, r => r.RegionId, g => g.Id, (r, g) => new { r.Id, g.TimeZone })
                .OrderBy(x => x.Id)
                .Select(x => x.TimeZone)
                .FirstOrDefaultAsync(ct) ?? timeZone;

            caller = await CallerLoader.LoadAsync(db, person, RegionClock.Today(time, timeZone), ct);
        }

        if (input.Verb is { } verb && (CommandVerbs.TryGetValue(verb, out var commandText)
                || (verb == "say" && input.Data?["text"] is JsonValue t && t.TryGetValue(out commandText))))
        {
            input = input with { Verb = null, Text = commandText };
        }

        var scope = new TurnScope(input, caller, db, RegionClock.Today(time, timeZone), utcNow, services);
        scope.Output.PersonId = person?.Id;
        if (!string.IsNullOrEmpty(input.Verb))
        {
            // A card acted on in a group chat or channel: whatever it answers is the asker's business only.
            scope.Output.Private = !input.IsPersonalChat;
            await RunActionAsync(scope, input.Verb, ct);
        }
        else
        {
            await RunCommandAsync(scope, ct);
        }

        return scope.Output;
    }

    /// <summary>
    /// Two first turns of a new user can arrive together (a double click, a redelivery); the loser of the insert race
    /// takes the row the winner stored instead of failing the turn.
    /// </summary>
    private async Task<ConversationAddress> RefreshAddressAsync(TurnInput input, DateTime utcNow, CancellationToken ct)
    {
        var address = await AddressBook.RefreshAsync(db, input, utcNow, ct);
        if (db.Entry(address).State != EntityState.Added)
        {
            return address;
        }

        try
        {
            await db.SaveChangesAsync(ct);
            return address;
        }
        catch (DbUpdateException)
        {
            db.Entry(address).State = EntityState.Detached;
            return await AddressBook.RefreshAsync(db, input, utcNow, ct);
        }
    }

    private async Task RunActionAsync(TurnScope scope, string verb, CancellationToken ct)
    {
        if (!actions.TryGetValue(verb, out var action))
        {
            logger.LogWarning("Unknown card verb {Verb}", verb);
            scope.Output.Command = "unknown-verb";
            scope.Refuse(Texts.UnknownAction);
            return;
        }

        scope.Output.Command = verb;
        if (scope.Caller is null)
        {
            scope.Refuse(Texts.UnknownPerson);
            return;
        }

        await action.HandleAsync(scope, ct);
    }

    private async Task RunCommandAsync(TurnScope scope, CancellationToken ct)
    {
        if (scope.Input.Files.Count > 0)
        {
            scope.Output.Command = "import";
            scope.Output.Private = !scope.Input.IsPersonalChat;
            if (scope.Caller is null)
            {
                scope.Say(Texts.UnknownPerson);
                return;
            }

            await services.GetRequiredService<Imports.ChatImports>().HandleAsync(scope, ct);
            return;
        }

        var raw = scope.Input.Text ?? "";
        if (raw.Length > MaxTextLength)
        {
            scope.Output.Command = "too-long";
            scope.Say(Texts.TooLong(MaxTextLength));
            return;
        }

        var text = new ChatText(raw);
        var command = commands.FirstOrDefault(c => c.Matches(text));
        if (command is null)
        {
            scope.Output.Command = scope.Caller is null ? "unknown-person" : "not-understood";
            scope.Say(scope.Caller is null ? Texts.UnknownPerson
                : scope.Input.Files.Count > 0 && string.IsNullOrWhiteSpace(raw) ? Texts.FileNotExpected(scope.Input.Files[0].Name)
                : Texts.NotUnderstood);
            return;
        }

        scope.Output.Command = CommandName(command);
        scope.Output.Private = !scope.Input.IsPersonalChat && !command.SafeInGroupChat;
        if (scope.Caller is null && !command.AllowsUnknownCaller)
        {
            scope.Say(Texts.UnknownPerson);
            return;
        }

        await command.HandleAsync(scope, text, ct);
    }

    /// <summary>A command's name for telemetry, from its type: <c>ListConsultationsCommand</c> → «list-consultations».</summary>
    internal static string CommandName(IChatCommand command) => CommandNames.GetOrAdd(command.GetType(), type =>
    {
        var name = type.Name.EndsWith("Command", StringComparison.Ordinal) ? type.Name[..^"Command".Length] : type.Name;
        var kebab = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                kebab.Append('-');
            }

            kebab.Append(char.ToLowerInvariant(name[i]));
        }

        return kebab.ToString();
    });

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, string> CommandNames = new();
}
