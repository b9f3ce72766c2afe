using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolSupport.Announcements;
using SchoolSupport.Common;
using SchoolSupport.Outbox;
using SchoolSupport.Reminders;
using SchoolSupport.Roadmaps;
using SchoolSupport.Tests.Announcements;

namespace SchoolSupport.Tests.Reminders;

public sealed class ReminderPlannerTests : IAsyncLifetime
{
    // Tuesday 4 March 2025, 09:30 in Moscow.
    private static readonly DateTimeOffset Tuesday = new(2025, 3, 4, 6, 30, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2025, 3, 4);

    private AnnouncementWorld world = null!;

    public async Task InitializeAsync()
    {
        world = await AnnouncementWorld.CreateAsync();
        world.Host.Time.Set(Tuesday);
        await using var db = world.Host.Db();
        var roadmap = new Roadmap { Title = "Дорожная карта", RegionId = world.RegionId, Year = 2025, SourceFileName = "plan.docx", DocumentKey = "plan" };
        db.Roadmaps.Add(roadmap);
        await db.SaveChangesAsync();
        RoadmapItem Item(string number, string title, int days, RoleMask roles, bool tracked = true, int? cohort = null) => new()
        {
            RoadmapId = roadmap.Id,
            Number = number,
            Title = title,
            TimeframeText = "до " + Today.AddDays(days).ToString("dd.MM.yyyy"),
            DueDate = Today.AddDays(days),
            ResponsibleRoles = roles,
            TrackedPerSchool = tracked,
            Cohort = cohort,
        };
        var items = new[]
        {
            Item("1.1", "Загрузить антирисковые программы", 7, RoleMask.Director),
            Item("1.2", "Провести самодиагностику", 1, RoleMask.Director | RoleMask.Curator),
            Item("1.3", "Подготовить отчёт", 3, RoleMask.Director),
            Item("1.4", "Сдать подтверждающие документы", -2, RoleMask.Director),
            Item("1.5", "Совещание кураторов", 1, RoleMask.Curator, tracked: false),
            Item("1.6", "Анкетирование школ 2022 года", 7, RoleMask.Director, cohort: 2022),
            Item("1.7", "Мониторинг вовлечённости", 7, RoleMask.MunicipalCoordinator | RoleMask.RegionalCoordinator),
        };
        db.RoadmapItems.AddRange(items);
        await db.SaveChangesAsync();
        db.ItemProgress.Add(new ItemProgress { ItemId = items[3].Id, SchoolId = world.S[1], Status = ProgressStatus.Done, ChangedAt = world.Host.Now });
        db.ItemProgress.Add(new ItemProgress { ItemId = items[6].Id, SchoolId = world.S[0], Status = ProgressStatus.Done, ChangedAt = world.Host.Now });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task RunOnce_DueAndOverdueItems_OneDigestPerPersonGroupingAllItems()
    {
        var enqueued = await Planner().RunOnceAsync(CancellationToken.None);

        var digests = await DigestsAsync();
        enqueued.ShouldBe(digests.Count);
        digests.Keys.ShouldAllBe(k => k.Split(',', StringSplitOptions.None).Length == 1);
        var dir1 = digests["dir1"];
        dir1.Title.ShouldBe("Напоминание о сроках");
        Sections(dir1).ShouldBe([
            "Просрочено: 1.4. Сдать подтверждающие документы",
            "Завтра: 1.2. Провести самодиагностику",
            "Через 7 дней: 1.1. Загрузить антирисковые программы",
        ]);
        // School 2 already delivered 1.4, and it is the 2022 cohort, so 1.6 applies to it.
        Sections(digests["dir2"]).ShouldBe([
            "Завтра: 1.2. Провести самодиагностику",
            "Через 7 дней: 1.1. Загрузить антирисковые программы",
            "Через 7 дней: 1.6. Анкетирование школ 2022 года",
        ]);
        Sections(digests["cur1"]).ShouldBe([
            "Завтра: 1.2. Провести самодиагностику",
            "Завтра: 1.5. Совещание кураторов",
        ]);
        digests["cur1"].Sections[0].Lines.Single(l => l.Text.StartsWith("1.2", StringComparison.Ordinal)).Detail.ShouldBe("школы: Школа 1, Школа 2");
        digests["mc1"].Sections.Single().Lines.Single().Detail.ShouldBe("не выполнено в 1 из 2 школ");
        digests["rc"].Sections.Single().Lines.Single().Detail.ShouldBe("не выполнено в 3 из 4 школ");
        digests.ShouldNotContainKey("dirGone");
        digests.ShouldNotContainKey("cons1");
    }

    [Fact]
    public async Task RunOnce_TwiceTheSameDay_EnqueuesOnce()
    {
        var first = await Planner().RunOnceAsync(CancellationToken.None);
        world.Host.Time.Advance(TimeSpan.FromHours(2));
        var second = await Planner().RunOnceAsync(CancellationToken.None);

        first.ShouldBeGreaterThan(0);
        second.ShouldBe(0);
        await using var db = world.Host.Db();
        (await db.Deliveries.CountAsync()).ShouldBe(first);
    }

    [Fact]
    public async Task RunOnce_BeforeTheRegionsReminderTime_DoesNothing()
    {
        world.Host.Time.Set(Tuesday.AddHours(-1));
        (await Planner().RunOnceAsync(CancellationToken.None)).ShouldBe(0);

        world.Host.Time.Set(Tuesday);
        (await Planner().RunOnceAsync(CancellationToken.None)).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task RunOnce_ReminderTimeInQuietHours_WaitsForTheirEnd()
    {
        await using (var db = world.Host.Db())
        {
            await db.Regions.ExecuteUpdateAsync(s => s.SetProperty(r => r.ReminderTime, new TimeOnly(23, 0)));
        }

        // 23:30 and 07:30 local are quiet; 08:00 is the first allowed moment.
        world.Host.Time.Set(new DateTimeOffset(2025, 3, 4, 20, 30, 0, TimeSpan.Zero));
        (await Planner().RunOnceAsync(CancellationToken.None)).ShouldBe(0);
        world.Host.Time.Set(new DateTimeOffset(2025, 3, 5, 4, 30, 0, TimeSpan.Zero));
        (await Planner().RunOnceAsync(CancellationToken.None)).ShouldBe(0);
        world.Host.Time.Set(new DateTimeOffset(2025, 3, 5, 5, 0, 0, TimeSpan.Zero));
        (await Planner().RunOnceAsync(CancellationToken.None)).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Monday_WeeklyDigest_CoversTheWholeWeekInOneMessage()
    {
        world.Host.Time.Set(Tuesday.AddDays(-1));

        await Planner().RunOnceAsync(CancellationToken.None);

        var digests = await DigestsAsync();
        var dir1 = digests["dir1"];
        dir1.Title.ShouldBe("План на неделю");
        Sections(dir1).ShouldBe([
            "Просрочено: 1.4. Сдать подтверждающие документы",
            "На этой неделе: 1.2. Провести самодиагностику",
            "На этой неделе: 1.3. Подготовить отчёт",
        ]);
        await using var db = world.Host.Db();
        (await db.OutboxMessages.Where(m => m.Template == "digest").Select(m => m.Kind).Distinct().ToListAsync()).ShouldBe([DeliveryKind.WeeklyDigest]);
    }

    [Fact]
    public async Task Mute_ByChat_NoDigestUntilSubscribedAgain()
    {
        var muted = await world.SayAsync("dir1", "отписаться от напоминаний");
        await Planner().RunOnceAsync(CancellationToken.None);
        (await DigestsAsync()).ShouldNotContainKey("dir1");

        var unmuted = await world.SayAsync("dir1", "Подписаться на напоминания");
        world.Host.Time.Advance(TimeSpan.FromDays(1));
        await Planner().RunOnceAsync(CancellationToken.None);

        muted.Output().ShouldContain("отключены");
        unmuted.Output().ShouldContain("включены");
        (await DigestsAsync()).ShouldContainKey("dir1");
    }

    [Fact]
    public async Task Mute_Announcements_AreNotMutable()
    {
        var output = await world.SayAsync("dir1", "отписаться от объявлений");

        output.Output().ShouldBe(MuteRemindersCommand.AnnouncementsNotMutable + "\n");
        await using var db = world.Host.Db();
        (await db.People.SingleAsync(p => p.Id == world.P["dir1"])).RemindersMuted.ShouldBeFalse();
    }

    [Fact]
    public async Task PlannedActions_FromARegisteredSource_JoinTheSameDigest()
    {
        var source = new FakePlannedActions([new PlannedActionDue(world.P["cur2"], "Открытый урок по итогам консультации", Today.AddDays(1), "Школа 3")]);

        await Planner(source).RunOnceAsync(CancellationToken.None);

        var cur2 = (await DigestsAsync())["cur2"];
        Sections(cur2).ShouldBe([
            "Завтра: 1.2. Провести самодиагностику",
            "Завтра: 1.5. Совещание кураторов",
            "Завтра: Намеченное мероприятие: Открытый урок по итогам консультации",
        ]);
        source.AskedFor.ShouldContain(world.P["cur2"]);
    }

    [Fact]
    public async Task Dispatch_Digests_OneMessagePerPerson()
    {
        var planned = await Planner().RunOnceAsync(CancellationToken.None);

        await world.Host.DrainAsync(world.Host.NewDispatcher());

        world.Host.Connector.Accepted.Count.ShouldBe(planned);
        world.Host.Connector.Accepted.GroupBy(m => m.Address.UserId).ShouldAllBe(g => g.Count() == 1);
        world.Host.Connector.Accepted.ShouldAllBe(m => m.CardTemplate == "digest" && m.Kind == DeliveryKind.Reminder);
    }

    private ReminderPlanner Planner(IPlannedActionSource? source = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(world.Host.Time);
        services.AddScoped(_ => world.Host.Db());
        if (source is not null)
        {
            services.AddSingleton(source);
        }

        services.AddReminders(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        return services.BuildServiceProvider().GetRequiredService<ReminderPlanner>();
    }

    /// <summary>The digests planned for a local date (today by default), by person key.</summary>
    private async Task<Dictionary<string, DigestCard>> DigestsAsync(DateOnly? day = null)
    {
        var prefix = $"digest:{day ?? DateOnly.FromDateTime(world.Host.Now.AddHours(3)):yyyy-MM-dd}:";
        await using var db = world.Host.Db();
        var rows = await db.Deliveries.AsNoTracking().Where(d => d.Message!.Template == "digest" && d.Message.DedupKey!.StartsWith(prefix))
            .Select(d => new { d.PersonId, d.Message!.Data }).ToListAsync();
        rows.GroupBy(r => r.PersonId).ShouldAllBe(g => g.Count() == 1);
        return rows.ToDictionary(
            r => world.P.Single(kv => kv.Value == r.PersonId).Key,
            r => JsonSerializer.Deserialize<DigestCard>(r.Data!, RelaxedJson.Options)!);
    }

    private static List<string> Sections(DigestCard card) =>
        card.Sections.SelectMany(s => s.Lines.Select(l => $"{s.Title}: {l.Text}")).ToList();

    private sealed class FakePlannedActions(IReadOnlyList<PlannedActionDue> actions) : IPlannedActionSource
    {
        public List<int> AskedFor { get; } = [];

        public Task<IReadOnlyList<PlannedActionDue>> DueAsync(IReadOnlyCollection<int> personIds, DateOnly from, DateOnly to, CancellationToken ct)
        {
            AskedFor.AddRange(personIds);
            return Task.FromResult<IReadOnlyList<PlannedActionDue>>(actions.Where(a => personIds.Contains(a.PersonId) && a.DueDate >= from && a.DueDate <= to).ToList());
        }
    }
}
