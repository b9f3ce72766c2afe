using System.Text.Json.Nodes;
using SchoolSupport.BotFramework.Builder;
using SchoolSupport.BotFramework.Connector;
using SchoolSupport.BotFramework.Schema;
using SchoolSupport.Cards;
using SchoolSupport.Conversation;
using SchoolSupport.Web.Files;

namespace SchoolSupport.Web.Bot;

/// <summary>Turns a channel-neutral <see cref="TurnOutput"/> into Bot Framework activities for the current channel.</summary>
internal sealed class ReplyComposer(CardRenderer cards, DownloadLinks downloads, ILogger<ReplyComposer> logger)
{
    public JsonObject Render(CardReply reply, string? channelId)
    {
        var card = cards.Render(reply.Template, reply.Model);
        CardActions.ForChannel(card, supportsExecute: channelId == Channels.Msteams);
        return card;
    }

    public async Task SendAsync(ITurnContext turnContext, TurnOutput output, CancellationToken ct)
    {
        var activity = turnContext.Activity;
        if (output.UpdatedCard is { } updated)
        {
            if (!await TryUpdateInPlaceAsync(turnContext, updated, ct))
            {
                output.Replies.Insert(0, updated);
            }
        }

        foreach (var reply in output.Replies)
        {
            await turnContext.SendActivityAsync(ToActivity(reply, activity.ChannelId), ct);
        }
    }

    public async Task<AdaptiveCardInvokeResponse> InvokeResponseAsync(ITurnContext turnContext, TurnOutput output, CancellationToken ct)
    {
        foreach (var reply in output.Replies)
        {
            await turnContext.SendActivityAsync(ToActivity(reply, turnContext.Activity.ChannelId), ct);
        }

        if (output.UpdatedCard is { } card)
        {
            return AdaptiveCardInvokeResponse.Card(Render(card, turnContext.Activity.ChannelId));
        }

        return AdaptiveCardInvokeResponse.Message(output.ActionMessage ?? "Готово.");
    }

    private Activity ToActivity(Reply reply, string? channelId) => reply switch
    {
        TextReply text => MessageFactory.Text(text.Text),
        CardReply card => MessageFactory.Attachment(Attachment.AdaptiveCard(Render(card, channelId))),
        FileReply file => MessageFactory.Text(FileLine(file.Caption, $"[{file.FileName}]({downloads.Publish(file)})")),
        _ => throw new InvalidOperationException($"Unknown reply {reply.GetType().Name}"),
    };

    /// <summary>A caption that is a whole sentence is followed by «Скачать:», so no «записей.: [» appears.</summary>
    internal static string FileLine(string? caption, string link)
    {
        var text = (caption ?? "").Trim();
        var lead = text.Length == 0 ? "Файл готов:" : text[^1] is '.' or '!' or '?' or '…' ? text + " Скачать:" : text.TrimEnd(':') + ":";
        return $"{lead} {link} — ссылка действует {DownloadLinks.LifetimeMinutes} минут.";
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
