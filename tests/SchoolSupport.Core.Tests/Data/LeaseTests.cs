using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SchoolSupport.Data;
using SchoolSupport.Tests.Outbox;
using SchoolSupport.Tests.Support;

namespace SchoolSupport.Tests.Data;

/// <summary>
/// The database leases that let one instance at a time run a job: taken in one statement per provider, refused while
/// another owner holds them, taken over once they expire, and given back on a graceful stop.
/// </summary>
public sealed class LeaseTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 18, 7, 0, 0, TimeSpan.Zero);

    public static TheoryData<DatabaseProvider> Providers() => new() { DatabaseProvider.Sqlite, DatabaseProvider.Postgres };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TryAcquire_HeldByAnother_IsRefusedUntilItExpiresThenTakenOver(DatabaseProvider provider)
    {
        await using var world = await World.CreateAsync(provider);
        var a = world.Instance("a");
        var b = world.Instance("b");

        (await a.TryAcquireAsync("job:reminders", default)).ShouldNotBeNull();
        (await b.TryAcquireAsync("job:reminders", default)).ShouldBeNull();
        world.Time.Advance(TimeSpan.FromSeconds(20));
        // The holder renews: still refused to the other.
        (await a.TryAcquireAsync("job:reminders", default)).ShouldNotBeNull();
        world.Time.Advance(TimeSpan.FromSeconds(20));
        (await b.TryAcquireAsync("job:reminders", default)).ShouldBeNull();

        // The holder dies: no renewal for longer than the lease.
        world.Time.Advance(TimeSpan.FromSeconds(31));
        (await b.TryAcquireAsync("job:reminders", default)).ShouldNotBeNull();
        (await a.TryAcquireAsync("job:reminders", default)).ShouldBeNull();

        var row = await world.LeaseAsync("job:reminders");
        row.Owner.ShouldBe("b");
        row.AcquiredAt.ShouldBe(world.Time.GetUtcNow().UtcDateTime, TimeSpan.FromMilliseconds(1));
        (await world.CountAsync()).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Release_GracefulStop_LetsAnotherTakeItAtOnce(DatabaseProvider provider)
    {
        await using var world = await World.CreateAsync(provider);
        var a = world.Instance("a");
        var b = world.Instance("b");
        (await a.TryAcquireAsync("outbox", default)).ShouldNotBeNull();

        await b.ReleaseAsync("outbox", default);
        (await b.TryAcquireAsync("outbox", default)).ShouldBeNull("only the owner can give a lease back");

        await a.ReleaseAsync("outbox", default);
        (await b.TryAcquireAsync("outbox", default)).ShouldNotBeNull();
        (await world.LeaseAsync("outbox")).Owner.ShouldBe("b");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TryAcquire_ManyInstancesRacingForAnExpiredLease_ExactlyOneWins(DatabaseProvider provider)
    {
        await using var world = await World.CreateAsync(provider);
        (await world.Instance("old").TryAcquireAsync("outbox", default)).ShouldNotBeNull();
        world.Time.Advance(TimeSpan.FromMinutes(1));
        var racers = Enumerable.Range(0, 8).Select(i => world.Instance("racer-" + i)).ToList();

        for (var round = 0; round < 5; round++)
        {
            var results = await Task.WhenAll(racers.Select(r => Task.Run(() => r.TryAcquireAsync("outbox", default))));

            results.Count(r => r is not null).ShouldBe(1, $"round {round}");
            world.Time.Advance(TimeSpan.FromMinutes(1));
        }
    }

    [Fact]
    public async Task LeaseHolder_CannotRenew_StopsActingBeforeTheLeaseRunsOutElsewhere()
    {
        await using var world = await World.CreateAsync(DatabaseProvider.Sqlite);
        var a = new LeaseHolder(world.Instance("a"), world.Time, "outbox", NullLogger.Instance);
        var b = world.Instance("b");
        (await a.EnsureAsync(default)).ShouldBeTrue();
        a.IsSafelyHeld.ShouldBeTrue();

        // Renewals go through for a while; then the holder hangs (no renewal) past two thirds of the lease.
        world.Time.Advance(TimeSpan.FromSeconds(15));
        (await a.EnsureAsync(default)).ShouldBeTrue();
        world.Time.Advance(TimeSpan.FromSeconds(21));
        a.IsSafelyHeld.ShouldBeFalse("it must stop before the lease (renewed 21 s ago, 30 s long) can expire");
        (await b.TryAcquireAsync("outbox", default)).ShouldBeNull("in the database it is still held");

        world.Time.Advance(TimeSpan.FromSeconds(10));
        (await b.TryAcquireAsync("outbox", default)).ShouldNotBeNull();
        (await a.EnsureAsync(default)).ShouldBeFalse();
        a.IsSafelyHeld.ShouldBeFalse();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LeasedJob_TwoInstances_RunTheJobOneAtATimeAndTheOtherTakesOverOnStop(DatabaseProvider provider)
    {
        await using var world = await World.CreateAsync(provider, TimeProvider.System);
        var runs = new ConcurrentQueue<(string Instance, DateTime From, DateTime To)>();
        var a = world.JobService("a", runs);
        var b = world.JobService("b", runs);

        await a.StartAsync(default);
        await b.StartAsync(default);
        await WaitUntilAsync(() => runs.Count >= 10);
        var first = runs.ToList();
        first.Select(r => r.Instance).Distinct().Count().ShouldBe(1, "while the holder lives, only it runs the job");
        var holder = first[0].Instance;

        await (holder == "a" ? a : b).StopAsync(default);
        await WaitUntilAsync(() => runs.Any(r => r.Instance != holder));
        await (holder == "a" ? b : a).StopAsync(default);

        var all = runs.OrderBy(r => r.From).ToList();
        for (var i = 1; i < all.Count; i++)
        {
            all[i].From.ShouldBeGreaterThanOrEqualTo(all[i - 1].To, "two runs overlapped");
        }

        // The other instance takes over only after the holder's last run ended (the stop released the lease).
        var holderLastEnd = all.Where(r => r.Instance == holder).Max(r => r.To);
        all.Where(r => r.Instance != holder).ShouldAllBe(r => r.From >= holderLastEnd);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "timed out");
            await Task.Delay(20);
        }
    }

    private sealed class CountingJob(string instance, ConcurrentQueue<(string, DateTime, DateTime)> runs) : IPeriodicJob
    {
        public string Name => "counting";

        public TimeSpan Interval => TimeSpan.FromMilliseconds(50);

        public async Task RunOnceAsync(CancellationToken ct)
        {
            var from = DateTime.UtcNow;
            await Task.Delay(10, ct);
            runs.Enqueue((instance, from, DateTime.UtcNow));
        }
    }

    private sealed class World : IAsyncDisposable
    {
        private readonly IDisposable database;
        private readonly DatabaseOptions options;
        private readonly List<ServiceProvider> providers = [];

        private World(IDisposable database, DatabaseOptions options, TimeProvider time)
        {
            this.database = database;
            this.options = options;
            Clock = time;
        }

        public ManualTime Time => (ManualTime)Clock;

        public TimeProvider Clock { get; }

        public static async Task<World> CreateAsync(DatabaseProvider provider, TimeProvider? time = null)
        {
            IDisposable db;
            DatabaseOptions options;
            if (provider == DatabaseProvider.Postgres)
            {
                var pg = new PostgresTestDatabase();
                (db, options) = (pg, pg.Options);
            }
            else
            {
                var lite = new SqliteTestDatabase();
                (db, options) = (lite, lite.Options);
            }

            var world = new World(db, options, time ?? new ManualTime(Start));
            await using var context = DatabaseSetup.CreateContext(options);
            await SchemaMigrator.MigrateAsync(context);
            return world;
        }

        public LeaseManager Instance(string name) => Services(name).GetRequiredService<LeaseManager>();

        public LeasedJobService<CountingJob> JobService(string name, ConcurrentQueue<(string, DateTime, DateTime)> runs)
        {
            var services = Services(name, TimeSpan.FromSeconds(10));
            return new LeasedJobService<CountingJob>(
                new CountingJob(name, runs), services.GetRequiredService<LeaseManager>(), Clock, NullLogger<LeasedJobService<CountingJob>>.Instance);
        }

        public async Task<Lease> LeaseAsync(string name)
        {
            await using var db = DatabaseSetup.CreateContext(options);
            return await db.Leases.AsNoTracking().SingleAsync(l => l.Name == name);
        }

        public async Task<int> CountAsync()
        {
            await using var db = DatabaseSetup.CreateContext(options);
            return await db.Leases.CountAsync();
        }

        private ServiceProvider Services(string instance, TimeSpan? duration = null)
        {
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSingleton(Clock);
            services.AddDbContext<SchoolSupportDbContext>(b => DatabaseSetup.Configure(b, options));
            services.AddLeases(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Hosting:InstanceName"] = instance,
                ["Hosting:LeaseDuration"] = (duration ?? TimeSpan.FromSeconds(30)).ToString(),
            }).Build());
            var provider = services.BuildServiceProvider();
            providers.Add(provider);
            return provider;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var provider in providers)
            {
                await provider.DisposeAsync();
            }

            database.Dispose();
        }
    }
}
