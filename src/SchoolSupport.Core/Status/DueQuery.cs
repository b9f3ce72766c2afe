using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Common;
using SchoolSupport.Data;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;
using SchoolSupport.Schedules;

namespace SchoolSupport.Status;

/// <summary>
/// The "what is due" engine: which items of the caller's scope come up in a window (or are overdue), with the status
/// of each school, shaped for the caller's role and cut into pages small enough for one card.
/// </summary>
public sealed class DueQuery(SchoolSupportDbContext db)
{
    public const int PageSize = 12;
    public const int TitleMax = 200;

    private const string EventsGroup = "Мероприятия и события";
    private const string SchoolDeadlinesGroup = "Сроки для школ";

    /// <summary>Null when <see cref="DueRequest.SchoolId"/> names a school out of the caller's reach.</summary>
    public async Task<DueCard?> BuildAsync(Caller caller, DueRequest request, DateOnly today, CancellationToken ct)
    {
        var reach = await Reach.LoadAsync(db, caller, request.SchoolId, ct);
        if (reach is null)
        {
            return null;
        }

        var items = await LoadItemsAsync(reach, request, today, ct);
        items = items.Where(i => Concerns(reach, i, request.Kind)).ToList();
        var hits = items
            .SelectMany(i => HitsOf(i, request, today).Select(h => (Item: i, Hit: h)))
            .ToList();

        var trackedIds = hits.Where(h => h.Item.Tracked).Select(h => h.Item.Id).Distinct().ToList();
        var (lines, closed) = reach.IsCoordinator
            ? (await CoordinatorLinesAsync(reach, hits, trackedIds, request, today, ct), 0)
            : await SchoolLinesAsync(reach, hits, trackedIds, request, today, ct);

        return Paginate(lines, closed, request, today);
    }

