using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolSupport.Outbox;
using SchoolSupport.People;
using SchoolSupport.Reminders;
using SchoolSupport.Roadmaps;
using SchoolSupport.Surveys;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests.Surveys;

/// <summary>
/// The whole survey cycle on the demo region through /api/messages with a fake clock: CLI import → preview and confirm
/// in chat → the window opens and invitations are queued for exactly the audience → answers from directors and a
/// curator (a paged survey resumed later, a changed answer) → reminders only to non-responders → the close refuses a
/// late answer → the results card, the chart and the export show exactly the answers given.
/// </summary>
public sealed class SurveyCycleHttpTests : IDisposable
{
    private const string Coordinator = "29:demo-coordinator";
    private readonly BotApp bot = new(extraSettings: new Dictionary<string, string?>
    {
        // The test moves the clock and runs the jobs itself; the background loops must not race it.
        ["Reminders:CheckInterval"] = "01:00:00",
        ["Outbox:PollInterval"] = "01:00:00",
    });

    public void Dispose() => bot.Dispose();

    private static readonly Dictionary<string, string> DirectorAnswers = new()
    {
        ["benefit"] = "5",
        ["priorities"] = "staff,parents",
        ["consultations"] = "weekly",
        ["program"] = "yes",
        ["program-date"] = "2026-02-01",
        ["trained"] = "12",
        ["help"] = "Методическая помощь",
        ["ideas"] = "",
    };

    private static readonly Dictionary<string, string> CuratorAnswers = new()
    {
        ["benefit"] = "3",
        ["priorities"] = "competence",
        ["consultations"] = "monthly",
        ["program"] = "no",
        ["trained"] = "0",
        ["help"] = "",
        ["ideas"] = "Больше практики на ВКС",
    };

    private static readonly Dictionary<string, string> Director2Answers = new()
    {
        ["benefit"] = "2",
        ["priorities"] = "staff",
        ["consultations"] = "rarely",
        ["program"] = "no",
        ["trained"] = "3",
        ["help"] = "Кадры",
        ["ideas"] = "",
    };

