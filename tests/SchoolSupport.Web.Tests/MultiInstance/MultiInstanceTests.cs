using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Conversation;
using SchoolSupport.Data;
using SchoolSupport.Outbox;
using SchoolSupport.People;
using SchoolSupport.Tests.Support;
using SchoolSupport.Web.Tests.Support;
using Xunit.Abstractions;

namespace SchoolSupport.Web.Tests.MultiInstance;

/// <summary>
/// Two real host processes on one PostgreSQL database behind no load balancer but the test itself, with a recording
/// connector on loopback that enforces the Teams tenant limit. Proves that a broadcast drains once at the ceiling,
/// that the survivor of a hard crash finishes it, and that a card started on one instance completes on the other.
/// The numbers are printed to the test output and to artifacts/multi-instance.txt (test.sh shows them).
/// </summary>
public sealed class MultiInstanceTests(ITestOutputHelper output)
{
    private const int Recipients = 2000;
    private const int Ceiling = 50;
    private const string Tenant = "tenant-multi";
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task TwoHosts_BroadcastWithTheOutboxHolderKilledHalfway_DrainedOnceUnderTheCeilingAndCardsCrossInstances()
    {
        using var database = new PostgresTestDatabase();
        await using var connector = await RecordingConnector.StartAsync(Ceiling);
        var report = new StringBuilder();

        await using var a = HostProcess.Start("A", Settings(database, connector, "A", seedDemo: true));
        await a.WaitReadyAsync(TimeSpan.FromMinutes(3));
        await using var b = HostProcess.Start("B", Settings(database, connector, "B", seedDemo: false));
        await b.WaitReadyAsync(TimeSpan.FromMinutes(3));
        var hosts = new Dictionary<string, HostProcess> { ["A"] = a, ["B"] = b };

        // A card action started on A (the consultation form) completes on B.
        await CardStartedOnA_CompletesOnB(database, a, b);
        report.AppendLine("card action: form opened on A, saved through B — stored once");

        // A download link made by A is served once by B.
        await DownloadLinkFromA_ServedByB(a, b);
        report.AppendLine("download link: made on A, served by B once, refused on the second use and when forged");

        // The broadcast.
        var messageId = await EnqueueBroadcastAsync(database, connector);
        var clock = Stopwatch.StartNew();
        await WaitUntilAsync(() => connector.Distinct >= Recipients / 2, TimeSpan.FromMinutes(3), "half the broadcast", hosts);
        var holder = await LeaseOwnerAsync(database, OutboxDispatcher.LeaseName);
        var victim = hosts[holder];
        var survivor = hosts.Values.Single(h => h != victim);
        var sentBeforeKill = connector.Distinct;
        var killedAt = DateTime.UtcNow;
        victim.Kill();

        await WaitUntilAsync(() => PendingAsync(database, messageId).GetAwaiter().GetResult() == 0, TimeSpan.FromMinutes(5), "the survivor to finish", hosts);
        var drainSeconds = clock.Elapsed.TotalSeconds;

        await using var db = DatabaseSetup.CreateContext(database.Options);
        var lease = await db.Leases.AsNoTracking().SingleAsync(l => l.Name == OutboxDispatcher.LeaseName);
        var rows = await db.Deliveries.AsNoTracking().Where(d => d.MessageId == messageId)
            .Select(d => new { d.Id, d.PersonId, d.Status, d.PossibleDuplicate }).ToListAsync();
        var lost = rows.Count(r => r.Status != DeliveryStatus.Sent || connector.TimesReceived(Conversation(r.PersonId)) == 0);
        var duplicated = connector.Duplicated;
        var flagged = rows.Where(r => r.PossibleDuplicate).Select(r => Conversation(r.PersonId)).ToHashSet();
        var requests = connector.Requests;
        var throttled = requests.Count(r => !r.Accepted);
        // Requests of the killed instance already on the wire may still arrive just after the kill; the survivor sends
        // only once it holds the lease.
        var survivorFirst = requests.Where(r => r.Accepted && r.At >= lease.AcquiredAt).Select(r => r.At).DefaultIfEmpty(DateTime.MaxValue).Min();
        var takeover = (lease.AcquiredAt - killedAt).TotalSeconds;
        var firstSend = (survivorFirst - killedAt).TotalSeconds;
        var max1 = connector.MaxRequestsWithin(TimeSpan.FromSeconds(1));
        var max5 = connector.MaxRequestsWithin(TimeSpan.FromSeconds(5));

        report.AppendLine(CultureInfo.InvariantCulture, $"broadcast: {Recipients} deliveries, 2 host processes on PostgreSQL, connector limit {Ceiling}/s per tenant, outbox start 40/s, ceiling 48/s + burst 2");
        report.AppendLine(CultureInfo.InvariantCulture, $"  drained in {drainSeconds:F1} s: {Recipients / drainSeconds:F1} msg/s overall (incl. takeover); sent {connector.Distinct}, lost {lost}, duplicates {duplicated.Count} (flagged possible duplicates {flagged.Count})");
        report.AppendLine(CultureInfo.InvariantCulture, $"  requests to the connector {requests.Count}, 429s {throttled} ({100.0 * throttled / Math.Max(1, requests.Count):F2} %), most in any 1 s {max1}, in any 5 s {max5} (≤ {5 * Ceiling})");
        report.AppendLine(CultureInfo.InvariantCulture, $"  outbox holder {holder} killed (SIGKILL) after {sentBeforeKill} sent; {lease.Owner} took the lease {takeover:F1} s later (lease {LeaseDuration.TotalSeconds:F0} s) and sent its first message {firstSend:F1} s after the kill; machine load average {LoadAverage()}");
        output.WriteLine(report.ToString());
        WriteArtifact(report.ToString());

        lost.ShouldBe(0);
        rows.Count.ShouldBe(Recipients);
        // A hard kill can cut one call off between the channel's answer and the outcome write (at-least-once): such a
        // row is resent and flagged. Any other duplicate is a bug.
        duplicated.Keys.ShouldAllBe(conversation => flagged.Contains(conversation));
        duplicated.Values.ShouldAllBe(n => n == 2);
        lease.Owner.ShouldBe(survivor.Name);
        survivor.HasExited.ShouldBeFalse();
        // One dispatcher at a time: two would each pace at the ceiling (about twice the requests).
        max5.ShouldBeLessThanOrEqualTo(5 * Ceiling);
        ((double)throttled / requests.Count).ShouldBeLessThan(0.05);
    }

