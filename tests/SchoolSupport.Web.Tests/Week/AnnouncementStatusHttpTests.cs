using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Outbox;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests.Week;

/// <summary>
/// The status of an announcement tells the truth: the heading follows the delivery counts, the actual send time is
/// shown, «кто не подтвердил» names the people with their school, a reminder updates the card in place and is not
/// sent twice the same day, and «мои объявления» is a compact list.
/// </summary>
public sealed class AnnouncementStatusHttpTests : IAsyncLifetime
{
    private const string Coordinator = "29:demo-coordinator";
    private FakeConnector connector = null!;
    private BotApp bot = null!;

    public async Task InitializeAsync()
    {
        connector = await FakeConnector.StartAsync();
        bot = new BotApp(extraSettings: new Dictionary<string, string?> { ["Outbox:PollInterval"] = "00:00:00.200" });
    }

    public async Task DisposeAsync()
    {
        bot.Dispose();
        await connector.DisposeAsync();
    }

    [Fact]
    public async Task Status_OneDeliveredTwoWithoutTheApp_SaysSentWithProblemsAndListsWhoHasNotConfirmed()
    {
        await GreetThroughConnectorAsync("29:demo-director");
        var id = await SendToDirectorsAsync("ЛО-001", "ЛО-002", "ЛО-003");
        await WaitUntilDeliveredAsync();

        var status = await StatusCardAsync(id);
        var texts = BotApp.TextsOf(status);
        texts.ShouldContain("Отправлено с проблемами");
        texts.ShouldNotContain("Отправлено");
        texts.ShouldContain(t => t.StartsWith("Отправлено 18.03.2026 в ", StringComparison.Ordinal));
        texts.ShouldNotContain("Отправка сразу после подтверждения");
        Fact(status, "Получателей").ShouldBe("3");
        Fact(status, "Доставлено").ShouldBe("1");
        Fact(status, "Бот не установлен").ShouldBe("2");
        Fact(status, "Ознакомились").ShouldBe("0 из 1");
        FindVerbData(status, "announcement.pending").ShouldNotBeNull();

        // «кто не подтвердил» as a phrase and as the button give the same people with their schools.
        var byPhrase = BotApp.CardOf((await bot.SayAsync(Coordinator, "кто не подтвердил")).Single()).ShouldNotBeNull();
        var byButton = BotApp.CardOf((await bot.SubmitAsync(Coordinator, "announcement.pending", Id(id))).Single()).ShouldNotBeNull();
        var pending = BotApp.TextsOf(byPhrase).ToList();
        BotApp.TextsOf(byButton).ShouldBe(pending);
        pending.ShouldContain("Не подтвердили: 3 (из них не доставлено — 2)");
        foreach (var (person, school) in new[]
        {
            ("Иванова Марина Викторовна", "СОШ № 3 г. Луги"),
            ("Борисов Сергей Николаевич", "Толмачёвская СОШ"),
            ("Васильева Наталья Юрьевна", "Осьминская СОШ"),
        })
        {
            var at = pending.IndexOf(person);
            at.ShouldBeGreaterThan(0, person);
            pending[at + 1].ShouldBe(school);
        }

        pending[pending.IndexOf("Иванова Марина Викторовна") + 2].ShouldBe("не ознакомился(-ась)");
        pending[pending.IndexOf("Борисов Сергей Николаевич") + 2].ShouldStartWith("не доставлено: бот не установлен");
    }

    [Fact]
    public async Task Status_NobodyHasTheApp_SaysNobodyReachedAndNoZeroOfZero()
    {
        var id = await SendToDirectorsAsync("ЛО-002", "ЛО-003");
        await WaitUntilDeliveredAsync();

        var status = await StatusCardAsync(id);
        var texts = BotApp.TextsOf(status);
        texts.ShouldContain("Никому не доставлено");
        texts.ShouldNotContain("Отправлено");
        texts.ShouldNotContain(t => t.Contains("0 из 0", StringComparison.Ordinal));
        texts.ShouldNotContain("Отправка сразу после подтверждения");
        texts.ShouldContain(t => t.Contains("бот ещё не установлен", StringComparison.Ordinal));
        Fact(status, "Доставлено").ShouldBe("0");
        Fact(status, "Ознакомились").ShouldBe("пока некому: никому не доставлено");
        // Nobody has it, so there is nobody to remind.
        Should.Throw<InvalidOperationException>(() => FindVerbData(status, "announcement.remind"));
    }

