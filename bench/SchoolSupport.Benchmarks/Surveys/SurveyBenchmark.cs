using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SchoolSupport.Benchmarks.Turns;
using SchoolSupport.Data;
using SchoolSupport.Outbox;
using SchoolSupport.Reminders;
using SchoolSupport.Surveys;
using SchoolSupport.Tests.Outbox;

namespace SchoolSupport.Benchmarks.Surveys;

/// <summary>
/// Surveys at scale, four parts: invitations through the real outbox dispatcher against the throttling fake connector;
/// answers by many concurrent simulated people through the real host (/api/messages, Action.Execute invokes); the
/// results card over many responses (SQL aggregation); and a streamed export of a million answers.
/// </summary>
public static class SurveyBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var only = Args.String(args, "--only");
        var ok = true;
        if (only is null or "invitations")
        {
            ok &= await InvitationsAsync(Args.Int(args, "--invitations", quick ? 300 : 20_000), Args.Int(args, "--rate", quick ? 30 : 45), Args.Int(args, "--burst", 5));
        }

        if (only is null or "answers")
        {
            ok &= await AnswersAsync(Args.Int(args, "--people", quick ? 100 : 2_000), Args.Int(args, "--concurrency", quick ? 20 : 200));
        }

        if (only is null or "results")
        {
            ok &= await ResultsAsync(Args.Int(args, "--responses", quick ? 2_000 : 20_000));
        }

        if (only is null or "export")
        {
            ok &= await ExportAsync(Args.Int(args, "--answers", quick ? 50_000 : 1_000_000));
        }

        return ok ? 0 : 1;
    }

    private static string Folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "schoolsupport-bench", "surveys-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static void Clean(string folder)
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

    /// <summary>The window opens: one transaction queues every invitation; the dispatcher sends them at the tenant rate.</summary>
    private static async Task<bool> InvitationsAsync(int recipients, int rate, int burst)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"== invitations: {recipients} directors, bucket {rate}/s + burst {burst}, fake connector 50/s per tenant (429 above), latency 40 ms"));
        var folder = Folder();
        try
        {
            var world = await SurveyWorld.CreateAsync(folder, recipients, anonymous: false, open: false);
            var connector = new ThrottlingFakeConnector(TimeProvider.System) { RequestLatency = TimeSpan.FromMilliseconds(20), ResponseLatency = TimeSpan.FromMilliseconds(20) };
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddDbContext<SchoolSupportDbContext>(b => DatabaseSetup.Configure(b, world.Database));
            services.AddSingleton<IProactiveSender>(connector);
            services.AddOutbox(new ConfigurationBuilder().Build());
            services.Configure<OutboxOptions>(o =>
            {
                o.TenantMessagesPerSecond = rate;
                o.TenantMaxMessagesPerSecond = rate;
                o.TenantBurst = burst;
                o.PollInterval = TimeSpan.FromMilliseconds(200);
            });
            await using var provider = services.BuildServiceProvider();

            var queue = Stopwatch.StartNew();
            await using (var db = DatabaseSetup.CreateContext(world.Database))
            {
                var owner = await db.People.FirstAsync(p => p.Id == 1);
                var caller = await SchoolSupport.People.CallerLoader.LoadAsync(db, owner, new DateOnly(2026, 4, 15), CancellationToken.None);
                await SurveyService.ConfirmAsync(db, caller, world.SurveyId, new DateOnly(2026, 4, 15), SurveyWorld.Now.UtcDateTime, new ReminderOptions { QuietFrom = new TimeOnly(0, 0), QuietTo = new TimeOnly(0, 0) }, CancellationToken.None);
                await SurveyService.OpenAsync(db, world.SurveyId, SurveyWorld.Now.UtcDateTime, new ReminderOptions { QuietFrom = new TimeOnly(0, 0), QuietTo = new TimeOnly(0, 0) }, CancellationToken.None);
            }

            queue.Stop();
            await using var check = DatabaseSetup.CreateContext(world.Database);
            var messageId = await check.Surveys.Where(s => s.Id == world.SurveyId).Select(s => s.InvitationMessageId).SingleAsync() ?? 0;
            var queued = await check.Deliveries.CountAsync(d => d.MessageId == messageId);

            var clock = Stopwatch.StartNew();
            var dispatcher = provider.GetRequiredService<OutboxDispatcher>();
            using var done = new CancellationTokenSource();
            var run = dispatcher.RunAsync(done.Token);
            while (await check.Deliveries.CountAsync(d => d.MessageId == messageId && (d.Status == DeliveryStatus.Queued || d.Status == DeliveryStatus.Throttled || d.Status == DeliveryStatus.Sending)) > 0)
            {
                await Task.Delay(250);
            }

            clock.Stop();
            await done.CancelAsync();
            await run;
            var sent = await check.Deliveries.CountAsync(d => d.MessageId == messageId && d.Status == DeliveryStatus.Sent);
            var perSecond = connector.DistinctReceived / clock.Elapsed.TotalSeconds;
            var ratio = perSecond / rate;
            var good = sent == recipients && queued == recipients && connector.Duplicates == 0 && connector.DistinctReceived == recipients;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"queued {queued} in {queue.Elapsed.TotalSeconds:F2} s (one transaction); sent {sent} in {clock.Elapsed.TotalSeconds:F1} s = {perSecond:F1} msg/s = {ratio:P0} of the {rate}/s ceiling; 429s {connector.Throttled429}, duplicates {connector.Duplicates}, lost {recipients - connector.DistinctReceived}"));
            Console.WriteLine(ratio >= 0.9 && good ? "target met (>= 90 % of the ceiling, 0 duplicates)" : good ? "target missed (rate)" : "FAILED: lost or duplicated invitations");
            return good;
        }
        finally
        {
            Clean(folder);
        }
    }

    /// <summary>Each simulated person opens the survey and answers ten pages through /api/messages.</summary>
    private static async Task<bool> AnswersAsync(int people, int concurrency)
    {
        Console.WriteLine($"== answers: {people} people x 10 questions (one per page) = {people * 10} answer turns, {concurrency} at a time, real host over Kestrel, Action.Execute invokes");
        var folder = Folder();
        try
        {
            var world = await SurveyWorld.CreateAsync(folder, people, anonymous: false, open: true);
            await using (var db = DatabaseSetup.CreateContext(world.Database))
            {
                // The invitations are the other benchmark's subject; here they count as delivered.
                await db.Deliveries.ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DeliveryStatus.Sent));
            }

            await using var host = new BenchHost(world.Path, new FixedTimeProvider(SurveyWorld.Now));
            var baseAddress = host.Start();
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency + 8 }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
            var samples = new ConcurrentBag<double>();
            var failures = new ConcurrentBag<string>();
            var counter = 0;

            async Task<string> InvokeAsync(int person, string verb, JsonObject data)
            {
                var activity = new JsonObject
                {
                    ["type"] = "invoke",
                    ["name"] = "adaptiveCard/action",
                    ["id"] = "b" + Interlocked.Increment(ref counter).ToString(CultureInfo.InvariantCulture),
                    ["channelId"] = "msteams",
                    ["serviceUrl"] = "http://127.0.0.1:1/",
                    ["from"] = new JsonObject { ["id"] = "29:bench-" + person.ToString(CultureInfo.InvariantCulture) },
                    ["recipient"] = new JsonObject { ["id"] = "28:bot" },
                    ["conversation"] = new JsonObject { ["id"] = "a:bench-" + person.ToString(CultureInfo.InvariantCulture), ["conversationType"] = "personal" },
                    ["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data } },
                };
                using var response = await client.PostAsync("/api/messages", new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"));
                var body = await response.Content.ReadAsStringAsync();
                return response.IsSuccessStatusCode ? body : "HTTP " + (int)response.StatusCode;
            }

            // Warm-up: the first person answers outside the measurement.
            var queue = new ConcurrentQueue<int>(world.Directors);
            var wall = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                while (queue.TryDequeue(out var person))
                {
                    var sid = world.SurveyId.ToString(CultureInfo.InvariantCulture);
                    var start = await InvokeAsync(person, "survey.start", new JsonObject { ["surveyId"] = sid });
                    if (!start.Contains("a_q1", StringComparison.Ordinal))
                    {
                        failures.Add("start: " + start[..Math.Min(200, start.Length)]);
                        continue;
                    }

                    for (var i = 0; i < SurveyWorld.Questions.Length; i++)
                    {
                        var q = SurveyWorld.Questions[i];
                        var last = i == SurveyWorld.Questions.Length - 1;
                        var data = new JsonObject { ["surveyId"] = sid, ["from"] = q, ["nav"] = last ? "submit" : "next", ["a_" + q] = SurveyWorld.Answer(q, person) };
                        var clock = Stopwatch.StartNew();
                        var body = await InvokeAsync(person, "survey.answer", data);
                        samples.Add(clock.Elapsed.TotalMilliseconds);
                        var expected = last ? "Спасибо" : "a_" + SurveyWorld.Questions[i + 1];
                        if (!body.Contains(expected, StringComparison.Ordinal) && !body.Contains(System.Text.Json.JsonEncodedText.Encode(expected).ToString(), StringComparison.Ordinal))
                        {
                            failures.Add($"{q}: {body[..Math.Min(300, body.Length)]}");
                            break;
                        }
                    }
                }
            }));
            wall.Stop();

            await using var check = DatabaseSetup.CreateContext(world.Database);
            var answers = await check.SurveyAnswers.CountAsync(a => a.SurveyId == world.SurveyId);
            var submitted = await check.SurveyResponses.CountAsync(r => r.SurveyId == world.SurveyId && r.Status == ResponseStatus.Submitted);
            var responded = await check.SurveyRecipients.CountAsync(r => r.SurveyId == world.SurveyId && r.HasResponded);
            var perQuestion = await check.SurveyAnswers.Where(a => a.SurveyId == world.SurveyId).GroupBy(a => new { a.ResponseId, a.QuestionId }).CountAsync(g => g.Count() > 1);
            var sorted = samples.Order().ToArray();
            double P(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
            var expectedAnswers = people * SurveyWorld.Questions.Length;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"answer turns {sorted.Length} in {wall.Elapsed.TotalSeconds:F1} s = {sorted.Length / wall.Elapsed.TotalSeconds:F0} turns/s; ms p50 {P(0.5):F1}, p90 {P(0.9):F1}, p99 {P(0.99):F1}, max {sorted.LastOrDefault():F1}"));
            Console.WriteLine($"stored answers {answers} of {expectedAnswers} (lost {expectedAnswers - answers}, duplicated {perQuestion}); submitted responses {submitted}, «has responded» {responded}; failed turns {failures.Count}");
            foreach (var failure in failures.Take(3))
            {
                Console.WriteLine("  " + failure);
            }

            var good = failures.IsEmpty && answers == expectedAnswers && perQuestion == 0 && submitted == people && responded == people;
            Console.WriteLine(good ? "target met (0 lost, 0 duplicated)" : "FAILED: lost, duplicated or failed answers");
            return good;
        }
        finally
        {
            Clean(folder);
        }
    }

    private static async Task<bool> ResultsAsync(int responses)
    {
        Console.WriteLine($"== results card over {responses} responses x 10 answers (GROUP BY in the database)");
        var folder = Folder();
        try
        {
            var world = await SurveyWorld.CreateAsync(folder, Math.Min(responses, 5_000), anonymous: false, open: true);
            var seed = Stopwatch.StartNew();
            await world.SeedResponsesAsync(responses);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded in {seed.Elapsed.TotalSeconds:F1} s"));
            var times = new List<double>();
            SurveyResultsCard? card = null;
            for (var i = 0; i < 6; i++)
            {
                await using var db = DatabaseSetup.CreateContext(world.Database);
                var survey = await db.Surveys.AsNoTracking().SingleAsync(s => s.Id == world.SurveyId);
                var clock = Stopwatch.StartNew();
                card = await SurveyResults.BuildAsync(db, survey, SurveyWorld.Now.UtcDateTime, new NoCharts(), "msteams", CancellationToken.None);
                if (i > 0)
                {
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            var json = new SchoolSupport.Cards.CardRenderer().RenderJson(SurveyTemplates.Results, card!);
            var rating = card!.Questions[0].Bars.Select(b => b.Value).ToList();
            var expected = Enumerable.Range(1, 5).Select(v => Enumerable.Range(0, responses).Count(p => 1 + (p % 5) == v)).ToList();
            var good = rating.Select(v => int.Parse(v.Split(' ')[0], CultureInfo.InvariantCulture)).SequenceEqual(expected);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"build ms: mean {times.Average():F0}, min {times.Min():F0}, max {times.Max():F0} (5 runs after a warm-up); card {Encoding.UTF8.GetByteCount(json) / 1024.0:F1} KB; counts {(good ? "match" : "DO NOT match")} the seeded answers"));
            return good;
        }
        finally
        {
            Clean(folder);
        }
    }

    private static async Task<bool> ExportAsync(int answers)
    {
        var responses = answers / SurveyWorld.Questions.Length;
        Console.WriteLine($"== export of {responses} responses x 10 = {answers} answers, streamed to a file");
        var folder = Folder();
        try
        {
            var world = await SurveyWorld.CreateAsync(folder, 1_000, anonymous: false, open: true);
            var seed = Stopwatch.StartNew();
            await world.SeedResponsesAsync(responses);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded in {seed.Elapsed.TotalSeconds:F1} s ({new FileInfo(world.Path).Length / 1024.0 / 1024.0:F0} MB database)"));
            var good = true;
            foreach (var format in new[] { SurveyExportFormat.Csv, SurveyExportFormat.Xlsx })
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                using var process = Process.GetCurrentProcess();
                process.Refresh();
                var baseline = process.WorkingSet64;
                var peak = baseline;
                using var sampling = new CancellationTokenSource();
                var sampler = Task.Run(async () =>
                {
                    while (!sampling.IsCancellationRequested)
                    {
                        process.Refresh();
                        peak = Math.Max(peak, process.WorkingSet64);
                        await Task.Delay(20);
                    }
                });
                var file = Path.Combine(folder, "export." + format.ToString().ToLowerInvariant());
                var clock = Stopwatch.StartNew();
                long rows;
                await using (var db = DatabaseSetup.CreateContext(world.Database))
                await using (var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                {
                    var survey = await db.Surveys.AsNoTracking().SingleAsync(s => s.Id == world.SurveyId);
                    rows = await SurveyExport.WriteAsync(db, survey, format, stream, CancellationToken.None);
                }

                clock.Stop();
                await sampling.CancelAsync();
                await sampler;
                good &= rows == responses;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{format,-4}: {rows} rows in {clock.Elapsed.TotalSeconds:F1} s, file {new FileInfo(file).Length / 1024.0 / 1024.0:F1} MB, working set before {baseline / 1048576.0:F0} MB, peak during export {peak / 1048576.0:F0} MB (+{(peak - baseline) / 1048576.0:F0} MB)"));
            }

            return good;
        }
        finally
        {
            Clean(folder);
        }
    }

    private sealed class NoCharts : ISurveyCharts
    {
        public string? ChartUrl(int surveyId, string questionId, string channelId) => null;
    }
}
