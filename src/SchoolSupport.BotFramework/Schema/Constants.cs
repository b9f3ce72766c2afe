namespace SchoolSupport.BotFramework.Schema;

public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string InstallationUpdate = "installationUpdate";
    public const string Invoke = "invoke";
    public const string InvokeResponse = "invokeResponse";
    public const string MessageReaction = "messageReaction";
    public const string MessageUpdate = "messageUpdate";
    public const string MessageDelete = "messageDelete";
    public const string Typing = "typing";
    public const string Event = "event";
    public const string EndOfConversation = "endOfConversation";
    public const string Trace = "trace";

    /// <summary>Types the adapter dispatches; anything else is acknowledged and ignored.</summary>
    public static IReadOnlySet<string> Known { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        Message, ConversationUpdate, InstallationUpdate, Invoke, MessageReaction, MessageUpdate, MessageDelete,
        Typing, Event, EndOfConversation,
    };
}

public static class DeliveryModes
{
    public const string Normal = "normal";
    public const string Notification = "notification";
    public const string ExpectReplies = "expectReplies";
    public const string Ephemeral = "ephemeral";
}

public static class Channels
{
    public const string Msteams = "msteams";
    public const string Emulator = "emulator";
    public const string Directline = "directline";
    public const string Webchat = "webchat";
}

public static class TextFormatTypes
{
    public const string Plain = "plain";
    public const string Markdown = "markdown";
    public const string Xml = "xml";
}

public static class RoleTypes
{
    public const string User = "user";
    public const string Bot = "bot";
}

public static class InstallationUpdateActions
{
    public const string Add = "add";
    public const string Remove = "remove";
    public const string AddUpgrade = "add-upgrade";
    public const string RemoveUpgrade = "remove-upgrade";
}

public static class ContentTypes
{
    public const string AdaptiveCard = "application/vnd.microsoft.card.adaptive";
    public const string ActivityMessage = "application/vnd.microsoft.activity.message";
    public const string Error = "application/vnd.microsoft.error";
    public const string LoginRequest = "application/vnd.microsoft.activity.loginRequest";
}
