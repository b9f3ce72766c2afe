using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SchoolSupport.Conversation;
using SchoolSupport.Data;
using SchoolSupport.Outbox;
using SchoolSupport.People;
using SchoolSupport.Web.Tests.Support;
using Xunit.Abstractions;

namespace SchoolSupport.Web.Tests;

/// <summary>
/// The bot on PostgreSQL behind a loopback proxy that the test cuts and restores, as if the server stopped and came
/// back: people get the apology instead of an empty 500, through the connector at the address the activity carries;
/// card actions get an apology card; the outbox pauses and resumes and every delivery goes out exactly once.
/// </summary>
public sealed class DatabaseOutageHttpTests(ITestOutputHelper output)
{
    private const string Director = "29:demo-director";
    private const string DirectorReplies = "/v3/conversations/conv-29%3Ademo-director/activities/";

    [Fact]
    public async Task Turns_WhileTheDatabaseIsAway_GetTheApology_AndAreServedAgainWhenItReturns()
    {
        using var pg = new PostgresDatabase();
        await using var proxy = new TcpProxy(pg.Host, pg.Port);
        await using var connector = await FakeConnector.StartAsync();
        using var bot = new BotApp(extraSettings: Postgres(pg, proxy));
        await SayThroughConnectorAsync(bot, connector, "кто я", "warm-1");
        var storedBefore = await CountAsync(pg, db => db.ConversationAddresses.CountAsync());

        proxy.Cut();

        // A message: HTTP 200, and the apology goes to the conversation named by the activity, as a reply to it.
        var clock = Stopwatch.StartNew();
        var response = await bot.PostAsync(Message(connector, "статус", "outage-1"));
        var apology = await connector.WaitForAsync(c => c.Path == DirectorReplies + "outage-1", TimeSpan.FromSeconds(10));
        output.WriteLine($"first turn after the cut: apology posted after {clock.ElapsedMilliseconds} ms");
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        ((string?)apology.Body?["text"]).ShouldBe(Texts.ServiceUnavailable);
        ((string?)apology.Body?["replyToId"]).ShouldBe("outage-1");

        // The next ones are answered without waiting for the database at all (it is known to be away).
        clock.Restart();
        (await bot.PostAsync(Message(connector, "что на этой неделе", "outage-2"))).IsSuccessStatusCode.ShouldBeTrue();
        await connector.WaitForAsync(c => c.Path == DirectorReplies + "outage-2" && (string?)c.Body?["text"] == Texts.ServiceUnavailable, TimeSpan.FromSeconds(10));
        output.WriteLine($"second turn during the outage: apology posted after {clock.ElapsedMilliseconds} ms");
        (await bot.SayAsync(Director, "статус")).Select(r => (string?)r["text"]).ShouldBe([Texts.ServiceUnavailable]);

        // A Teams card action: an apology card whose «Повторить» repeats the same action with the same data.
        var (status, body) = await bot.ExecuteAsync(Director, "item.mark", new JsonObject { ["itemId"] = "17", ["note"] = "готово" });
        status.ShouldBe(System.Net.HttpStatusCode.OK);
        body.ShouldNotBeNull();
        ((string?)body["type"]).ShouldBe("application/vnd.microsoft.card.adaptive");
        BotApp.TextsOf(body["value"]).ShouldContain(Texts.ServiceUnavailable);
        var retry = body["value"]!["body"]!.AsArray().Select(e => e?["actions"]?[0]).Single(a => a is not null)!;
        ((string?)retry["type"]).ShouldBe("Action.Execute");
        ((string?)retry["title"]).ShouldBe("Повторить");
        ((string?)retry["verb"]).ShouldBe("item.mark");
        ((string?)retry["data"]!["itemId"]).ShouldBe("17");
        ((string?)retry["data"]!["note"]).ShouldBe("готово");

        proxy.Restore();

        // Back: within a few probes the same question gets its real answer, and nothing was stored meanwhile.
        IReadOnlyList<JsonObject> answer = [];
        for (var i = 0; i < 100; i++)
        {
            answer = await bot.SayAsync(Director, "статус");
            if (answer.All(r => (string?)r["text"] != Texts.ServiceUnavailable))
            {
                break;
            }

            await Task.Delay(200);
        }

        answer.ShouldNotBeEmpty();
        answer.ShouldAllBe(r => (string?)r["text"] != Texts.ServiceUnavailable);
        BotApp.CardOf(answer[0]).ShouldNotBeNull();
        (await CountAsync(pg, db => db.ConversationAddresses.CountAsync())).ShouldBe(storedBefore);
    }

