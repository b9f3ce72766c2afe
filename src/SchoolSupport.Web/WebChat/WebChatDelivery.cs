using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.BotFramework.Schema;
using SchoolSupport.Cards;
using SchoolSupport.Conversation;
using SchoolSupport.Data;
using SchoolSupport.Outbox;
using SchoolSupport.Web.Proactive;
using SchoolSupport.Web.WebChat.DirectLine;

namespace SchoolSupport.Web.WebChat;

/// <summary>
/// Proactive messages into a web conversation: stored in its history (the person sees it live if the page is open,
/// later otherwise). Storing is the send, so the delivery is Sent once stored; the delivery id is the activity's key,
/// so a resend after a crash stores nothing twice.
/// </summary>
internal sealed class WebChatProactiveSender(DirectLineStore store, CardRenderer cards) : IProactiveSender
{
    public async Task<SendOutcome> SendAsync(ProactiveMessage message, CancellationToken ct)
    {
        var address = message.Address;
        if (string.IsNullOrEmpty(address.ConversationId))
        {
            return new SendOutcome.NotFound("no web conversation");
        }

        var conversation = await store.FindConversationAsync(address.ConversationId, ct);
        if (conversation is null || conversation.UserId != address.UserId)
        {
            return new SendOutcome.NotFound("web conversation not found");
        }

        var activity = ProactiveActivities.Render(cards, message, Channels.Webchat);
        activity.From = DirectLineStore.Bot();
        activity.Recipient = new ChannelAccount(conversation.UserId, conversation.UserName, "user");
        try
        {
            var stored = await store.AppendAsync(conversation, activity, fromUser: false, externalKey: message.IdempotencyKey, ct);
            return new SendOutcome.Sent(stored.Activity.Id);
        }
        catch (DbUpdateException ex)
        {
            return new SendOutcome.TransientFailure("web conversation store: " + ex.GetBaseException().Message);
        }
    }
}

/// <summary>
/// The outbox's one sender: web conversations are written by <see cref="WebChatProactiveSender"/>, every other channel
/// goes through the Bot Framework connector. The dispatcher has already picked the channel the person used last; when
/// a person's region delivers on every channel, the message is also put into the person's other channel — the web copy
/// first (a local, idempotent write), then Teams, whose answer (throttling, retries) decides the delivery's outcome.
/// </summary>
internal sealed class ChannelRoutingSender(
    ConnectorProactiveSender connector,
    WebChatProactiveSender web,
    EveryChannelRegions everyChannel,
    IServiceScopeFactory scopes) : IProactiveSender
{
    public async Task<SendOutcome> SendAsync(ProactiveMessage message, CancellationToken ct)
    {
        var others = await everyChannel.OtherAddressesAsync(message, ct);
        if (others is null)
        {
            return await For(message.Address).SendAsync(message, ct);
        }

        var all = others.Append(message.Address).OrderBy(a => a.ChannelId == Channels.Webchat ? 0 : 1).ToList();
        var outcomes = new List<(ProactiveAddress Address, SendOutcome Outcome)>();
        foreach (var address in all)
        {
            var outcome = await For(address).SendAsync(message with { Address = address }, ct);
            if (outcome is SendOutcome.Throttled or SendOutcome.TransientFailure)
            {
                // Retried as a whole later; what was stored already is not stored again.
                return outcome;
            }

            outcomes.Add((address, outcome));
        }

        var sent = outcomes.Select(o => o.Outcome).OfType<SendOutcome.Sent>().FirstOrDefault();
        foreach (var (address, outcome) in outcomes)
        {
            // The dispatcher deactivates only the address it routed to, and only when it is told the send failed.
            if (outcome is SendOutcome.Blocked or SendOutcome.NotFound && (sent is not null || address != message.Address))
            {
                await DeactivateAsync(address, ct);
            }
        }

        return sent ?? outcomes.First(o => o.Address == message.Address).Outcome;
    }

    private IProactiveSender For(ProactiveAddress address) => address.ChannelId == Channels.Webchat ? web : connector;

    private async Task DeactivateAsync(ProactiveAddress address, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchoolSupportDbContext>();
        await db.ConversationAddresses
            .Where(a => a.ChannelId == address.ChannelId && a.UserId == address.UserId && a.ConversationId == address.ConversationId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.IsActive, false), ct);
    }
}

