using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Data;
using SchoolSupport.Outbox;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests;

/// <summary>
/// The attacks of the security review, replayed through /api/messages: each must fail, say so in Russian, and leave
/// every table it could touch exactly as it was.
/// </summary>
public sealed class SecurityDefectTests : IAsyncLifetime
{
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
    public async Task Defect1_ConsultationOfAnotherSchool_ThroughAReplayedFormKeyOrActivityId_IsNeverShownAndNothingChanges()
    {
        // The curator (schools ЛО-001, 002, 004) saves one consultation of her own: the attacker's «earlier form».
        var ownSchool = await SchoolIdAsync("МОУ «СОШ № 3» г. Луги");
        var ownForm = Fill(await OpenConsultationFormAsync("29:demo-curator"), ownSchool, "Своя консультация");
        AssertSaved(await bot.SubmitAsync("29:demo-curator", "consultation.save", ownForm));

        // The consultant records one at «Осьминская СОШ» (not the curator's) from a card without a form key, so its
        // duplicate key falls back to the activity id.
        var consultantSchool = await SchoolIdAsync("МОУ «Осьминская СОШ»");
        var consultantForm = Fill(await OpenConsultationFormAsync("29:demo-consultant"), consultantSchool, "Тайная тема консультанта");
        consultantForm.Remove("cardKey");
        AssertSaved(await bot.SubmitAsync("29:demo-consultant", "consultation.save", consultantForm, activityId: "shared-activity-42"));

        int victimId;
        int consultantRowId;
        await using (var db = bot.OpenDatabase())
        {
            // A demo consultation by the second curator at «Ивангородская СОШ № 2», outside the attacker's scope.
            victimId = await db.Consultations.Where(c => c.Topic == "Подготовка к первому опросу участников проекта").Select(c => c.Id).SingleAsync();
            consultantRowId = await db.Consultations.Where(c => c.Topic == "Тайная тема консультанта").Select(c => c.Id).SingleAsync();
        }

        var before = await SnapshotAsync();
        var victimBefore = await ConsultationJsonAsync(victimId);
        var leaks = new[] { "Ивангородская", "Подготовка к первому опросу", "Директор и заместитель проходят опрос", "Осьминская", "Тайная тема консультанта" };

        // 1. The reported attack: someone else's consultationId with the attacker's own earlier form key.
        var replay = (JsonObject)ownForm.DeepClone();
        replay["consultationId"] = victimId.ToString(CultureInfo.InvariantCulture);
        var replies = await bot.SubmitAsync("29:demo-curator", "consultation.save", replay);
        AssertRefusedWithoutLeak(replies, leaks);

        // 2. The same with the consultant's record and with an empty form.
        replay["consultationId"] = consultantRowId.ToString(CultureInfo.InvariantCulture);
        AssertRefusedWithoutLeak(await bot.SubmitAsync("29:demo-curator", "consultation.save", replay), leaks);

        // 3. A new «save» that reuses another person's activity id: the fallback key is the person's and the chat's.
        var replies3 = await bot.SubmitAsync("29:demo-curator", "consultation.save", new JsonObject(), activityId: "shared-activity-42");
        AssertNoLeak(replies3, leaks);

        // 4. Every other verb that displays a consultation, with the victim's id.
        foreach (var verb in new[] { "consultation.show", "consultation.edit", "consultation.delete" })
        {
            AssertRefusedWithoutLeak(
                await bot.SubmitAsync("29:demo-curator", verb, new JsonObject { ["consultationId"] = victimId.ToString(CultureInfo.InvariantCulture) }),
                leaks);
        }

        int victimActionId;
        await using (var db = bot.OpenDatabase())
        {
            victimActionId = await db.ConsultationActions.Where(a => a.ConsultationId == victimId).Select(a => a.Id).FirstAsync();
        }

        AssertRefusedWithoutLeak(
            await bot.SubmitAsync("29:demo-curator", "consultation.action.done", new JsonObject { ["actionId"] = victimActionId.ToString(CultureInfo.InvariantCulture) }),
            leaks);

        (await SnapshotAsync()).ShouldBe(before);
        (await ConsultationJsonAsync(victimId)).ShouldBe(victimBefore);

        // The genuine duplicate — same person, same record, same form — is still recognised.
        var again = await bot.SubmitAsync("29:demo-curator", "consultation.save", ownForm);
        BotApp.TextsOf(BotApp.CardOf(again.Single())).ShouldContain(t => t.Contains("уже сохранена"));
        (await SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Defect4_ConcurrentSendPresses_QueueExactlyOneBroadcast_AndRemindersGoOutOncePerDay()
    {
        await IntroduceDirectorAsync();
        var schoolId = await SchoolIdAsync("МОУ «СОШ № 3» г. Луги");
        await bot.SayAsync("29:demo-coordinator", "объявление");
        var preview = BotApp.CardOf((await bot.SubmitAsync("29:demo-coordinator", "announcement.preview", new JsonObject
        {
            ["announcementId"] = "",
            ["title"] = "Совещание директоров",
            ["text"] = "Коллеги, совещание в четверг.",
            ["roles"] = "Director",
            ["schools"] = schoolId.ToString(CultureInfo.InvariantCulture),
            ["requireAck"] = "true",
        })).Single()).ShouldNotBeNull();
        var send = FindVerbData(preview, "announcement.send");
        var announcementId = int.Parse(send["announcementId"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var topic = "announcement:" + announcementId.ToString(CultureInfo.InvariantCulture);

        // A double click plus redeliveries: eight presses at once, each a different activity.
        var presses = Enumerable.Range(1, 8)
            .Select(i => bot.SubmitAsync("29:demo-coordinator", "announcement.send", send, activityId: $"send-press-{i}"))
            .ToList();
        await Task.WhenAll(presses);

        await using (var db = bot.OpenDatabase())
        {
            var broadcasts = await db.OutboxMessages.Where(m => m.Topic == topic && m.Kind == DeliveryKind.Announcement).ToListAsync();
            broadcasts.ShouldHaveSingleItem().DedupKey.ShouldBe($"announcement:{announcementId}:send");
            (await db.Deliveries.CountAsync(d => d.MessageId == broadcasts[0].Id)).ShouldBe(1);
        }

        // Once the director has it, the coordinator presses «Напомнить не подтвердившим» several times at once.
        await WaitForSentAsync(topic, DeliveryKind.Announcement);
        var reminds = Enumerable.Range(1, 4)
            .Select(i => bot.SubmitAsync("29:demo-coordinator", "announcement.remind", send, activityId: $"remind-press-{i}"))
            .ToList();
        await Task.WhenAll(reminds);
        var later = await bot.SubmitAsync("29:demo-coordinator", "announcement.remind", send, activityId: "remind-press-later");
        later.SelectMany(r => BotApp.TextsOf(r)).ShouldContain(t => t.StartsWith("Сегодня уже напоминали", StringComparison.Ordinal));

        await using (var db = bot.OpenDatabase())
        {
            (await db.OutboxMessages.CountAsync(m => m.Topic == topic && m.Kind == DeliveryKind.AnnouncementReminder)).ShouldBe(1);
            (await db.Deliveries.CountAsync(d => d.Message!.Topic == topic && d.Message.Kind == DeliveryKind.AnnouncementReminder)).ShouldBe(1);
        }

        // The next day one more reminder is allowed, again only one.
        bot.Clock.Advance(TimeSpan.FromDays(1));
        await Task.WhenAll(Enumerable.Range(1, 3)
            .Select(i => bot.SubmitAsync("29:demo-coordinator", "announcement.remind", send, activityId: $"remind-next-day-{i}")));
        await using (var db = bot.OpenDatabase())
        {
            (await db.OutboxMessages.CountAsync(m => m.Topic == topic && m.Kind == DeliveryKind.AnnouncementReminder)).ShouldBe(2);
            (await db.OutboxMessages.CountAsync(m => m.Topic == topic && m.Kind == DeliveryKind.Announcement)).ShouldBe(1);
        }
    }

    [Fact]
    public async Task Defect7_SameActivityIdInAnotherConversation_IsANewSubmissionNotADuplicate()
    {
        var school = await SchoolIdAsync("МОУ «СОШ № 3» г. Луги");
        async Task<IReadOnlyList<JsonObject>> SaveAsync(string conversationId, string topic)
        {
            var form = Fill(await OpenConsultationFormAsync("29:demo-curator"), school, topic);
            form.Remove("cardKey");
            form["verb"] = "consultation.save";
            var activity = BotApp.Activity("29:demo-curator");
            activity["id"] = "1";
            activity["conversation"]!["id"] = conversationId;
            activity["value"] = form;
            return await BotApp.RepliesAsync(await bot.PostAsync(activity));
        }

        // Activity ids are only unique within a conversation: «1» in the personal chat and «1» in a group chat are
        // two different submissions, and the same one delivered again is still one.
        AssertSaved(await SaveAsync("conv-personal", "Первая тема"));
        AssertSaved(await SaveAsync("conv-group", "Вторая тема"));
        await SaveAsync("conv-personal", "Первая тема");

        await using var db = bot.OpenDatabase();
        (await db.Consultations.CountAsync(c => c.Topic == "Первая тема")).ShouldBe(1);
        (await db.Consultations.CountAsync(c => c.Topic == "Вторая тема")).ShouldBe(1);
    }

    [Fact]
    public async Task Defect7_CsvExport_QuotesEveryCellExcelWouldEvaluate()
    {
        var school = await SchoolIdAsync("МОУ «СОШ № 3» г. Луги");
        var form = Fill(await OpenConsultationFormAsync("29:demo-curator"), school, "=HYPERLINK(\"http://127.0.0.1/x\";\"ok\")");
        form["decisions"] = "- 2+3 решили провести педсовет";
        form["plan"] = "@SUM(A1:A2)";
        form["participants"] = "+7 900 000-00-00";
        AssertSaved(await bot.SubmitAsync("29:demo-curator", "consultation.save", form));

        var reply = (string?)(await bot.SayAsync("29:demo-coordinator", "выгрузить консультации за март csv")).Single()["text"];
        var link = Regex.Match(reply.ShouldNotBeNull(), @"\((http[^)]+)\)").Groups[1].Value;
        using var client = bot.CreateClient();
        var response = await client.GetAsync(new Uri(link).PathAndQuery);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var csv = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
        var cells = csv.Split(['\n', ';']).Select(c => c.Trim('"', '\r', '\uFEFF')).ToList();

        cells.ShouldContain(c => c.StartsWith("'=HYPERLINK", StringComparison.Ordinal));
        cells.ShouldContain("'- 2+3 решили провести педсовет");
        cells.ShouldContain("'@SUM(A1:A2)");
        cells.ShouldContain(c => c.StartsWith("'+7 900", StringComparison.Ordinal));
        cells.ShouldNotContain(c => c.Length > 0 && "=+-@\t".Contains(c[0]) && !Regex.IsMatch(c, @"^-?\d"));
    }

    [Fact]
    public async Task Defect7_PersonalInstall_BothEventsAtOnce_OneWelcomeAndNeverA500()
    {
        JsonObject Install()
        {
            var add = BotApp.Activity("29:fresh-user", type: "installationUpdate", channelId: "msteams");
            add["action"] = "add";
            return add;
        }

        JsonObject MembersAdded()
        {
            var update = BotApp.Activity("29:fresh-user", type: "conversationUpdate", channelId: "msteams");
            update["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "28:bot" });
            return update;
        }

        var responses = await Task.WhenAll(bot.PostAsync(Install()), bot.PostAsync(MembersAdded()), bot.PostAsync(Install()), bot.PostAsync(MembersAdded()));
        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        var welcomes = 0;
        foreach (var response in responses)
        {
            welcomes += (await BotApp.RepliesAsync(response)).Count(r => BotApp.TextsOf(BotApp.CardOf(r)).Any(t => t.Contains("500+")));
        }

        welcomes.ShouldBe(1);
        await using var db = bot.OpenDatabase();
        (await db.ConversationAddresses.CountAsync(a => a.UserId == "29:fresh-user")).ShouldBe(1);
    }

    private async Task IntroduceDirectorAsync()
    {
        var hello = BotApp.Activity("29:demo-director");
        hello["text"] = "кто я";
        hello["serviceUrl"] = connector.ServiceUrl;
        hello.Remove("deliveryMode");
        (await bot.PostAsync(hello)).IsSuccessStatusCode.ShouldBeTrue();
        await connector.WaitForAsync(c => c.Path.StartsWith("/v3/conversations/conv-29%3Ademo-director/activities", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    private async Task WaitForSentAsync(string topic, DeliveryKind kind)
    {
        for (var i = 0; i < 150; i++)
        {
            await using var db = bot.OpenDatabase();
            if (await db.Deliveries.AnyAsync(d => d.Message!.Topic == topic && d.Message.Kind == kind && d.Status == DeliveryStatus.Sent))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The {kind} of {topic} was not sent");
    }

    private async Task<JsonObject> OpenConsultationFormAsync(string userId)
    {
        var form = BotApp.CardOf((await bot.SayAsync(userId, "записать консультацию")).Single()).ShouldNotBeNull();
        return FindVerbData(form, "consultation.save");
    }

    private static JsonObject Fill(JsonObject data, int schoolId, string topic)
    {
        data["schoolId"] = schoolId.ToString(CultureInfo.InvariantCulture);
        data["date"] = "2026-03-17";
        data["format"] = "InPerson";
        data["duration"] = "60";
        data["topic"] = topic;
        data["participants"] = "директор";
        data["decisions"] = "Скорректировать план мероприятий.";
        data["plan"] = "Провести педсовет";
        return data;
    }

    private async Task<int> SchoolIdAsync(string name)
    {
        await using var db = bot.OpenDatabase();
        return await db.Schools.Where(s => s.Name == name).Select(s => s.Id).SingleAsync();
    }

    /// <summary>Row counts of every table the consultation and announcement verbs write.</summary>
    private async Task<string> SnapshotAsync()
    {
        await using var db = bot.OpenDatabase();
        return string.Join(", ",
            "consultations=" + await db.Consultations.CountAsync(),
            "deleted=" + await db.Consultations.CountAsync(c => c.DeletedAt != null),
            "revisions=" + await db.ConsultationRevisions.CountAsync(),
            "actions=" + await db.ConsultationActions.CountAsync(),
            "done=" + await db.ConsultationActions.CountAsync(a => a.Done),
            "outbox=" + await db.OutboxMessages.CountAsync(),
            "deliveries=" + await db.Deliveries.CountAsync());
    }

    private async Task<string> ConsultationJsonAsync(int id)
    {
        await using var db = bot.OpenDatabase();
        var row = await db.Consultations.AsNoTracking().Include(c => c.Actions).SingleAsync(c => c.Id == id);
        return JsonSerializer.Serialize(new { row.Topic, row.Decisions, row.Version, row.DeletedAt, row.UpdatedAt, Actions = row.Actions.Select(a => new { a.Text, a.Done }) });
    }

    private static void AssertSaved(IReadOnlyList<JsonObject> replies) =>
        string.Join(" ", BotApp.TextsOf(BotApp.CardOf(replies.Single()))).ShouldContain("Консультация сохранена");

    private static void AssertRefusedWithoutLeak(IReadOnlyList<JsonObject> replies, IReadOnlyList<string> leaks)
    {
        // Refused in words («…нет или у вас нет к ней доступа», «У вас нет доступа…»), never with a card.
        replies.ShouldContain(r => ((string?)r["text"] ?? "").Contains("доступ"));
        replies.ShouldAllBe(r => BotApp.CardOf(r) == null);
        AssertNoLeak(replies, leaks);
    }

    private static void AssertNoLeak(IReadOnlyList<JsonObject> replies, IReadOnlyList<string> leaks)
    {
        var everything = string.Join("\n", replies.Select(r => r.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })));
        foreach (var leak in leaks)
        {
            everything.ShouldNotContain(leak);
        }
    }

    private static JsonObject FindVerbData(JsonNode? node, string verb)
    {
        var stack = new Stack<JsonNode?>([node]);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case JsonObject o when o["data"] is JsonObject data && (string?)data["verb"] == verb:
                    return (JsonObject)data.DeepClone();
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
