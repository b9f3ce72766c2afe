using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Data;
using SchoolSupport.Reports;
using SchoolSupport.Schools;

namespace SchoolSupport.Consultations;

public enum ExportFormat
{
    Xlsx,
    Csv,
}

/// <summary>Which consultations to export: a period (inclusive) and optionally a region, schools or a district.</summary>
public sealed record ConsultationExportFilter(DateOnly From, DateOnly To)
{
    public int? RegionId { get; init; }
    public int? MunicipalityId { get; init; }

    /// <summary>Limits the export to these schools (a coordinator's scope); null means no limit.</summary>
    public IReadOnlyCollection<int>? SchoolIds { get; init; }
}

/// <summary>The reporting table of consultations (one row each; deleted records are not reported).</summary>
public static class ConsultationExport
{
    public static readonly IReadOnlyList<ReportColumn> Columns =
    [
        new("№ записи", 10),
        new("Дата", 12),
        new("Район", 24),
        new("Школа", 36),
        new("Формат", 14),
        new("Длительность, мин", 14),
        new("Участники: роли", 28),
        new("Участники", 32),
        new("Тема", 40),
        new("Направления риска и пункты дорожной карты", 40),
        new("Принятые решения", 60),
        new("Намеченные мероприятия", 50),
        new("Мероприятия со сроком и исполнителем", 60),
        new("Кто записал", 30),
        new("Записано", 17),
        new("Изменено", 17),
    ];

    public static async Task<TabularReport> BuildAsync(SchoolSupportDbContext db, ConsultationExportFilter filter, CancellationToken ct)
    {
        var query = db.Consultations.AsNoTracking()
            .Where(c => c.DeletedAt == null && c.Date >= filter.From && c.Date <= filter.To);
        if (filter.RegionId is { } regionId)
        {
            query = query.Where(c => c.RegionId == regionId);
        }

        if (filter.MunicipalityId is { } municipalityId)
        {
            query = query.Where(c => c.MunicipalityId == municipalityId);
        }

        if (filter.SchoolIds is { } schoolIds)
        {
            var ids = schoolIds.ToList();
            query = query.Where(c => ids.Contains(c.SchoolId));
        }

        var rows = await query.Include(c => c.Actions).Include(c => c.Topics).AsSplitQuery()
            .OrderBy(c => c.Date).ThenBy(c => c.Id)
            .ToListAsync(ct);

        var schoolIdsUsed = rows.Select(r => r.SchoolId).Distinct().ToList();
        var schools = await db.Schools.AsNoTracking().Where(s => schoolIdsUsed.Contains(s.Id))
            .Select(s => new { s.Id, s.Name, Municipality = s.Municipality != null ? s.Municipality.Name : null, s.RegionId })
            .ToDictionaryAsync(s => s.Id, ct);
        var regionIds = schools.Values.Select(s => s.RegionId).Distinct().ToList();
        var zones = await db.Regions.AsNoTracking().Where(r => regionIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => RegionClock.Find(r.TimeZone), ct);
        var personIds = rows.Select(r => r.AuthorPersonId)
            .Concat(rows.SelectMany(r => r.Actions).Where(a => a.AssigneePersonId != null).Select(a => a.AssigneePersonId!.Value))
            .Distinct().ToList();
        var names = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.FullName, ct);
        var concerns = await ConsultationView.ConcernsAsync(db, rows, ct);

        var table = new List<IReadOnlyList<ReportCell>>(rows.Count);
        foreach (var c in rows)
        {
            var school = schools[c.SchoolId];
            var zone = zones.GetValueOrDefault(school.RegionId) ?? RegionClock.Find(null);
            var actions = string.Join("\n", c.Actions.OrderBy(a => a.Order).Select((a, i) =>
            {
                var details = ConsultationView.ActionDetails(a, names);
                return $"{i + 1}) {a.Text}" + (details.Length > 0 ? $" — {details}" : "");
            }));
            table.Add(
            [
                ReportCell.Of(c.Id),
                c.Date,
                school.Municipality,
                school.Name,
                ConsultationText.Format(c.Format),
                ReportCell.Of(c.DurationMinutes),
                ConsultationText.Roles(c.ParticipantRoles),
                c.Participants,
                c.Topic,
                concerns.GetValueOrDefault(c.Id),
                c.Decisions,
                c.Plan,
                actions,
                names.GetValueOrDefault(c.AuthorPersonId),
                ReportCell.Of(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(c.CreatedAt, DateTimeKind.Utc), zone)),
                ReportCell.Of(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(c.UpdatedAt, DateTimeKind.Utc), zone)),
            ]);
        }

        return new TabularReport("Консультации", Columns, table);
    }

    public static byte[] Render(TabularReport report, ExportFormat format) =>
        format == ExportFormat.Csv ? CsvWriter.ToBytes(report) : XlsxWriter.ToBytes(report);

    public static string ContentType(ExportFormat format) =>
        format == ExportFormat.Csv ? TabularReport.ContentTypes.Csv : TabularReport.ContentTypes.Xlsx;

    public static string FileName(DateOnly from, DateOnly to, ExportFormat format) =>
        string.Create(CultureInfo.InvariantCulture, $"consultations_{from:yyyy-MM-dd}_{to:yyyy-MM-dd}.{(format == ExportFormat.Csv ? "csv" : "xlsx")}");
}
