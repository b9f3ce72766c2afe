using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SchoolSupport.Outbox;
using SchoolSupport.Web.Tests.Support;
using SchoolSupport.Web.Tests.Surveys;

namespace SchoolSupport.Web.Tests;

/// <summary>
/// Telemetry of real turns through /api/messages: the trace of a turn (its command, its database calls), the product's
/// metrics, OTLP export only when an endpoint is configured, and logs that never carry what people wrote.
/// </summary>
public sealed class TelemetryHttpTests
{
    private const string Director = "29:demo-director";

    [Fact]
    public async Task Turn_WithOtlpEndpoint_IsTracedWithItsCommandAndDatabaseSpans_AndExportedToTheCollector()
    {
        await using var collector = await FakeOtlpCollector.StartAsync();
        var spans = new LockedList<Activity>();
        using var bot = new BotApp(
            extraSettings: new Dictionary<string, string?>
            {
                ["Telemetry:OtlpEndpoint"] = collector.Url,
                ["Telemetry:OtlpProtocol"] = "http/protobuf",
            },
            configureServices: services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans)));

        // The caller's trace context is continued, which also tells this test's spans from those of tests running alongside.
        var traceId = ActivityTraceId.CreateRandom();
        var replies = await SayTracedAsync(bot, Director, "статус", traceId);
        replies.ShouldNotBeEmpty();
        bot.Services.GetRequiredService<TracerProvider>().ForceFlush(5000).ShouldBeTrue();

        var mine = spans.Snapshot().Where(s => s.TraceId == traceId).ToList();
        var turn = mine.Where(s => s.Source.Name == "SchoolSupport").ShouldHaveSingleItem();
        turn.DisplayName.ShouldBe("turn message");
        turn.GetTagItem("schoolsupport.command").ShouldBe("status");
        turn.GetTagItem("bot.activity.type").ShouldBe("message");
        var server = mine.Where(s => s.Kind == ActivityKind.Server).ShouldHaveSingleItem();
        turn.ParentSpanId.ShouldBe(server.SpanId);
        var database = mine.Where(s => s.Source.Name.Contains("EntityFrameworkCore", StringComparison.Ordinal)).ToList();
        database.ShouldNotBeEmpty();
        database.Where(s => !IsUnder(s, turn, mine)).Select(s => s.DisplayName).ShouldBeEmpty();
        database.ShouldContain(s => "sqlite".Equals(s.GetTagItem("db.system") ?? s.GetTagItem("db.system.name")));
        mine.Where(s => Mentions(s, "статус")).Select(s => s.DisplayName).ShouldBeEmpty();

        // The same trace and the turn metric reach the collector over OTLP/HTTP.
        Span<byte> traceBytes = stackalloc byte[16];
        traceId.CopyTo(traceBytes);
        var traceIdBytes = traceBytes.ToArray();
        var traces = await collector.WaitForAsync("/v1/traces", e => e.Contains(traceIdBytes) && e.Contains("schoolsupport.command"), TimeSpan.FromSeconds(10));
        traces.ContentType.ShouldBe("application/x-protobuf");
        bot.Services.GetRequiredService<MeterProvider>().ForceFlush(5000).ShouldBeTrue();
        await collector.WaitForAsync("/v1/metrics", e => e.Contains("schoolsupport.turn.duration"), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Turn_WithoutOtlpEndpoint_ExportsNothing_WhileTheMetricsStillMove()
    {
        await using var collector = await FakeOtlpCollector.StartAsync();
        using var bot = new BotApp(extraSettings: new Dictionary<string, string?>
        {
            // Everything of OTLP but the endpoint: the endpoint alone switches export on.
            ["Telemetry:OtlpProtocol"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "100",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });
        using var metrics = new MetricRecorder(bot.Services);

        await bot.SayAsync(Director, "статус");
        await bot.SayAsync(Director, "что на этой неделе");
        await Task.Delay(TimeSpan.FromSeconds(1));

        bot.Services.GetService<TracerProvider>().ShouldBeNull();
        bot.Services.GetService<MeterProvider>().ShouldBeNull();
        bot.Services.GetService<LoggerProvider>().ShouldBeNull();
        collector.Exports.ShouldBeEmpty();
        var turns = metrics.Of("schoolsupport.turn.duration");
        turns.ShouldContain(m => (string?)m.Tag("command") == "status" && (string?)m.Tag("outcome") == "ok" && m.Value > 0);
        turns.ShouldContain(m => (string?)m.Tag("command") == "due");
    }

    [Fact]
    public async Task OutboxAndSurveyMetrics_FollowAnsweredSurveyAndItsDeliveries()
    {
        await using var connector = await FakeConnector.StartAsync();
        using var bot = new BotApp(extraSettings: new Dictionary<string, string?>
        {
            ["Reminders:CheckInterval"] = "01:00:00",
            ["Outbox:PollInterval"] = "01:00:00",
            ["Telemetry:QueueDepthInterval"] = "00:00:00.100",
        });
        using var metrics = new MetricRecorder(bot.Services);

        // The director has talked to the bot through the connector, so the invitation can reach them.
        var hello = BotApp.Activity(Director);
        hello["text"] = "кто я";
        hello["serviceUrl"] = connector.ServiceUrl;
        hello.Remove("deliveryMode");
        (await bot.PostAsync(hello)).IsSuccessStatusCode.ShouldBeTrue();

        var file = SurveyDriver.SampleFile("2026-03-19T09:00", "2026-03-25");
        (await SurveyDriver.CliAsync(bot, "survey", "import", file, "--region", "Ленинградская область")).Code.ShouldBe(0);
        var id = await SurveyDriver.SurveyIdAsync(bot, "opros-uchastnikov-1");
        var surveyId = new JsonObject { ["surveyId"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        await bot.SubmitAsync("29:demo-coordinator", "survey.confirm", surveyId);
        bot.Clock.Now = new DateTimeOffset(2026, 3, 19, 6, 30, 0, TimeSpan.Zero);
        (await SurveyDriver.RunSchedulerAsync(bot)).ShouldBe(17);

        // Queue depth: the gauge reports what the outbox holds.
        long waiting;
        await using (var db = bot.OpenDatabase())
        {
            waiting = await db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.Queued || d.Status == DeliveryStatus.Throttled || d.Status == DeliveryStatus.Sending);
        }

        waiting.ShouldBeGreaterThanOrEqualTo(17);
        await Eventually(() =>
        {
            metrics.Observe();
            return metrics.Of("schoolsupport.outbox.queue_depth").LastOrDefault()?.Value == waiting;
        });

        // Sending: one batch, as the worker would; the director's invitation is sent, people without an address are not.
        var dispatcher = bot.Services.GetRequiredService<OutboxDispatcher>();
        await dispatcher.RunOnceAsync(CancellationToken.None);
        await using (var db = bot.OpenDatabase())
        {
            var sent = await db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.Sent);
            var noAddress = await db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.NoAddress);
            sent.ShouldBeGreaterThanOrEqualTo(1);
            Count(metrics, "schoolsupport.outbox.deliveries", "outcome", "sent").ShouldBe(sent);
            Count(metrics, "schoolsupport.outbox.deliveries", "outcome", "no_address").ShouldBe(noAddress);
            metrics.Of("schoolsupport.outbox.sends").Sum(m => m.Value).ShouldBe(connector.Calls.Count(c => c.Path.Contains("/activities", StringComparison.Ordinal)) - 1);
        }

        // Two answers (one of them changed later) are three submissions.
        metrics.Of("schoolsupport.survey.responses").ShouldBeEmpty();
        await SurveyDriver.AnswerAllAsync(bot, Director, id, Answers);
        await SurveyDriver.AnswerAllAsync(bot, "29:demo-director2", id, Answers);
        var again = SurveyDriver.Card(await bot.SubmitAsync("29:demo-director2", "survey.start", surveyId));
        await SurveyDriver.AnswerPageAsync(bot, "29:demo-director2", again, new Dictionary<string, string>(Answers) { ["benefit"] = "4" }, nav: "submit");
        var responses = metrics.Of("schoolsupport.survey.responses");
        responses.Count.ShouldBe(3);
        responses.Count(m => m.Tag("change") is true).ShouldBe(1);
        metrics.Of("schoolsupport.turn.duration").ShouldContain(m => (string?)m.Tag("command") == "survey.answer");
    }

    [Fact]
    public async Task Logs_AtInformationAndAbove_NeverContainWhatPeopleWrote()
    {
        const string Phrase = "Фиолетовый жираф пересчитывает облака 48213";
        var logs = new LogCapture { MinimumLevel = LogLevel.Information };
        using var bot = new BotApp(
            extraSettings: new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Information",
                ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Information",
            },
            configureServices: services => services.AddSingleton<ILoggerProvider>(logs));

        await bot.SayAsync(Director, Phrase);
        await bot.SayAsync("29:somebody-unknown", Phrase);
        await bot.SayAsync("29:demo-curator", $"консультация вчера: тема {Phrase}; решения {Phrase}; план {Phrase}");
        await bot.SayAsync(Director, new string('я', 4100) + Phrase);
        await bot.SubmitAsync("29:demo-curator", "consultation.save", new JsonObject { ["topic"] = Phrase, ["decisions"] = Phrase, ["schoolId"] = Phrase });
        await bot.SubmitAsync(Director, "item.mark", new JsonObject { ["note"] = Phrase, ["itemId"] = Phrase });
        await bot.SubmitAsync(Director, "say", new JsonObject { ["text"] = Phrase });
        await bot.ExecuteAsync(Director, "item.mark", new JsonObject { ["note"] = Phrase, ["link"] = Phrase });

        logs.Entries.ShouldNotBeEmpty();
        logs.Entries.ShouldContain(e => e.Category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        foreach (var word in Phrase.Split(' ').Where(w => w.Length > 5))
        {
            logs.Entries.Where(e => e.Everything.Contains(word, StringComparison.OrdinalIgnoreCase))
                .Select(e => $"{e.Level} {e.Category}: {e.Message}").ShouldBeEmpty();
        }
    }

    private static readonly Dictionary<string, string> Answers = new()
    {
        ["benefit"] = "5",
        ["priorities"] = "staff,parents",
        ["consultations"] = "weekly",
        ["program"] = "no",
        ["trained"] = "12",
        ["help"] = "",
        ["ideas"] = "",
    };

    private static async Task<IReadOnlyList<JsonObject>> SayTracedAsync(BotApp bot, string user, string text, ActivityTraceId traceId)
    {
        var activity = BotApp.Activity(user);
        activity["id"] = "traced-" + traceId;
        activity["text"] = text;
        using var client = bot.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        return await BotApp.RepliesAsync(await client.SendAsync(request));
    }

    private static bool IsUnder(Activity span, Activity ancestor, IReadOnlyList<Activity> trace)
    {
        var bySpan = trace.ToDictionary(s => s.SpanId);
        for (var current = span; bySpan.TryGetValue(current.ParentSpanId, out var parent); current = parent)
        {
            if (parent.SpanId == ancestor.SpanId)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Mentions(Activity span, string text) =>
        span.DisplayName.Contains(text, StringComparison.Ordinal)
        || span.TagObjects.Any(t => t.Value?.ToString()?.Contains(text, StringComparison.Ordinal) == true);

    private static long Count(MetricRecorder metrics, string instrument, string tag, string value) =>
        (long)metrics.Of(instrument).Where(m => (string?)m.Tag(tag) == value).Sum(m => m.Value);

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 600; i++) // up to 30 s: a loaded machine can delay the gauge timer
        {
            if (condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        condition().ShouldBeTrue();
    }

    /// <summary>Spans arrive from every host in the process (activity listeners are global), so the list is locked.</summary>
    private sealed class LockedList<T> : ICollection<T>
    {
        private readonly List<T> items = [];

        public int Count { get { lock (items) { return items.Count; } } }

        public bool IsReadOnly => false;

        public List<T> Snapshot() { lock (items) { return [.. items]; } }

        public void Add(T item) { lock (items) { items.Add(item); } }

        public void Clear() { lock (items) { items.Clear(); } }

        public bool Contains(T item) { lock (items) { return items.Contains(item); } }

        public void CopyTo(T[] array, int arrayIndex) { lock (items) { items.CopyTo(array, arrayIndex); } }

        public bool Remove(T item) { lock (items) { return items.Remove(item); } }

        public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
