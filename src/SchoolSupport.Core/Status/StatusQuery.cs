using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Common;
using SchoolSupport.Data;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;
using SchoolSupport.Schedules;

namespace SchoolSupport.Status;

/// <summary>Roadmap status of one school, and the roll-up of all schools in a coordinator's (or curator's) reach.</summary>
public sealed class StatusQuery(SchoolSupportDbContext db, ILastConsultationSource consultations)
{
    public const int SoonDays = 14;
    public const int NextDeadlineCount = 3;
    public const int MaxSections = 12;
    public const int RollupPageSize = 15;

    /// <summary>Null when the school is out of the caller's reach.</summary>
    public async Task<StatusCard?> SchoolAsync(Caller caller, int schoolId, DateOnly today, string? notice, CancellationToken ct)
    {
        var reach = await Reach.LoadAsync(db, caller, schoolId, ct);
        if (reach is null)
        {
            return null;
        }

        var school = reach.Schools[0];
        var roadmaps = reach.Current(today).Where(r => r.AppliesTo(school)).ToList();
        var roadmapIds = roadmaps.Select(r => r.Id).ToList();
        var cohort = school.Cohort;
        var items = roadmapIds.Count == 0
            ? []
            : await db.RoadmapItems.AsNoTracking()
                .Where(i => roadmapIds.Contains(i.RoadmapId) && i.TrackedPerSchool && !i.IsWithdrawn && (i.Cohort == null || i.Cohort == cohort))
                .Select(i => new SchoolItem(i.Id, i.RoadmapId, i.SectionId, i.Number, i.Order, i.Title, i.DueDate, i.EndDate, i.StartDate, i.TimeframeKind))
                .ToListAsync(ct);

        var itemIds = items.Select(i => i.Id).ToList();
        var statuses = itemIds.Count == 0
            ? []
            : await db.ItemProgress.AsNoTracking()
                .Where(p => p.SchoolId == schoolId && itemIds.Contains(p.ItemId))
                .Select(p => new { p.ItemId, p.Status })
                .ToDictionaryAsync(p => p.ItemId, p => p.Status, ct);
        ProgressStatus StatusOf(SchoolItem i) => statuses.GetValueOrDefault(i.Id, ProgressStatus.NotStarted);
        bool Open(SchoolItem i) => StatusOf(i) is ProgressStatus.NotStarted or ProgressStatus.InProgress;

        var counted = items.Where(i => StatusOf(i) != ProgressStatus.NotApplicable).ToList();
        var done = counted.Count(i => StatusOf(i) == ProgressStatus.Done);
        var overdue = items.Count(i => Open(i) && i.Due < today);
        var soon = items.Count(i => Open(i) && i.Due >= today && i.Due <= today.AddDays(SoonDays));
        var percent = RussianFormat.Percent(done, counted.Count);

        var sections = await SectionsAsync(roadmaps, counted, StatusOf, ct);
        var canMark = caller.CanEditProgress(schoolId);
        var next = items
            .Where(i => Open(i) && i.Due >= today)
            .OrderBy(i => i.Due).ThenBy(i => Reach.LevelRank(reach.RoadmapsById[i.RoadmapId].Level)).ThenBy(i => i.Order).ThenBy(i => i.Id)
            .Take(NextDeadlineCount)
            .Select(i =>
            {
                var days = i.Due!.Value.DayNumber - today.DayNumber;
                return new DueRow(i.Id, i.RoadmapId, schoolId, i.Number, PlainText.Clip(i.Title, DueQuery.TitleMax), i.Due,
                    RussianFormat.ItemDates(i.Kind, i.Start, i.End, i.Due, i.Due.Value, today), days, RussianFormat.DaysLeft(days), days <= 3 ? "Warning" : "Default",
                    RussianFormat.StatusName(StatusOf(i)), "", false, false, canMark, new MarkTarget(schoolId, i.Id, i.RoadmapId));
            })
            .ToList();

        var isoToday = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var people = (await PeopleAsync([schoolId], today, ct))[schoolId];
        var peopleLine = caller.IsCoordinator || caller.Has(Role.Curator) || caller.Has(Role.Consultant)
            ? $"Директор: {people.Director} · Куратор: {people.Curator}"
            : "";
        var consulted = (await consultations.SummariesAsync([schoolId], today, withOpenActions: true, ct))
            .GetValueOrDefault(schoolId, ConsultationSummary.None);
        var planned = consulted.OpenActions
            .Select(a => new PlannedActionRow(a.Text, a.Due is { } due ? RussianFormat.Short(due, today) : "без срока", a.Overdue ? "Attention" : "Default"))
            .ToList();
        return new StatusCard(
            schoolId,
            school.Name,
            $"Дорожная карта: {school.Name}",
            counted.Count == 0 ? "нет пунктов с отметкой о выполнении" : RussianFormat.Progress(done, counted.Count),
            RussianFormat.Bar(percent),
            percent,
            done,
            counted.Count,
            overdue,
            overdue == 0 ? "Просроченных нет" : $"Просрочено: {overdue}",
            overdue == 0 ? "Good" : "Attention",
            soon,
            $"Сроки в ближайшие {SoonDays} дн.: {soon}",
            sections,
            next,
            next.Count > 0,
            notice ?? "",
            !string.IsNullOrEmpty(notice),
            new DuePageData(nameof(DueKind.All), isoToday, isoToday, "", schoolId, 0),
            new DuePageData(nameof(DueKind.Overdue), isoToday, isoToday, "", schoolId, 0),
            overdue > 0,
            caller.Schools.Count > 1,
            ConsultationLine(consulted, today),
            IsStale(consulted.Last, today) ? "Warning" : "Default",
            planned,
            planned.Count > 0,
            peopleLine,
            peopleLine.Length > 0,
            caller.CanConsult(schoolId),
            caller.IsCoordinator);
    }

