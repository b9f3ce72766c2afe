using System.Text.Json;
using System.Text.Json.Serialization;

namespace SchoolSupport.BotFramework.Schema;

/// <summary>One Bot Framework v3 activity. Unknown members survive a read/write round trip.</summary>
public class Activity
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public DateTimeOffset? LocalTimestamp { get; set; }
    public string? LocalTimezone { get; set; }
    public string? ServiceUrl { get; set; }
    public string? ChannelId { get; set; }
    public ChannelAccount? From { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public ChannelAccount? Recipient { get; set; }
    public string? TextFormat { get; set; }
    public string? AttachmentLayout { get; set; }
    public List<ChannelAccount>? MembersAdded { get; set; }
    public List<ChannelAccount>? MembersRemoved { get; set; }
    public List<MessageReaction>? ReactionsAdded { get; set; }
    public List<MessageReaction>? ReactionsRemoved { get; set; }
    public string? TopicName { get; set; }
    public string? Locale { get; set; }
    public string? Text { get; set; }
    public string? Speak { get; set; }
    public string? InputHint { get; set; }
    public string? Summary { get; set; }
    public List<Attachment>? Attachments { get; set; }
    public List<Entity>? Entities { get; set; }
    public JsonElement? ChannelData { get; set; }
    public string? Action { get; set; }
    public string? ReplyToId { get; set; }
    public string? Label { get; set; }
    public string? ValueType { get; set; }
    public JsonElement? Value { get; set; }
    public string? Name { get; set; }
    public ConversationReference? RelatesTo { get; set; }
    public string? Code { get; set; }
    public DateTimeOffset? Expiration { get; set; }
    public string? Importance { get; set; }
    public string? DeliveryMode { get; set; }
    public string? CallerId { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }

    public static Activity CreateMessageActivity() => new() { Type = ActivityTypes.Message };

    public T? GetChannelData<T>() =>
        ChannelData is { ValueKind: JsonValueKind.Object } data ? data.Deserialize<T>(BotJson.Options) : default;

    public bool TryGetChannelData<T>(out T? channelData)
    {
        try
        {
            channelData = GetChannelData<T>();
            return channelData is not null;
        }
        catch (JsonException)
        {
            channelData = default;
            return false;
        }
    }

    public T? GetValue<T>() =>
        Value is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } value
            ? value.Deserialize<T>(BotJson.Options)
            : default;

    public IReadOnlyList<Mention> GetMentions() =>
        Entities?.Where(e => string.Equals(e.Type, Mention.EntityType, StringComparison.OrdinalIgnoreCase))
            .Select(e => e.GetAs<Mention>())
            .ToList() ?? [];

    public ConversationReference GetConversationReference() => new()
    {
        // A conversationUpdate id is not a message one can reply to.
        ActivityId = Type == ActivityTypes.ConversationUpdate ? null : Id,
        User = From,
        Bot = Recipient,
        Conversation = Conversation,
        ChannelId = ChannelId,
        Locale = Locale,
        ServiceUrl = ServiceUrl,
    };

    /// <summary>
    /// Addresses this activity to the conversation of <paramref name="reference"/>: outgoing (bot → user) by default,
    /// or as if it arrived from the user when <paramref name="isIncoming"/> is true.
    /// </summary>
    public Activity ApplyConversationReference(ConversationReference reference, bool isIncoming = false)
    {
        ChannelId = reference.ChannelId;
        ServiceUrl = reference.ServiceUrl;
        Conversation = reference.Conversation;
        Locale ??= reference.Locale;
        if (isIncoming)
        {
            From = reference.User;
            Recipient = reference.Bot;
            if (reference.ActivityId is not null)
            {
                Id = reference.ActivityId;
            }
        }
        else
        {
            From = reference.Bot;
            Recipient = reference.User;
            if (reference.ActivityId is not null && Type != ActivityTypes.ConversationUpdate)
            {
                ReplyToId ??= reference.ActivityId;
            }
        }

        return this;
    }

    /// <summary>A message addressed back to the sender of this activity, as a threaded reply.</summary>
    public Activity CreateReply(string? text = null) => new()
    {
        Type = ActivityTypes.Message,
        Timestamp = DateTimeOffset.UtcNow,
        From = Recipient is null ? null : new ChannelAccount(Recipient.Id, Recipient.Name),
        Recipient = From is null ? null : new ChannelAccount(From.Id, From.Name),
        ReplyToId = Id,
        ServiceUrl = ServiceUrl,
        ChannelId = ChannelId,
        Conversation = Conversation,
        Text = text ?? string.Empty,
        Locale = Locale,
    };

    /// <summary>
    /// Removes the @-mention of the bot from <see cref="Text"/> (Teams puts <c>&lt;at&gt;Bot&lt;/at&gt;</c> in group
    /// chats and channels) and returns the trimmed text.
    /// </summary>
    public string? RemoveRecipientMention()
    {
        if (Text is null || Recipient is null)
        {
            return Text;
        }

        var text = Text;
        foreach (var mention in GetMentions())
        {
            var mentionsBot = (mention.Mentioned?.Id is { } id && id == Recipient.Id)
                || (!string.IsNullOrEmpty(Recipient.Name) && mention.Mentioned?.Name == Recipient.Name);
            if (mentionsBot && !string.IsNullOrEmpty(mention.Text))
            {
                text = text.Replace(mention.Text, string.Empty, StringComparison.OrdinalIgnoreCase);
            }
        }

        // Some clients mention the bot by display name without sending an entity.
        if (!string.IsNullOrEmpty(Recipient.Name))
        {
            text = text.Replace($"<at>{Recipient.Name}</at>", string.Empty, StringComparison.OrdinalIgnoreCase);
        }

        Text = text.Trim();
        return Text;
    }
}