    private static async Task CardStartedOnA_CompletesOnB(PostgresTestDatabase database, HostProcess a, HostProcess b)
    {
        const string curator = "29:demo-curator";
        var form = BotApp.CardOf((await a.SayAsync(curator, "записать консультацию")).Single()).ShouldNotBeNull();
        var data = SubmitData(form, "consultation.save").ShouldNotBeNull("the form has a save button");
        int schoolId;
        await using (var db = DatabaseSetup.CreateContext(database.Options))
        {
            schoolId = await db.Schools.Where(s => s.Name == "МОУ «СОШ № 3» г. Луги").Select(s => s.Id).SingleAsync();
            (await db.Consultations.CountAsync(c => c.Topic == "Совещание на двух экземплярах")).ShouldBe(0);
        }

        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(3).AddDays(-1));
        data["schoolId"] = schoolId.ToString(CultureInfo.InvariantCulture);
        data["date"] = yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        data["format"] = "InPerson";
        data["duration"] = "45";
        data["participants"] = "директор";
        data["topic"] = "Совещание на двух экземплярах";
        data["decisions"] = "Продолжить работу по плану.";
        data["plan"] = "Провести педсовет по итогам четверти";

        var replies = await b.SubmitAsync(curator, data);
        await b.SubmitAsync(curator, data);

