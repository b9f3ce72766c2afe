using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Data;
using SchoolSupport.Outbox;

namespace SchoolSupport.Announcements;

/// <summary>Per-recipient delivery status of an announcement as CSV (Excel-friendly, «;») or XLSX.</summary>
public static class AnnouncementExport
{
    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static readonly IReadOnlyList<string> Header = ["ФИО", "Эл. почта", "Статус", "Причина", "Отправлено", "Ознакомлен(а)"];

    public sealed record RecipientRow(string Name, string Email, string Status, string Reason, string SentAt, string AcknowledgedAt);

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

    public static byte[] ToCsv(IReadOnlyList<RecipientRow> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(";", Header.Select(Quote)));
        foreach (var r in rows)
        {
            sb.AppendLine(string.Join(";", new[] { r.Name, r.Email, r.Status, r.Reason, r.SentAt, r.AcknowledgedAt }.Select(Quote)));
        }

        // The byte-order mark makes Excel open the file as UTF-8 (Cyrillic intact).
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    public static byte[] ToXlsx(IReadOnlyList<RecipientRow> rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(ToRow(Header));
            foreach (var r in rows)
            {
                data.Append(ToRow([r.Name, r.Email, r.Status, r.Reason, r.SentAt, r.AcknowledgedAt]));
            }

            sheetPart.Worksheet = new Worksheet(data);
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "Получатели" });
            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static Row ToRow(IEnumerable<string> values)
    {
        var row = new Row();
        foreach (var value in values)
        {
            row.Append(new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(value)) });
        }

        return row;
    }

    private static string Format(DateTime? utc, TimeZoneInfo zone) =>
        utc is { } at ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(at, DateTimeKind.Utc), zone).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture) : "";

    private static string Quote(string value) =>
        value.IndexOfAny([';', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
