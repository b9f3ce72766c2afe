using Microsoft.EntityFrameworkCore;
using SchoolSupport.Data;
using SchoolSupport.Outbox;

namespace SchoolSupport.Audiences;

/// <summary>
/// Per-recipient state of anything sent to an audience through the outbox (announcements, survey invitations):
/// delivery status names for cards and exports, and who received it but has not acted (acknowledged, answered) yet.
/// </summary>
public static class RecipientTracking
{
    public static string StatusName(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Queued => "в очереди",
        DeliveryStatus.Sending => "отправляется",
        DeliveryStatus.Sent => "отправлено",
        DeliveryStatus.Throttled => "ожидает (ограничение Teams)",
        DeliveryStatus.Failed => "ошибка",
        DeliveryStatus.Blocked => "бот заблокирован",
        DeliveryStatus.NoAddress => "нет адреса (бот не установлен)",
        DeliveryStatus.Cancelled => "отменено",
        _ => status.ToString(),
    };

    /// <summary>People the message reached who are not among <paramref name="acted"/>: whom a reminder goes to.</summary>
    public static Task<List<int>> NotActedAsync(SchoolSupportDbContext db, long messageId, IQueryable<int> acted, CancellationToken ct) =>
        db.Deliveries.AsNoTracking()
            .Where(d => d.MessageId == messageId && d.Status == DeliveryStatus.Sent && !acted.Contains(d.PersonId))
            .Select(d => d.PersonId)
            .ToListAsync(ct);

    public static Task<DeliveryCounts> CountAsync(SchoolSupportDbContext db, IReadOnlyCollection<long> messageIds, CancellationToken ct) =>
        OutboxWriter.CountAsync(db, messageIds, ct);
}
