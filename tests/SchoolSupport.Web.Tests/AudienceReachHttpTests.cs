using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Audiences;
using SchoolSupport.Outbox;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests;

/// <summary>
/// Recipients who do not have the Teams app: the preview names them with their school, the bot installs the app for
/// them through (a fake) Microsoft Graph before sending and delivers through the outbox to the new chat; a refused
/// install leaves the person listed as not reached with the reason; without the Graph setup the coordinator is told
/// what to ask the Teams admin for.
/// </summary>
public sealed class AudienceReachHttpTests : IAsyncLifetime
{
    private const string Coordinator = "29:demo-coordinator";
    private FakeConnector connector = null!;
    private FakeGraph graph = null!;

    public async Task InitializeAsync()
    {
        connector = await FakeConnector.StartAsync();
        graph = await FakeGraph.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await graph.DisposeAsync();
        await connector.DisposeAsync();
    }

    [Fact]
    public async Task Announcement_ToDirectorsWithoutTheApp_InstallsItThroughGraphAndDeliversToTheNewChats()
    {
        using var bot = new BotApp(extraSettings: Settings(withGraph: true));
        await SayHelloThroughConnectorAsync(bot, "29:demo-director");
        graph.AlreadyInstalled("director3@demo.schoolsupport.local");
        graph.Script("director4@demo.schoolsupport.local", new FakeGraph.Answer(403, Code: "Forbidden"));

        var preview = await PreviewAsync(bot, "ЛО-001", "ЛО-002", "ЛО-003", "ЛО-004");
        var texts = string.Join("\n", BotApp.TextsOf(preview));
        texts.ShouldContain("Пока не могут получить сообщение: 3 из 4 — у них нет чата с ботом в Teams.");
        texts.ShouldContain("Борисов Сергей Николаевич (");
        texts.ShouldContain("Васильева Наталья Юрьевна (");
        texts.ShouldContain("Григорьев Андрей Викторович (");
        texts.ShouldNotContain("Иванова Марина Викторовна (");
        texts.ShouldContain("Перед отправкой бот сам установит им приложение в Teams");
        graph.Calls.ShouldBeEmpty();

        var id = await SendAsync(bot, preview);
        var deliveries = await FinishedAsync(bot, id);

        deliveries.Count(d => d.Status == DeliveryStatus.Sent).ShouldBe(3);
        var refused = deliveries.Single(d => d.Status == DeliveryStatus.NoAddress);
        refused.Error.ShouldNotBeNull();
        refused.Error.ShouldContain("403");
        refused.Error.ShouldContain("TeamsAppInstallation.ReadWriteForUser.All");
        foreach (var user in new[] { "director2@demo.schoolsupport.local", "director3@demo.schoolsupport.local" })
        {
            var path = "/v3/conversations/" + Uri.EscapeDataString(FakeGraph.ChatOf(user)) + "/activities";
            // Only the announcement: a digest may reach the new chat too once it exists.
            var sent = connector.Calls.Where(c => c.Method == "POST" && c.Path.StartsWith(path, StringComparison.Ordinal) && IsAnnouncement(c)).ToList();
            sent.Count.ShouldBe(1);
            sent[0].Body!["conversation"]!["id"]!.GetValue<string>().ShouldBe(FakeGraph.ChatOf(user));
            sent[0].Body!["recipient"].ShouldBeNull();
            graph.Installs(user).Count().ShouldBe(1);
        }

        connector.Calls.Count(c => c.Method == "POST" && c.Path.StartsWith("/v3/conversations/conv-29%3Ademo-director/activities", StringComparison.Ordinal)
                                   && (c.Body?.ToJsonString() ?? "").Contains("announcement.ack", StringComparison.Ordinal)).ShouldBe(1);
        connector.Calls.ShouldNotContain(c => c.Path.TrimEnd('/') == "/v3/conversations");
        graph.Installs("director@demo.schoolsupport.local").ShouldBeEmpty();
        var token = graph.Calls.First(c => c.Path == $"/{FakeGraph.Tenant}/oauth2/v2.0/token");
        token.Body.ShouldContain("grant_type=client_credentials");
        graph.Calls.Where(c => c.Path.StartsWith("/v1.0/", StringComparison.Ordinal)).ShouldAllBe(c => c.Authorization == "Bearer graph-token-1");

        await using (var db = bot.OpenDatabase())
        {
            var installs = await db.AppInstallations.ToListAsync();
            installs.Count.ShouldBe(3);
            installs.Count(i => i.State == AppInstallState.Installed).ShouldBe(2);
            installs.Single(i => i.State == AppInstallState.Refused).Error!.ShouldContain("403");
            var address = await db.ConversationAddresses.SingleAsync(a => a.ConversationId == FakeGraph.ChatOf("director2@demo.schoolsupport.local"));
            (address.ServiceUrl, address.ConversationType, address.TenantId, address.IsActive).ShouldBe((connector.ServiceUrl, "personal", FakeGraph.Tenant, true));
        }

        // The status card and «кто не подтвердил» tell the truth, with the reason and what to ask for.
        var status = Texts(await bot.SubmitAsync(Coordinator, "announcement.status", Id(id)));
        status.ShouldContain("Отправлено с проблемами");
        status.ShouldContain("TeamsAppInstallation.ReadWriteForUser.All");
        var pending = Texts(await bot.SubmitAsync(Coordinator, "announcement.pending", Id(id)));
        pending.ShouldContain("Григорьев Андрей Викторович");
        pending.ShouldContain("не доставлено: Microsoft Graph отказал в установке приложения (403 Forbidden)");

        // A second announcement to the same people: the installed ones are reached directly, the refused one is not asked again.
        var again = string.Join("\n", BotApp.TextsOf(await PreviewAsync(bot, "ЛО-001", "ЛО-002", "ЛО-003", "ЛО-004")));
        again.ShouldContain("Пока не могут получить сообщение: 1 из 4");
        again.ShouldContain("Григорьев Андрей Викторович");
        again.ShouldContain("Установка не удалась для 1");
        var second = await SendAsync(bot, await PreviewAsync(bot, "ЛО-002", "ЛО-004"));
        var rows = await FinishedAsync(bot, second);
        rows.Select(d => d.Status).Order().ShouldBe([DeliveryStatus.Sent, DeliveryStatus.NoAddress]);
        graph.Installs("director2@demo.schoolsupport.local").Count().ShouldBe(1);
        graph.Installs("director4@demo.schoolsupport.local").Count().ShouldBe(1);
    }

