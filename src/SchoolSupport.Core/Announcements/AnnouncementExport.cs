using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Audiences;
using SchoolSupport.Data;
using SchoolSupport.Outbox;
using SchoolSupport.Reports;

namespace SchoolSupport.Announcements;

/// <summary>Per-recipient delivery status of an announcement as CSV (Excel-friendly, «;») or XLSX.</summary>
public static class AnnouncementExport
{
    public const string CsvContentType = TabularReport.ContentTypes.Csv;
    public const string XlsxContentType = TabularReport.ContentTypes.Xlsx;

    public static readonly IReadOnlyList<string> Header = ["ФИО", "Эл. почта", "Статус", "Причина", "Отправлено", "Ознакомлен(а)"];

    public sealed record RecipientRow(string Name, string Email, string Status, string Reason, string SentAt, string AcknowledgedAt);

    public static string StatusName(DeliveryStatus status) => RecipientTracking.StatusName(status);

    public static async Task<IReadOnlyList<RecipientRow>> RowsAsync(SchoolSupportDbContext db, Announcement a, TimeZoneInfo zone, CancellationToken ct)
    {
        if (a.MessageId is not { } messageId)
        {
            return [];
        }

        var acknowledgements = await db.AnnouncementAcknowledgements.AsNoTracking()
            .Where(k => k.AnnouncementId == a.Id)
            .ToDictionaryAsync(k => k.PersonId, k => k.AcknowledgedAt, ct);
        var rows = await db.Deliveries.AsNoTracking()
            .Where(d => d.MessageId == messageId)
            .Join(db.People, d => d.PersonId, p => p.Id, (d, p) => new { p.Id, p.FullName, p.Email, d.Status, d.Error, d.SentAt })
            .ToListAsync(ct);
        return rows
            .OrderBy(r => r.FullName, StringComparer.Ordinal)
            .Select(r => new RecipientRow(
                r.FullName,
                r.Email ?? "",
                StatusName(r.Status),
                r.Status == DeliveryStatus.Sent ? "" : r.Error ?? "",
                Format(r.SentAt, zone),
                Format(acknowledgements.TryGetValue(r.Id, out var at) ? at : null, zone)))
            .ToList();
    }

    /// <summary>The same sheet for both formats, written by the shared report writers (formula-safe CSV, typed XLSX).</summary>
    public static TabularReport ToReport(IReadOnlyList<RecipientRow> rows) => new(
        "Получатели",
        [new(Header[0], 36), new(Header[1], 30), new(Header[2], 26), new(Header[3], 30), new(Header[4], 18), new(Header[5], 18)],
        rows.Select(r => (IReadOnlyList<ReportCell>)[r.Name, r.Email, r.Status, r.Reason, r.SentAt, r.AcknowledgedAt]).ToList());

    public static byte[] ToCsv(IReadOnlyList<RecipientRow> rows) => CsvWriter.ToBytes(ToReport(rows));

    public static byte[] ToXlsx(IReadOnlyList<RecipientRow> rows) => XlsxWriter.ToBytes(ToReport(rows));

    private static string Format(DateTime? utc, TimeZoneInfo zone) =>
        utc is { } at ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(at, DateTimeKind.Utc), zone).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture) : "";
}