    [Fact]
    public async Task Survey_FromImportToExport_EveryStepMatchesTheAnswersGiven()
    {
        // 1. Import (CLI), preview and confirm (chat). The window opens tomorrow at 09:00.
        var file = SurveyDriver.SampleFile("2026-03-19T09:00", "2026-03-25");
        var import = await SurveyDriver.CliAsync(bot, "survey", "import", file, "--region", "Ленинградская область");
        import.Code.ShouldBe(0, import.Error);
        (await SurveyDriver.CliAsync(bot, "survey", "import", file, "--region", "Ленинградская область")).Code.ShouldBe(0);
        var id = await SurveyDriver.SurveyIdAsync(bot, "opros-uchastnikov-1");
        await using (var db = bot.OpenDatabase())
        {
            (await db.Surveys.CountAsync()).ShouldBe(1);
        }

        var list = SurveyDriver.Card(await bot.SayAsync(Coordinator, "мои опросы"));
        SurveyDriver.ActionData(list, "survey.preview")!["surveyId"]!.GetValue<string>().ShouldBe(id.ToString(CultureInfo.InvariantCulture));
        var preview = SurveyDriver.Card(await bot.SubmitAsync(Coordinator, "survey.preview", Id(id)));
        SurveyDriver.Texts(preview).ShouldContain("Получат приглашение: 17");
        SurveyDriver.Texts(preview).ShouldContain("ОБРАЗЕЦ — адаптируйте перед проведением");
        var status = SurveyDriver.Card(await bot.SubmitAsync(Coordinator, "survey.confirm", Id(id), activityId: "confirm-1"));
        SurveyDriver.Texts(status).ShouldContain("Запланирован · 19.03.2026 09:00 — 25.03.2026 23:59");
        await bot.SubmitAsync(Coordinator, "survey.confirm", Id(id), activityId: "confirm-1");

        // 2–3. Nothing goes out before the window; at 09:30 the invitations are queued once, for exactly the audience.
        (await SurveyDriver.RunSchedulerAsync(bot)).ShouldBe(0);
        bot.Clock.Now = new DateTimeOffset(2026, 3, 19, 6, 30, 0, TimeSpan.Zero);
        (await SurveyDriver.RunSchedulerAsync(bot)).ShouldBe(17);
        (await SurveyDriver.RunSchedulerAsync(bot)).ShouldBe(0);
        await using (var db = bot.OpenDatabase())
        {
            var audience = await db.RoleAssignments.Where(r => r.Role == Role.Director || r.Role == Role.Curator)
                .Select(r => r.PersonId).Distinct().OrderBy(p => p).ToListAsync();
            var invited = await db.Deliveries.Where(d => d.Message!.DedupKey == $"survey:{id}:invite").Select(d => d.PersonId).OrderBy(p => p).ToListAsync();
            invited.ShouldBe(audience);
            (await db.OutboxMessages.CountAsync(m => m.Topic == "survey:" + id)).ShouldBe(1);
        }

        // 4. The director answers every page; the invitation's button starts on page 1 of 7 (the date question appears only after «да»).
        var first = SurveyDriver.Card(await bot.SubmitAsync("29:demo-director", "survey.start", Id(id)));
        SurveyDriver.Texts(first).ShouldContain("Вопрос 1 из 7");
        var done = await SurveyDriver.AnswerAllAsync(bot, "29:demo-director", id, DirectorAnswers);
        SurveyDriver.Texts(done).ShouldContain("✔ Спасибо! Ваши ответы сохранены.");

        // The curator stops after three pages and comes back with «продолжить опрос»: the answers were kept.
        var paused = await SurveyDriver.AnswerAllAsync(bot, "29:demo-curator", id, CuratorAnswers, pages: 3);
        SurveyDriver.Texts(paused).ShouldContain("Вопрос 4 из 7");
        var resumed = SurveyDriver.Card(await bot.SayAsync("29:demo-curator", "продолжить опрос"));
        SurveyDriver.Texts(resumed).ShouldContain("Вопрос 4 из 7");
        SurveyDriver.Texts(resumed).ShouldContain("Продолжаем с того места, где вы остановились.");
        var card = resumed;
        while (SurveyDriver.ActionData(card, "survey.answer") is not null)
        {
            card = await SurveyDriver.AnswerPageAsync(bot, "29:demo-curator", card, CuratorAnswers);
        }

        SurveyDriver.Texts(card).ShouldContain("✔ Спасибо! Ваши ответы сохранены.");

        // A second director answers, then changes the first answer from 2 to 4.
        await SurveyDriver.AnswerAllAsync(bot, "29:demo-director2", id, Director2Answers);
        var again = SurveyDriver.Card(await bot.SubmitAsync("29:demo-director2", "survey.start", Id(id)));
        SurveyDriver.Texts(again).ShouldContain("Ваш ответ отправлен; его можно изменить до окончания опроса.");
        var changed = await SurveyDriver.AnswerPageAsync(bot, "29:demo-director2", again, new Dictionary<string, string>(Director2Answers) { ["benefit"] = "4" }, nav: "submit");
        SurveyDriver.Texts(changed).ShouldContain("✔ Изменения сохранены. Спасибо!");

        var mine = SurveyDriver.Texts(SurveyDriver.Card(await bot.SayAsync("29:demo-director3", "мои опросы")));
        mine.ShouldContain("Не начат · до 25.03.2026 23:59");

        await using (var db = bot.OpenDatabase())
        {
            (await db.SurveyResponses.CountAsync(r => r.SurveyId == id && r.Status == ResponseStatus.Submitted)).ShouldBe(3);
            (await db.SurveyRecipients.CountAsync(r => r.SurveyId == id && r.HasResponded)).ShouldBe(3);

            // The survey fulfils roadmap item 1.22: the director's school has it done, with the answer as confirmation.
            var school = await db.Schools.Where(s => s.Name == "МОУ «СОШ № 3» г. Луги").Select(s => s.Id).SingleAsync();
            var item = await db.Surveys.Where(s => s.Id == id).Select(s => s.RoadmapItemId).SingleAsync();
            var progress = await db.ItemProgress.SingleAsync(p => p.SchoolId == school && p.ItemId == item);
            progress.Status.ShouldBe(ProgressStatus.Done);
            progress.Note.ShouldNotBeNull().ShouldContain("Ответ на опрос «Опрос участников проекта»");
        }

        // 5. Three days before the close the digest reminds exactly the non-responders, once.
        bot.Clock.Now = new DateTimeOffset(2026, 3, 22, 6, 30, 0, TimeSpan.Zero);
        await bot.Services.GetRequiredService<ReminderPlanner>().RunOnceAsync(CancellationToken.None);
        await bot.Services.GetRequiredService<ReminderPlanner>().RunOnceAsync(CancellationToken.None);
        await SurveyDriver.RunSchedulerAsync(bot);
        await SurveyDriver.RunSchedulerAsync(bot);
        await using (var db = bot.OpenDatabase())
        {
            // The owner's daily summary, once a day while the survey is open.
            var summary = await db.Deliveries.Where(d => d.Message!.DedupKey == $"survey:{id}:summary:2026-03-22").Select(d => new { d.PersonId, d.Message!.Text }).SingleAsync();
            summary.PersonId.ShouldBe(await db.Surveys.Where(s => s.Id == id).Select(s => s.OwnerPersonId).SingleAsync());
            summary.Text.ShouldBe("Опрос «Опрос участников проекта»: Ответили 3 из 17 — 18 % (цель 100 %)");
        }

        await using (var db = bot.OpenDatabase())
        {
            var recipients = await db.SurveyRecipients.Where(r => r.SurveyId == id).ToListAsync();
            var pending = recipients.Where(r => !r.HasResponded).Select(r => r.PersonId).ToHashSet();
            pending.Count.ShouldBe(14);
            recipients.Where(r => r.HasResponded).ShouldAllBe(r => r.LastRemindedOn == null);
            recipients.Where(r => !r.HasResponded).ShouldAllBe(r => r.LastRemindedOn == new DateOnly(2026, 3, 22));

            var digests = await db.Deliveries.Where(d => d.Message!.DedupKey!.StartsWith("digest:2026-03-22:") && d.Message.Data!.Contains(SurveyDigestSource.Section))
                .Select(d => d.PersonId).ToListAsync();
            var alone = await db.Deliveries.Where(d => d.Message!.DedupKey == $"survey:{id}:auto:2026-03-22").Select(d => d.PersonId).ToListAsync();
            digests.Intersect(alone).ShouldBeEmpty();
            digests.Concat(alone).Order().ShouldBe(pending.Order());
        }

        // «Напомнить не ответившим» the same day: everyone was reminded already; a second press is refused.
        var remind = await bot.SubmitAsync(Coordinator, "survey.remind", Id(id));
        SurveyDriver.Texts(SurveyDriver.Card(remind)).ShouldContain("Последнее напоминание: 22.03.2026 в 09:30");
        var second = await bot.SubmitAsync(Coordinator, "survey.remind", Id(id));
        ((string?)second[0]["text"]).ShouldNotBeNull().ShouldContain("Сегодня напоминание уже отправлено в 09:30");
        await using (var db = bot.OpenDatabase())
        {
            (await db.OutboxMessages.CountAsync(m => m.DedupKey == $"survey:{id}:remind:2026-03-22")).ShouldBe(0);
        }

        // 6. After the close a late answer is refused politely and nothing is stored.
        bot.Clock.Now = new DateTimeOffset(2026, 3, 26, 7, 0, 0, TimeSpan.Zero);
        int answersBefore;
        await using (var db = bot.OpenDatabase())
        {
            answersBefore = await db.SurveyAnswers.CountAsync();
        }

        var late = await bot.SubmitAsync("29:demo-director5", "survey.start", Id(id));
        ((string?)late.Single()["text"]).ShouldNotBeNull().ShouldContain("завершился 25.03.2026 в 23:59, ответы больше не принимаются");
        var lateAnswer = await bot.SubmitAsync("29:demo-director5", "survey.answer", new JsonObject { ["surveyId"] = id.ToString(CultureInfo.InvariantCulture), ["from"] = "benefit", ["nav"] = "next", ["a_benefit"] = "5" });
        ((string?)lateAnswer.Single()["text"]).ShouldNotBeNull().ShouldContain("ответы больше не принимаются");
        await using (var db = bot.OpenDatabase())
        {
            (await db.SurveyAnswers.CountAsync()).ShouldBe(answersBefore);
            (await db.SurveyResponses.CountAsync(r => r.SurveyId == id)).ShouldBe(3);
        }

        // 7. The results card and the export show exactly what was answered.
        var results = SurveyDriver.Card(await bot.SubmitAsync(Coordinator, "survey.results", Id(id)));
        var texts = BotApp.TextsOf(results);
        texts.ShouldContain("Ответили 3 из 17 участников — 18 %");
        texts.ShouldContain("1 (33 %) — 4");
        texts.ShouldContain("0 (0 %) — 2");
        texts.ShouldContain("1 (33 %) — Да");
        texts.ShouldContain("2 (67 %) — Нет");
        texts.ShouldContain("2 (67 %) — Дефицит педагогических кадров");
        texts.ShouldContain("Средняя оценка: 4,0 из 5");
        texts.ShouldContain("«Больше практики на ВКС»");
        texts.ShouldContain(t => t.StartsWith("• ", StringComparison.Ordinal) && t.Contains("Кузёмкинская"));
        texts.ShouldNotContain(t => t.StartsWith("• Иванова Марина Викторовна", StringComparison.Ordinal));

        var chart = FindImage(results).ShouldNotBeNull();
        using (var client = bot.CreateClient())
        {
            var png = await client.GetByteArrayAsync(new Uri(chart).PathAndQuery);
            png.Take(4).ShouldBe(new byte[] { 0x89, 0x50, 0x4E, 0x47 });
            (await client.GetAsync(new Uri(chart).AbsolutePath + "?exp=1&sig=00")).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
        }

        var exported = await bot.SubmitAsync(Coordinator, "survey.export", new JsonObject { ["surveyId"] = id.ToString(CultureInfo.InvariantCulture), ["format"] = "csv" });
        var link = Regex.Match((string?)exported.Single()["text"] ?? "", @"\((http[^)]+)\)").Groups[1].Value;
        string csv;
        using (var client = bot.CreateClient())
        {
            csv = Encoding.UTF8.GetString(await client.GetByteArrayAsync(new Uri(link).PathAndQuery)).TrimStart('\uFEFF');
        }

        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(Fields).ToList();
        rows.Count.ShouldBe(4);
        var header = rows[0].ToList();
        var benefit = header.FindIndex(h => h.StartsWith("1. Насколько", StringComparison.Ordinal));
        var name = header.IndexOf("ФИО");
        rows.Skip(1).Select(r => r[benefit]).Order().ShouldBe(["3", "4", "5"]);
        rows.Skip(1).Single(r => r[benefit] == "5")[name].ShouldBe("Иванова Марина Викторовна");
        var priorities = header.FindIndex(h => h.StartsWith("2. ", StringComparison.Ordinal));
        rows.Skip(1).Single(r => r[benefit] == "5")[priorities].ShouldBe("Дефицит педагогических кадров; Вовлечённость родителей");
    }

    /// <summary>One CSV line («;», RFC 4180 quotes; the export has no line breaks inside these answers).</summary>
    private static string[] Fields(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                current.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ';' && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return [.. fields];
    }

    private static JsonObject Id(int id) => new() { ["surveyId"] = id.ToString(CultureInfo.InvariantCulture) };

    private static string? FindImage(JsonNode? node) => node switch
    {
        JsonObject o when (string?)o["type"] == "Image" => (string?)o["url"],
        JsonObject o => o.Select(kv => FindImage(kv.Value)).FirstOrDefault(u => u is not null),
        JsonArray a => a.Select(FindImage).FirstOrDefault(u => u is not null),
        _ => null,
    };
}