public class MessageReaction
{
    /// <summary><c>like</c>, <c>heart</c>, <c>laugh</c>, <c>surprised</c>, <c>sad</c>, <c>angry</c>.</summary>
    public string? Type { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}

public class ConversationReference
{
    public string? ActivityId { get; set; }
    public ChannelAccount? User { get; set; }
    public ChannelAccount? Bot { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public string? ChannelId { get; set; }
    public string? Locale { get; set; }
    public string? ServiceUrl { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}

public class ConversationParameters
{
    [JsonConverter(typeof(LenientBooleanConverter))]
    public bool? IsGroup { get; set; }

    public ChannelAccount? Bot { get; set; }
    public List<ChannelAccount>? Members { get; set; }
    public string? TopicName { get; set; }
    public string? TenantId { get; set; }
    public Activity? Activity { get; set; }
    public JsonElement? ChannelData { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}

public class ResourceResponse
{
    public ResourceResponse()
    {
    }

    public ResourceResponse(string? id) => Id = id;

    public string? Id { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}

public class ConversationResourceResponse
{
    public string? ActivityId { get; set; }
    public string? ServiceUrl { get; set; }
    public string? Id { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}

public class Attachment
{
    public string? ContentType { get; set; }
    public string? ContentUrl { get; set; }
    public JsonElement? Content { get; set; }
    public string? Name { get; set; }
    public string? ThumbnailUrl { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }

    /// <summary>An Adaptive Card attachment; <paramref name="card"/> is the card JSON (object, node or element).</summary>
    public static Attachment AdaptiveCard(object card) =>
        new() { ContentType = ContentTypes.AdaptiveCard, Content = BotJson.ToElement(card) };
}

public class Entity
{
    public Entity()
    {
    }

    public Entity(string type) => Type = type;

    public string? Type { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }

    public T GetAs<T>() where T : Entity, new() =>
        JsonSerializer.SerializeToElement(this, GetType(), BotJson.Options).Deserialize<T>(BotJson.Options) ?? new T();
}

public class Mention : Entity
{
    public const string EntityType = "mention";

    public Mention() : base(EntityType)
    {
    }

    public ChannelAccount? Mentioned { get; set; }

    /// <summary>The exact markup in the message text, e.g. <c>&lt;at&gt;Name&lt;/at&gt;</c>.</summary>
    public string? Text { get; set; }
}

public class ExpectedReplies
{
    public List<Activity> Activities { get; set; } = [];

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}

public static class MessageFactory
{
    public static Activity Text(string? text, string? speak = null, string? inputHint = null) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        Speak = speak,
        InputHint = inputHint,
    };

    public static Activity Attachment(Attachment attachment, string? text = null) =>
        Attachment([attachment], text);

    public static Activity Attachment(IEnumerable<Attachment> attachments, string? text = null) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        Attachments = attachments.ToList(),
    };
}