/// <summary>
/// Which regions deliver on every channel (<c>Regions.DeliverOnEveryChannel</c>), re-read once a minute; with none
/// (the default) a send costs no extra query.
/// </summary>
internal sealed class EveryChannelRegions(IServiceScopeFactory scopes, TimeProvider time)
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim gate = new(1, 1);
    private int[] regions = [];
    private DateTimeOffset readAt = DateTimeOffset.MinValue;

    /// <summary>
    /// The person's latest personal address on each other channel when their region delivers everywhere (null when it
    /// does not).
    /// </summary>
    public async Task<IReadOnlyList<ProactiveAddress>?> OtherAddressesAsync(ProactiveMessage message, CancellationToken ct)
    {
        var ids = await RegionsAsync(ct);
        if (ids.Length == 0 || message.DeliveryId == 0)
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchoolSupportDbContext>();
        var personId = await db.Deliveries.Where(d => d.Id == message.DeliveryId).Select(d => (int?)d.PersonId).FirstOrDefaultAsync(ct);
        if (personId is null || !await db.RoleAssignments.AnyAsync(r => r.PersonId == personId && ids.Contains(r.RegionId), ct))
        {
            return null;
        }

        var addresses = await db.ConversationAddresses.AsNoTracking()
            .Where(a => a.PersonId == personId && a.IsActive && a.ChannelId != message.Address.ChannelId
                        && (a.ConversationType == null || a.ConversationType == "" || a.ConversationType == "personal"))
            .ToListAsync(ct);
        return addresses
            .GroupBy(a => a.ChannelId)
            .Select(g => g.OrderByDescending(a => a.UpdatedAt).ThenByDescending(a => a.Id).First())
            .Select(a => new ProactiveAddress
            {
                ChannelId = a.ChannelId,
                ServiceUrl = a.ServiceUrl,
                ConversationId = a.ConversationId,
                UserId = a.UserId,
                TenantId = a.TenantId,
                BotId = a.BotId,
                Locale = a.Locale,
            })
            .ToList();
    }

    private async Task<int[]> RegionsAsync(CancellationToken ct)
    {
        if (time.GetUtcNow() - readAt < Refresh)
        {
            return regions;
        }

        await gate.WaitAsync(ct);
        try
        {
            if (time.GetUtcNow() - readAt >= Refresh)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<SchoolSupportDbContext>();
                regions = await db.Regions.Where(r => r.DeliverOnEveryChannel).Select(r => r.Id).ToArrayAsync(ct);
                readAt = time.GetUtcNow();
            }

            return regions;
        }
        finally
        {
            gate.Release();
        }
    }
}

/// <summary>A web delivery counts as read when the person's client fetches it: the outbox row gets its read time.</summary>
internal sealed class DeliveryReadReceipts(IServiceScopeFactory scopes) : IDirectLineReadObserver
{
    private const string Prefix = "delivery-";

    public async Task OnReadAsync(IReadOnlyList<string> externalKeys, DateTime readAt, CancellationToken ct)
    {
        var ids = externalKeys
            .Where(k => k.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(k => long.TryParse(k.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0)
            .Where(id => id > 0)
            .ToList();
        if (ids.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchoolSupportDbContext>();
        await db.Deliveries.Where(d => ids.Contains(d.Id) && d.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ReadAt, readAt), ct);
    }
}

/// <summary>Reads files people attached in Web Chat (<see cref="InboundFile.Location"/> is the upload id).</summary>
internal sealed class WebChatFileReader(DirectLineStore store) : IInboundFileReader
{
    public string Source => "webchat";

    public async Task<byte[]> ReadAsync(InboundFile file, long maxBytes, CancellationToken ct)
    {
        var upload = await store.FindUploadAsync(file.Location, ct)
            ?? throw new InboundFileException($"Файл «{file.Name}» больше недоступен: отправьте его ещё раз.");
        return upload.Size > maxBytes ? throw InboundFiles.TooLarge(file, maxBytes) : upload.Content;
    }
}
