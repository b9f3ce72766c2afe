using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SchoolSupport.Conversation;
using SchoolSupport.Data;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;
using SchoolSupport.Schedules;
using SchoolSupport.Schools;
using SchoolSupport.Status;
using SchoolSupport.Tests.Support;

namespace SchoolSupport.Tests.Status;

public sealed class FixedTimeProvider(DateTimeOffset utcNow) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => utcNow;
}

/// <summary>
/// A small region on a fixed Wednesday, 11 March 2026 (Moscow): two municipalities, four schools of cohorts 2025 and
/// 2026, people in every role, a regional roadmap with items of every timeframe kind, a municipal roadmap for the
/// northern district, and a second region whose ids must never be reachable.
/// </summary>
public sealed class StatusFixture : IDisposable
{
    public static readonly DateOnly Today = new(2026, 3, 11);

    private readonly SqliteTestDatabase database = new();
    private readonly ServiceProvider services;

    public StatusFixture()
        : this(null)
    {
    }

    private StatusFixture(Action<IServiceCollection>? configure)
    {
        var collection = new ServiceCollection();
        configure?.Invoke(collection);
        collection.AddDbContext<SchoolSupportDbContext>(b => DatabaseSetup.Configure(b, database.Options));
        collection.AddSingleton<TimeProvider>(new FixedTimeProvider(new DateTimeOffset(2026, 3, 11, 6, 0, 0, TimeSpan.Zero)));
        collection.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        collection.AddConversation(new ConfigurationBuilder().Build());
        collection.AddStatus();
        services = collection.BuildServiceProvider();

        using var db = database.CreateContext();
        // The model's schema (the migration scripts are proven equal to it by SchemaMigrationTests), so these tests
        // do not depend on the scripts being regenerated in the same commit as a model change.
        db.Database.EnsureCreated();
        Seed(db);
    }

    public Ids Id { get; } = new();

    /// <summary>A fixture whose services are changed first (another feature's provider in place of a default).</summary>
    public static StatusFixture With(Action<IServiceCollection> configure) => new(configure);

    public SchoolSupportDbContext CreateContext() => database.CreateContext();

    public async Task<TurnOutput> SayAsync(string who, string text)
    {
        await using var scope = services.CreateAsyncScope();
        var router = scope.ServiceProvider.GetRequiredService<ConversationRouter>();
        return await router.HandleAsync(Input(who) with { Text = text }, CancellationToken.None);
    }

    public async Task<TurnOutput> ActAsync(string who, string verb, JsonObject? data, string? activityId = null, bool invoke = true)
    {
        await using var scope = services.CreateAsyncScope();
        var router = scope.ServiceProvider.GetRequiredService<ConversationRouter>();
        return await router.HandleAsync(
            Input(who) with { Verb = verb, Data = data, IsInvoke = invoke, ActivityId = activityId ?? Guid.NewGuid().ToString("N") },
            CancellationToken.None);
    }

    public async Task<T> CardAsync<T>(string who, string text)
    {
        var output = await SayAsync(who, text);
        var card = output.Replies.OfType<CardReply>().ShouldHaveSingleItem();
        return card.Model.ShouldBeOfType<T>();
    }

    public static TurnInput Input(string who) => new()
    {
        ChannelId = "msteams",
        UserId = "29:" + who,
        AadObjectId = "aad-" + who,
        ConversationId = "a:" + who,
        ServiceUrl = "https://smba.example/",
    };

    public void Dispose()
    {
        services.Dispose();
        database.Dispose();
    }

    public sealed class Ids
    {
        public int Region { get; set; }
        public int North { get; set; }
        public int South { get; set; }
        public int School1 { get; set; }
        public int School2 { get; set; }
        public int School3 { get; set; }
        public int School4 { get; set; }
        public int OtherSchool { get; set; }
        public int Roadmap { get; set; }
        public int NorthRoadmap { get; set; }
        public int OtherRoadmap { get; set; }
        public Dictionary<string, int> Items { get; } = [];
        public int OtherItem { get; set; }
        public Dictionary<string, int> People { get; } = [];

        public int Item(string number) => Items[number];
    }

