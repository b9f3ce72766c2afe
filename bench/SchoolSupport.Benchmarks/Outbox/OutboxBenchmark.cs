using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SchoolSupport.Conversation;
using SchoolSupport.Data;
using SchoolSupport.Outbox;
using SchoolSupport.People;
using SchoolSupport.Tests.Outbox;

namespace SchoolSupport.Benchmarks.Outbox;

/// <summary>
/// One announcement to N recipients through the real dispatcher and database against the throttling fake connector
/// (Teams limits, 429 when exceeded), in real time. Three runs: uninterrupted; stopped at a random moment and restarted
/// (graceful stop: in-flight calls finish); killed at a random moment and restarted (in-flight calls abandoned, the
/// honest crash case). Prints messages/s, the ratio to the configured ceiling, 429s, duplicates and losses.
/// </summary>
public static class OutboxBenchmark
{
    private sealed record Settings(int Recipients, double Rate, double Ceiling, int Burst, int TenantLimit, int LatencyMs, string? Postgres);

    public static async Task<int> RunAsync(string[] args)
    {
        var settings = new Settings(
            Recipients: IntArg(args, "--recipients", 10_000),
            Rate: IntArg(args, "--rate", 30),
            Ceiling: IntArg(args, "--ceiling", 48),
            Burst: IntArg(args, "--burst", 2),
            TenantLimit: IntArg(args, "--tenant-limit", 50),
            LatencyMs: IntArg(args, "--latency-ms", 40),
            Postgres: StringArg(args, "--postgres"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"outbox benchmark: {settings.Recipients} recipients, adaptive bucket from {settings.Rate}/s up to {settings.Ceiling}/s + burst {settings.Burst}, fake connector {settings.TenantLimit}/s per tenant, 7/s & 60/30 s per conversation, latency {settings.LatencyMs} ms, {(settings.Postgres is null ? "SQLite (WAL)" : "PostgreSQL")}"));
        Console.WriteLine();
        Console.WriteLine("sustained = rate after the first 10 s (the climb from the start rate); throttled = 429s per message sent");
        Console.WriteLine("run             sent    wall s  msg/s  sustained  ceiling  429s  throttled  dup  possible-dup  lost");

        var ok = true;
        ok &= await RunScenarioAsync(settings, "uninterrupted", Interruption.None);
        ok &= await RunScenarioAsync(settings, "stop+restart", Interruption.Graceful);
        ok &= await RunScenarioAsync(settings, "kill+restart", Interruption.Crash);
        return ok ? 0 : 1;
    }

    private enum Interruption
    {
        None,
        Graceful,
        Crash,
    }

