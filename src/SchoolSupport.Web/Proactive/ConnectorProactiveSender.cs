using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SchoolSupport.BotFramework.Authentication;
using SchoolSupport.BotFramework.Connector;
using SchoolSupport.BotFramework.Schema;
using SchoolSupport.Cards;
using SchoolSupport.Outbox;

namespace SchoolSupport.Web.Proactive;

/// <summary>
/// Sends outbox deliveries through the Bot Framework connector: opens the personal chat when the person has none,
/// renders the card for the person's channel, and translates every connector answer into a <see cref="SendOutcome"/>.
/// The connector's own retries are off: the outbox schedules retries, so a delivery row is never sent by two loops.
/// </summary>
internal sealed class ConnectorProactiveSender(
    IHttpClientFactory httpClients,
    IBotTokenProvider tokens,
    TrustedServiceUrls trusted,
    IOptions<BotFrameworkOptions> bot,
    CardRenderer cards,
    ILoggerFactory loggers,
    TimeProvider time) : IProactiveSender
{
    private readonly ConnectorClientOptions noRetries = new()
    {
        MaxRetries = 0,
        MinBackoff = TimeSpan.Zero,
        MaxBackoff = TimeSpan.Zero,
    };

    public async Task<SendOutcome> SendAsync(ProactiveMessage message, CancellationToken ct)
    {
        var address = message.Address;
        var client = new ConnectorClient(
            httpClients.CreateClient(ConnectorClientFactory.HttpClientName), address.ServiceUrl, tokens, trusted, noRetries,
            loggers.CreateLogger<ConnectorClient>(), time);
        try
        {
            var conversationId = address.ConversationId;
            string? created = null;
            if (string.IsNullOrEmpty(conversationId))
            {
                var botId = address.BotId ?? (string.IsNullOrEmpty(bot.Value.MicrosoftAppId) ? null : "28:" + bot.Value.MicrosoftAppId);
                var tenant = address.TenantId;
                var response = await client.CreateConversationAsync(new ConversationParameters
                {
                    IsGroup = false,
                    Bot = botId is null ? null : new ChannelAccount { Id = botId },
                    Members = [new ChannelAccount { Id = address.UserId }],
                    TenantId = tenant,
                    ChannelData = tenant is null ? null : BotJson.ToElement(new { tenant = new { id = tenant } }),
                }, ct);
                conversationId = created = response.Id;
                if (string.IsNullOrEmpty(conversationId))
                {
                    return new SendOutcome.TransientFailure("The channel created no conversation.");
                }
            }

            var activity = ToActivity(message, address);
            activity.Conversation = new ConversationAccount { Id = conversationId, TenantId = address.TenantId, ConversationType = "personal" };
            // A chat found through Microsoft Graph knows the person by Entra id or UPN, not by the per-bot «29:» id;
            // like Company Communicator, such a send names only the conversation.
            activity.Recipient = address.ChannelId == Channels.Msteams && !address.UserId.StartsWith("29:", StringComparison.Ordinal)
                ? null
                : new ChannelAccount { Id = address.UserId };
            var sent = await client.SendToConversationAsync(conversationId, activity, ct);
            return new SendOutcome.Sent(sent?.Id, created);
        }
        catch (ConnectorException ex) when (ex.IsBlocked)
        {
            return new SendOutcome.Blocked(ex.ErrorCode);
        }
        catch (ConnectorException ex) when (ex.IsNotFound)
        {
            return new SendOutcome.NotFound(ex.ErrorCode);
        }
        catch (ConnectorException ex) when (ex.Status == HttpStatusCode.TooManyRequests)
        {
            return new SendOutcome.Throttled(ex.RetryAfter ?? TimeSpan.FromSeconds(1));
        }
        catch (ConnectorException ex) when (ex.IsTransient)
        {
            return new SendOutcome.TransientFailure($"{(int)ex.Status} {ex.ErrorCode}".Trim(), ex.RetryAfter);
        }
        catch (ConnectorException ex)
        {
            return new SendOutcome.PermanentFailure($"{(int)ex.Status} {ex.ErrorCode} {ex.ErrorMessage}".Trim());
        }
        catch (UntrustedServiceUrlException ex)
        {
            return new SendOutcome.PermanentFailure(ex.Message);
        }
        catch (HttpRequestException ex)
        {
            return new SendOutcome.TransientFailure(ex.Message);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new SendOutcome.TransientFailure("timeout");
        }
    }

    private Activity ToActivity(ProactiveMessage message, ProactiveAddress address) =>
        ProactiveActivities.Render(cards, message, address.ChannelId);
}

/// <summary>An outbox message as the activity a channel shows: its card rendered for that channel, or its text.</summary>
internal static class ProactiveActivities
{
    public static Activity Render(CardRenderer cards, ProactiveMessage message, string channelId)
    {
        if (string.IsNullOrEmpty(message.CardTemplate))
        {
            return MessageFactory.Text(message.Text ?? "");
        }

        using var data = JsonDocument.Parse(string.IsNullOrEmpty(message.CardData) ? "{}" : message.CardData);
        var card = cards.Render(message.CardTemplate, data.RootElement.Clone());
        CardActions.ForChannel(card, supportsExecute: channelId == Channels.Msteams);
        var activity = MessageFactory.Attachment(Attachment.AdaptiveCard(card));
        activity.Summary = message.Text;
        activity.Locale = message.Address.Locale;
        return activity;
    }
}

/// <summary>Drains the outbox for as long as the host runs.</summary>
internal sealed class OutboxWorker(OutboxDispatcher dispatcher, ILogger<OutboxWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await dispatcher.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogInformation("Outbox worker stopped");
        }
    }
}
