using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SchoolSupport.Conversation;
using SchoolSupport.Data;
using SchoolSupport.Outbox;
using SchoolSupport.People;
using SchoolSupport.Tests.Support;

namespace SchoolSupport.Tests.Outbox;

/// <summary>A migrated database, a manual clock, the throttling fake connector and a way to make dispatchers.</summary>
public sealed class OutboxTestHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 3, 3, 6, 0, 0, TimeSpan.Zero);

    private readonly IDisposable database;

    private OutboxTestHost(IDisposable database, DatabaseOptions dbOptions, Action<OutboxOptions>? configure, Action<IServiceCollection, IConfiguration>? features)
    {
        this.database = database;
        DatabaseOptions = dbOptions;
        Time = new ManualTime(Start);
        Connector = new ThrottlingFakeConnector(Time);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<SchoolSupportDbContext>(b => DatabaseSetup.Configure(b, dbOptions));
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<IProactiveSender>(_ => Sender);
        var configuration = new ConfigurationBuilder().Build();
        services.AddOutbox(configuration);
        features?.Invoke(services, configuration);
        services.Configure<OutboxOptions>(o =>
        {
            o.MaxParallelSends = 1;
            configure?.Invoke(o);
        });
        Services = services.BuildServiceProvider();
    }

    public ManualTime Time { get; }

    public DatabaseOptions DatabaseOptions { get; }
    public ThrottlingFakeConnector Connector { get; }

    /// <summary>The sender the dispatchers use; the fake connector unless a test swaps it.</summary>
    public IProactiveSender Sender { get; set; } = null!;

    public ServiceProvider Services { get; }

    public static Task<OutboxTestHost> SqliteAsync(Action<OutboxOptions>? configure = null, Action<IServiceCollection, IConfiguration>? features = null)
    {
        var db = new SqliteTestDatabase();
        var options = db.Options;
        // Pooled connections: the dispatcher opens a short unit of work per status write.
        options.ConnectionString = options.ConnectionString!.Replace("Pooling=False", "Pooling=True", StringComparison.Ordinal);
        return InitAsync(new OutboxTestHost(db, options, configure, features));
    }

    public static Task<OutboxTestHost> PostgresAsync(Action<OutboxOptions>? configure = null)
    {
        var db = new PostgresTestDatabase();
        var options = db.Options;
        options.ConnectionString = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString) { Pooling = true }.ToString();
        return InitAsync(new OutboxTestHost(db, options, configure, null));
    }

    private static async Task<OutboxTestHost> InitAsync(OutboxTestHost host)
    {
        host.Sender = host.Connector;
        await using var db = host.Db();
        await SchemaMigrator.MigrateAsync(db);
        return host;
    }

    public DateTime Now => Time.GetUtcNow().UtcDateTime;

    public SchoolSupportDbContext Db() => Services.CreateScope().ServiceProvider.GetRequiredService<SchoolSupportDbContext>();

    /// <summary>A fresh dispatcher (nothing in memory) whose waits move the manual clock instead of sleeping.</summary>
    public OutboxDispatcher NewDispatcher()
    {
        var dispatcher = ActivatorUtilities.CreateInstance<OutboxDispatcher>(Services);
        dispatcher.Delay = (delay, ct) =>
        {
            ct.ThrowIfCancellationRequested();
            Time.Advance(delay);
            return Task.CompletedTask;
        };
        return dispatcher;
    }

    /// <summary>People with a personal conversation (user id «29:p{n}») unless told otherwise.</summary>
    public async Task<List<int>> AddPeopleAsync(int count, string tenant = "tenant-1", string? conversationType = "personal", bool withAddress = true)
    {
        await using var db = Db();
        var people = Enumerable.Range(0, count).Select(i => new Person { FullName = $"Получатель {i}", CreatedAt = Now }).ToList();
        db.People.AddRange(people);
        await db.SaveChangesAsync();
        if (withAddress)
        {
            foreach (var p in people)
            {
                db.ConversationAddresses.Add(new ConversationAddress
                {
                    PersonId = p.Id,
                    ChannelId = "msteams",
                    UserId = UserId(p.Id),
                    ConversationId = conversationType == "personal" ? "a:conv-" + p.Id : "19:team-channel",
                    ConversationType = conversationType,
                    ServiceUrl = "https://smba.example/teams/",
                    TenantId = tenant,
                    BotId = "28:bot",
                    UpdatedAt = Now,
                });
            }

            await db.SaveChangesAsync();
        }

        return people.Select(p => p.Id).ToList();
    }

    public static string UserId(int personId) => "29:p" + personId;

    public async Task<long> EnqueueAsync(IEnumerable<int> personIds, DeliveryKind kind = DeliveryKind.Announcement, DateTime? notBefore = null)
    {
        await using var db = Db();
        var message = OutboxWriter.Enqueue(db, new OutboxMessage { Kind = kind, Text = "Проверка связи", Template = "announcement", Data = "{}" }, personIds, Now, notBefore);
        await db.SaveChangesAsync();
        return message.Id;
    }

    public async Task<List<Delivery>> DeliveriesAsync()
    {
        await using var db = Db();
        return await db.Deliveries.AsNoTracking().OrderBy(d => d.Id).ToListAsync();
    }

    /// <summary>Runs batches until nothing is pending, moving the clock to the next due row when all wait.</summary>
    public async Task DrainAsync(OutboxDispatcher dispatcher, int maxRounds = 10_000)
    {
        for (var round = 0; round < maxRounds; round++)
        {
            if (await dispatcher.RunOnceAsync(CancellationToken.None) > 0)
            {
                continue;
            }

            await using var db = Db();
            var pending = await db.Deliveries.AsNoTracking()
                .Where(d => d.Status == DeliveryStatus.Queued || d.Status == DeliveryStatus.Throttled || d.Status == DeliveryStatus.Sending)
                .Select(d => new { d.Status, d.NextAttemptAt, d.LeaseUntil })
                .ToListAsync();
            var next = pending
                .Select(d => d.Status == DeliveryStatus.Sending ? d.LeaseUntil ?? d.NextAttemptAt
                    : d.LeaseUntil is { } lease && lease > d.NextAttemptAt ? lease : d.NextAttemptAt)
                .Select(d => (DateTime?)d)
                .Min();
            if (next is null)
            {
                return;
            }

            var wait = DateTime.SpecifyKind(next.Value, DateTimeKind.Utc) - Now;
            Time.Advance(wait > TimeSpan.Zero ? wait + TimeSpan.FromMilliseconds(1) : TimeSpan.FromMilliseconds(1));
        }

        throw new InvalidOperationException("The outbox did not drain.");
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Npgsql.NpgsqlConnection.ClearAllPools();
        database.Dispose();
    }
}