    [Fact]
    public async Task Announcement_WhenGraphThrottles_WaitsOutRetryAfterThenInstallsAndDeliversOnce()
    {
        using var bot = new BotApp(extraSettings: Settings(withGraph: true));
        const string user = "director2@demo.schoolsupport.local";
        graph.Script(user, new FakeGraph.Answer(429, RetryAfterSeconds: 30, Code: "TooManyRequests"));

        var id = await SendAsync(bot, await PreviewAsync(bot, "ЛО-002"));
        await WaitAsync(() => graph.Installs(user).Any(), "the first install request");
        await WaitAsync(async () =>
        {
            await using var db = bot.OpenDatabase();
            return await db.AppInstallations.AnyAsync(i => i.Throttles == 1);
        }, "the 429 to be recorded");

        // Graph's clock has not moved: the install waits, and so does the delivery.
        await using (var db = bot.OpenDatabase())
        {
            var install = await db.AppInstallations.SingleAsync();
            install.State.ShouldBe(AppInstallState.Pending);
            install.NextAttemptAt.ShouldBe(bot.Clock.GetUtcNow().UtcDateTime.AddSeconds(30));
            var delivery = await db.Deliveries.SingleAsync(d => d.Message!.Kind == DeliveryKind.Announcement);
            (delivery.Status, delivery.Error, delivery.Attempts).ShouldBe((DeliveryStatus.Queued, AppInstalls.WaitMarker, 0));
        }

        graph.Installs(user).Count().ShouldBe(1);

        bot.Clock.Advance(TimeSpan.FromSeconds(31));
        var deliveries = await FinishedAsync(bot, id);

        deliveries.Single().Status.ShouldBe(DeliveryStatus.Sent);
        graph.Installs(user).Count().ShouldBe(2);
        var path = "/v3/conversations/" + Uri.EscapeDataString(FakeGraph.ChatOf(user)) + "/activities";
        connector.Calls.Count(c => c.Method == "POST" && c.Path.StartsWith(path, StringComparison.Ordinal) && IsAnnouncement(c)).ShouldBe(1);
    }