    [Fact]
    public async Task Remind_UpdatesTheStatusCardWithTimeAndCount_AndASecondPressTheSameDaySendsNothing()
    {
        await GreetThroughConnectorAsync("29:demo-director");
        var id = await SendToDirectorsAsync("ЛО-001", "ЛО-002");
        await WaitUntilDeliveredAsync();

        var first = await bot.SubmitAsync(Coordinator, "announcement.remind", Id(id));
        var card = BotApp.CardOf(first.Single()).ShouldNotBeNull();
        var texts = BotApp.TextsOf(card);
        texts.ShouldContain("Напоминание отправляется: 1 получателю.");
        texts.ShouldContain("Последнее напоминание: 18.03.2026 в 10:00, 1 получателю");
        FindVerbData(card, "announcement.remind").ShouldNotBeNull();
        (await RemindersAsync()).ShouldBe((1, 1));

        bot.Clock.Advance(TimeSpan.FromHours(3));
        var second = BotApp.TextsOf(BotApp.CardOf((await bot.SubmitAsync(Coordinator, "announcement.remind", Id(id))).Single()));
        second.ShouldContain("Сегодня уже напоминали — в 10:00, 1 получателю. Следующее напоминание можно отправить завтра.");
        second.ShouldContain("Последнее напоминание: 18.03.2026 в 10:00, 1 получателю");
        (await RemindersAsync()).ShouldBe((1, 1));

        // In Teams the same press answers the invoke with the updated card.
        var (_, body) = await bot.ExecuteAsync(Coordinator, "announcement.remind", Id(id));
        BotApp.TextsOf(body!["value"]).ShouldContain(t => t.StartsWith("Сегодня уже напоминали", StringComparison.Ordinal));
        (await RemindersAsync()).ShouldBe((1, 1));

        bot.Clock.Advance(TimeSpan.FromDays(1));
        var nextDay = BotApp.TextsOf(BotApp.CardOf((await bot.SubmitAsync(Coordinator, "announcement.remind", Id(id))).Single()));
        nextDay.ShouldContain("Последнее напоминание: 19.03.2026 в 13:00, 1 получателю");
        (await RemindersAsync()).ShouldBe((2, 2));
    }

    [Fact]
    public async Task MyAnnouncements_IsOneCompactListWithTheStatusOneTapAway()
    {
        await GreetThroughConnectorAsync("29:demo-director");
        var first = await SendToDirectorsAsync("ЛО-001");
        await WaitUntilDeliveredAsync();
        var second = await SendToDirectorsAsync("ЛО-002", "ЛО-003");
        await WaitUntilDeliveredAsync();

        var replies = await bot.SayAsync(Coordinator, "мои объявления");
        var list = BotApp.CardOf(replies.Single()).ShouldNotBeNull();
        var texts = BotApp.TextsOf(list);
        texts[0].ShouldBe("Мои объявления");
        texts.Count(t => t == "Статус").ShouldBe(2);
        texts.ShouldContain("18.03 · Отправлено · доставлено 1 из 1 · ознакомились 0 из 1");
        texts.ShouldContain("18.03 · Никому не доставлено · доставлено 0 из 2");
        FindAllVerbData(list, "announcement.status").Select(d => (string?)d["announcementId"])
            .ShouldBe([second.ToString(CultureInfo.InvariantCulture), first.ToString(CultureInfo.InvariantCulture)]);

        var opened = await bot.SubmitAsync(Coordinator, "announcement.status", FindAllVerbData(list, "announcement.status")[1]);
        var status = BotApp.CardOf(opened.Single()).ShouldNotBeNull();
        BotApp.TextsOf(status)[0].ShouldBe("Собрание руководителей ЛО-001");
        BotApp.TextsOf(status).ShouldContain("Отправлено");
    }

