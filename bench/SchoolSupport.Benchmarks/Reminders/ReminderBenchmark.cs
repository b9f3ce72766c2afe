using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolSupport.Benchmarks.Turns;
using SchoolSupport.Data;
using SchoolSupport.Outbox;
using SchoolSupport.Reminders;

namespace SchoolSupport.Benchmarks.Reminders;

/// <summary>
/// One day's deadline digests for the whole country: the real <see cref="ReminderPlanner"/> inside the real host, on the
/// national database of the turns benchmark, with the clock at its reminder time (Wednesday 10:00 Moscow, so every
/// region's time has come). Times the first run (every digest built and queued) and a second run the same day (nothing
/// new: the dedup keys hold), then counts the outbox: one digest per person, no key twice.
/// </summary>
public static class ReminderBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var scale = new NationalScale(Args.Int(args, "--regions", quick ? 5 : 85), Args.Int(args, "--schools", quick ? 300 : 5000), 150, TurnsBenchmark.Now.Year);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reminders benchmark: {scale.Regions} regions, {scale.Schools} schools, clock {TurnsBenchmark.Now:yyyy-MM-dd HH:mm}Z, {Environment.ProcessorCount} cores"));
        var database = await NationalDatabase.EnsureAsync(scale, TurnsBenchmark.Now);
        var folder = Path.Combine(Path.GetTempPath(), "schoolsupport-bench", "run-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "national.db");
        File.Copy(database.Path, path);
        var failed = false;
        try
        {
            await using (var host = new BenchHost(path, new FixedTimeProvider(TurnsBenchmark.Now), backgroundPlanner: false))
            {
                failed |= !await PlanAsync("SQLite", host.Services);
            }

            if (TurnsBenchmark.PostgresServer(args) is { } server)
            {
                var run = await PostgresNational.CreateRunDatabaseAsync(server, database.Path, Path.GetFileNameWithoutExtension(database.Path));
                try
                {
                    await using var host = BenchHost.Postgres(run.RunConnection, new FixedTimeProvider(TurnsBenchmark.Now), "A", backgroundPlanner: false);
                    failed |= !await PlanAsync("PostgreSQL", host.Services);
                }
                finally
                {
                    await PostgresNational.DropAsync(server, run.RunName);
                }
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A leftover copy in the temp folder does not change the result.
            }
        }

        return failed ? 1 : 0;
    }

    private static async Task<bool> PlanAsync(string label, IServiceProvider services)
    {
        var planner = services.GetRequiredService<ReminderPlanner>();
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var first = await planner.RunOnceAsync(CancellationToken.None);
        var firstTime = clock.Elapsed;
        var firstCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        clock.Restart();
        var second = await planner.RunOnceAsync(CancellationToken.None);
        var secondTime = clock.Elapsed;

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchoolSupportDbContext>();
        var digests = await db.OutboxMessages.CountAsync(m => m.DedupKey != null && m.DedupKey.StartsWith("digest:"));
        var keys = await db.OutboxMessages.Where(m => m.DedupKey != null && m.DedupKey.StartsWith("digest:")).Select(m => m.DedupKey).Distinct().CountAsync();
        var deliveries = await db.Deliveries.CountAsync(d => d.Message!.DedupKey != null && d.Message.DedupKey.StartsWith("digest:"));
        var people = await db.Deliveries.Where(d => d.Message!.DedupKey != null && d.Message.DedupKey.StartsWith("digest:")).Select(d => d.PersonId).Distinct().CountAsync();
        var queued = await db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.Queued);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}:"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  first run:  {first} digests in {firstTime.TotalSeconds:F2} s ({first / Math.Max(firstTime.TotalSeconds, 0.001):F0} per second, {firstCpu.TotalSeconds:F2} s of CPU)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  second run the same day: {second} digests in {secondTime.TotalSeconds:F2} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  outbox: {digests} digest messages, {keys} distinct keys, {deliveries} deliveries to {people} people, {queued} queued"));
        var ok = first > 0 && second == 0 && digests == first && keys == digests && deliveries == digests && people == digests;
        Console.WriteLine(ok ? "  checks: one digest per person, none twice" : "  checks: FAILED (counts above do not match)");
        return ok;
    }
}
