using System.Text.Json;
using System.Text.Json.Nodes;
using SchoolSupport.BotFramework.Builder;
using SchoolSupport.BotFramework.Schema;
using SchoolSupport.BotFramework.Schema.Teams;
using SchoolSupport.Conversation;
using SchoolSupport.Web.WebChat.DirectLine;

namespace SchoolSupport.Web.Bot;

/// <summary>Translates Bot Framework activities into channel-neutral turns.</summary>
internal static class ActivityMapping
{
    public static TurnInput ToTurnInput(ITurnContext turnContext, string? text, string? verb, JsonObject? data, bool isInvoke)
    {
        var activity = turnContext.Activity;
        var input = ToTurnInput(activity, text, verb, data, isInvoke);
        if (WebUser(turnContext) is not { } user)
        {
            return input;
        }

        // The web channel's identity is the host's sign-in, bound to the conversation; nothing the client sent counts.
        var uploads = turnContext.TurnState.Get<DirectLineUploads>()?.Files ?? [];
        return input with
        {
            AadObjectId = null,
            TenantId = null,
            Email = user.Identity,
            UserName = user.Name ?? input.UserName,
            Files = uploads.Select(u => new InboundFile(u.Name, u.ContentType, u.Size, "webchat", u.Id)).ToList(),
        };
    }

    /// <summary>The signed-in web user, present only on turns that came through the built-in Direct Line.</summary>
    public static DirectLineUser? WebUser(ITurnContext turnContext) =>
        turnContext.Adapter is DirectLineAdapter ? turnContext.TurnState.Get<DirectLineUser>() : null;

    private static TurnInput ToTurnInput(Activity activity, string? text, string? verb, JsonObject? data, bool isInvoke) => new()
    {
        ChannelId = activity.ChannelId ?? "unknown",
        UserId = activity.From?.Id ?? "",
        UserName = activity.From?.Name,
        // Only Teams vouches for the Entra object id; Direct Line and Web Chat clients can put anything there.
        AadObjectId = activity.ChannelId == Channels.Msteams ? activity.From?.AadObjectId : null,
        TenantId = activity.GetTenantId(),
        ConversationId = activity.Conversation?.Id ?? "",
        ConversationType = activity.Conversation?.ConversationType ?? (activity.Conversation?.IsGroup == true ? "groupChat" : null),
        ServiceUrl = activity.ServiceUrl ?? "",
        BotId = activity.Recipient?.Id,
        BotName = activity.Recipient?.Name,
        Locale = activity.Locale,
        ActivityId = activity.Id,
        ReplyToId = activity.ReplyToId,
        Text = text,
        Files = Files(activity),
        Verb = verb,
        Data = data,
        IsInvoke = isInvoke,
    };

    public const string TeamsFileDownloadInfo = "application/vnd.microsoft.teams.file.download.info";

    /// <summary>Teams file attachments: the content carries the pre-authenticated <c>downloadUrl</c> and the file type.</summary>
    public static IReadOnlyList<InboundFile> Files(Activity activity) =>
        (activity.Attachments ?? [])
            .Where(a => a.ContentType == TeamsFileDownloadInfo && a.Content is { ValueKind: JsonValueKind.Object })
            .Select(a => (a.Name, Url: a.Content!.Value.TryGetProperty("downloadUrl", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null))
            .Where(f => !string.IsNullOrEmpty(f.Url) && !string.IsNullOrWhiteSpace(f.Name))
            .Select(f => new InboundFile(Path.GetFileName(f.Name!), null, null, "teams", f.Url!))
            .ToList();

    /// <summary>Action.Submit arrives as a message whose value carries the card data (with our <c>verb</c>) and inputs.</summary>
    public static (string? Verb, JsonObject? Data) ReadSubmitValue(JsonElement? value)
    {
        if (value is not { ValueKind: JsonValueKind.Object } element)
        {
            return (null, null);
        }

        var data = JsonNode.Parse(element.GetRawText()) as JsonObject;
        var verb = data?["verb"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        return (verb, data);
    }

    /// <summary>Action.Execute arrives as invoke <c>adaptiveCard/action</c> with the verb and data separately.</summary>
    public static (string? Verb, JsonObject? Data) ReadExecuteValue(AdaptiveCardInvokeValue value)
    {
        var data = value.Action?.Data is { ValueKind: JsonValueKind.Object } d ? JsonNode.Parse(d.GetRawText()) as JsonObject : null;
        data ??= [];
        return (value.Action?.Verb, data);
    }
}