    /// <summary>A school not consulted for this long is flagged for coordinators.</summary>
    public const int ConsultationGapDays = 30;

    private static bool IsStale(DateOnly? last, DateOnly today) => last is not { } d || today.DayNumber - d.DayNumber > ConsultationGapDays;

    private static string ConsultationLine(ConsultationSummary summary, DateOnly today) => summary.Last is { } last
        ? $"Последняя консультация: {RussianFormat.Short(last, today)}; в этом месяце: {summary.ThisMonth}"
        : "Консультаций ещё не записано";

    /// <summary>Schools of the caller's reach sorted by overdue count, then by lowest percent done, narrowed by the filter.</summary>
    public async Task<RollupCard> RollupAsync(Caller caller, DateOnly today, int page, RollupFilter filter, CancellationToken ct)
    {
        var all = await RollupRowsAsync(caller, today, filter.Days, ct);
        var rows = all
            .Where(r => filter.MunicipalityId == 0 || r.School.MunicipalityId == filter.MunicipalityId)
            .Where(r => !filter.Unconsulted || r.Row.NoRecentConsultation)
            .Select(r => r.Row)
            .ToList();
        var pageCount = Math.Max(1, (rows.Count + RollupPageSize - 1) / RollupPageSize);
        page = Math.Clamp(page, 0, pageCount - 1);
        var lagging = rows.Count(r => r.Overdue > 0);
        var unconsulted = rows.Count(r => r.NoRecentConsultation);
        var title = await RollupTitleAsync(caller, ct);
        if (filter.MunicipalityId != 0)
        {
            title = "Школы: " + await db.Municipalities.AsNoTracking().Where(m => m.Id == filter.MunicipalityId).Select(m => m.Name).FirstOrDefaultAsync(ct);
        }

        if (filter.Unconsulted)
        {
            title += $" — без консультаций за {filter.Days} дн.";
        }

        var districts = all.Select(r => r.School.MunicipalityId).Distinct().Count();
        var summary = rows.Count == 0
            ? filter.Unconsulted ? $"Все школы консультировались в последние {filter.Days} дн." : "За вами пока не закреплено ни одной школы."
            : "Нажмите на школу, чтобы открыть её сводку.";
        return new RollupCard(
            title,
            $"Школ: {rows.Count}, с просрочками: {lagging}, без консультаций больше {filter.Days} дн.: {unconsulted}",
            summary,
            rows.Skip(page * RollupPageSize).Take(RollupPageSize).ToList(),
            page,
            pageCount,
            pageCount > 1 ? $"Страница {page + 1} из {pageCount}" : "",
            page > 0,
            page < pageCount - 1,
            Math.Max(0, page - 1),
            Math.Min(pageCount - 1, page + 1),
            filter,
            !filter.Unconsulted && all.Count > 1,
            districts > 1);
    }