    [Fact]
    public async Task Announcement_WithoutGraphSetup_PreviewAndStatusSayWhatToAskTheTeamsAdminFor()
    {
        var settings = Settings(withGraph: false);
        settings["TeamsInstall:ClientId"] = "3f2c1a9e-7d41-4b8e-9a55-0c6e2b7d1f34";
        using var bot = new BotApp(extraSettings: settings);

        var preview = await PreviewAsync(bot, "ЛО-001", "ЛО-002", "ЛО-003");
        var texts = string.Join("\n", BotApp.TextsOf(preview));
        texts.ShouldContain("Пока не могут получить сообщение: 3 из 3");
        texts.ShouldContain("Иванова Марина Викторовна (");
        texts.ShouldContain("разрешение Microsoft Graph TeamsAppInstallation.ReadWriteForUser.All (тип «Приложение») с согласием администратора");
        texts.ShouldContain("3f2c1a9e-7d41-4b8e-9a55-0c6e2b7d1f34");
        texts.ShouldContain("TeamsInstall:CatalogAppId");

        // Many people: the names stay compact.
        var all = string.Join("\n", BotApp.TextsOf(await PreviewAsync(bot)));
        all.ShouldContain("Пока не могут получить сообщение: 14 из 14");
        all.ShouldContain($"и ещё {14 - AudienceReach.MaxNames}.");

        var id = await SendAsync(bot, preview);
        var deliveries = await FinishedAsync(bot, id);
        deliveries.ShouldAllBe(d => d.Status == DeliveryStatus.NoAddress && d.Error!.Contains("TeamsAppInstallation.ReadWriteForUser.All"));
        var status = Texts(await bot.SubmitAsync(Coordinator, "announcement.status", Id(id)));
        status.ShouldContain("Никому не доставлено");
        status.ShouldContain("TeamsAppInstallation.ReadWriteForUser.All");
        status.ShouldContain("3f2c1a9e-7d41-4b8e-9a55-0c6e2b7d1f34");
        await using var db = bot.OpenDatabase();
        (await db.AppInstallations.CountAsync()).ShouldBe(0);
        graph.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task SurveyPreview_NamesTheRecipientsTheBotCannotReachYet()
    {
        using var bot = new BotApp(extraSettings: Settings(withGraph: true));
        await SayHelloThroughConnectorAsync(bot, "29:demo-director");
        var form = BotApp.CardOf((await bot.SayAsync("29:demo-municipal", "новый опрос")).Single())!;
        var data = FindVerbData(form, "survey.build");
        data["title"] = "Эффективность совещаний";
        data["opens"] = "2026-03-18";
        data["closes"] = "2026-03-31";
        data["roles"] = "director";
        data["q1_text"] = "Насколько полезны ВКС?";
        data["q1_type"] = "rating";
        data.Remove("verb");

        var preview = Texts(await bot.SubmitAsync("29:demo-municipal", "survey.build", data));

        preview.ShouldContain("Получат приглашение: 3");
        preview.ShouldContain("Пока не могут получить сообщение: 2 из 3 — у них нет чата с ботом в Teams.");
        preview.ShouldContain("Борисов Сергей Николаевич (");
        preview.ShouldNotContain("Иванова Марина Викторовна (");
        preview.ShouldContain("Перед отправкой бот сам установит им приложение в Teams");
    }

    private Dictionary<string, string?> Settings(bool withGraph)
    {
        var settings = withGraph ? graph.Settings(connector.ServiceUrl) : [];
        settings["Outbox:PollInterval"] = "00:00:00.200";
        return settings;
    }

    private async Task SayHelloThroughConnectorAsync(BotApp bot, string userId)
    {
        var hello = BotApp.Activity(userId);
        hello["text"] = "кто я";
        hello["serviceUrl"] = connector.ServiceUrl;
        hello.Remove("deliveryMode");
        (await bot.PostAsync(hello)).IsSuccessStatusCode.ShouldBeTrue();
        await connector.WaitForAsync(c => c.Path.StartsWith("/v3/conversations/conv-" + Uri.EscapeDataString(userId), StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    private static async Task<JsonObject> PreviewAsync(BotApp bot, params string[] schoolCodes)
    {
        var schools = "";
        if (schoolCodes.Length > 0)
        {
            await using var db = bot.OpenDatabase();
            var ids = await db.Schools.Where(s => schoolCodes.Contains(s.Code)).Select(s => s.Id).ToListAsync();
            ids.Count.ShouldBe(schoolCodes.Length);
            schools = string.Join(",", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        }

        var draft = new JsonObject
        {
            ["announcementId"] = "",
            ["title"] = "Второй опрос участников проекта",
            ["text"] = "Коллеги, до 13 июня пройдите второй опрос.",
            ["roles"] = "Director",
            ["schools"] = schools,
            ["requireAck"] = "true",
        };
        return BotApp.CardOf((await bot.SubmitAsync(Coordinator, "announcement.preview", draft)).Single()).ShouldNotBeNull();
    }

    private static async Task<int> SendAsync(BotApp bot, JsonObject preview)
    {
        var id = FindVerbData(preview, "announcement.send")["announcementId"]!.GetValue<string>();
        await bot.SubmitAsync(Coordinator, "announcement.send", new JsonObject { ["announcementId"] = id });
        return int.Parse(id, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The announcement's deliveries once none is waiting or in flight (bounded wait). The clock moves on while it
    /// waits, as it would: the outbox's per-tenant rate refills with time.
    /// </summary>
    private static async Task<List<Delivery>> FinishedAsync(BotApp bot, int announcementId)
    {
        var topic = "announcement:" + announcementId.ToString(CultureInfo.InvariantCulture);
        List<Delivery> rows = [];
        var installs = "";
        await WaitAsync(async () =>
        {
            bot.Clock.Advance(TimeSpan.FromMilliseconds(200));
            await using var db = bot.OpenDatabase();
            rows = await db.Deliveries.AsNoTracking().Where(d => d.Message!.Topic == topic && d.Message.Kind == DeliveryKind.Announcement).ToListAsync();
            installs = string.Join("; ", (await db.AppInstallations.AsNoTracking().ToListAsync()).Select(i => $"{i.PersonId}: {i.State} {i.Error} {i.LeaseOwner} {i.Attempts}"));
            return rows.Count > 0 && rows.All(d => d.Status is not (DeliveryStatus.Queued or DeliveryStatus.Sending or DeliveryStatus.Throttled));
        }, "the announcement's deliveries to finish", () => string.Join("; ", rows.Select(d => $"{d.PersonId}: {d.Status} {d.Error} {d.NextAttemptAt:O} {d.LeaseOwner}")) + " | installs " + installs + " now " + bot.Clock.GetUtcNow().ToString("O"));
        return rows;
    }

    private static Task WaitAsync(Func<bool> condition, string what) => WaitAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitAsync(Func<Task<bool>> condition, string what, Func<string>? state = null)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException("Gave up waiting for " + what + (state is null ? "" : ": " + state()));
            }

            await Task.Delay(100);
        }
    }

    private static bool IsAnnouncement(FakeConnector.Call call) =>
        (call.Body?.ToJsonString() ?? "").Contains("announcement.ack", StringComparison.Ordinal);

    private static JsonObject Id(int id) => new() { ["announcementId"] = id.ToString(CultureInfo.InvariantCulture) };

    private static string Texts(IReadOnlyList<JsonObject> replies) =>
        string.Join("\n", replies.SelectMany(r => BotApp.TextsOf(BotApp.CardOf(r) ?? r)));

    private static JsonObject FindVerbData(JsonNode? node, string verb)
    {
        var stack = new Stack<JsonNode?>([node]);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case JsonObject o when o["data"] is JsonObject data && (string?)data["verb"] == verb:
                    return data;
                case JsonObject o:
                    foreach (var (_, child) in o)
                    {
                        stack.Push(child);
                    }

                    break;
                case JsonArray a:
                    foreach (var child in a)
                    {
                        stack.Push(child);
                    }

                    break;
            }
        }

        throw new InvalidOperationException($"No action with verb {verb}");
    }
}
