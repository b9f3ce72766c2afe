using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolSupport.Cards;
using SchoolSupport.Conversation;
using SchoolSupport.Reminders;

namespace SchoolSupport.Benchmarks.Turns;

/// <summary>
/// A status-card turn and a "what is due this month" turn versus a bare echo turn (an unrecognised phrase from a known
/// person: identity, address and router, then a fixed text) through the same HTTP pipeline, on a national-scale SQLite
/// database. Three load shapes: one user at a time (service time), many users each waiting for the reply and thinking
/// before the next message (how people use a chat), and the same users with no think time (saturation: the throughput
/// ceiling, latency there is mostly queueing).
/// </summary>
public static class TurnsBenchmark
{
    /// <summary>Wednesday 15 April 2026, 10:00 Moscow: mid school year, about a third of the roadmap already past due.</summary>
    public static readonly DateTimeOffset Now = new(2026, 4, 15, 7, 0, 0, TimeSpan.Zero);

    public const double TargetRatio = 3.0;
    public const double TargetP99Ms = 50.0;

    private static readonly TurnKind[] Kinds =
    [
        new("echo", "проверка связи", Echo: true),
        new("status", "статус", Echo: false),
        new("due-month", "что сдать до конца месяца", Echo: false),
    ];

    private sealed record TurnKind(string Name, string Text, bool Echo);

    private sealed record Settings(int Regions, int Schools, int Items, int Users, int Turns, int SerialTurns, int ThinkMs, int WarmupRounds, bool Quick);