    private async Task<List<ItemRow>> LoadItemsAsync(Reach reach, DueRequest request, DateOnly today, CancellationToken ct)
    {
        var roadmapIds = (request.Kind is DueKind.Overdue or DueKind.All ? reach.Current(today) : reach.Roadmaps).Select(r => r.Id).ToList();
        if (roadmapIds.Count == 0)
        {
            return [];
        }

        var query = db.RoadmapItems.AsNoTracking().Where(i => roadmapIds.Contains(i.RoadmapId) && !i.IsWithdrawn);
        var (from, to) = (request.From, request.To);
        query = request.Kind switch
        {
            DueKind.Overdue => query.Where(i => i.TrackedPerSchool && i.DueDate != null && i.DueDate < today),
            DueKind.All => query.Where(i => i.TrackedPerSchool),
            _ => query.Where(i =>
                (i.DueDate >= from && i.DueDate <= to)
                || (i.StartDate >= from && i.StartDate <= to)
                || (i.DueDate == null && i.EndDate >= from && i.EndDate <= to)
                || ((i.TimeframeKind == TimeframeKind.Recurring || i.TimeframeKind == TimeframeKind.DateList)
                    && (i.StartDate == null || i.StartDate <= to)
                    && (i.EndDate == null || i.EndDate >= from))),
        };

        return await query
            .Select(i => new ItemRow(
                i.Id, i.RoadmapId, i.Number, i.Order, i.Title, i.TimeframeKind, i.TimeframeText,
                i.StartDate, i.EndDate, i.DueDate,
                i.TimeframeKind == TimeframeKind.Recurring || i.TimeframeKind == TimeframeKind.DateList ? i.TimeframeDetails : null,
                i.ResponsibleRoles, i.TrackedPerSchool, i.Cohort))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Coordinators see everything in scope. Others see items their schools must do (tracked) and events whose
    /// responsible roles include one of theirs, as long as some school of theirs is bound by the roadmap and cohort.
    /// </summary>
    private static bool Concerns(Reach reach, ItemRow item, DueKind kind)
    {
        if (kind == DueKind.Curators && (item.Roles & RoleMask.Curator) == 0)
        {
            return false;
        }

        if (reach.IsCoordinator)
        {
            return true;
        }

        var forMe = item.Tracked || (item.Roles & reach.Mask) != 0 || kind == DueKind.Curators;
        return forMe && reach.Schools.Any(s => reach.Applies(item.RoadmapId, item.Cohort, s));
    }

    private static IReadOnlyList<DueHit> HitsOf(ItemRow item, DueRequest request, DateOnly today) => request.Kind switch
    {
        DueKind.Overdue => [new DueHit(item.Due!.Value, DueHitKind.Deadline, null)],
        DueKind.All => [new DueHit(item.Due ?? item.End ?? DateOnly.MaxValue, DueHitKind.Deadline, null)],
        _ => ItemSchedule.Hits(item.Kind, item.Start, item.End, item.Due, item.Details, request.From, request.To),
    };

    private async Task<(List<Line> Lines, int ClosedSkipped)> SchoolLinesAsync(
        Reach reach, List<(ItemRow Item, DueHit Hit)> hits, List<int> trackedIds, DueRequest request, DateOnly today, CancellationToken ct)
    {
        var schoolIds = reach.Schools.Select(s => s.SchoolId).ToList();
        var statuses = trackedIds.Count == 0
            ? []
            : (await db.ItemProgress.AsNoTracking()
                .Where(p => schoolIds.Contains(p.SchoolId) && trackedIds.Contains(p.ItemId))
                .Select(p => new { p.SchoolId, p.ItemId, p.Status })
                .ToListAsync(ct))
                .ToDictionary(p => (p.SchoolId, p.ItemId), p => p.Status);

        var lines = new List<Line>();
        var closedSkipped = 0;
        for (var s = 0; s < reach.Schools.Count; s++)
        {
            var school = reach.Schools[s];
            var group = reach.Schools.Count == 1 ? school.Name : $"Школа: {school.Name}";
            foreach (var (item, hit) in hits.Where(h => h.Item.Tracked && reach.Applies(h.Item.RoadmapId, h.Item.Cohort, school)))
            {
                if (!AudienceMatches(hit, school))
                {
                    continue;
                }

                var status = statuses.GetValueOrDefault((school.SchoolId, item.Id), ProgressStatus.NotStarted);
                var closed = status is ProgressStatus.Done or ProgressStatus.NotApplicable;
                if (request.Kind != DueKind.All && closed)
                {
                    // Done is done: it is neither due nor overdue. The summary still counts it.
                    closedSkipped++;
                    continue;
                }

                var row = Row(item, hit, today, school.SchoolId, RussianFormat.StatusName(status), closed, 0,
                    note: Audience(hit), canMark: reach.Caller.CanEditProgress(school.SchoolId));
                lines.Add(new Line(s, group, reach, item, hit, row));
            }
        }

        foreach (var (item, hit) in hits.Where(h => !h.Item.Tracked))
        {
            if (!reach.Schools.Any(school => reach.Applies(item.RoadmapId, item.Cohort, school) && AudienceMatches(hit, school)))
            {
                continue;
            }

            lines.Add(new Line(reach.Schools.Count, EventsGroup, reach, item, hit, Row(item, hit, today, null, "", false, 0, Audience(hit), false)));
        }

        return (lines, closedSkipped);
    }

    private async Task<List<Line>> CoordinatorLinesAsync(
        Reach reach, List<(ItemRow Item, DueHit Hit)> hits, List<int> trackedIds, DueRequest request, DateOnly today, CancellationToken ct)
    {
        var schoolIds = reach.Schools.Select(s => s.SchoolId).ToList();
        var closedCounts = trackedIds.Count == 0
            ? []
            : await db.ItemProgress.AsNoTracking()
                .Where(p => trackedIds.Contains(p.ItemId) && schoolIds.Contains(p.SchoolId)
                            && (p.Status == ProgressStatus.Done || p.Status == ProgressStatus.NotApplicable))
                .GroupBy(p => p.ItemId)
                .Select(g => new { ItemId = g.Key, Count = g.Count() })
                .ToDictionaryAsync(x => x.ItemId, x => x.Count, ct);

        var lines = new List<Line>();
        foreach (var (item, hit) in hits)
        {
            if (!item.Tracked)
            {
                lines.Add(new Line(1, EventsGroup, reach, item, hit, Row(item, hit, today, null, "", false, 0, Audience(hit), false)));
                continue;
            }

            var applicable = reach.Schools.Count(s => reach.Applies(item.RoadmapId, item.Cohort, s) && AudienceMatches(hit, s));
            var open = Math.Max(0, applicable - closedCounts.GetValueOrDefault(item.Id));
            if (request.Kind == DueKind.Overdue && open == 0)
            {
                continue;
            }

            var note = applicable == 0
                ? "нет школ в вашей зоне"
                : open == 0
                    ? $"выполнили все {applicable}"
                    : $"не выполнили {open} из {applicable} {RussianFormat.Plural(applicable, "школы", "школ", "школ")}";
            var audience = Audience(hit);
            var status = open == 0 ? "Выполнено" : $"Не выполнили: {open}";
            lines.Add(new Line(0, SchoolDeadlinesGroup, reach, item, hit,
                Row(item, hit, today, null, status, open == 0, open, audience.Length > 0 ? $"{note} · {audience}" : note, false) with { CanListSchools = open > 0 }));
        }

        return lines;
    }

    private static bool AudienceMatches(DueHit hit, SchoolScope school) =>
        ItemSchedule.AudienceYear(hit.Audience) is not { } year || hit.Date.Year - school.Cohort + 1 == year;

    private static string Audience(DueHit hit) => string.IsNullOrWhiteSpace(hit.Audience) ? "" : PlainText.Clip(hit.Audience.Trim(), 60);

    private static DueRow Row(ItemRow item, DueHit hit, DateOnly today, int? schoolId, string status, bool closed, int openSchools, string note, bool canMark)
    {
        var dated = hit.Date != DateOnly.MaxValue;
        var days = dated ? hit.Date.DayNumber - today.DayNumber : 0;
        string daysText;
        string color;
        var overdue = false;
        if (!dated)
        {
            (daysText, color) = ("Без срока", "Default");
        }
        else if (item.Tracked && closed)
        {
            (daysText, color) = (status.Length > 0 ? status : "Выполнено", "Good");
        }
        else if (hit.Kind == DueHitKind.Start)
        {
            (daysText, color) = days switch
            {
                > 0 => ($"Начало через {days} дн.", "Default"),
                0 => ("Начинается сегодня", "Warning"),
                _ => ($"Идёт до {RussianFormat.Short(item.Due ?? item.End ?? hit.Date, today)}", "Default"),
            };
        }
        else if (item.Tracked || item.Kind == TimeframeKind.Deadline)
        {
            overdue = days < 0 && (item.Tracked || openSchools > 0);
            daysText = days < 0 && !item.Tracked ? "Срок прошёл" : RussianFormat.DaysLeft(days);
            color = days < 0 ? (overdue ? "Attention" : "Default") : days <= 3 ? "Warning" : "Default";
        }
        else
        {
            (daysText, color) = days switch
            {
                0 => ("Сегодня", "Warning"),
                1 => ("Завтра", "Warning"),
                > 1 => ($"Через {days} дн.", "Default"),
                _ => ("Прошло", "Default"),
            };
        }

        var dateText = !dated
            ? item.TimeframeText
            : hit.Kind == DueHitKind.Occurrence
                ? RussianFormat.Day(hit.Date, today)
                : RussianFormat.ItemDates(item.Kind, item.Start, item.End, item.Due, hit.Date, today);
        return new DueRow(
            item.Id,
            item.RoadmapId,
            schoolId,
            item.Number,
            PlainText.Clip(item.Title, TitleMax),
            dated ? hit.Date : null,
            PlainText.Clip(dateText, 60),
            days,
            daysText,
            color,
            status,
            note,
            note.Length > 0,
            overdue,
            canMark && schoolId is not null,
            new MarkTarget(schoolId ?? 0, item.Id, item.RoadmapId));
    }

    private static DueCard Paginate(List<Line> lines, int closed, DueRequest request, DateOnly today)
    {
        var ordered = lines
            .OrderBy(l => l.GroupOrder)
            .ThenBy(l => l.Hit.Date)
            .ThenBy(l => Reach.LevelRank(l.Reach.RoadmapsById[l.Item.RoadmapId].Level))
            .ThenBy(l => l.Item.RoadmapId)
            .ThenBy(l => l.Item.Order)
            .ThenBy(l => l.Item.Id)
            .ToList();

        var pageCount = Math.Max(1, (ordered.Count + PageSize - 1) / PageSize);
        var page = Math.Clamp(request.Page, 0, pageCount - 1);
        var slice = ordered.Skip(page * PageSize).Take(PageSize).ToList();
        var groups = new List<DueGroup>();
        foreach (var line in slice)
        {
            if (groups.Count == 0 || groups[^1].Title != line.Group)
            {
                groups.Add(new DueGroup(line.Group, new List<DueRow>()));
            }

            ((List<DueRow>)groups[^1].Rows).Add(line.Row);
        }

        var overdueCount = ordered.Count(l => l.Row.IsOverdue);
        var (title, subtitle) = Heading(request, today);
        var summary = request.Kind == DueKind.Overdue
            ? $"Просроченных пунктов: {ordered.Count}"
            : ordered.Count == 0
                ? ""
                : $"Пунктов: {ordered.Count}" + (overdueCount > 0 ? $", из них просрочено: {overdueCount}" : "");
        if (closed > 0 && request.Kind != DueKind.Overdue)
        {
            summary = (summary.Length > 0 ? summary + ". " : "") + $"Уже выполнено и не показано: {closed}";
        }
        var empty = request.Kind switch
        {
            DueKind.Overdue => "Просроченных пунктов нет. Так держать!",
            DueKind.All => "В дорожной карте школы нет пунктов с отметкой о выполнении.",
            _ => $"{Capitalize(request.Phrase)} сроков и мероприятий нет.",
        };

        return new DueCard(
            title,
            subtitle,
            summary,
            groups,
            ordered.Count == 0,
            empty,
            page,
            pageCount,
            pageCount > 1 ? $"Страница {page + 1} из {pageCount}" : "",
            page > 0,
            page < pageCount - 1,
            PageData(request, today, Math.Max(0, page - 1)),
            PageData(request, today, Math.Min(pageCount - 1, page + 1)),
            PageData(request, today, page),
            "",
            false);
    }

    private static (string Title, string Subtitle) Heading(DueRequest request, DateOnly today) => request.Kind switch
    {
        DueKind.Overdue => ("Просроченные пункты", $"Срок прошёл до {RussianFormat.Short(today, today)}, отметки о выполнении нет"),
        DueKind.All => ("Пункты дорожной карты", "Все пункты, по которым школа отмечает выполнение"),
        DueKind.Curators => ($"Мероприятия для кураторов {request.Phrase}".TrimEnd(), RussianFormat.Period(request.From, request.To, today)),
        _ => ($"Сроки и события {request.Phrase}".TrimEnd(), RussianFormat.Period(request.From, request.To, today)),
    };

    private static DuePageData PageData(DueRequest request, DateOnly today, int page) => new(
        request.Kind.ToString(),
        request.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        request.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        request.Phrase,
        request.SchoolId ?? 0,
        page);

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    internal sealed record ItemRow(
        int Id, int RoadmapId, string Number, int Order, string Title, TimeframeKind Kind, string TimeframeText,
        DateOnly? Start, DateOnly? End, DateOnly? Due, string? Details, RoleMask Roles, bool Tracked, int? Cohort);

    private sealed record Line(int GroupOrder, string Group, Reach Reach, ItemRow Item, DueHit Hit, DueRow Row);
}