    /// <summary>«статус по районам»: the roll-up summed per district, the most lagging first.</summary>
    public async Task<DistrictsCard> DistrictsAsync(Caller caller, DateOnly today, CancellationToken ct)
    {
        var all = await RollupRowsAsync(caller, today, ConsultationGapDays, ct);
        var ids = all.Select(r => r.School.MunicipalityId ?? 0).Distinct().ToList();
        var names = await db.Municipalities.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        var rows = all.GroupBy(r => r.School.MunicipalityId ?? 0)
            .Select(g =>
            {
                var done = g.Sum(r => r.Row.Done);
                var total = g.Sum(r => r.Row.Total);
                var lagging = g.Count(r => r.Row.Overdue > 0);
                var unconsulted = g.Count(r => r.Row.NoRecentConsultation);
                return (Lagging: lagging, Percent: RussianFormat.Percent(done, total), Row: new DistrictRow(
                    g.Key,
                    names.GetValueOrDefault(g.Key, "Без района"),
                    RussianFormat.Schools(g.Count()),
                    $"{RussianFormat.Percent(done, total)}%",
                    lagging == 0 ? "нет" : $"{lagging}",
                    lagging == 0 ? "Good" : "Attention",
                    $"{unconsulted}"));
            })
            .OrderByDescending(x => x.Lagging).ThenBy(x => x.Percent).ThenBy(x => x.Row.Name, StringComparer.Ordinal)
            .Select(x => x.Row)
            .ToList();
        return new DistrictsCard(
            "Статус по районам",
            $"Районов: {rows.Count}, школ: {all.Count}. Нажмите на район, чтобы открыть его школы.",
            rows);
    }

    /// <summary>The director and the curators of each school, as a coordinator needs them to make a call.</summary>
    public async Task<Dictionary<int, (string Director, string Curator)>> PeopleAsync(IReadOnlyCollection<int> schoolIds, DateOnly today, CancellationToken ct)
    {
        var rows = await db.RoleAssignments.AsNoTracking()
            .Where(r => r.SchoolId != null && schoolIds.Contains(r.SchoolId.Value)
                        && (r.Role == Role.Director || r.Role == Role.Curator)
                        && (r.ValidTo == null || r.ValidTo >= today) && (r.ValidFrom == null || r.ValidFrom <= today))
            .Join(db.People.Where(p => p.IsActive), r => r.PersonId, p => p.Id, (r, p) => new { SchoolId = r.SchoolId!.Value, r.Role, p.FullName })
            .ToListAsync(ct);
        return schoolIds.ToDictionary(id => id, id =>
        {
            string Names(Role role) => string.Join(", ", rows.Where(r => r.SchoolId == id && r.Role == role).Select(r => r.FullName).Distinct().Order(StringComparer.Ordinal));
            var director = Names(Role.Director);
            var curator = Names(Role.Curator);
            return (director.Length == 0 ? "не назначен" : director, curator.Length == 0 ? "не назначен" : curator);
        });
    }