    private void Seed(SchoolSupportDbContext db)
    {
        var region = new Region { Name = "Тестовая область" };
        var other = new Region { Name = "Другая область" };
        db.Regions.AddRange(region, other);
        db.SaveChanges();
        var north = new Municipality { RegionId = region.Id, Name = "Северный район" };
        var south = new Municipality { RegionId = region.Id, Name = "Южный район" };
        db.Municipalities.AddRange(north, south);
        db.SaveChanges();

        School NewSchool(int regionId, int? municipalityId, string name, int cohort) =>
            new() { RegionId = regionId, MunicipalityId = municipalityId, Name = name, Number = name.Split(' ')[^1], Cohort = cohort };
        var s1 = NewSchool(region.Id, north.Id, "МОУ СОШ № 1", 2025);
        var s2 = NewSchool(region.Id, north.Id, "МОУ СОШ № 2", 2026);
        var s3 = NewSchool(region.Id, south.Id, "МОУ СОШ № 3", 2025);
        var s4 = NewSchool(region.Id, south.Id, "МОУ СОШ № 4", 2026);
        var s9 = NewSchool(other.Id, null, "МОУ СОШ № 9", 2025);
        db.Schools.AddRange(s1, s2, s3, s4, s9);
        db.SaveChanges();
        (Id.Region, Id.North, Id.South) = (region.Id, north.Id, south.Id);
        (Id.School1, Id.School2, Id.School3, Id.School4, Id.OtherSchool) = (s1.Id, s2.Id, s3.Id, s4.Id, s9.Id);

        void AddPerson(string key, string name, params RoleAssignment[] roles)
        {
            var person = new Person { FullName = name, Email = key + "@test.local", AadObjectId = "aad-" + key, Roles = [.. roles] };
            db.People.Add(person);
            db.SaveChanges();
            Id.People[key] = person.Id;
        }

        RoleAssignment At(Role role, int regionId, int? municipalityId = null, int? schoolId = null) =>
            new() { Role = role, RegionId = regionId, MunicipalityId = municipalityId, SchoolId = schoolId };

        AddPerson("director1", "Иванова Анна Петровна", At(Role.Director, region.Id, north.Id, s1.Id));
        AddPerson("director2", "Петров Олег Игоревич", At(Role.Director, region.Id, north.Id, s2.Id));
        AddPerson("director4", "Сидорова Мария Ивановна", At(Role.Director, region.Id, south.Id, s4.Id));
        AddPerson("curator", "Кузнецова Елена Сергеевна", At(Role.Curator, region.Id, north.Id, s1.Id), At(Role.Curator, region.Id, south.Id, s3.Id));
        AddPerson("municipal", "Смирнов Павел Андреевич", At(Role.MunicipalCoordinator, region.Id, north.Id));
        AddPerson("regional", "Орлова Наталья Викторовна", At(Role.RegionalCoordinator, region.Id));
        AddPerson("director9", "Фёдоров Илья Ильич", At(Role.Director, other.Id, null, s9.Id));

        var roadmap = new Roadmap
        {
            Title = "Дорожная карта проекта «500+» на 2026 год",
            Level = RoadmapLevel.Region,
            RegionId = region.Id,
            Year = 2026,
            SourceFileName = "test-2026.docx",
            DocumentKey = "test-2026",
        };
        var northRoadmap = new Roadmap
        {
            Title = "План Северного района",
            Level = RoadmapLevel.Municipality,
            RegionId = region.Id,
            MunicipalityId = north.Id,
            Year = 2026,
            SourceFileName = "north-2026.docx",
            DocumentKey = "north-2026",
        };
        var otherRoadmap = new Roadmap { Title = "Чужая карта", Level = RoadmapLevel.Region, RegionId = other.Id, Year = 2026, SourceFileName = "other.docx", DocumentKey = "other-2026" };
        db.Roadmaps.AddRange(roadmap, northRoadmap, otherRoadmap);
        db.SaveChanges();
        (Id.Roadmap, Id.NorthRoadmap, Id.OtherRoadmap) = (roadmap.Id, northRoadmap.Id, otherRoadmap.Id);

        var sec1 = new RoadmapSection { RoadmapId = roadmap.Id, Number = "1", Title = "Организационные мероприятия", Order = 1 };
        var sec2 = new RoadmapSection { RoadmapId = roadmap.Id, Number = "2", Title = "Мониторинг и документы", Order = 2 };
        var sec21 = new RoadmapSection { RoadmapId = roadmap.Id, Number = "2.1", Title = "Документы школ", ParentNumber = "2", Order = 3 };
        db.RoadmapSections.AddRange(sec1, sec2, sec21);
        db.SaveChanges();

        var order = 0;
        RoadmapItem Item(
            int roadmapId, RoadmapSection? section, string number, string title, string timeframe, TimeframeKind kind,
            DateOnly? start, DateOnly? end, DateOnly? due, RoleMask roles, bool tracked, int? cohort = null, Timeframe? details = null) => new()
            {
                RoadmapId = roadmapId,
                SectionId = section?.Id,
                Number = number,
                Order = ++order,
                Title = title,
                TimeframeText = timeframe,
                TimeframeKind = kind,
                StartDate = start,
                EndDate = end,
                DueDate = due,
                TimeframeDetails = details is null ? null : TimeframeDetailsJson.Serialize(details),
                ResponsibleRoles = roles,
                TrackedPerSchool = tracked,
                Cohort = cohort,
            };

        static DateOnly D(int month, int day) => new(2026, month, day);
        var vks = new Timeframe("1 и 3 четверг – 1 год участия; 2 и 4 четверг – 2 год участия", TimeframeKind.Recurring, D(1, 1), D(12, 31), [],
        [
            new RecurrenceRule(RecurrenceFrequency.MonthlyByWeekday, DayOfWeek.Thursday, [1, 3], null, null, "1 год участия"),
            new RecurrenceRule(RecurrenceFrequency.MonthlyByWeekday, DayOfWeek.Thursday, [2, 4], null, null, "2 год участия"),
        ], null);
        var weekly = new Timeframe("Еженедельно по понедельникам", TimeframeKind.Recurring, D(1, 12), D(12, 28), [],
            [new RecurrenceRule(RecurrenceFrequency.Weekly, DayOfWeek.Monday, [], null, null, null)], null);
        var seminars = new Timeframe("Март 2026 года (10.03.2026, 17.03.2026)", TimeframeKind.DateList, D(3, 10), D(3, 17), [D(3, 10), D(3, 17)], [], null);

        const RoleMask director = RoleMask.Director;
        var items = new[]
        {
            Item(roadmap.Id, sec1, "1.1", "Вебинар для директоров школ-участниц", "11.03.2026", TimeframeKind.Date, D(3, 11), D(3, 11), D(3, 11), director, false),
            Item(roadmap.Id, sec1, "1.2", "Представить состав рабочей группы школы", "До 13.03.2026", TimeframeKind.Deadline, null, D(3, 13), D(3, 13), director, true),
            Item(roadmap.Id, sec1, "1.3", "Загрузить концепцию развития в ИС МЭДК", "До 02.03.2026", TimeframeKind.Deadline, null, D(3, 2), D(3, 2), director, true),
            Item(roadmap.Id, sec1, "1.4", "Первый опрос участников проекта", "16.03-27.03.2026", TimeframeKind.Range, D(3, 16), D(3, 27), D(3, 27), director | RoleMask.Curator, true),
            Item(roadmap.Id, sec1, "1.5", "Самодиагностика школы по чек-листу", "Март 2026 года", TimeframeKind.Month, D(3, 1), D(3, 31), D(3, 31), director, true),
            Item(roadmap.Id, sec1, "1.6", "Региональные ВКС со школами", vks.Text, TimeframeKind.Recurring, D(1, 1), D(12, 31), null, director | RoleMask.Curator, false, details: vks),
            Item(roadmap.Id, sec1, "1.7", "Планёрка координаторов", weekly.Text, TimeframeKind.Recurring, D(1, 12), D(12, 28), null, RoleMask.RegionalCoordinator | RoleMask.MunicipalCoordinator, false, details: weekly),
            Item(roadmap.Id, sec1, "1.8", "Семинары для кураторов", seminars.Text, TimeframeKind.DateList, D(3, 10), D(3, 17), D(3, 17), RoleMask.Curator, false, details: seminars),
            Item(roadmap.Id, sec1, "1.9", "Реализация антирисковых программ", "В течение 2026 года", TimeframeKind.Continuous, D(1, 1), D(12, 31), D(12, 31), director, true),
            Item(roadmap.Id, sec1, "1.10", "Консультации тьюторов", "По запросу", TimeframeKind.OnRequest, null, null, null, RoleMask.Consultant, false),
            Item(roadmap.Id, sec21, "2.1", "Загрузить среднесрочную программу (школы 2026 года участия)", "До 05.03.2026", TimeframeKind.Deadline, null, D(3, 5), D(3, 5), director, true, cohort: 2026),
            Item(roadmap.Id, sec21, "2.2", "Загрузить подтверждающие документы (школы 2025 года участия)", "До 20.03.2026", TimeframeKind.Deadline, null, D(3, 20), D(3, 20), director, true, cohort: 2025),
            Item(roadmap.Id, sec2, "2.3", "Посещение школы куратором", "До 31.03.2026", TimeframeKind.Deadline, null, D(3, 31), D(3, 31), RoleMask.Curator, true),
            Item(roadmap.Id, sec21, "2.4", "Антирисковые программы по рисковым направлениям", "25.02.2026", TimeframeKind.Date, D(2, 25), D(2, 25), D(2, 25), director, true),
            Item(roadmap.Id, sec2, "2.5", "Мониторинг реализации антирисковых программ", "До 15.04.2026", TimeframeKind.Deadline, null, D(4, 15), D(4, 15), RoleMask.RegionalCoordinator, true),
            Item(roadmap.Id, sec1, "1.11", "Пункт, снятый при повторном импорте", "До 12.03.2026", TimeframeKind.Deadline, null, D(3, 12), D(3, 12), director, true),
            Item(northRoadmap.Id, null, "1", "Отчёт в районный ИМЦ", "До 12.03.2026", TimeframeKind.Deadline, null, D(3, 12), D(3, 12), director, true),
            Item(otherRoadmap.Id, null, "9.1", "Пункт чужого региона", "До 12.03.2026", TimeframeKind.Deadline, null, D(3, 12), D(3, 12), director, true),
        };
        items.Single(i => i.Number == "1.11").IsWithdrawn = true;
        db.RoadmapItems.AddRange(items);
        db.SaveChanges();
        foreach (var item in items.Where(i => i.RoadmapId == roadmap.Id))
        {
            Id.Items[item.Number] = item.Id;
        }

        Id.Items["north-1"] = items.Single(i => i.RoadmapId == northRoadmap.Id).Id;
        Id.OtherItem = items.Single(i => i.RoadmapId == otherRoadmap.Id).Id;

        ItemProgress P(int schoolId, string number, ProgressStatus status) => new()
        {
            SchoolId = schoolId,
            ItemId = Id.Items[number],
            Status = status,
            ChangedAt = new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc),
            Version = 1,
        };
        db.ItemProgress.AddRange(
            P(s1.Id, "1.3", ProgressStatus.Done),
            P(s1.Id, "2.4", ProgressStatus.InProgress),
            P(s1.Id, "1.2", ProgressStatus.InProgress),
            P(s2.Id, "2.4", ProgressStatus.Done),
            P(s2.Id, "1.3", ProgressStatus.NotApplicable),
            P(s3.Id, "1.3", ProgressStatus.Done),
            P(s3.Id, "2.4", ProgressStatus.Done),
            P(s3.Id, "1.2", ProgressStatus.Done));
        db.SaveChanges();
    }
}

public static class FixtureServices
{
    public static IServiceCollection AddSingletonConsultations(this IServiceCollection services, IReadOnlyDictionary<int, DateOnly> dates) =>
        services.AddSingleton<ILastConsultationSource>(new FixedConsultations(dates));

    private sealed class FixedConsultations(IReadOnlyDictionary<int, DateOnly> dates) : ILastConsultationSource
    {
        public Task<IReadOnlyDictionary<int, ConsultationSummary>> SummariesAsync(
            IReadOnlyCollection<int> schoolIds, DateOnly today, bool withOpenActions, CancellationToken ct) =>
            Task.FromResult<IReadOnlyDictionary<int, ConsultationSummary>>(schoolIds.Where(dates.ContainsKey).ToDictionary(
                id => id,
                id => new ConsultationSummary(dates[id], 1, withOpenActions ? [new PlannedActionLine("Провести педсовет", today.AddDays(-1), true)] : [])));
    }
}

public static class CardData
{
    public static JsonObject Obj(params (string Key, JsonNode? Value)[] pairs)
    {
        var o = new JsonObject();
        foreach (var (k, v) in pairs)
        {
            o[k] = v;
        }

        return o;
    }
}
