using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Data;
using SchoolSupport.Imports;
using SchoolSupport.People;
using SchoolSupport.Reports;

namespace SchoolSupport.Schools;

/// <summary>
/// The region's list of schools in the programme (перечень ОО): full and short name, municipality, year of entry and
/// an optional code. Re-importing updates schools in place: matched by code when the file has one, else by full name.
/// </summary>
public static partial class SchoolImporter
{
    public const string Name = "name";
    public const string ShortName = "short";
    public const string Municipality = "municipality";
    public const string Cohort = "cohort";
    public const string Code = "code";

    public static readonly IReadOnlyList<ImportColumn> Columns =
    [
        new(Code, "Код ОО", false, "код оо", "код", "инн", "инн оо", "код школы", "идентификатор", "код организации"),
        new(Name, "Полное наименование ОО", true, "полное наименование оо", "полное наименование", "наименование оо",
            "наименование", "наименование образовательной организации", "образовательная организация", "оо", "школа",
            "название школы", "название"),
        new(ShortName, "Краткое наименование", false, "краткое наименование", "краткое наименование оо", "сокращенное наименование",
            "сокращенное наименование оо", "короткое название", "краткое название"),
        new(Municipality, "Муниципальный район", true, "муниципальный район", "муниципальный район городской округ",
            "муниципальное образование", "городской округ", "район", "муниципалитет", "мо", "муниципальный район го",
            "район городской округ"),
        new(Cohort, "Год участия", true, "год участия", "год участия в проекте", "набор", "год вхождения в проект",
            "год включения", "год включения в проект", "когорта", "год"),
    ];