    /// <summary>«не выполнили 4 из 14» opened: the schools of the caller's reach that have not closed the item.</summary>
    public async Task<SchoolListCard?> NotDoneSchoolsAsync(Caller caller, int itemId, int roadmapId, DateOnly today, CancellationToken ct)
    {
        var reach = await Reach.LoadAsync(db, caller, null, ct);
        if (reach is null || !reach.RoadmapsById.ContainsKey(roadmapId))
        {
            return null;
        }

        var item = await db.RoadmapItems.AsNoTracking()
            .Where(i => i.Id == itemId && i.RoadmapId == roadmapId && i.TrackedPerSchool && !i.IsWithdrawn)
            .Select(i => new { i.Number, i.Title, i.Cohort })
            .FirstOrDefaultAsync(ct);
        if (item is null)
        {
            return null;
        }

        var applicable = reach.Schools.Where(s => reach.Applies(roadmapId, item.Cohort, s)).ToList();
        var ids = applicable.Select(s => s.SchoolId).ToList();
        var statuses = await db.ItemProgress.AsNoTracking()
            .Where(p => p.ItemId == itemId && ids.Contains(p.SchoolId))
            .ToDictionaryAsync(p => p.SchoolId, p => p.Status, ct);
        var open = applicable.Where(s => statuses.GetValueOrDefault(s.SchoolId, ProgressStatus.NotStarted) is ProgressStatus.NotStarted or ProgressStatus.InProgress).ToList();
        var people = await PeopleAsync(open.Select(s => s.SchoolId).ToList(), today, ct);
        return new SchoolListCard(
            $"п. {item.Number}: не выполнили {open.Count} из {applicable.Count}",
            PlainText.Clip(item.Title, 200),
            open.Select(s => new SchoolPeopleRow(
                s.SchoolId,
                s.Name,
                "Директор: " + people[s.SchoolId].Director,
                "Куратор: " + people[s.SchoolId].Curator,
                RussianFormat.StatusName(statuses.GetValueOrDefault(s.SchoolId, ProgressStatus.NotStarted))))
                .ToList(),
            open.Count == 0 ? "Все школы выполнили этот пункт." : "");
    }

    private async Task<List<(SchoolScope School, RollupRow Row)>> RollupRowsAsync(Caller caller, DateOnly today, int gapDays, CancellationToken ct)
    {
        var reach = (await Reach.LoadAsync(db, caller, null, ct))!;
        var roadmaps = reach.Current(today);
        var roadmapIds = roadmaps.Select(r => r.Id).ToList();
        var schoolIds = reach.Schools.Select(s => s.SchoolId).ToList();

        // Totals per (roadmap, cohort) and closed counts per (school, status) are aggregated by the database,
        // so the roll-up never loads item or progress rows.
        var totals = roadmapIds.Count == 0
            ? []
            : await db.RoadmapItems.AsNoTracking()
                .Where(i => roadmapIds.Contains(i.RoadmapId) && i.TrackedPerSchool && !i.IsWithdrawn)
                .GroupBy(i => new { i.RoadmapId, i.Cohort })
                .Select(g => new ItemTotals(g.Key.RoadmapId, g.Key.Cohort, g.Count(), g.Count(i => i.DueDate < today)))
                .ToListAsync(ct);

        var closed = roadmapIds.Count == 0 || schoolIds.Count == 0
            ? []
            : await db.ItemProgress.AsNoTracking()
                .Where(p => schoolIds.Contains(p.SchoolId)
                            && (p.Status == ProgressStatus.Done || p.Status == ProgressStatus.NotApplicable)
                            && p.Item!.TrackedPerSchool
                            && !p.Item.IsWithdrawn
                            && roadmapIds.Contains(p.Item.RoadmapId))
                .GroupBy(p => new { p.SchoolId, p.Status })
                .Select(g => new ClosedCounts(g.Key.SchoolId, g.Key.Status, g.Count(), g.Count(p => p.Item!.DueDate < today)))
                .ToListAsync(ct);
        var closedBySchool = closed.ToLookup(c => c.SchoolId);
        var last = await consultations.SummariesAsync(schoolIds, today, withOpenActions: false, ct);

        var rows = reach.Schools.Select(s =>
        {
            var applicable = totals.Where(t => reach.Applies(t.RoadmapId, t.Cohort, s)).ToList();
            var own = closedBySchool[s.SchoolId].ToList();
            var notApplicable = own.Where(c => c.Status == ProgressStatus.NotApplicable).Sum(c => c.Count);
            var done = own.Where(c => c.Status == ProgressStatus.Done).Sum(c => c.Count);
            var total = Math.Max(0, applicable.Sum(t => t.Total) - notApplicable);
            var overdue = Math.Max(0, applicable.Sum(t => t.Past) - own.Sum(c => c.Past));
            var percent = RussianFormat.Percent(done, total);
            var lastDate = last.TryGetValue(s.SchoolId, out var summary) ? summary.Last : null;
            var stale = lastDate is not { } ld0 || today.DayNumber - ld0.DayNumber > gapDays;
            return (s, new RollupRow(
                s.SchoolId,
                s.Name,
                done,
                total,
                percent,
                $"{done} из {total} ({percent}%)",
                overdue,
                overdue == 0 ? "нет" : overdue.ToString(CultureInfo.InvariantCulture),
                overdue == 0 ? "Good" : "Attention",
                lastDate,
                lastDate is { } ld ? RussianFormat.Short(ld, today) : "нет",
                stale ? "Attention" : "Default",
                stale));
        })
            .OrderByDescending(r => r.Item2.Overdue)
            .ThenBy(r => r.Item2.Percent)
            .ThenBy(r => r.Item2.Name, StringComparer.Ordinal)
            .ToList();
        return rows;
    }