    [Fact]
    public async Task Outbox_DatabaseCutAndRestoredUnderLoad_SendsEveryDeliveryExactlyOnce()
    {
        const int Recipients = 150;
        using var pg = new PostgresDatabase();
        await using var proxy = new TcpProxy(pg.Host, pg.Port);
        await using var connector = await FakeConnector.StartAsync();
        var settings = Postgres(pg, proxy);
        settings["Outbox:PollInterval"] = "00:00:00.100";
        // The outbox paces by the clock, so it needs a running one.
        using var bot = new BotApp(extraSettings: settings, configureServices: services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton(TimeProvider.System);
        });
        await SayThroughConnectorAsync(bot, connector, "кто я", "warm-1");

        long messageId;
        await using (var db = Direct(pg))
        {
            var now = DateTime.UtcNow;
            var people = Enumerable.Range(0, Recipients).Select(i => new Person { FullName = $"Получатель {i}", Email = $"load{i}@school.test", CreatedAt = now }).ToList();
            db.People.AddRange(people);
            await db.SaveChangesAsync();
            db.ConversationAddresses.AddRange(people.Select(p => new ConversationAddress
            {
                PersonId = p.Id,
                ChannelId = "emulator",
                UserId = "29:load-" + p.Id,
                ConversationId = "load-" + p.Id,
                ConversationType = "personal",
                ServiceUrl = connector.ServiceUrl,
                UpdatedAt = now,
            }));
            var message = OutboxWriter.Enqueue(db, new OutboxMessage { Kind = DeliveryKind.Announcement, Text = "Проверка связи" }, people.Select(p => p.Id), now);
            await db.SaveChangesAsync();
            messageId = message.Id;
        }

        int LoadCalls() => connector.Calls.Count(c => c.Path.StartsWith("/v3/conversations/load-", StringComparison.Ordinal));

        await Until(() => LoadCalls() >= Recipients / 4, TimeSpan.FromSeconds(60));
        proxy.Cut();
        var atCut = LoadCalls();
        // A person writing meanwhile is answered too.
        (await bot.SayAsync(Director, "статус")).Select(r => (string?)r["text"]).ShouldBe([Texts.ServiceUnavailable]);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var duringCut = LoadCalls() - atCut;
        proxy.Restore();
        output.WriteLine($"sent before the cut: {atCut}, during the 3 s cut (already claimed and marked): {duringCut}");

        await Until(async () => await CountAsync(pg, db => db.Deliveries.CountAsync(d => d.MessageId == messageId
            && (d.Status == DeliveryStatus.Queued || d.Status == DeliveryStatus.Sending || d.Status == DeliveryStatus.Throttled))) == 0,
            TimeSpan.FromSeconds(90));

        await using var check = Direct(pg);
        var rows = await check.Deliveries.Where(d => d.MessageId == messageId).ToListAsync();
        rows.Count.ShouldBe(Recipients);
        rows.Where(d => d.Status != DeliveryStatus.Sent).Select(d => $"{d.Id} {d.Status} {d.Error}").ShouldBeEmpty();
        rows.Count(d => d.PossibleDuplicate).ShouldBe(0);
        var perConversation = connector.Calls.Where(c => c.Path.StartsWith("/v3/conversations/load-", StringComparison.Ordinal))
            .GroupBy(c => c.Path.Split('/')[3]).ToDictionary(g => g.Key, g => g.Count());
        perConversation.Count.ShouldBe(Recipients);
        perConversation.Where(kv => kv.Value != 1).Select(kv => $"{kv.Key} ×{kv.Value}").ShouldBeEmpty();
    }

    private static Dictionary<string, string?> Postgres(PostgresDatabase pg, TcpProxy proxy) => new()
    {
        ["Database:Provider"] = "Postgres",
        ["Database:ConnectionString"] = pg.Through(proxy.Port),
        ["Reminders:CheckInterval"] = "01:00:00",
    };

    private static SchoolSupportDbContext Direct(PostgresDatabase pg) =>
        DatabaseSetup.CreateContext(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = pg.ConnectionString });

    private static async Task<int> CountAsync(PostgresDatabase pg, Func<SchoolSupportDbContext, Task<int>> count)
    {
        await using var db = Direct(pg);
        return await count(db);
    }

    private static JsonObject Message(FakeConnector connector, string text, string id)
    {
        var activity = BotApp.Activity(Director);
        activity["id"] = id;
        activity["text"] = text;
        activity["serviceUrl"] = connector.ServiceUrl;
        activity.Remove("deliveryMode");
        return activity;
    }

    private static async Task SayThroughConnectorAsync(BotApp bot, FakeConnector connector, string text, string id)
    {
        (await bot.PostAsync(Message(connector, text, id))).IsSuccessStatusCode.ShouldBeTrue();
        await connector.WaitForAsync(c => c.Path == DirectorReplies + id, TimeSpan.FromSeconds(30));
    }

    private static Task Until(Func<bool> condition, TimeSpan timeout) => Until(() => Task.FromResult(condition()), timeout);

    private static async Task Until(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Not reached within {timeout}.");
            }

            await Task.Delay(100);
        }
    }
}
