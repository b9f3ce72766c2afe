using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolSupport.Announcements;
using SchoolSupport.Conversation;
using SchoolSupport.People;
using SchoolSupport.Reminders;
using SchoolSupport.Schools;
using SchoolSupport.Tests.Outbox;

namespace SchoolSupport.Tests.Announcements;

/// <summary>
/// A region with two municipalities and four schools (two per municipality, cohorts 2021 and 2022) and people in
/// every role, each with a personal chat; turns go through the real router.
/// </summary>
public sealed class AnnouncementWorld : IAsyncDisposable
{
    private AnnouncementWorld(OutboxTestHost host) => Host = host;

    public OutboxTestHost Host { get; }
    public int RegionId { get; private set; }
    public int M1 { get; private set; }
    public int M2 { get; private set; }

    /// <summary>S1 (M1, 2021), S2 (M1, 2022), S3 (M2, 2021), S4 (M2, 2022).</summary>
    public int[] S { get; private set; } = [];

    public Dictionary<string, int> P { get; } = new(StringComparer.Ordinal);

    public static async Task<AnnouncementWorld> CreateAsync()
    {
        var host = await OutboxTestHost.SqliteAsync(features: (services, configuration) =>
        {
            services.AddConversation(configuration);
            services.AddAnnouncements();
            services.AddReminders(configuration);
        });
        var world = new AnnouncementWorld(host);
        await world.SeedAsync();
        return world;
    }

    private async Task SeedAsync()
    {
        await using var db = Host.Db();
        var region = new Region { Name = "Тестовая область", TimeZone = "Europe/Moscow", ReminderTime = new TimeOnly(9, 0) };
        db.Regions.Add(region);
        await db.SaveChangesAsync();
        var m1 = new Municipality { RegionId = region.Id, Name = "Северный район" };
        var m2 = new Municipality { RegionId = region.Id, Name = "Южный район" };
        db.Municipalities.AddRange(m1, m2);
        await db.SaveChangesAsync();
        var schools = new[]
        {
            new School { RegionId = region.Id, MunicipalityId = m1.Id, Name = "Школа 1", Cohort = 2021 },
            new School { RegionId = region.Id, MunicipalityId = m1.Id, Name = "Школа 2", Cohort = 2022 },
            new School { RegionId = region.Id, MunicipalityId = m2.Id, Name = "Школа 3", Cohort = 2021 },
            new School { RegionId = region.Id, MunicipalityId = m2.Id, Name = "Школа 4", Cohort = 2022 },
        };
        db.Schools.AddRange(schools);
        await db.SaveChangesAsync();
        RegionId = region.Id;
        M1 = m1.Id;
        M2 = m2.Id;
        S = schools.Select(s => s.Id).ToArray();

        async Task AddAsync(string key, bool active, params (Role Role, int? Municipality, int? School)[] roles)
        {
            var person = new Person { FullName = "Участник " + key, Email = key + "@test.local", IsActive = active };
            db.People.Add(person);
            await db.SaveChangesAsync();
            foreach (var (role, municipality, school) in roles)
            {
                db.RoleAssignments.Add(new RoleAssignment { PersonId = person.Id, Role = role, RegionId = region.Id, MunicipalityId = municipality, SchoolId = school });
            }

            db.ConversationAddresses.Add(new ConversationAddress
            {
                PersonId = person.Id,
                ChannelId = "msteams",
                UserId = OutboxTestHost.UserId(person.Id),
                ConversationId = "a:conv-" + person.Id,
                ConversationType = "personal",
                ServiceUrl = "https://smba.example/teams/",
                TenantId = "tenant-1",
                UpdatedAt = Host.Now,
            });
            await db.SaveChangesAsync();
            P[key] = person.Id;
        }

        await AddAsync("rc", true, (Role.RegionalCoordinator, null, null));
        await AddAsync("rc2", true, (Role.RegionalCoordinator, null, null));
        await AddAsync("mc1", true, (Role.MunicipalCoordinator, m1.Id, null));
        await AddAsync("mc2", true, (Role.MunicipalCoordinator, m2.Id, null));
        for (var i = 0; i < 4; i++)
        {
            await AddAsync($"dir{i + 1}", true, (Role.Director, null, S[i]));
        }

        await AddAsync("dirGone", false, (Role.Director, null, S[0]));
        await AddAsync("cur1", true, (Role.Curator, null, S[0]), (Role.Curator, null, S[1]));
        await AddAsync("cur2", true, (Role.Curator, null, S[2]));
        await AddAsync("cur3", true, (Role.Curator, null, S[3]));
        await AddAsync("cons1", true, (Role.Consultant, null, S[1]), (Role.Consultant, null, S[2]));
    }

    public async Task<Caller> CallerAsync(string key)
    {
        await using var db = Host.Db();
        var person = await db.People.FirstAsync(p => p.Id == P[key]);
        return await CallerLoader.LoadAsync(db, person, DateOnly.FromDateTime(Host.Now), CancellationToken.None);
    }

    public Task<TurnOutput> SayAsync(string key, string text) =>
        TurnAsync(key, new TurnInput
        {
            ChannelId = "msteams",
            UserId = OutboxTestHost.UserId(P[key]),
            ConversationId = "a:conv-" + P[key],
            ServiceUrl = "https://smba.example/teams/",
            Text = text,
        });

    public Task<TurnOutput> ActAsync(string key, string verb, JsonObject data) =>
        TurnAsync(key, new TurnInput
        {
            ChannelId = "msteams",
            UserId = OutboxTestHost.UserId(P[key]),
            ConversationId = "a:conv-" + P[key],
            ServiceUrl = "https://smba.example/teams/",
            Verb = verb,
            Data = data,
            IsInvoke = true,
        });

    private async Task<TurnOutput> TurnAsync(string key, TurnInput input)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ConversationRouter>().HandleAsync(input, CancellationToken.None);
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