    private async Task GreetThroughConnectorAsync(string user)
    {
        var hello = BotApp.Activity(user);
        hello["text"] = "кто я";
        hello["serviceUrl"] = connector.ServiceUrl;
        hello.Remove("deliveryMode");
        (await bot.PostAsync(hello)).IsSuccessStatusCode.ShouldBeTrue();
        await connector.WaitForAsync(c => c.Path.StartsWith("/v3/conversations/conv-" + Uri.EscapeDataString(user) + "/activities", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    private async Task<int> SendToDirectorsAsync(params string[] codes)
    {
        List<int> schoolIds;
        await using (var db = bot.OpenDatabase())
        {
            schoolIds = await db.Schools.Where(s => codes.Contains(s.Code)).Select(s => s.Id).ToListAsync();
        }

        var draft = new JsonObject
        {
            ["announcementId"] = "",
            ["title"] = "Собрание руководителей " + string.Join(", ", codes),
            ["text"] = "Коллеги, в пятницу в 15:00 собрание.",
            ["roles"] = "Director",
            ["schools"] = string.Join(",", schoolIds),
            ["requireAck"] = "true",
        };
        var preview = BotApp.CardOf((await bot.SubmitAsync(Coordinator, "announcement.preview", draft)).Single()).ShouldNotBeNull();
        var id = FindVerbData(preview, "announcement.send")["announcementId"]!.GetValue<string>();
        await bot.SubmitAsync(Coordinator, "announcement.send", new JsonObject { ["announcementId"] = id });
        return int.Parse(id, CultureInfo.InvariantCulture);
    }

    private async Task WaitUntilDeliveredAsync()
    {
        await using var db = bot.OpenDatabase();
        for (var i = 0; i < 200; i++)
        {
            var pending = await db.Deliveries.CountAsync(d => (d.Message!.Kind == DeliveryKind.Announcement || d.Message!.Kind == DeliveryKind.AnnouncementReminder)
                && (d.Status == DeliveryStatus.Queued || d.Status == DeliveryStatus.Sending || d.Status == DeliveryStatus.Throttled));
            if (pending == 0)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The announcement deliveries were not processed.");
    }

    private async Task<JsonObject> StatusCardAsync(int id) =>
        BotApp.CardOf((await bot.SubmitAsync(Coordinator, "announcement.status", Id(id))).Single()).ShouldNotBeNull();

    private async Task<(int Messages, int Deliveries)> RemindersAsync()
    {
        await using var db = bot.OpenDatabase();
        return (await db.OutboxMessages.CountAsync(m => m.Kind == DeliveryKind.AnnouncementReminder),
            await db.Deliveries.CountAsync(d => d.Message!.Kind == DeliveryKind.AnnouncementReminder));
    }

    private static JsonObject Id(int id) => new() { ["announcementId"] = id.ToString(CultureInfo.InvariantCulture) };

    private static string? Fact(JsonObject card, string title) =>
        card["body"]!.AsArray().OfType<JsonObject>().Where(b => (string?)b["type"] == "FactSet")
            .SelectMany(f => f["facts"]!.AsArray().OfType<JsonObject>())
            .FirstOrDefault(f => (string?)f["title"] == title)?["value"]?.GetValue<string>();

    internal static JsonObject FindVerbData(JsonNode? node, string verb) =>
        FindAllVerbData(node, verb).FirstOrDefault() ?? throw new InvalidOperationException($"No action with verb {verb}");

    internal static List<JsonObject> FindAllVerbData(JsonNode? node, string verb)
    {
        var found = new List<JsonObject>();
        void Walk(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o when o["data"] is JsonObject data && (string?)data["verb"] == verb:
                    found.Add(data);
                    break;
                case JsonObject o:
                    foreach (var (_, child) in o)
                    {
                        Walk(child);
                    }

                    break;
                case JsonArray a:
                    foreach (var child in a)
                    {
                        Walk(child);
                    }

                    break;
            }
        }

        Walk(node);
        return found;
    }
}