    private static async Task<bool> RunScenarioAsync(Settings settings, string name, Interruption interruption)
    {
        var folder = Path.Combine(Path.GetTempPath(), "schoolsupport-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var dbOptions = settings.Postgres is { } pg
            ? new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = pg }
            : new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "bench.db")}" };
        try
        {
            var connector = new ThrottlingFakeConnector(TimeProvider.System)
            {
                TenantPerSecond = settings.TenantLimit,
                RequestLatency = TimeSpan.FromMilliseconds(settings.LatencyMs / 2.0),
                ResponseLatency = TimeSpan.FromMilliseconds(settings.LatencyMs / 2.0),
            };
            var lease = TimeSpan.FromSeconds(5);
            await using var services = BuildServices(dbOptions, connector, settings, lease, interruption == Interruption.Crash ? TimeSpan.Zero : TimeSpan.FromSeconds(10));
            var messageId = await SeedAsync(services, settings.Recipients);

            var clock = Stopwatch.StartNew();
            var possibleDuplicates = 0;
            if (interruption != Interruption.None)
            {
                // Stop somewhere between 10 % and 90 % of the expected duration, and forget everything in memory.
                var expected = settings.Recipients / settings.Rate;
                var stopAfter = TimeSpan.FromSeconds(expected * (0.1 + Random.Shared.NextDouble() * 0.8));
                using var cts = new CancellationTokenSource(stopAfter);
                await ActivatorUtilities.CreateInstance<OutboxDispatcher>(services).RunAsync(cts.Token);
                await using var db = NewDb(services);
                possibleDuplicates = await db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.Sending);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  ({name}: stopped after {stopAfter.TotalSeconds:F1} s with {connector.DistinctReceived} sent, {possibleDuplicates} rows left in Sending)"));
            }

            var dispatcher = ActivatorUtilities.CreateInstance<OutboxDispatcher>(services);
            using (var done = new CancellationTokenSource())
            {
                var run = dispatcher.RunAsync(done.Token);
                while (await PendingAsync(services, messageId) > 0)
                {
                    await Task.Delay(250);
                }

                await done.CancelAsync();
                await run;
            }

            clock.Stop();
            await using var check = NewDb(services);
            var rows = await check.Deliveries.AsNoTracking().Where(d => d.MessageId == messageId)
                .Select(d => new { d.Id, d.Status, d.PossibleDuplicate }).ToListAsync();
            var lost = rows.Count(r => r.Status != DeliveryStatus.Sent || connector.TimesReceived("delivery-" + r.Id.ToString(CultureInfo.InvariantCulture)) == 0);
            var flagged = rows.Count(r => r.PossibleDuplicate);
            var seconds = clock.Elapsed.TotalSeconds;
            var rate = connector.DistinctReceived / seconds;
            var sustained = Sustained(connector.AcceptedAt);
            var throttledShare = (double)connector.Throttled429 / Math.Max(1, connector.DistinctReceived);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-14} {connector.DistinctReceived,6}  {seconds,7:F1}  {rate,5:F1}  {sustained,9:F1}  {rate / settings.Ceiling,6:P0}  {connector.Throttled429,4}  {throttledShare,9:P2}  {connector.Duplicates,3}  {Math.Max(flagged, possibleDuplicates),12}  {lost,4}"));
            if (interruption == Interruption.None)
            {
                var met = sustained >= 45 && throttledShare < 0.01 && connector.Duplicates == 0 && lost == 0;
                Console.WriteLine(met
                    ? "  target met (sustained ≥ 45 msg/s, < 1 % throttled, 0 duplicates, 0 lost)"
                    : "  target missed (sustained ≥ 45 msg/s, < 1 % throttled, 0 duplicates, 0 lost)");
            }

            return lost == 0 && (interruption == Interruption.Crash || connector.Duplicates == 0);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Leftover temp files do not change the result.
            }
        }
    }

    /// <summary>Messages per second the channel accepted after the first 10 s, when the rate has climbed to the ceiling.</summary>
    private static double Sustained(IReadOnlyCollection<DateTime> acceptedAt)
    {
        var times = acceptedAt.Order().ToList();
        if (times.Count < 2)
        {
            return 0;
        }

        var from = times[0].AddSeconds(10);
        var late = times.Where(t => t >= from).ToList();
        return late.Count < 2 ? 0 : (late.Count - 1) / (late[^1] - late[0]).TotalSeconds;
    }

    private static ServiceProvider BuildServices(DatabaseOptions dbOptions, ThrottlingFakeConnector connector, Settings settings, TimeSpan lease, TimeSpan grace)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<SchoolSupportDbContext>(b => DatabaseSetup.Configure(b, dbOptions));
        services.AddSingleton<IProactiveSender>(connector);
        services.AddOutbox(new ConfigurationBuilder().Build());
        services.Configure<OutboxOptions>(o =>
        {
            o.TenantMessagesPerSecond = settings.Rate;
            o.TenantMaxMessagesPerSecond = settings.Ceiling;
            o.TenantBurst = settings.Burst;
            o.Lease = lease;
            o.ShutdownGrace = grace;
            o.PollInterval = TimeSpan.FromMilliseconds(200);
        });
        return services.BuildServiceProvider();
    }

    private static SchoolSupportDbContext NewDb(ServiceProvider services) =>
        services.CreateScope().ServiceProvider.GetRequiredService<SchoolSupportDbContext>();

    private static async Task<long> SeedAsync(ServiceProvider services, int recipients)
    {
        await using var db = NewDb(services);
        if (db.Database.IsNpgsql())
        {
            // Each run starts from an empty database of the given name.
            await db.Database.EnsureDeletedAsync();
            await db.Database.EnsureCreatedAsync();
        }
        else
        {
            await SchemaMigrator.MigrateAsync(db);
        }

        if (db.Database.IsSqlite())
        {
            // WAL: status writes do not wait for a full fsync each; the recommended mode for a bot on SQLite.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        var now = DateTime.UtcNow;
        var people = Enumerable.Range(0, recipients).Select(i => new Person { FullName = $"Получатель {i}", CreatedAt = now }).ToList();
        db.People.AddRange(people);
        await db.SaveChangesAsync();
        db.ConversationAddresses.AddRange(people.Select(p => new ConversationAddress
        {
            PersonId = p.Id,
            ChannelId = "msteams",
            UserId = "29:u" + p.Id,
            ConversationId = "a:" + p.Id,
            ConversationType = "personal",
            ServiceUrl = "http://127.0.0.1:1/",
            TenantId = "tenant-bench",
            UpdatedAt = now,
        }));
        var message = OutboxWriter.Enqueue(db, new OutboxMessage
        {
            Kind = DeliveryKind.Announcement,
            Template = "announcement",
            Data = """{"title":"Совещание кураторов","text":"В четверг в 15:00 — ВКС по итогам мониторинга."}""",
            Text = "Совещание кураторов",
        }, people.Select(p => p.Id), now);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        return message.Id;
    }

    private static async Task<int> PendingAsync(ServiceProvider services, long messageId)
    {
        await using var db = NewDb(services);
        return await db.Deliveries.CountAsync(d => d.MessageId == messageId
            && (d.Status == DeliveryStatus.Queued || d.Status == DeliveryStatus.Throttled || d.Status == DeliveryStatus.Sending));
    }

    private static int IntArg(string[] args, string name, int fallback) =>
        StringArg(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private static string? StringArg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
