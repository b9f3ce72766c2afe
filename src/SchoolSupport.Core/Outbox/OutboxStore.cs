using Microsoft.EntityFrameworkCore;
using SchoolSupport.Data;

namespace SchoolSupport.Outbox;

/// <summary>A row a dispatcher holds the lease of, with what it needs to decide how to send it.</summary>
public sealed record ClaimedDelivery(long Id, long MessageId, int PersonId, DeliveryStatus Status, int Attempts, int Throttles);

/// <summary>
/// Lease-based claiming of due deliveries. A row is claimable when it is due (Queued/Throttled with NextAttemptAt
/// passed) or was left in Sending by a dispatcher that died, and nobody holds an unexpired lease on it. The claim is
/// one statement per provider (<see cref="OutboxSql"/>).
/// </summary>
public static class OutboxStore
{
    public static async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(
        SchoolSupportDbContext db, string claimToken, DateTime now, TimeSpan lease, int limit, CancellationToken ct)
    {
        var sql = ProviderSql.For<OutboxSql>(db.Database);
        if (await db.Database.ExecuteSqlAsync(sql.ClaimDue(claimToken, now, now + lease, limit), ct) == 0)
        {
            return [];
        }

        return await db.Deliveries.AsNoTracking()
            .Where(d => d.LeaseOwner == claimToken)
            .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id)
            .Select(d => new ClaimedDelivery(d.Id, d.MessageId, d.PersonId, d.Status, d.Attempts, d.Throttles))
            .ToListAsync(ct);
    }

    /// <summary>Gives back rows that were claimed but not started (shutdown), so another dispatcher need not wait for the lease.</summary>
    public static Task<int> ReleaseAsync(SchoolSupportDbContext db, string claimToken, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        db.Deliveries
            .Where(d => ids.Contains(d.Id) && d.LeaseOwner == claimToken && d.Status != DeliveryStatus.Sending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseOwner, (string?)null).SetProperty(d => d.LeaseUntil, (DateTime?)null), ct);
}

/// <summary>Writes proactive messages into the outbox inside the caller's unit of work (same transaction as the cause).</summary>
public static class OutboxWriter
{
    /// <summary>Adds the message and one Queued delivery per distinct person; the caller's SaveChanges commits them.</summary>
    public static OutboxMessage Enqueue(
        SchoolSupportDbContext db, OutboxMessage message, IEnumerable<int> personIds, DateTime utcNow, DateTime? notBefore = null)
    {
        message.CreatedAt = utcNow;
        db.OutboxMessages.Add(message);
        foreach (var personId in personIds.Distinct())
        {
            db.Deliveries.Add(new Delivery
            {
                Message = message,
                PersonId = personId,
                Status = DeliveryStatus.Queued,
                CreatedAt = utcNow,
                NextAttemptAt = notBefore ?? utcNow,
                UpdatedAt = utcNow,
            });
        }

        return message;
    }

    /// <summary>Cancels every delivery of the messages that has not been handed to the channel yet.</summary>
    public static Task<int> CancelPendingAsync(SchoolSupportDbContext db, IReadOnlyCollection<long> messageIds, DateTime utcNow, CancellationToken ct) =>
        db.Deliveries
            .Where(d => messageIds.Contains(d.MessageId) && (d.Status == DeliveryStatus.Queued || d.Status == DeliveryStatus.Throttled))
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Cancelled)
                .SetProperty(d => d.Error, "отменено автором")
                .SetProperty(d => d.UpdatedAt, utcNow), ct);

    public static async Task<DeliveryCounts> CountAsync(SchoolSupportDbContext db, IReadOnlyCollection<long> messageIds, CancellationToken ct)
    {
        var rows = await db.Deliveries.AsNoTracking()
            .Where(d => messageIds.Contains(d.MessageId))
            .GroupBy(d => d.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        return DeliveryCounts.From(rows.ToDictionary(r => r.Status, r => r.Count));
    }
}

public sealed record DeliveryCounts(int Total, int Queued, int Sending, int Sent, int Throttled, int Failed, int Blocked, int NoAddress, int Cancelled)
{
    /// <summary>Still to be sent: queued, waiting after a 429, or in flight.</summary>
    public int Pending => Queued + Sending + Throttled;

    public static DeliveryCounts From(IReadOnlyDictionary<DeliveryStatus, int> byStatus)
    {
        int Get(DeliveryStatus s) => byStatus.TryGetValue(s, out var n) ? n : 0;
        return new DeliveryCounts(
            byStatus.Values.Sum(),
            Get(DeliveryStatus.Queued),
            Get(DeliveryStatus.Sending),
            Get(DeliveryStatus.Sent),
            Get(DeliveryStatus.Throttled),
            Get(DeliveryStatus.Failed),
            Get(DeliveryStatus.Blocked),
            Get(DeliveryStatus.NoAddress),
            Get(DeliveryStatus.Cancelled));
    }
}
