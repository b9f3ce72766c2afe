using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SchoolSupport.Announcements;
using SchoolSupport.Common;
using SchoolSupport.Data;
using SchoolSupport.Outbox;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;
using SchoolSupport.Schools;

namespace SchoolSupport.Reminders;

/// <summary>
/// Writes at most one deadline digest per person per day into the outbox, at the region's reminder time (outside
/// quiet hours): overdue items, items due in N days, planned actions, and on Mondays the whole week. Running it again
/// the same day enqueues nothing (a dedup key per person and date). The host runs it on one instance at a time under a
/// database lease (<see cref="LeasedJobService{TJob}"/>).
/// </summary>
public sealed class ReminderPlanner(
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<ReminderOptions> options,
    ILogger<ReminderPlanner> logger) : IPeriodicJob
{
    private static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");
    private readonly ReminderOptions options = options.Value;

    public string Name => "reminders";

    public TimeSpan Interval => options.CheckInterval;

    Task IPeriodicJob.RunOnceAsync(CancellationToken ct) => RunOnceAsync(ct);

    /// <summary>Plans today's digests in every region whose reminder time has come. Returns the digests enqueued.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        List<Region> regions;
        await using (var scope = scopes.CreateAsyncScope())
        {
            regions = await scope.ServiceProvider.GetRequiredService<SchoolSupportDbContext>().Regions.AsNoTracking().ToListAsync(ct);
        }

        var total = 0;
        foreach (var region in regions)
        {
            var local = RegionClock.LocalNow(time, region.TimeZone);
            var localTime = TimeOnly.FromDateTime(local);
            var sendAt = options.IsQuiet(region.ReminderTime) ? options.QuietTo : region.ReminderTime;
            if (localTime < sendAt || options.IsQuiet(localTime))
            {
                continue;
            }

            // A scope (and so a change tracker) per region: the digests of one region are saved and then forgotten,
            // so a national run does not drag every earlier region's rows through each save.
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SchoolSupportDbContext>();
            total += await PlanRegionAsync(scope.ServiceProvider, db, region.Id, DateOnly.FromDateTime(local), ct);
        }

        return total;
    }

    /// <summary>Builds and enqueues the digests of one region for a local date.</summary>
    public async Task<int> PlanRegionAsync(IServiceProvider services, SchoolSupportDbContext db, int regionId, DateOnly today, CancellationToken ct)
    {
        var utcNow = time.GetUtcNow().UtcDateTime;
        var weekly = options.WeeklyDigest && today.DayOfWeek == DayOfWeek.Monday;
        var days = options.DaysBefore.Where(d => d > 0).Distinct().Order().ToList();
        var horizon = Math.Max(days.DefaultIfEmpty(0).Max(), weekly ? 6 : 0);
        var from = today.AddDays(-options.OverdueLookbackDays);
        var to = today.AddDays(horizon);

        var assignments = await db.RoleAssignments.AsNoTracking()
            .Where(r => r.RegionId == regionId && (r.ValidFrom == null || r.ValidFrom <= today) && (r.ValidTo == null || r.ValidTo >= today))
            .Join(db.People.Where(p => p.IsActive && !p.RemindersMuted), r => r.PersonId, p => p.Id, (r, p) => r)
            .ToListAsync(ct);
        if (assignments.Count == 0)
        {
            return 0;
        }

        var prefix = $"digest:{today:yyyy-MM-dd}:";
        // The keys of this region's people, looked up by the unique index (a LIKE on the prefix would scan the country's).
        var keys = assignments.Select(a => prefix + a.PersonId.ToString(CultureInfo.InvariantCulture)).Distinct().ToList();
        var alreadyPlanned = (await db.OutboxMessages.AsNoTracking()
                .Where(m => m.DedupKey != null && keys.Contains(m.DedupKey))
                .Select(m => m.DedupKey!)
                .ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);

        var schools = await db.Schools.AsNoTracking().Where(s => s.RegionId == regionId)
            .Select(s => new SchoolRow(s.Id, s.Name, s.MunicipalityId, s.Cohort)).ToListAsync(ct);
        var items = await db.RoadmapItems.AsNoTracking()
            .Where(i => i.Roadmap!.RegionId == regionId && i.DueDate != null && i.DueDate >= from && i.DueDate <= to && i.ResponsibleRoles != RoleMask.None)
            .Select(i => new ItemRow(i.Id, i.Number, i.Title, i.DueDate!.Value, i.ResponsibleRoles, i.TrackedPerSchool, i.Cohort,
                i.Roadmap!.MunicipalityId, i.Roadmap.SchoolId))
            .ToListAsync(ct);
        var itemIds = items.Select(i => i.Id).ToList();
        var finished = (await db.ItemProgress.AsNoTracking()
                .Where(p => itemIds.Contains(p.ItemId) && (p.Status == ProgressStatus.Done || p.Status == ProgressStatus.NotApplicable))
                .Select(p => new { p.ItemId, p.SchoolId })
                .ToListAsync(ct))
            .Select(p => (p.ItemId, p.SchoolId)).ToHashSet();

        var people = assignments.GroupBy(a => a.PersonId).ToList();
        var personIds = people.Select(g => g.Key).ToList();
        var planned = new List<PlannedActionDue>();
        foreach (var source in services.GetServices<IPlannedActionSource>())
        {
            planned.AddRange(await source.DueAsync(personIds, from, to, ct));
        }

        var plannedByPerson = planned.ToLookup(p => p.PersonId);
        var sources = services.GetServices<IDigestSource>().ToList();
        var extras = new List<DigestExtra>();
        foreach (var source in sources)
        {
            extras.AddRange(await source.LinesAsync(regionId, today, ct));
        }

        var extrasByPerson = extras.ToLookup(e => e.PersonId);
        var digested = new HashSet<int>();
        var enqueued = 0;
        foreach (var person in people)
        {
            var key = prefix + person.Key.ToString(CultureInfo.InvariantCulture);
            if (alreadyPlanned.Contains(key))
            {
                continue;
            }

            var card = BuildDigest(person.ToList(), schools, items, finished, plannedByPerson[person.Key].ToList(), extrasByPerson[person.Key].ToList(), today, days, weekly);
            if (card is null)
            {
                continue;
            }

            OutboxWriter.Enqueue(db, new OutboxMessage
            {
                Kind = weekly ? DeliveryKind.WeeklyDigest : DeliveryKind.Reminder,
                Template = "digest",
                Data = JsonSerializer.Serialize(card, RelaxedJson.Options),
                Text = card.Title,
                Topic = "digest",
                DedupKey = key,
            }, [person.Key], utcNow);
            enqueued++;
            digested.Add(person.Key);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex)
        {
            // Another instance planned the same day at the same moment: its digests stand, ours are dropped.
            logger.LogWarning(ex, "Digests for region {Region} on {Date} were planned concurrently", regionId, today);
            db.ChangeTracker.Clear();
            return 0;
        }

        foreach (var source in sources)
        {
            await source.DigestsPlannedAsync(regionId, today, digested, ct);
        }

        return enqueued;
    }

    private sealed record SchoolRow(int Id, string Name, int? MunicipalityId, int Cohort);

    private sealed record ItemRow(int Id, string Number, string Title, DateOnly DueDate, RoleMask Roles, bool TrackedPerSchool, int? Cohort, int? MunicipalityId, int? SchoolId);

    private DigestCard? BuildDigest(
        IReadOnlyList<RoleAssignment> roles,
        IReadOnlyList<SchoolRow> schools,
        IReadOnlyList<ItemRow> items,
        HashSet<(int ItemId, int SchoolId)> finished,
        IReadOnlyList<PlannedActionDue> planned,
        IReadOnlyList<DigestExtra> extras,
        DateOnly today,
        IReadOnlyList<int> days,
        bool weekly)
    {
        var mask = roles.Aggregate(RoleMask.None, (m, r) => m | Caller.ToMask(r.Role));
        var isRegional = roles.Any(r => r.Role == Role.RegionalCoordinator);
        var municipalities = roles.Where(r => r.Role == Role.MunicipalCoordinator && r.MunicipalityId != null).Select(r => r.MunicipalityId!.Value).ToHashSet();
        var assigned = roles.Where(r => r.SchoolId != null).Select(r => r.SchoolId!.Value).ToHashSet();
        var mine = schools.Where(s => isRegional || assigned.Contains(s.Id) || (s.MunicipalityId is { } m && municipalities.Contains(m))).ToList();
        var isCoordinator = isRegional || municipalities.Count > 0;

        var lines = new List<(DateOnly Due, DigestLine Line)>();
        foreach (var item in items.Where(i => (i.Roles & mask) != RoleMask.None))
        {
            var reach = mine
                .Where(s => item.SchoolId is not { } only || s.Id == only)
                .Where(s => item.MunicipalityId is not { } m || s.MunicipalityId == m)
                .Where(s => item.Cohort is not { } c || s.Cohort == c)
                .ToList();
            if (reach.Count == 0 && (item.SchoolId is not null || item.Cohort is not null || (item.MunicipalityId is { } im && !isRegional && !municipalities.Contains(im))))
            {
                continue;
            }

            string? detail = null;
            if (item.TrackedPerSchool)
            {
                var pending = reach.Where(s => !finished.Contains((item.Id, s.Id))).ToList();
                if (pending.Count == 0)
                {
                    continue;
                }

                detail = isCoordinator
                    ? $"не выполнено в {pending.Count} из {reach.Count} {Plural(reach.Count, "школы", "школ", "школ")}"
                    : reach.Count > 1 ? "школы: " + string.Join(", ", pending.Select(s => s.Name)) : null;
            }
            else if (item.DueDate < today)
            {
                // Items without per-school progress cannot be known to be late; the status report covers them.
                continue;
            }

            lines.Add((item.DueDate, new DigestLine($"{item.Number}. {item.Title}", item.DueDate.ToString("dd.MM.yyyy", Ru), detail)));
        }

        foreach (var action in planned)
        {
            lines.Add((action.DueDate, new DigestLine("Намеченное мероприятие: " + action.Title, action.DueDate.ToString("dd.MM.yyyy", Ru), action.SchoolName)));
        }

        var sections = new List<DigestSection>();
        AddSection(sections, "Просрочено", urgent: true, lines.Where(l => l.Due < today));
        if (weekly)
        {
            AddSection(sections, "На этой неделе", urgent: false, lines.Where(l => l.Due >= today && l.Due <= today.AddDays(6)));
        }

        foreach (var n in days.Where(n => !weekly || n > 6).OrderBy(n => n))
        {
            var title = n == 1 ? "Завтра" : $"Через {n} {Plural(n, "день", "дня", "дней")}";
            AddSection(sections, title, urgent: n == 1, lines.Where(l => l.Due == today.AddDays(n)));
        }

        foreach (var group in extras.GroupBy(e => e.Section))
        {
            AddSection(sections, group.Key, urgent: false, group.Select(e => (today, e.Line)));
        }

        if (sections.Count == 0)
        {
            return null;
        }

        return new DigestCard(
            weekly ? "План на неделю" : "Напоминание о сроках",
            weekly
                ? $"Неделя с {today.ToString("dd.MM", Ru)} по {today.AddDays(6).ToString("dd.MM.yyyy", Ru)}: сроки по вашим школам и мероприятиям."
                : $"Сроки дорожной карты на {today.ToString("dd.MM.yyyy", Ru)}.",
            sections,
            "Не хотите получать напоминания? Напишите «отписаться от напоминаний».");
    }

    private void AddSection(List<DigestSection> sections, string title, bool urgent, IEnumerable<(DateOnly Due, DigestLine Line)> lines)
    {
        var list = lines.OrderBy(l => l.Due).ThenBy(l => l.Line.Text, StringComparer.Ordinal).Select(l => l.Line).ToList();
        if (list.Count == 0)
        {
            return;
        }

        var shown = list.Take(options.MaxLinesPerSection).ToList();
        sections.Add(new DigestSection(title, urgent, shown, list.Count > shown.Count ? $"… и ещё {list.Count - shown.Count}" : null));
    }

    internal static string Plural(int n, string one, string few, string many)
    {
        var mod100 = n % 100;
        var mod10 = n % 10;
        return mod100 is >= 11 and <= 14 ? many : mod10 == 1 ? one : mod10 is >= 2 and <= 4 ? few : many;
    }
}
