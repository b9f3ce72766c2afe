using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SchoolSupport.BotFramework.Authentication;
using SchoolSupport.BotFramework.Builder;
using SchoolSupport.BotFramework.Connector;
using SchoolSupport.BotFramework.Integration;
using SchoolSupport.BotFramework.Schema;
using SchoolSupport.BotFramework.Schema.Teams;
using SchoolSupport.Cards;
using SchoolSupport.Conversation;
using SchoolSupport.Data;
using SchoolSupport.Files;
using SchoolSupport.Web.Files;

namespace SchoolSupport.Web.Bot;

/// <summary>
/// Turns a channel-neutral <see cref="TurnOutput"/> into Bot Framework activities for the current channel. A private
/// answer asked for in a group chat or channel goes to the person's personal chat instead; exports go out through the
/// Teams file consent flow, or as a one-time link where the channel has no files.
/// </summary>
internal sealed class ReplyComposer(
    CardRenderer cards,
    DownloadLinks downloads,
    SchoolSupportDbContext db,
    IOptions<DownloadOptions> downloadOptions,
    IOptions<BotFrameworkOptions> bot,
    TimeProvider time,
    ILogger<ReplyComposer> logger)
{
    public JsonObject Render(CardReply reply, string? channelId)
    {
        var card = cards.Render(reply.Template, reply.Model);
        CardActions.ForChannel(card, supportsExecute: channelId == Channels.Msteams);
        return card;
    }

    public async Task SendAsync(ITurnContext turnContext, TurnOutput output, CancellationToken ct)
    {
        if (IsPrivateInGroup(turnContext, output))
        {
            var delivered = await SendPrivatelyAsync(turnContext, output, ct);
            await turnContext.SendActivityAsync(MessageFactory.Text(delivered ? Texts.WillWritePrivately : Texts.CannotWritePrivately), ct);
            return;
        }

        if (output.UpdatedCard is { } updated)
        {
            if (!await TryUpdateInPlaceAsync(turnContext, updated, ct))
            {
                output.Replies.Insert(0, updated);
            }
        }

        await SendRepliesAsync(turnContext, output.Replies, output.PersonId, turnContext.Activity.From?.Id, ct);
    }

    public async Task<AdaptiveCardInvokeResponse> InvokeResponseAsync(ITurnContext turnContext, TurnOutput output, CancellationToken ct)
    {
        if (IsPrivateInGroup(turnContext, output))
        {
            var delivered = await SendPrivatelyAsync(turnContext, output, ct);
            return AdaptiveCardInvokeResponse.Message(delivered ? Texts.WillWritePrivately : Texts.CannotWritePrivately);
        }

        await SendRepliesAsync(turnContext, output.Replies, output.PersonId, turnContext.Activity.From?.Id, ct);
        if (output.UpdatedCard is { } card)
        {
            return AdaptiveCardInvokeResponse.Card(Render(card, turnContext.Activity.ChannelId));
        }

        return AdaptiveCardInvokeResponse.Message(output.ActionMessage ?? "Готово.");
    }

    private static bool IsPrivateInGroup(ITurnContext turnContext, TurnOutput output)
    {
        var conversation = turnContext.Activity.Conversation;
        var personal = conversation?.ConversationType is null or "" or "personal" && conversation?.IsGroup != true;
        return output.Private && !personal;
    }

    private async Task SendRepliesAsync(ITurnContext turnContext, IEnumerable<Reply> replies, int? personId, string? userId, CancellationToken ct)
    {
        foreach (var reply in replies)
        {
            await turnContext.SendActivityAsync(await ToActivityAsync(turnContext, reply, personId, userId, ct), ct);
        }
    }

    /// <summary>
    /// Opens (or reopens: Teams returns the same one) the personal chat with the asker and sends the answer there.
    /// False when that is impossible (not a connector channel, the bot is not installed for the person, the channel
    /// refuses): then nothing of the answer is shown anywhere.
    /// </summary>
    private async Task<bool> SendPrivatelyAsync(ITurnContext turnContext, TurnOutput output, CancellationToken ct)
    {
        var activity = turnContext.Activity;
        if (turnContext.Adapter is not CloudAdapter adapter || activity.From?.Id is not { } userId
            || string.IsNullOrEmpty(activity.ServiceUrl) || string.IsNullOrEmpty(activity.ChannelId))
        {
            return false;
        }

        var replies = new List<Reply>();
        if (output.UpdatedCard is { } updated)
        {
            replies.Add(updated);
        }

        replies.AddRange(output.Replies);
        if (replies.Count == 0 && output.ActionMessage is { } message)
        {
            replies.Add(new TextReply(message));
        }

        var tenantId = activity.GetTenantId();
        var parameters = new ConversationParameters
        {
            IsGroup = false,
            Bot = activity.Recipient,
            Members = [new ChannelAccount(userId, activity.From.Name)],
            TenantId = tenantId,
            ChannelData = tenantId is null ? null : BotJson.ToElement(new { tenant = new { id = tenantId } }),
        };
        try
        {
            await adapter.CreateConversationAsync(bot.Value.MicrosoftAppId ?? "", activity.ChannelId, activity.ServiceUrl, null, parameters,
                (personal, token) => SendRepliesAsync(personal, replies, output.PersonId, userId, token), ct);
            return true;
        }
        catch (Exception ex) when (ex is ConnectorException or HttpRequestException or UntrustedServiceUrlException or InvalidOperationException)
        {
            logger.LogWarning(ex, "Could not open the personal chat with {UserId} to answer a question asked in {ConversationId}",
                userId, activity.Conversation?.Id);
            return false;
        }
    }

    private async Task<Activity> ToActivityAsync(ITurnContext turnContext, Reply reply, int? personId, string? userId, CancellationToken ct) => reply switch
    {
        TextReply text => MessageFactory.Text(text.Text),
        CardReply card => MessageFactory.Attachment(Attachment.AdaptiveCard(Render(card, turnContext.Activity.ChannelId))),
        FileReply file => await FileActivityAsync(turnContext, file, personId, userId, ct),
        _ => throw new InvalidOperationException($"Unknown reply {reply.GetType().Name}"),
    };

    /// <summary>A caption that is a whole sentence is followed by «Скачать:», so no «записей.: [» appears.</summary>
    internal static string FileLine(string? caption, string link, int minutes)
    {
        var text = (caption ?? "").Trim();
        var lead = text.Length == 0 ? "Файл готов:" : text[^1] is '.' or '!' or '?' or '…' ? text + " Скачать:" : text.TrimEnd(':') + ":";
        return $"{lead} {link} — ссылка действует {minutes} минут и открывается один раз.";
    }

    /// <summary>The caption as a sentence of its own, with one closing mark (no «записей..»).</summary>
    private static string Sentence(string? caption)
    {
        var text = (caption ?? "").Trim().TrimEnd(':');
        return text.Length == 0 ? "Файл готов." : text[^1] is '.' or '!' or '?' or '…' ? text : text + ".";
    }

    /// <summary>
    /// Teams: a file consent card (the person accepts, the file lands in their OneDrive, see <see cref="FileConsentUploads"/>).
    /// Channels without files: a one-time link bound to the person.
    /// </summary>
    private async Task<Activity> FileActivityAsync(ITurnContext turnContext, FileReply file, int? personId, string? userId, CancellationToken ct)
    {
        var channelId = turnContext.Activity.ChannelId ?? "unknown";
        if (personId is not { } owner || string.IsNullOrEmpty(userId))
        {
            return MessageFactory.Text(Texts.UnknownPerson);
        }

        var caption = (file.Caption ?? "").Trim() is { Length: > 0 } given ? given.TrimEnd('.', ':') : "Файл готов";
        if (channelId == Channels.Msteams)
        {
            var export = await ExportFiles.PublishAsync(db, file, owner, channelId, userId, downloadOptions.Value.ConsentLifetime,
                time.GetUtcNow().UtcDateTime, secret: null, ct);
            var context = BotJson.ToElement(new { exportId = export.Id });
            var consent = MessageFactory.Text($"{Sentence(file.Caption)} Нажмите «Разрешить», и я сохраню файл «{file.FileName}» в ваш OneDrive.");
            consent.Attachments =
            [
                new Attachment
                {
                    ContentType = FileConsentCard.ContentType,
                    Name = file.FileName,
                    Content = BotJson.ToElement(new FileConsentCard
                    {
                        Description = caption,
                        SizeInBytes = file.Content.LongLength,
                        AcceptContext = context,
                        DeclineContext = context,
                    }),
                },
            ];
            return consent;
        }

        var link = await downloads.PublishAsync(db, file, owner, channelId, userId, ct);
        return MessageFactory.Text(FileLine(file.Caption, $"[{file.FileName}]({link})", downloads.LifetimeMinutes));
    }

    /// <summary>
    /// Action.Submit cannot answer synchronously, so the acted-on card is replaced by updating its message.
    /// Channels that cannot update (Web Chat through a local Direct Line, expectReplies callers) get a new message.
    /// </summary>
    private async Task<bool> TryUpdateInPlaceAsync(ITurnContext turnContext, CardReply card, CancellationToken ct)
    {
        var activity = turnContext.Activity;
        if (string.IsNullOrEmpty(activity.ReplyToId) || activity.DeliveryMode == DeliveryModes.ExpectReplies
            || activity.ChannelId != Channels.Msteams)
        {
            return false;
        }

        var update = MessageFactory.Attachment(Attachment.AdaptiveCard(Render(card, activity.ChannelId)));
        update.Id = activity.ReplyToId;
        try
        {
            await turnContext.UpdateActivityAsync(update, ct);
            return true;
        }
        catch (ConnectorException ex)
        {
            logger.LogWarning("Could not update card message {ActivityId}: {Status}", activity.ReplyToId, ex.Status);
            return false;
        }
    }
}