    private async Task<string> RollupTitleAsync(Caller caller, CancellationToken ct)
    {
        var role = caller.Roles.OrderBy(r => r.Role == Role.RegionalCoordinator ? 0 : r.Role == Role.MunicipalCoordinator ? 1 : 2).FirstOrDefault();
        if (role?.Role == Role.RegionalCoordinator)
        {
            var name = await db.Regions.AsNoTracking().Where(r => r.Id == role.RegionId).Select(r => r.Name).FirstOrDefaultAsync(ct);
            return $"Школы региона: {name}";
        }

        if (role?.Role == Role.MunicipalCoordinator && role.MunicipalityId is { } m)
        {
            var name = await db.Municipalities.AsNoTracking().Where(x => x.Id == m).Select(x => x.Name).FirstOrDefaultAsync(ct);
            return $"Школы: {name}";
        }

        return "Мои школы";
    }

    private async Task<List<StatusSection>> SectionsAsync(
        List<ReachRoadmap> roadmaps, List<SchoolItem> counted, Func<SchoolItem, ProgressStatus> statusOf, CancellationToken ct)
    {
        var roadmapIds = roadmaps.Select(r => r.Id).ToList();
        var sections = roadmapIds.Count == 0
            ? []
            : await db.RoadmapSections.AsNoTracking()
                .Where(s => roadmapIds.Contains(s.RoadmapId))
                .Select(s => new { s.Id, s.RoadmapId, s.Number, s.Title, s.ParentNumber, s.Order })
                .ToListAsync(ct);
        var byId = sections.ToDictionary(s => s.Id);
        var byNumber = sections.GroupBy(s => (s.RoadmapId, s.Number)).ToDictionary(g => g.Key, g => g.First());
        var level = roadmaps.ToDictionary(r => r.Id, r => Reach.LevelRank(r.Level));

        // Nested sections («2.1» under «2») roll up into their top section so the card stays one line per part.
        (int Order, string Title) TopOf(SchoolItem item)
        {
            if (item.SectionId is not { } id || !byId.TryGetValue(id, out var section))
            {
                return (int.MaxValue, "Без раздела");
            }

            for (var guard = 0; section.ParentNumber is { } parent && guard < 10 && byNumber.TryGetValue((section.RoadmapId, parent), out var up); guard++)
            {
                section = up;
            }

            return (section.Order, $"{section.Number.TrimEnd('.')}. {section.Title}");
        }

        return counted
            .GroupBy(i => (Level: level.GetValueOrDefault(i.RoadmapId), i.RoadmapId, Top: TopOf(i)))
            .OrderBy(g => g.Key.Level).ThenBy(g => g.Key.RoadmapId).ThenBy(g => g.Key.Top.Order).ThenBy(g => g.Key.Top.Title, StringComparer.Ordinal)
            .Take(MaxSections)
            .Select(g =>
            {
                var total = g.Count();
                var done = g.Count(i => statusOf(i) == ProgressStatus.Done);
                var percent = RussianFormat.Percent(done, total);
                return new StatusSection(RussianFormat.NotAList(PlainText.Clip(g.Key.Top.Title, 120)), done, total, percent, $"{done} из {total} ({percent}%)");
            })
            .ToList();
    }

    private sealed record SchoolItem(int Id, int RoadmapId, int? SectionId, string Number, int Order, string Title, DateOnly? Due, DateOnly? End, DateOnly? Start, TimeframeKind Kind);

    private sealed record ItemTotals(int RoadmapId, int? Cohort, int Total, int Past);

    private sealed record ClosedCounts(int SchoolId, ProgressStatus Status, int Count, int Past);
}
