using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SchoolSupport.Consultations;
using SchoolSupport.Conversation;
using SchoolSupport.Data;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;
using SchoolSupport.Schools;
using SchoolSupport.Tests.Support;

namespace SchoolSupport.Tests.Consultations;

internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// A region with two districts and three schools; a curator of two of them, the director of «277», a municipal and a
/// regional coordinator, and a curator of another school. Turns go through the real router on SQLite.
/// </summary>
internal sealed class ConsultationFixture : IAsyncDisposable
{
    public static readonly DateOnly Today = new(2025, 3, 14);

    private readonly SqliteTestDatabase database = new();
    private readonly ServiceProvider provider;

    private ConsultationFixture()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<SchoolSupportDbContext>(b => DatabaseSetup.Configure(b, database.Options));
        services.AddSingleton<TimeProvider>(Time);
        services.AddConversation(new ConfigurationBuilder().Build());
        services.AddConsultations();
        provider = services.BuildServiceProvider();
    }

    // 09:00 UTC is 12:00 in Moscow, so «today» is the same date in the region.
    public FixedTime Time { get; } = new(new DateTimeOffset(2025, 3, 14, 9, 0, 0, TimeSpan.Zero));

    public int RegionId { get; private set; }
    public int KirovskyId { get; private set; }
    public int School277 { get; private set; }
    public int Sosnovo { get; private set; }
    public int Other { get; private set; }
    public int CuratorId { get; private set; }
    public int DirectorId { get; private set; }
    public int MunicipalId { get; private set; }
    public int CoordinatorId { get; private set; }
    public int OtherCuratorId { get; private set; }
    public int RiskId { get; private set; }
    public int ItemId { get; private set; }

    public static async Task<ConsultationFixture> CreateAsync()
    {
        var f = new ConsultationFixture();
        await using var db = f.database.CreateContext();
        await SchemaMigrator.MigrateAsync(db);
        var region = new Region { Name = "Ленинградская область" };
        db.Regions.Add(region);
        await db.SaveChangesAsync();
        var kirovsky = new Municipality { RegionId = region.Id, Name = "Кировский район" };
        var priozersky = new Municipality { RegionId = region.Id, Name = "Приозерский район" };
        db.Municipalities.AddRange(kirovsky, priozersky);
        await db.SaveChangesAsync();
        var s277 = new School { RegionId = region.Id, MunicipalityId = kirovsky.Id, Name = "ГБОУ СОШ № 277", Number = "277", Cohort = 2022, JoinedOn = new DateOnly(2022, 1, 10) };
        var sosnovo = new School { RegionId = region.Id, MunicipalityId = priozersky.Id, Name = "МОУ «Сосновская СОШ»", Cohort = 2022 };
        var other = new School { RegionId = region.Id, MunicipalityId = kirovsky.Id, Name = "МОУ «Отрадненская СОШ № 3»", Number = "3", Cohort = 2021 };
        db.Schools.AddRange(s277, sosnovo, other);
        var curator = Person("Петрова Мария Сергеевна", "curator");
        var director = Person("Иванова Анна Павловна", "director");
        var municipal = Person("Смирнов Олег Игоревич", "municipal");
        var coordinator = Person("Кузнецова Елена Викторовна", "coordinator");
        var otherCurator = Person("Орлов Денис Андреевич", "curator2");
        db.People.AddRange(curator, director, municipal, coordinator, otherCurator);
        await db.SaveChangesAsync();
        db.RoleAssignments.AddRange(
            new RoleAssignment { PersonId = curator.Id, Role = Role.Curator, RegionId = region.Id, SchoolId = s277.Id },
            new RoleAssignment { PersonId = curator.Id, Role = Role.Curator, RegionId = region.Id, SchoolId = sosnovo.Id },
            new RoleAssignment { PersonId = director.Id, Role = Role.Director, RegionId = region.Id, SchoolId = s277.Id },
            new RoleAssignment { PersonId = municipal.Id, Role = Role.MunicipalCoordinator, RegionId = region.Id, MunicipalityId = kirovsky.Id },
            new RoleAssignment { PersonId = coordinator.Id, Role = Role.RegionalCoordinator, RegionId = region.Id },
            new RoleAssignment { PersonId = otherCurator.Id, Role = Role.Curator, RegionId = region.Id, SchoolId = other.Id });
        await RiskDirections.EnsureDefaultsAsync(db, region.Id, default);
        var roadmap = new Roadmap { Title = "План-график 2025", RegionId = region.Id, Year = 2025, SourceFileName = "lo-2025.docx", DocumentKey = "test-lo-2025" };
        roadmap.Items.Add(new RoadmapItem
        {
            Number = "1.18",
            Title = "Фиксация проведенных консультаций (тема, принятые решения, намеченные мероприятия)",
            TimeframeText = "В течение 2025 года",
            ResponsibleRoles = RoleMask.Curator,
        });
        db.Roadmaps.Add(roadmap);
        await db.SaveChangesAsync();

        f.RegionId = region.Id;
        f.KirovskyId = kirovsky.Id;
        f.School277 = s277.Id;
        f.Sosnovo = sosnovo.Id;
        f.Other = other.Id;
        f.CuratorId = curator.Id;
        f.DirectorId = director.Id;
        f.MunicipalId = municipal.Id;
        f.CoordinatorId = coordinator.Id;
        f.OtherCuratorId = otherCurator.Id;
        f.RiskId = await db.RiskDirections.Where(r => r.Name == "Низкая учебная мотивация обучающихся").Select(r => r.Id).SingleAsync();
        f.ItemId = roadmap.Items[0].Id;
        return f;
    }

    /// <summary>Stores a consultation directly (lists and exports need many, dated in the past).</summary>
    public async Task<int> AddConsultationAsync(int schoolId, DateOnly date, string topic, bool deleted = false, int? authorId = null)
    {
        await using var db = Db();
        var school = await db.Schools.SingleAsync(s => s.Id == schoolId);
        var row = new Consultation
        {
            SchoolId = schoolId,
            RegionId = school.RegionId,
            MunicipalityId = school.MunicipalityId,
            AuthorPersonId = authorId ?? CuratorId,
            Date = date,
            Format = ConsultationFormat.VideoCall,
            DurationMinutes = 60,
            Topic = topic,
            Decisions = "Решения: " + topic,
            SourceKey = Guid.NewGuid().ToString("N"),
            CreatedAt = Time.Now.UtcDateTime,
            UpdatedAt = Time.Now.UtcDateTime,
            DeletedAt = deleted ? Time.Now.UtcDateTime : null,
        };
        db.Consultations.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }

    private static Person Person(string name, string key) => new() { FullName = name, Email = $"{key}@test.local" };

    public SchoolSupportDbContext Db() => database.CreateContext();

    public DatabaseOptions DatabaseOptions => database.Options;

    public Task<TurnOutput> SayAsync(string user, string text) => RunAsync(new TurnInput
    {
        ChannelId = "msteams",
        UserId = "29:" + user,
        ConversationId = "a:" + user,
        Email = $"{user}@test.local",
        ActivityId = Guid.NewGuid().ToString("N"),
        Text = text,
    });

    public Task<TurnOutput> ActAsync(string user, string verb, JsonObject data, string? activityId = null) => RunAsync(new TurnInput
    {
        ChannelId = "msteams",
        UserId = "29:" + user,
        ConversationId = "a:" + user,
        Email = $"{user}@test.local",
        ActivityId = activityId ?? Guid.NewGuid().ToString("N"),
        Verb = verb,
        Data = data,
        IsInvoke = true,
    });

    public async Task<TurnOutput> RunAsync(TurnInput input)
    {
        await using var scope = provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ConversationRouter>().HandleAsync(input, default);
    }

    /// <summary>A complete, valid form submission for «277» as the card would send it.</summary>
    public JsonObject ValidForm(string? cardKey = "a1b2c3d4e5f6a7b8c9d0") => new()
    {
        ["cardKey"] = cardKey,
        ["consultationId"] = "",
        ["rows"] = "2",
        ["schoolId"] = School277.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["date"] = "2025-03-12",
        ["format"] = "InPerson",
        ["duration"] = "45",
        ["participants"] = "Иванова А. П.; педагоги 7-х классов",
        ["participantRoles"] = "Director,Curator",
        ["topic"] = "Антирисковая программа: учебная мотивация",
        ["decisions"] = "Доработать раздел мониторинга; провести анкетирование 7–9 классов",
        ["plan"] = "Обсудить итоги анкетирования на следующей встрече",
        ["topics"] = $"r:{RiskId},i:{ItemId}",
        ["action1Text"] = "Провести педсовет по итогам анкетирования",
        ["action1Due"] = "2025-03-28",
        ["action1Who"] = DirectorId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["action1WhoText"] = "",
        ["action2Text"] = "Прислать доработанную программу",
        ["action2Due"] = "",
        ["action2Who"] = "",
        ["action2WhoText"] = "заместитель директора по УВР",
    };

    public async ValueTask DisposeAsync()
    {
        await provider.DisposeAsync();
        database.Dispose();
    }
}

internal static class OutputExtensions
{
    public static T Card<T>(this TurnOutput output, string template)
    {
        var card = output.UpdatedCard?.Template == template
            ? output.UpdatedCard
            : output.Replies.OfType<CardReply>().LastOrDefault(r => r.Template == template);
        card.ShouldNotBeNull($"expected a «{template}» card; got {Describe(output)}");
        return card.Model.ShouldBeOfType<T>();
    }

    public static string Describe(TurnOutput output) =>
        string.Join(" | ", output.Replies.Select(r => r switch
        {
            TextReply t => "text: " + t.Text,
            CardReply c => "card: " + c.Template,
            FileReply f => "file: " + f.FileName,
            _ => r.ToString(),
        }).Append("updated: " + output.UpdatedCard?.Template).Append("message: " + output.ActionMessage));
}