        var texts = BotApp.TextsOf(BotApp.CardOf(replies.Single()));
        texts.ShouldContain(t => t.Contains("Совещание на двух экземплярах"));
        await using var check = DatabaseSetup.CreateContext(database.Options);
        var saved = await check.Consultations.AsNoTracking().Where(c => c.Topic == "Совещание на двух экземплярах").ToListAsync();
        saved.Count.ShouldBe(1, "B answered: " + string.Join(" | ", texts));
        saved[0].SchoolId.ShouldBe(schoolId);
    }

    private static async Task DownloadLinkFromA_ServedByB(HostProcess a, HostProcess b)
    {
        var replies = await a.SayAsync("29:demo-coordinator", "выгрузить консультации csv");
        var text = replies.Select(r => (string?)r["text"]).SingleOrDefault(t => t?.Contains("/files/", StringComparison.Ordinal) == true)
            .ShouldNotBeNull("A answered: " + string.Join(" | ", replies.Select(r => r.ToJsonString())));
        var start = text.IndexOf("](", StringComparison.Ordinal) + 2;
        var link = new Uri(text[start..text.IndexOf(')', start)]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };

        var forged = await http.GetAsync(new Uri(new Uri(b.BaseUrl), link.PathAndQuery[..^4] + "0000"));
        var download = await http.GetAsync(new Uri(new Uri(b.BaseUrl), link.PathAndQuery));
        var again = await http.GetAsync(new Uri(new Uri(a.BaseUrl), link.PathAndQuery));

        forged.StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
        download.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await download.Content.ReadAsStringAsync()).ShouldContain("Совещание на двух экземплярах");
        again.StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
    }

    private static JsonObject? SubmitData(JsonNode? node, string verb)
    {
        switch (node)
        {
            case JsonObject o when (string?)o["type"] == "Action.Submit" && o["data"] is JsonObject d && (string?)d["verb"] == verb:
                return (JsonObject)d.DeepClone();
            case JsonObject o:
                return o.Select(kv => SubmitData(kv.Value, verb)).FirstOrDefault(x => x is not null);
            case JsonArray array:
                return array.Select(x => SubmitData(x, verb)).FirstOrDefault(x => x is not null);
            default:
                return null;
        }
    }

    private static Dictionary<string, string> Settings(PostgresTestDatabase database, RecordingConnector connector, string name, bool seedDemo) => new()
    {
        ["Database:Provider"] = "Postgres",
        // Two hosts and the test share a busy machine: a connect may take longer than a short configured timeout.
        ["Database:ConnectionString"] = new Npgsql.NpgsqlConnectionStringBuilder(database.Options.ConnectionString) { Timeout = 30 }.ToString(),
        ["Hosting:Instances"] = "2",
        ["Hosting:InstanceName"] = name,
        ["Hosting:LeaseDuration"] = LeaseDuration.ToString(),
        ["Downloads:SigningKey"] = "multi-instance-test-key-0123456789abcdef",
        ["WebChat:TokenSigningKey"] = "multi-instance-test-key-0123456789abcdef",
        ["Startup:SeedDemoData"] = seedDemo ? "true" : "false",
        ["Demo:Enabled"] = "true",
        ["Bot:AllowAnonymous"] = "true",
        ["Bot:TrustedServiceHosts:0"] = new Uri(connector.ServiceUrl).Host,
        ["Outbox:TenantMessagesPerSecond"] = "40",
        ["Outbox:TenantMaxMessagesPerSecond"] = "48",
        ["Outbox:TenantBurst"] = "2",
        ["Outbox:PollInterval"] = "00:00:00.200",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:SchoolSupport.Data"] = "Information",
    };

    private static string Conversation(int personId) => "a:multi-" + personId.ToString(CultureInfo.InvariantCulture);

    private static async Task<long> EnqueueBroadcastAsync(PostgresTestDatabase database, RecordingConnector connector)
    {
        await using var db = DatabaseSetup.CreateContext(database.Options);
        var now = DateTime.UtcNow;
        var people = Enumerable.Range(0, Recipients).Select(i => new Person { FullName = $"Получатель {i}", CreatedAt = now }).ToList();
        db.People.AddRange(people);
        await db.SaveChangesAsync();
        db.ConversationAddresses.AddRange(people.Select(p => new ConversationAddress
        {
            PersonId = p.Id,
            ChannelId = "msteams",
            UserId = "29:multi-" + p.Id.ToString(CultureInfo.InvariantCulture),
            ConversationId = Conversation(p.Id),
            ConversationType = "personal",
            ServiceUrl = connector.ServiceUrl,
            TenantId = Tenant,
            BotId = "28:bot",
            UpdatedAt = now,
        }));
        await db.SaveChangesAsync();
        var message = OutboxWriter.Enqueue(db, new OutboxMessage
        {
            Kind = DeliveryKind.Announcement,
            Text = "Совещание кураторов в четверг в 15:00",
        }, people.Select(p => p.Id), now);
        await db.SaveChangesAsync();
        return message.Id;
    }

    private static async Task<int> PendingAsync(PostgresTestDatabase database, long messageId)
    {
        await using var db = DatabaseSetup.CreateContext(database.Options);
        return await db.Deliveries.CountAsync(d => d.MessageId == messageId
            && (d.Status == DeliveryStatus.Queued || d.Status == DeliveryStatus.Throttled || d.Status == DeliveryStatus.Sending));
    }

    private static async Task<string> LeaseOwnerAsync(PostgresTestDatabase database, string name)
    {
        await using var db = DatabaseSetup.CreateContext(database.Options);
        return (await db.Leases.AsNoTracking().SingleAsync(l => l.Name == name)).Owner;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what, IReadOnlyDictionary<string, HostProcess> hosts)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {timeout} for {what}.\n" +
                    string.Join("\n", hosts.Values.Select(h => $"--- host {h.Name} ---\n{h.Output}")));
            }

            await Task.Delay(200);
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static void WriteArtifact(string text)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SchoolSupport.sln")))
        {
            dir = dir.Parent;
        }

        if (dir is not null)
        {
            var artifacts = Directory.CreateDirectory(Path.Combine(dir.FullName, "artifacts"));
            File.WriteAllText(Path.Combine(artifacts.FullName, "multi-instance.txt"), text);
        }
    }
}
