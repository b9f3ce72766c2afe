using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Common;
using SchoolSupport.Conversation;
using SchoolSupport.People;
using SchoolSupport.Schedules;

namespace SchoolSupport.Consultations;

public enum ConsultationListKind
{
    Mine,
    School,
    Period,
}

/// <summary>What a list shows; carried in the list card's paging buttons.</summary>
public sealed record ConsultationListQuery(ConsultationListKind Kind)
{
    public int? SchoolId { get; init; }
    public int? MunicipalityId { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public int Page { get; init; } = 1;

    /// <summary>Show counts per district above the list («… по району»).</summary>
    public bool ByDistrict { get; init; }
}

internal static class ConsultationLists
{
    public const int PageSize = 10;

    public static async Task<ConsultationListCard> BuildAsync(TurnScope scope, ConsultationListQuery q, CancellationToken ct)
    {
        var caller = scope.Caller!;
        var db = scope.Db;
        var query = db.Consultations.AsNoTracking();
        string title;
        var scopeText = "";
        switch (q.Kind)
        {
            case ConsultationListKind.School:
                var schoolName = caller.Schools.TryGetValue(q.SchoolId ?? 0, out var school) ? school.Name : "";
                query = query.Where(c => c.SchoolId == q.SchoolId);
                if (!caller.IsCoordinator)
                {
                    query = query.Where(c => c.DeletedAt == null || c.AuthorPersonId == caller.Person.Id);
                }

                title = $"Консультации: {schoolName}";
                break;
            case ConsultationListKind.Period when caller.IsCoordinator:
                var reach = CoordinatedSchools(caller);
                query = query.Where(c => reach.Contains(c.SchoolId));
                title = "Консультации";
                scopeText = caller.Has(Role.RegionalCoordinator) ? "Школы вашего региона" : "Школы вашего района";
                break;
            default:
                query = query.Where(c => c.AuthorPersonId == caller.Person.Id && c.DeletedAt == null);
                title = "Мои консультации";
                break;
        }

        if (q.MunicipalityId is { } municipalityId)
        {
            query = query.Where(c => c.MunicipalityId == municipalityId);
            // The id may come from a tampered card: name a district only when it is one of the caller's own.
            if (caller.Schools.Values.Any(s => s.MunicipalityId == municipalityId))
            {
                scopeText = await db.Municipalities.Where(m => m.Id == municipalityId).Select(m => m.Name).FirstOrDefaultAsync(ct) ?? scopeText;
            }
        }

        if (q.From is { } from && q.To is { } to)
        {
            query = query.Where(c => c.Date >= from && c.Date <= to);
            title += " " + PeriodLabel(from, to);
        }

        var total = await query.CountAsync(ct);
        var page = Math.Max(1, q.Page);
        var rows = await query.Include(c => c.Actions)
            .OrderByDescending(c => c.Date).ThenByDescending(c => c.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .ToListAsync(ct);
        var schoolIds = rows.Select(r => r.SchoolId).Distinct().ToList();
        var schools = await db.Schools.AsNoTracking().Where(s => schoolIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var authorIds = rows.Select(r => r.AuthorPersonId).Distinct().ToList();
        var authors = await db.People.AsNoTracking().Where(p => authorIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.FullName, ct);

        var summary = new List<ConsultationListCard.SummaryLine>();
        if (q.ByDistrict && total > 0)
        {
            var counts = await query.Where(c => c.DeletedAt == null).GroupBy(c => c.MunicipalityId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
            var ids = counts.Where(c => c.Key != null).Select(c => c.Key!.Value).ToList();
            var districtNames = await db.Municipalities.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
            summary.AddRange(counts
                .Select(c => new ConsultationListCard.SummaryLine(c.Key is { } k ? districtNames.GetValueOrDefault(k, "—") : "без района", ConsultationView.Count(c.Count)))
                .OrderBy(s => s.Name, StringComparer.Ordinal));
        }

        var items = rows.Select(r => new ConsultationListCard.Item(
            ConsultationDraft.Id(r.Id),
            $"{ConsultationText.Day(r.Date)} · {schools.GetValueOrDefault(r.SchoolId, "")}" + (r.DeletedAt is not null ? " · удалена" : ""),
            PlainText.Clip(r.Topic, 200),
            $"{ConsultationText.Format(r.Format)}, {ConsultationText.Duration(r.DurationMinutes)} · {authors.GetValueOrDefault(r.AuthorPersonId, "")}"
                + (r.Actions.Count > 0 ? $" · мероприятий: {r.Actions.Count}" : ""))).ToList();

        var pages = (total + PageSize - 1) / PageSize;
        var subtitleParts = new List<string>();
        if (scopeText.Length > 0)
        {
            subtitleParts.Add(scopeText);
        }

        subtitleParts.Add(Records(total));
        if (pages > 1)
        {
            subtitleParts.Add($"стр. {page} из {pages}");
        }

        return new ConsultationListCard
        {
            Title = title,
            Subtitle = string.Join(" · ", subtitleParts),
            HasItems = items.Count > 0,
            Items = items,
            Empty = q.Kind == ConsultationListKind.Mine && q.From is null
                ? "Вы ещё не записали ни одной консультации. Напишите «записать консультацию»."
                : "Консультаций не найдено.",
            HasSummary = summary.Count > 0,
            Summary = summary,
            HasMore = page < pages,
            HasPrevious = page > 1,
            Query = q.Kind.ToString(),
            NextPage = ConsultationView.Count(page + 1),
            PreviousPage = ConsultationView.Count(page - 1),
            CanExport = caller.IsCoordinator && total > 0 && q.From is not null,
            From = q.From is { } f ? ConsultationDraft.Iso(f) : "",
            To = q.To is { } t ? ConsultationDraft.Iso(t) : "",
            SchoolId = q.SchoolId is { } s ? ConsultationDraft.Id(s) : "",
            MunicipalityId = q.MunicipalityId is { } m ? ConsultationDraft.Id(m) : "",
        };
    }

    /// <summary>Schools a person reaches as a coordinator (not those they merely curate).</summary>
    public static List<int> CoordinatedSchools(Caller caller) =>
        caller.Schools.Values.Where(s => s.Via.Contains(Role.RegionalCoordinator) || s.Via.Contains(Role.MunicipalCoordinator))
            .Select(s => s.SchoolId).ToList();

    public static string PeriodLabel(DateOnly from, DateOnly to)
    {
        if (from.Day == 1 && to == from.AddMonths(1).AddDays(-1))
        {
            return $"в {RussianDates.MonthNamesPrepositional[from.Month - 1]} {from.Year}";
        }

        if (from.Month == 1 && from.Day == 1 && to.Month == 12 && to.Day == 31 && from.Year == to.Year)
        {
            return $"за {from.Year} год";
        }

        return $"с {ConsultationText.Day(from)} по {ConsultationText.Day(to)}";
    }

    public static string Records(int n)
    {
        var word = (n % 100) is >= 11 and <= 14 ? "записей" : (n % 10) switch { 1 => "запись", 2 or 3 or 4 => "записи", _ => "записей" };
        return $"{n} {word}";
    }
}

/// <summary>
/// «мои консультации», «консультации школы 277», «консультации за март», «консультации за март по району».
/// </summary>
public sealed partial class ListConsultationsCommand : IChatCommand, IDeclaredCommand
{
    public static IReadOnlyList<CommandDeclaration> Declarations { get; } =
    [
        new()
        {
            Name = "consultation.list",
            Roles = CommandRoles.Everyone,
            Example = "мои консультации",
            Help = "последние записанные консультации",
            Prefixes = ["консультации", "мои консультации", "список консультаций", "журнал консультаций"],
            Phrases = ["консультации", "список консультаций", "журнал консультаций", "история консультаций", "прошедшие консультации"],
            MoreHelp = [new("консультации школы 277", "консультации одной школы, за период — «за март»")],
            Slots = CommandSlots.School | CommandSlots.Period,
            Places = CommandPlaces.Menu,
        },
    ];

    public async Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct)
    {
        var caller = scope.Caller!;
        var query = await ParseAsync(scope, text, ct);
        if (query is null)
        {
            return;
        }

        scope.Show(ConsultationTemplates.List, await ConsultationLists.BuildAsync(scope, query, ct));

        async Task<ConsultationListQuery?> ParseAsync(TurnScope s, ChatText t, CancellationToken token)
        {
            DateOnly? from = null, to = null;
            if (RussianDates.TryParsePeriod(t.Original, s.Today, out var f, out var e, out _))
            {
                (from, to) = (f, e);
            }

            var byDistrict = t.HasStem("район", "муниципал");
            if (t.Words.Contains("мои"))
            {
                return new ConsultationListQuery(ConsultationListKind.Mine) { From = from, To = to };
            }

            var schoolText = SchoolWords().Match(t.Original) is { Success: true } m ? m.Groups["s"].Value
                : LeadingNumber().Match(t.Normalized) is { Success: true } n ? n.Groups[1].Value
                : null;
            if (schoolText is not null)
            {
                var visible = caller.Schools.Values.ToList();
                var match = await ConsultationSchools.FindAsync(s.Db, visible, schoolText, token);
                if (match.School is null)
                {
                    s.Say(match.Candidates.Count > 1
                        ? "Под это описание подходит несколько школ: " + string.Join(", ", match.Candidates.Take(5).Select(x => x.Name)) + ". Уточните номер или название."
                        : $"Не нашёл школу «{schoolText}» среди доступных вам.");
                    return null;
                }

                return new ConsultationListQuery(ConsultationListKind.School) { SchoolId = match.School.SchoolId, From = from, To = to };
            }

            if (!caller.IsCoordinator)
            {
                return new ConsultationListQuery(ConsultationListKind.Mine) { From = from, To = to };
            }

            if (from is null)
            {
                from = new DateOnly(s.Today.Year, s.Today.Month, 1);
                to = from.Value.AddMonths(1).AddDays(-1);
            }

            return new ConsultationListQuery(ConsultationListKind.Period)
            {
                From = from,
                To = to,
                ByDistrict = byDistrict,
                MunicipalityId = await ConsultationDistricts.FindAsync(s, t, token),
            };
        }
    }

    [GeneratedRegex(@"школ[а-яё]*\s+(?<s>.+?)(?:\s+(?:за|в|с)\s+.*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex SchoolWords();

    [GeneratedRegex(@"^консультации\s+(\d{1,4})(?![\d.])")]
    private static partial Regex LeadingNumber();
}

/// <summary>Finds a district named in a message («по Кировскому району») among those a coordinator covers.</summary>
internal static class ConsultationDistricts
{
    public static async Task<int?> FindAsync(TurnScope scope, ChatText text, CancellationToken ct)
    {
        var ids = scope.Caller!.Schools.Values.Where(s => s.MunicipalityId != null).Select(s => s.MunicipalityId!.Value).Distinct().ToList();
        if (ids.Count == 0)
        {
            return null;
        }

        var districts = await scope.Db.Municipalities.AsNoTracking().Where(m => ids.Contains(m.Id)).Select(m => new { m.Id, m.Name }).ToListAsync(ct);
        var words = text.Words.Where(w => w.Length >= 5 && !w.StartsWith("район", StringComparison.Ordinal) && !w.StartsWith("консульт", StringComparison.Ordinal)).ToList();
        var hits = districts
            .Where(d => ChatText.Normalize(d.Name).Split(' ').Any(n => n.Length >= 5 && !n.StartsWith("район", StringComparison.Ordinal)
                && !n.StartsWith("муниципал", StringComparison.Ordinal) && words.Any(w => w[..5] == n[..5])))
            .ToList();
        return hits.Count == 1 ? hits[0].Id : null;
    }
}

/// <summary>Paging and re-opening of a consultation list.</summary>
public sealed class ListConsultationsAction : ICardAction
{
    public IReadOnlyCollection<string> Verbs => [ConsultationVerbs.List];

    public async Task HandleAsync(TurnScope scope, CancellationToken ct)
    {
        var data = scope.Input.Data;
        var kind = Enum.TryParse<ConsultationListKind>(new CardData(data).Text("query"), out var k) ? k : ConsultationListKind.Mine;
        var schoolId = new CardData(scope.Input.Data).OptionalId("schoolId");
        if (kind == ConsultationListKind.School && (schoolId is null || !scope.Caller!.CanView(schoolId.Value)))
        {
            scope.Refuse(Texts.NotAllowed);
            return;
        }

        var query = new ConsultationListQuery(kind)
        {
            SchoolId = schoolId,
            MunicipalityId = new CardData(scope.Input.Data).OptionalInt("municipalityId"),
            From = ConsultationValidator.TryParseDate(new CardData(data).Text("from") ?? "", out var f) ? f : null,
            To = ConsultationValidator.TryParseDate(new CardData(data).Text("to") ?? "", out var t) ? t : null,
            Page = (new CardData(data).OptionalInt("page") is { } page and >= 0 ? page : 1),
        };
        scope.Update(ConsultationTemplates.List, await ConsultationLists.BuildAsync(scope, query, ct));
    }
}

/// <summary>«выгрузить консультации за март [csv]»: a file of the coordinator's schools for the period.</summary>
public sealed class ExportConsultationsCommand : IChatCommand, IDeclaredCommand
{
    public static IReadOnlyList<CommandDeclaration> Declarations { get; } =
    [
        new()
        {
            Name = "consultation.export",
            Roles = CommandRoles.Coordinators,
            Example = "выгрузить консультации за март",
            Help = "файл Excel с консультациями школ за период (или «… csv»)",
            Prefixes = ["выгрузить консультации", "выгрузка консультаций", "экспорт консультаций", "скачать консультации", "выгрузи консультации",
                "консультации в excel", "консультации в эксель", "консультации файлом", "консультации csv"],
            Phrases = ["экспорт консультаций", "скачать консультации", "выгрузка консультаций", "консультации в excel",
                "консультации в эксель", "консультации файлом", "отчет по консультациям"],
            Slots = CommandSlots.Period,
            NotAllowed = ConsultationExporting.CoordinatorsOnly,
        },
    ];

    public async Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct)
    {
        if (!scope.Caller!.IsCoordinator)
        {
            scope.Say(ConsultationExporting.CoordinatorsOnly);
            return;
        }

        if (!RussianDates.TryParsePeriod(text.Original, scope.Today, out var from, out var to, out _))
        {
            from = new DateOnly(scope.Today.Year, 1, 1);
            to = scope.Today;
        }

        var format = text.Contains("csv") ? ExportFormat.Csv : ExportFormat.Xlsx;
        await ConsultationExporting.SendAsync(scope, from, to, await ConsultationDistricts.FindAsync(scope, text, ct), format, ct);
    }
}

/// <summary>«Выгрузить в Excel» on a coordinator's list.</summary>
public sealed class ExportConsultationsAction : ICardAction
{
    public IReadOnlyCollection<string> Verbs => [ConsultationVerbs.Export];

    public async Task HandleAsync(TurnScope scope, CancellationToken ct)
    {
        if (!scope.Caller!.IsCoordinator)
        {
            scope.Refuse(ConsultationExporting.CoordinatorsOnly);
            return;
        }

        var data = scope.Input.Data;
        if (!ConsultationValidator.TryParseDate(new CardData(data).Text("from") ?? "", out var from)
            || !ConsultationValidator.TryParseDate(new CardData(data).Text("to") ?? "", out var to) || to < from)
        {
            scope.Refuse("Не указан период выгрузки. Напишите, например, «выгрузить консультации за март».");
            return;
        }

        var format = string.Equals(new CardData(data).Text("format"), "csv", StringComparison.OrdinalIgnoreCase) ? ExportFormat.Csv : ExportFormat.Xlsx;
        await ConsultationExporting.SendAsync(scope, from, to, new CardData(scope.Input.Data).OptionalInt("municipalityId"), format, ct);
    }
}

internal static class ConsultationExporting
{
    public const string CoordinatorsOnly =
        "Выгрузка консультаций доступна координаторам. Свои записи можно посмотреть командой «мои консультации».";

    public static async Task SendAsync(TurnScope scope, DateOnly from, DateOnly to, int? municipalityId, ExportFormat format, CancellationToken ct)
    {
        var filter = new ConsultationExportFilter(from, to)
        {
            SchoolIds = ConsultationLists.CoordinatedSchools(scope.Caller!),
            MunicipalityId = municipalityId,
        };
        var report = await ConsultationExport.BuildAsync(scope.Db, filter, ct);
        var label = ConsultationLists.PeriodLabel(from, to);
        if (report.Rows.Count == 0)
        {
            scope.Say($"Консультаций {label} не найдено — выгружать нечего.");
            return;
        }

        scope.Output.Replies.Add(new FileReply(
            ConsultationExport.FileName(from, to, format),
            ConsultationExport.ContentType(format),
            ConsultationExport.Render(report, format),
            $"Консультации {label}: {ConsultationLists.Records(report.Rows.Count)}." +
            (format == ExportFormat.Csv ? " CSV в UTF-8, разделитель «;» — открывается в Excel двойным щелчком." : "")));
    }
}