    private sealed record Sample(TurnKind Kind, double Ms, int BodyBytes, int CardBytes);

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var settings = new Settings(
            Regions: Args.Int(args, "--regions", quick ? 5 : 85),
            Schools: Args.Int(args, "--schools", quick ? 300 : 5000),
            Items: Args.Int(args, "--items", 150),
            Users: Args.Int(args, "--users", 100),
            Turns: Args.Int(args, "--turns", quick ? 6 : 30),
            SerialTurns: Args.Int(args, "--serial", quick ? 10 : 40),
            ThinkMs: Args.Int(args, "--think-ms", 1000),
            WarmupRounds: Args.Int(args, "--warmup-rounds", quick ? 4 : 12),
            Quick: quick);
        var scale = new NationalScale(settings.Regions, settings.Schools, settings.Items, Now.Year);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"turns benchmark: {scale.Regions} regions, {scale.Schools} schools, {scale.ItemsPerRoadmap} items per regional roadmap, {settings.Users} users x {settings.Turns} turns, clock {Now:yyyy-MM-dd HH:mm}Z, {Environment.ProcessorCount} cores"));
        var database = await NationalDatabase.EnsureAsync(scale, Now);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"database: {database.Path} ({database.Bytes / 1024.0 / 1024.0:F1} MB), {(database.Cached ? "cached (generation skipped)" : $"generated in {database.GenerationTime.TotalSeconds:F1} s")}"));
        Console.WriteLine("  " + string.Join(", ", database.Counts.Select(c => $"{c.Key} {c.Value}")));

        // Each run works on a copy, so address refreshes and the like never change the cached file.
        var folder = Path.Combine(Path.GetTempPath(), "schoolsupport-bench", "run-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "national.db");
        File.Copy(database.Path, path);
        var results = new List<RunResult>();
        try
        {
            var users = await NationalDatabase.PickUsersAsync(path, settings.Users);
            Console.WriteLine("users: " + string.Join(", ", users.GroupBy(u => u.Role).Select(g => $"{g.Count()} {g.Key}")) +
                              $" (each a different person, {users.Select(u => u.RegionId).Distinct().Count()} regions)");
            Console.WriteLine();

            var only = Args.String(args, "--only");
            if (only is null or "sqlite")
            {
                Console.WriteLine("=== SQLite (embedded file), one instance ===");
                await using var host = new BenchHost(path, new FixedTimeProvider(Now), backgroundPlanner: false);
                results.Add(await DriveAsync("SQLite, 1 instance", [host], users, settings));
            }

            if (only is "sqlite")
            {
                Console.WriteLine("PostgreSQL run skipped (--only sqlite).");
            }
            else if (PostgresServer(args) is { } server)
            {
                Console.WriteLine("=== PostgreSQL, two instances on one database ===");
                var pg = await TryCreatePostgresAsync(server, database.Path);
                if (pg is { } run)
                {
                    try
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"database: {run.RunName} from the template ({(run.Cached ? "cached" : $"copied from the SQLite file in {run.CopyTime.TotalSeconds:F1} s")})"));
                        await using var a = BenchHost.Postgres(run.RunConnection, new FixedTimeProvider(Now), "A", backgroundPlanner: false);
                        await using var b = BenchHost.Postgres(run.RunConnection, new FixedTimeProvider(Now), "B", backgroundPlanner: false);
                        results.Add(await DriveAsync("PostgreSQL, 2 instances", [a, b], users, settings));
                    }
                    finally
                    {
                        await PostgresNational.DropAsync(server, run.RunName);
                    }
                }
            }
            else
            {
                Console.WriteLine("PostgreSQL run skipped: no --postgres server and SCHOOLSUPPORT_TEST_POSTGRES is not set.");
            }

            Summary(results, settings.Users);
            if (File.Exists("/proc/loadavg"))
            {
                // Other processes on a small machine show up as tail latency; the load average tells whether they were there.
                Console.WriteLine("load average after the run (1/5/15 min): " + string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)));
            }

            return 0;
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
                // A leftover copy in the temp folder does not change the result.
            }
        }
    }

    private sealed record RunResult(string Label, int Instances, Phase Paced, Phase Saturated, Phase SaturatedOne);

    /// <summary>Warm-up, service time, think-time load and saturation against the given instances (turns spread round-robin).</summary>
    private static async Task<RunResult> DriveAsync(string label, IReadOnlyList<BenchHost> hosts, IReadOnlyList<BenchUser> users, Settings settings)
    {
        var clients = new List<HttpClient>();
        try
        {
            foreach (var host in hosts)
            {
                var startClock = Stopwatch.StartNew();
                var baseAddress = host.Start();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"host: real Kestrel at {baseAddress} (WebApplicationFactory.UseKestrel), started in {startClock.Elapsed.TotalSeconds:F1} s; POST /api/messages with deliveryMode expectReplies"));
                clients.Add(new HttpClient(new SocketsHttpHandler
                {
                    UseCookies = false,
                    MaxConnectionsPerServer = 1024,
                    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                })
                { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(120) });
            }

            // The clock stands at the reminder time, when every region's digests are due at once. The planner runs here,
            // before the measured phases, rather than in the background during them (the reminders benchmark times it).
            var planned = Stopwatch.StartNew();
            var digests = await hosts[0].Services.GetRequiredService<ReminderPlanner>().RunOnceAsync(CancellationToken.None);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"digests of the day: {digests} planned in {planned.Elapsed.TotalSeconds:F1} s before the measured phases"));
            await SettleAsync(hosts[0].Services);

            // Warm-up: every user once per kind on every instance (JIT, EF query cache, connection pool, page cache), checked for content.
            // Then rounds of the think-time load until the JIT is quiet. Tiered compilation (with dynamic PGO) recompiles
            // the hot methods in the background, and it holds back while new methods keep arriving, which they do at
            // saturation; a server that has run for an hour has finished. Measuring before that would count the compiler's
            // CPU as the turns' latency. At most WarmupRounds rounds; the JIT time of every phase is printed.
            var warm = await RunPhaseAsync(clients, users, Kinds.Length * clients.Count, 0, checkContent: true);
            var warmTurns = warm.Samples.Count;
            var rounds = 1;
            while (rounds < settings.WarmupRounds)
            {
                var round = await RunPhaseAsync(clients, users, Kinds.Length * clients.Count, settings.ThinkMs, checkContent: false);
                warmTurns += round.Samples.Count;
                rounds++;
                if (round.Load!.Jit.TotalSeconds < 0.02 * round.Wall.TotalSeconds)
                {
                    break;
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"warm-up: {warmTurns} turns in {rounds} rounds (the first at once, then with think time until JIT time < 2 % of a round), replies checked; {System.Runtime.JitInfo.GetCompiledMethodCount()} methods compiled, {System.Runtime.JitInfo.GetCompilationTime().TotalSeconds:F1} s of JIT in all"));
            Console.WriteLine();

            var serial = await RunPhaseAsync(clients, users.Take(Math.Max(1, settings.SerialTurns)).ToList(), 0, 0, checkContent: true, serialTurns: settings.SerialTurns);
            Report($"{label}: 1 user at a time ({serial.Samples.Count} turns): service time", serial);
            await TurnBreakdown.PrintAsync(hosts[0].Services, users, Kinds.Select(k => (k.Name, k.Text)), Math.Max(10, settings.SerialTurns));

            var paced = await RunPhaseAsync(clients, users, settings.Turns, settings.ThinkMs, checkContent: false);
            Report($"{label}: {users.Count} concurrent users, think time 0-{2 * settings.ThinkMs} ms between turns (~{users.Count * 1000.0 / (settings.ThinkMs + 1):F0} turns/s offered)", paced);

            var saturated = await RunPhaseAsync(clients, users, settings.Turns, 0, checkContent: false);
            Report($"{label}: {users.Count} concurrent users, no think time (closed loop at saturation{(clients.Count > 1 ? ", both instances" : "")})", saturated);

            var one = saturated;
            if (clients.Count > 1)
            {
                one = await RunPhaseAsync([clients[0]], users, settings.Turns, 0, checkContent: false);
                Report($"{label}: {users.Count} concurrent users, no think time, instance A alone", one);
            }

            Sizes(warm.Samples.Concat(serial.Samples).ToList());
            Verdict(paced, saturated, users.Count);
            Console.WriteLine();
            return new RunResult(label, clients.Count, paced, saturated, one);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>
    /// On PostgreSQL, the digests just written (two rows per person) would set autovacuum and a checkpoint going in the
    /// middle of the measured phases; a server database that has run for a while has done both. VACUUM ANALYZE and
    /// CHECKPOINT here, before the warm-up.
    /// </summary>
    private static async Task SettleAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchoolSupport.Data.SchoolSupportDbContext>();
        if (SchoolSupport.Data.DatabaseSetup.ProviderOf(db.Database) != SchoolSupport.Data.DatabaseProvider.Postgres)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE");
        await db.Database.ExecuteSqlRawAsync("CHECKPOINT");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"database settled (VACUUM ANALYZE, CHECKPOINT) in {clock.Elapsed.TotalSeconds:F1} s"));
    }

    /// <summary>The PostgreSQL server of a run: <c>--postgres</c>, else SCHOOLSUPPORT_TEST_POSTGRES; none with <c>--no-postgres</c>.</summary>
    internal static string? PostgresServer(string[] args) =>
        args.Contains("--no-postgres") ? null
        : Args.String(args, "--postgres") is { Length: > 0 } given ? given
        : Environment.GetEnvironmentVariable("SCHOOLSUPPORT_TEST_POSTGRES") is { Length: > 0 } env ? env
        : null;

    private static async Task<(string RunConnection, string RunName, bool Cached, TimeSpan CopyTime)?> TryCreatePostgresAsync(string server, string sqlitePath)
    {
        try
        {
            return await PostgresNational.CreateRunDatabaseAsync(server, sqlitePath, Path.GetFileNameWithoutExtension(sqlitePath));
        }
        catch (Npgsql.NpgsqlException ex)
        {
            Console.WriteLine($"PostgreSQL run skipped: the server is not reachable ({ex.Message}).");
            return null;
        }
    }

    /// <summary>The runs side by side: the targets with think time, and the saturated throughput per instance and in all.</summary>
    private static void Summary(IReadOnlyList<RunResult> results, int users)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"=== summary ({users} users; targets with think time: p99 <= {TargetP99Ms:F0} ms, p50/echo <= {TargetRatio:F0}) ==="));
        Console.WriteLine("  run                        p50 echo  p50 worst  p99 worst  p50/echo worst  saturated turns/s: 1 instance  all instances  per instance");
        foreach (var r in results)
        {
            var echo = StatsOf(r.Paced.Samples.Where(s => s.Kind.Echo).Select(s => s.Ms));
            var worstP50 = Kinds.Max(k => StatsOf(r.Paced.Samples.Where(s => s.Kind == k).Select(s => s.Ms)).P50);
            var worstP99 = Kinds.Max(k => StatsOf(r.Paced.Samples.Where(s => s.Kind == k).Select(s => s.Ms)).P99);
            var ratio = Kinds.Where(k => !k.Echo).Max(k => StatsOf(r.Paced.Samples.Where(s => s.Kind == k).Select(s => s.Ms)).P50 / echo.P50);
            var one = r.SaturatedOne.Samples.Count / r.SaturatedOne.Wall.TotalSeconds;
            var all = r.Saturated.Samples.Count / r.Saturated.Wall.TotalSeconds;
            var met = worstP99 <= TargetP99Ms && ratio <= TargetRatio;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {r.Label,-26} {echo.P50,8:F1} {worstP50,10:F1} {worstP99,10:F1} {ratio,15:F2} {one,30:F0} {all,14:F0} {all / r.Instances,13:F0}  {(met ? "target met" : "target missed")}"));
        }

        Console.WriteLine();
    }

    private sealed record Phase(List<Sample> Samples, TimeSpan Wall, RuntimeLoad? Load = null);

    /// <summary>What the runtime did during a phase: collections, time paused for them, and the thread pool's backlog.</summary>
    private sealed record RuntimeLoad(int Gen0, int Gen1, int Gen2, TimeSpan GcPause, long MaxQueued, int MaxThreads, TimeSpan Cpu, TimeSpan Jit);

    /// <param name="serialTurns">When set: one request at a time, cycling users and kinds, this many per kind.</param>
    private static async Task<Phase> RunPhaseAsync(
        IReadOnlyList<HttpClient> clients, IReadOnlyList<BenchUser> users, int turnsPerUser, int thinkMs, bool checkContent, int serialTurns = 0)
    {
        var samples = new List<Sample>();
        var clock = Stopwatch.StartNew();
        if (serialTurns > 0)
        {
            for (var i = 0; i < serialTurns * Kinds.Length; i++)
            {
                samples.Add(await TurnAsync(clients[i % clients.Count], users[i / Kinds.Length % users.Count], Kinds[i % Kinds.Length], checkContent));
            }

            return new Phase(samples, clock.Elapsed);
        }

        var gc = (G0: GC.CollectionCount(0), G1: GC.CollectionCount(1), G2: GC.CollectionCount(2), Pause: GC.GetTotalPauseDuration(), Cpu: Environment.CpuUsage.TotalTime, Jit: System.Runtime.JitInfo.GetCompilationTime());
        long maxQueued = 0;
        var maxThreads = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                maxQueued = Math.Max(maxQueued, ThreadPool.PendingWorkItemCount);
                maxThreads = Math.Max(maxThreads, ThreadPool.ThreadCount);
                try
                {
                    await Task.Delay(10, sampling.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });
        var perUser = await Task.WhenAll(users.Select((user, u) => Task.Run(async () =>
        {
            var random = new Random(u);
            var own = new List<Sample>(turnsPerUser);
            for (var t = 0; t < turnsPerUser; t++)
            {
                if (thinkMs > 0)
                {
                    await Task.Delay(random.Next(0, 2 * thinkMs));
                }

                // A load balancer without affinity: consecutive turns of one person land on different instances.
                own.Add(await TurnAsync(clients[(u + t) % clients.Count], user, Kinds[(u + t / clients.Count) % Kinds.Length], checkContent));
            }

            return own;
        })));
        var wall = clock.Elapsed;
        await sampling.CancelAsync();
        await sampler;
        var load = new RuntimeLoad(
            GC.CollectionCount(0) - gc.G0, GC.CollectionCount(1) - gc.G1, GC.CollectionCount(2) - gc.G2,
            GC.GetTotalPauseDuration() - gc.Pause, maxQueued, maxThreads, Environment.CpuUsage.TotalTime - gc.Cpu, System.Runtime.JitInfo.GetCompilationTime() - gc.Jit);
        return new Phase(perUser.SelectMany(s => s).ToList(), wall, load);
    }

    private static int activityCounter;

    // Cards are measured as the channel sends them: Cyrillic as UTF-8, not \u escapes.
    private static readonly JsonSerializerOptions CompactJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static async Task<Sample> TurnAsync(HttpClient client, BenchUser user, TurnKind kind, bool checkContent)
    {
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["id"] = "bench-" + Interlocked.Increment(ref activityCounter).ToString(CultureInfo.InvariantCulture),
            ["channelId"] = NationalDatabase.Channel,
            ["serviceUrl"] = NationalDatabase.ServiceUrl,
            ["from"] = new JsonObject { ["id"] = user.UserId, ["name"] = user.UserId },
            ["recipient"] = new JsonObject { ["id"] = NationalDatabase.BotId, ["name"] = NationalDatabase.BotName },
            ["conversation"] = new JsonObject { ["id"] = NationalDatabase.ConversationIdOf(user.UserId), ["conversationType"] = "personal" },
            ["locale"] = NationalDatabase.Locale,
            ["deliveryMode"] = "expectReplies",
            ["text"] = kind.Text,
        };
        var payload = Encoding.UTF8.GetBytes(activity.ToJsonString());

        var started = Stopwatch.GetTimestamp();
        using var content = new ByteArrayContent(payload);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var response = await client.PostAsync("/api/messages", content);
        var body = await response.Content.ReadAsByteArrayAsync();
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{kind.Name} for {user.UserId}: HTTP {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
        }

        var cardBytes = 0;
        if (checkContent)
        {
            var replies = (JsonNode.Parse(body)?["activities"] as JsonArray) ?? throw new InvalidOperationException($"{kind.Name}: no activities in the reply");
            var cards = replies.SelectMany(a => a?["attachments"] as JsonArray ?? [])
                .Where(a => (string?)a?["contentType"] == "application/vnd.microsoft.card.adaptive")
                .Select(a => Encoding.UTF8.GetByteCount(a!["content"]!.ToJsonString(CompactJson)))
                .ToList();
            cardBytes = cards.DefaultIfEmpty(0).Max();
            var texts = replies.Select(a => (string?)a?["text"]).Where(t => t is not null).ToList();
            // A phrase nobody declared is answered «Не понял запрос» with the role's closest commands as buttons.
            var notUnderstood = texts.Any(t => t == Texts.NotUnderstood)
                || replies.SelectMany(a => a?["attachments"] as JsonArray ?? [])
                    .Any(a => a?["content"]?["body"]?[0]?["text"] is JsonValue v && v.TryGetValue(out string? first) && first.StartsWith("Не понял запрос", StringComparison.Ordinal));
            var ok = kind.Echo ? notUnderstood : cards.Count > 0;
            if (!ok)
            {
                throw new InvalidOperationException($"{kind.Name} for {user.Role} {user.UserId}: unexpected reply {Encoding.UTF8.GetString(body)[..Math.Min(body.Length, 600)]}");
            }
        }

        return new Sample(kind, ms, body.Length, cardBytes);
    }

    private sealed record Stats(int Count, double Mean, double P50, double P90, double P99, double Max);

    private static Stats StatsOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        double P(double q) => sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Stats(sorted.Length, sorted.DefaultIfEmpty().Average(), P(0.50), P(0.90), P(0.99), sorted.DefaultIfEmpty().Max());
    }

    private static void Report(string title, Phase phase)
    {
        var seconds = phase.Wall.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{title}: {phase.Samples.Count} turns in {seconds:F1} s = {phase.Samples.Count / seconds:F0} turns/s"));
        Console.WriteLine("  turn        count   mean ms   p50 ms   p90 ms   p99 ms   max ms  turns/s  p50/echo  p99/echo");
        var echo = StatsOf(phase.Samples.Where(s => s.Kind.Echo).Select(s => s.Ms));
        foreach (var kind in Kinds)
        {
            var s = StatsOf(phase.Samples.Where(x => x.Kind == kind).Select(x => x.Ms));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {kind.Name,-10} {s.Count,6} {s.Mean,9:F1} {s.P50,8:F1} {s.P90,8:F1} {s.P99,8:F1} {s.Max,8:F1} {s.Count / seconds,8:F1} {s.P50 / echo.P50,9:F2} {s.P99 / echo.P99,9:F2}"));
        }

        if (phase.Load is { } load)
        {
            // The hosts, the load generator and (for PostgreSQL) the server share the machine's cores.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  this process: {load.Cpu.TotalSeconds / seconds / Environment.ProcessorCount:P0} of {Environment.ProcessorCount} cores, {load.Cpu.TotalMilliseconds / phase.Samples.Count:F1} ms CPU per turn; GC {load.Gen0}/{load.Gen1}/{load.Gen2} (gen0/1/2), paused {load.GcPause.TotalMilliseconds:F0} ms; JIT {load.Jit.TotalMilliseconds:F0} ms; thread pool up to {load.MaxThreads} threads, {load.MaxQueued} queued"));
        }

        Console.WriteLine();
    }

    private static void Sizes(List<Sample> samples)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"response sizes (Teams card budget {CardSize.TeamsBudgetBytes / 1024} KB):"));
        Console.WriteLine("  turn        card KB mean  card KB max  body KB max");
        foreach (var kind in Kinds)
        {
            var own = samples.Where(s => s.Kind == kind).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {kind.Name,-10} {own.Average(s => s.CardBytes) / 1024.0,12:F1} {own.Max(s => s.CardBytes) / 1024.0,12:F1} {own.Max(s => s.BodyBytes) / 1024.0,12:F1}"));
        }

        var over = samples.Count(s => s.CardBytes > CardSize.TeamsBudgetBytes);
        Console.WriteLine(over == 0 ? "  card budget: held for every checked reply" : $"  card budget: EXCEEDED by {over} replies");
        Console.WriteLine();
    }

    private static void Verdict(Phase paced, Phase saturated, int users)
    {
        foreach (var (name, phase) in new[] { ("with think time", paced), ("saturated", saturated) })
        {
            var echo = StatsOf(phase.Samples.Where(s => s.Kind.Echo).Select(s => s.Ms));
            var worstRatio = Kinds.Where(k => !k.Echo).Max(k => StatsOf(phase.Samples.Where(s => s.Kind == k).Select(s => s.Ms)).P50 / echo.P50);
            var worstP99 = Kinds.Max(k => StatsOf(phase.Samples.Where(s => s.Kind == k).Select(s => s.Ms)).P99);
            var met = worstRatio <= TargetRatio && worstP99 <= TargetP99Ms;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"target (p50 ratio to echo <= {TargetRatio:F0}, p99 <= {TargetP99Ms:F0} ms, {users} users, {name}): worst ratio {worstRatio:F2}, worst p99 {worstP99:F1} ms -> {(met ? "target met" : "target missed")}"));
        }
    }
}