    public static async Task<ImportSummary> ImportAsync(
        SchoolSupportDbContext db, ImportTable table, ImportOptions options, DateTime utcNow, CancellationToken ct)
    {
        var columns = ImportColumns.Match(table.Headers, Columns, "списке школ");
        var region = await ImportRegions.FindOrCreateAsync(db, options, ct);
        var municipalities = region.Id == 0 ? [] : await db.Municipalities.Where(m => m.RegionId == region.Id).ToListAsync(ct);
        var schools = region.Id == 0 ? [] : await db.Schools.Where(s => s.RegionId == region.Id).ToListAsync(ct);
        var scopeName = options.OnlyMunicipalityId is { } only ? municipalities.FirstOrDefault(m => m.Id == only)?.Name : null;

        var errors = new List<ImportError>();
        var changes = new List<string>();
        var seenCodes = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var seenNames = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        int created = 0, updated = 0, unchanged = 0;
        foreach (var row in table.Rows)
        {
            var rowErrors = new List<string>();
            var name = row[columns[Name]];
            var code = NullIfEmpty(row[columns[Code]]);
            var shortName = NullIfEmpty(row[columns[ShortName]]);
            var municipalityName = row[columns[Municipality]];
            var cohortText = row[columns[Cohort]];
            if (name.Length == 0)
            {
                rowErrors.Add("не указано полное наименование школы.");
            }
            else if (name.Length > 400)
            {
                rowErrors.Add("наименование длиннее 400 символов.");
            }

            if (code is { Length: > 32 })
            {
                rowErrors.Add($"код «{code[..20]}…» длиннее 32 символов.");
            }

            if (municipalityName.Length == 0)
            {
                rowErrors.Add("не указан муниципальный район.");
            }

            var cohort = ParseYear(cohortText);
            if (cohort is null)
            {
                rowErrors.Add(cohortText.Length == 0
                    ? "не указан год участия в проекте."
                    : $"год участия «{cohortText}» не похож на год (например, 2024).");
            }

            if (code is not null && seenCodes.TryGetValue(code, out var codeRow))
            {
                rowErrors.Add($"код «{code}» уже встречается в строке {codeRow}.");
            }
            else if (code is null && name.Length > 0 && seenNames.TryGetValue(name, out var nameRow))
            {
                rowErrors.Add($"школа «{name}» уже встречается в строке {nameRow}.");
            }

            var municipality = municipalities.FirstOrDefault(m => string.Equals(m.Name, municipalityName, StringComparison.OrdinalIgnoreCase));
            if (options.OnlyMunicipalityId is { } allowed && municipalityName.Length > 0 && municipality?.Id != allowed)
            {
                rowErrors.Add($"школа относится к району «{municipalityName}», а вы можете загружать только школы района «{scopeName}».");
            }

            var existing = code is not null
                ? schools.FirstOrDefault(s => string.Equals(s.Code, code, StringComparison.OrdinalIgnoreCase))
                  ?? schools.FirstOrDefault(s => s.Code is null && string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
                : schools.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
            if (existing is not null && options.OnlyMunicipalityId is { } mine && existing.MunicipalityId != mine)
            {
                rowErrors.Add("эта школа уже есть в другом районе; перенести её может региональный координатор.");
            }

            var clash = schools.FirstOrDefault(s => s != existing && string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
            if (clash is not null)
            {
                rowErrors.Add($"школа с наименованием «{name}» уже есть в регионе под кодом «{clash.Code}».");
            }

            if (rowErrors.Count > 0)
            {
                errors.AddRange(rowErrors.Select(e => new ImportError(row.Number, e)));
                continue;
            }

            if (code is not null)
            {
                seenCodes[code] = row.Number;
            }

            seenNames[name] = row.Number;
            if (municipality is null)
            {
                municipality = new Municipality { RegionId = region.Id, Region = region, Name = municipalityName };
                municipalities.Add(municipality);
                db.Municipalities.Add(municipality);
                changes.Add($"новый район: {municipalityName}");
            }

            if (existing is null)
            {
                var school = new School
                {
                    RegionId = region.Id,
                    Region = region,
                    Name = name,
                    ShortName = shortName,
                    Code = code,
                    Municipality = municipality,
                    Number = NumberOf(shortName ?? name),
                    Cohort = cohort!.Value,
                    JoinedOn = new DateOnly(cohort.Value, 1, 10),
                };
                db.Schools.Add(school);
                schools.Add(school);
                created++;
                changes.Add($"новая школа: {name} ({municipalityName}, {cohort})");
                continue;
            }

            var changed = existing.Name != name || existing.ShortName != shortName || (code is not null && existing.Code != code)
                || existing.MunicipalityId != municipality.Id || existing.Cohort != cohort;
            if (!changed)
            {
                unchanged++;
                continue;
            }

            existing.Name = name;
            existing.ShortName = shortName;
            existing.Code = code ?? existing.Code;
            existing.Municipality = municipality;
            existing.Number = NumberOf(shortName ?? name) ?? existing.Number;
            existing.Cohort = cohort!.Value;
            updated++;
            changes.Add($"изменена школа: {name}");
        }

        var summary = new ImportSummary
        {
            Rows = table.Rows.Count,
            Created = created,
            Updated = updated,
            Unchanged = unchanged,
            Errors = errors,
            Changes = changes,
        };
        return await ImportRegions.FinishAsync(db, summary, options, RosterActions.ImportSchools, region, utcNow, ct);
    }

    /// <summary>The region's schools with the import's columns: importing the file back changes nothing.</summary>
    public static async Task<TabularReport> ExportAsync(SchoolSupportDbContext db, int regionId, CancellationToken ct)
    {
        var schools = await db.Schools.AsNoTracking().Where(s => s.RegionId == regionId)
            .OrderBy(s => s.Municipality!.Name).ThenBy(s => s.Name)
            .Select(s => new { s.Code, s.Name, s.ShortName, Municipality = s.Municipality!.Name, s.Cohort })
            .ToListAsync(ct);
        var rows = schools.Select(s => (IReadOnlyList<ReportCell>)
            [ReportCell.Of(s.Code), s.Name, ReportCell.Of(s.ShortName), s.Municipality, s.Cohort]).ToList();
        return new TabularReport("Школы", [.. Columns.Select(c => new ReportColumn(c.Title, c.Key == Name ? 50 : 20))], rows);
    }

    /// <summary>«МОУ «СОШ № 3» г. Луги» → «3»; the number people use in chat.</summary>
    public static string? NumberOf(string name)
    {
        var match = SchoolNumber().Match(name);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static int? ParseYear(string text)
    {
        var match = Year().Match(text);
        return match.Success && int.TryParse(match.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var year) ? year : null;
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    [GeneratedRegex(@"№\s*(\d{1,4})")]
    private static partial Regex SchoolNumber();

    [GeneratedRegex(@"^(?:19|20)\d{2}(?=$|\s|\s*г)")]
    private static partial Regex Year();
}
