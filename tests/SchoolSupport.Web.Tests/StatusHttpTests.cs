using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Roadmaps;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests;

/// <summary>
/// «Что на этой неделе», «статус», «что просрочено»… through /api/messages against the demo region on a fixed clock
/// (Wednesday 18 March 2026), asserting which items, in which order, with which days-left texts.
/// </summary>
public sealed class StatusHttpTests : IClassFixture<StatusHttpTests.App>
{
    public sealed class App : IDisposable
    {
        public BotApp Bot { get; } = new();

        public void Dispose() => Bot.Dispose();
    }

    private readonly BotApp bot;

    public StatusHttpTests(App app) => bot = app.Bot;

    private async Task<List<string>> CardTextsAsync(string user, string text) =>
        BotApp.TextsOf(BotApp.CardOf((await bot.SayAsync(user, text)).Single()).ShouldNotBeNull())
            .Where(t => t != "Отметить").ToList();

    /// <summary>The texts right after each item title: its date and its days-left text.</summary>
    private static List<(string Item, string Date, string Days)> Rows(IReadOnlyList<string> texts)
    {
        var rows = new List<(string, string, string)>();
        for (var i = 0; i + 2 < texts.Count; i++)
        {
            var number = texts[i].Split(' ')[0];
            if (number.Length > 2 && number.All(c => char.IsDigit(c) || c == '.') && number.Contains('.'))
            {
                rows.Add((number, texts[i + 1], texts[i + 2]));
            }
        }

        return rows;
    }

    [Fact]
    public async Task ThisWeek_Director_SeesTheSchoolsItemsOfTheWeekInDateOrder()
    {
        var texts = await CardTextsAsync("29:demo-director", "что у нас на этой неделе?");

        texts[0].ShouldBe("Сроки и события на этой неделе");
        texts.ShouldContain("16.03–22.03");
        texts.ShouldContain("МОУ «СОШ № 3» г. Луги");
        Rows(texts).ShouldBe([("2.1.9", "14.03–18.03", "Сегодня"), ("2.1.10", "21.03–31.03", "Начало через 3 дн.")]);
    }

    [Fact]
    public async Task Status_Director_SummarisesTheSchoolWithTheNextThreeDeadlines()
    {
        var texts = await CardTextsAsync("29:demo-director", "статус");

        texts[0].ShouldBe("Дорожная карта: МОУ «СОШ № 3» г. Луги");
        texts.ShouldContain("выполнено 3 из 66 (4%)");
        texts.ShouldContain("Просроченных нет");
        texts.ShouldContain("Сроки в ближайшие 14 дн.: 11");
        texts.ShouldContain("1\\. Организационно-технологическое сопровождение проекта");
        texts.ShouldContain("2\\. Научно-методическое сопровождение проекта");
        Rows(texts).ShouldBe([("2.1.9", "14.03–18.03", "Сегодня"), ("1.22", "10.03–24.03", "Осталось 6 дн."), ("1.16", "14.02–30.03", "Осталось 12 дн.")]);
    }

    [Fact]
    public async Task Overdue_Curator_SeesEveryAssignedSchoolsOverdueItemsGroupedBySchool()
    {
        var texts = await CardTextsAsync("29:demo-curator", "что просрочено");

        texts.ShouldContain("Просроченных пунктов: 3");
        texts.IndexOf("Школа: МБОУ «Кингисеппская СОШ № 5»").ShouldBeLessThan(texts.IndexOf("Школа: МОУ «Толмачёвская СОШ»"));
        Rows(texts).ShouldBe([
            ("1.9", "вт, 10.02", "Просрочено на 36 дн."),
            ("1.5", "17.01–04.02", "Просрочено на 42 дн."),
            ("1.13", "вс, 15.02", "Просрочено на 31 дн."),
        ]);
        texts.ShouldNotContain(t => t.Contains("Шугозерская"));
    }

    [Fact]
    public async Task Status_RegionalCoordinator_RollsUpAllFourteenSchoolsMostOverdueFirst()
    {
        var texts = await CardTextsAsync("29:demo-coordinator", "статус");

        texts[0].ShouldBe("Школы региона: Ленинградская область");
        // Three schools had a demo consultation in the last 30 days (a fourth visit, 40 days ago, is too old to count).
        texts.ShouldContain("Школ: 14, с просрочками: 10, без консультаций больше 30 дн.: 11");
        texts[texts.IndexOf("МБОУ «Кузёмкинская ООШ»") + 3].ShouldBe("15.03");
        texts[texts.IndexOf("МБОУ «Ивангородская СОШ № 2»") + 3].ShouldBe("06.03");
        var schools = texts.Where(t => t.StartsWith("М", StringComparison.Ordinal) && t.Contains('«')).ToList();
        schools.Count.ShouldBe(14);
        schools[0].ShouldBe("МБОУ «Гатчинская СОШ № 8»");
        schools[1].ShouldBe("МОУ «Толмачёвская СОШ»");
    }

    [Fact]
    public async Task MonthWindow_MunicipalCoordinator_CountsTheDistrictsSchoolsNotDone()
    {
        var texts = await CardTextsAsync("29:demo-municipal", "сроки в апреле");

        texts[0].ShouldBe("Сроки и события в апреле");
        texts.ShouldContain("Пунктов: 22");
        Rows(texts)[0].ShouldBe(("2.1.12", "01.04–31.05", "Начало через 14 дн."));
        texts.ShouldContain("не выполнили 3 из 3 школ");
        // The weekly regional call expands into its Thursdays, each with the cohort it is for.
        texts.ShouldContain("1 год участия");
        texts.ShouldContain("чт, 02.04");
    }

    [Fact]
    public async Task CuratorEvents_AndEndOfMonth_AndUpcoming_Answer()
    {
        var curators = await CardTextsAsync("29:demo-curator", "мероприятия для кураторов");
        curators[0].ShouldBe("Мероприятия для кураторов в ближайший месяц");
        Rows(curators).Take(3).Select(r => r.Item).ShouldBe(["1.22", "1.16", "1.19"]);

        var monthEnd = await CardTextsAsync("29:demo-director", "что сдать до конца месяца");
        monthEnd.ShouldContain(t => t.Contains("31.03"));
        // 1.22 may already be marked done by another test of this class, and done items are not due any more.
        Rows(monthEnd).Select(r => r.Item).ShouldContain("1.16");

        var upcoming = await CardTextsAsync("29:demo-director", "ближайшие события");
        upcoming.ShouldContain("18.03–01.04");
        // Sixteen items in the two weeks; one of them (1.22) is done when the marking test of this class ran first.
        var summary = upcoming.Single(t => t.StartsWith("Пунктов: ", StringComparison.Ordinal));
        summary.ShouldBeOneOf("Пунктов: 16", "Пунктов: 15. Уже выполнено и не показано: 1");
    }

    [Fact]
    public async Task MarkItem_InTeams_ReplacesTheCardAndKeepsHistory()
    {
        int schoolId, itemId, roadmapId;
        await using (var db = bot.OpenDatabase())
        {
            schoolId = await db.Schools.Where(s => s.Name == "МОУ «СОШ № 3» г. Луги").Select(s => s.Id).SingleAsync();
            var item = await db.RoadmapItems.SingleAsync(i => i.Number == "1.22");
            (itemId, roadmapId) = (item.Id, item.RoadmapId);
        }

        var target = new JsonObject { ["schoolId"] = schoolId, ["itemId"] = itemId, ["roadmapId"] = roadmapId };
        var (formStatus, form) = await bot.ExecuteAsync("29:demo-director", "item.mark.form", target);
        formStatus.ShouldBe(HttpStatusCode.OK);
        ((string?)form!["type"]).ShouldBe("application/vnd.microsoft.card.adaptive");
        var submitData = (JsonObject)target.DeepClone();
        submitData["cardKey"] = "card-1";
        submitData["status"] = "Done";
        submitData["evidenceUrl"] = "https://school3-luga.example.org/opros.pdf";
        submitData["note"] = "Опрос пройден всеми участниками";

        var (status, body) = await bot.ExecuteAsync("29:demo-director", "item.mark", submitData, activityId: "mark-1");
        status.ShouldBe(HttpStatusCode.OK);
        ((string?)body!["type"]).ShouldBe("application/vnd.microsoft.card.adaptive");
        await bot.ExecuteAsync("29:demo-director", "item.mark", submitData, activityId: "mark-1");

        await using var check = bot.OpenDatabase();
        var progress = await check.ItemProgress.SingleAsync(p => p.SchoolId == schoolId && p.ItemId == itemId);
        progress.Status.ShouldBe(ProgressStatus.Done);
        progress.EvidenceUrl.ShouldBe("https://school3-luga.example.org/opros.pdf");
        (await check.ItemProgressChanges.CountAsync(c => c.SchoolId == schoolId && c.ItemId == itemId)).ShouldBe(1);
    }

    [Fact]
    public async Task MarkItem_OfAnotherSchool_IsRefusedAndChangesNothing()
    {
        int foreignSchool, itemId, roadmapId;
        await using (var db = bot.OpenDatabase())
        {
            foreignSchool = await db.Schools.Where(s => s.Name == "МОУ «Шугозерская СОШ»").Select(s => s.Id).SingleAsync();
            var item = await db.RoadmapItems.SingleAsync(i => i.Number == "1.24");
            (itemId, roadmapId) = (item.Id, item.RoadmapId);
        }

        var before = await CountsAsync();
        var data = new JsonObject
        {
            ["schoolId"] = foreignSchool,
            ["itemId"] = itemId,
            ["roadmapId"] = roadmapId,
            ["cardKey"] = "forged",
            ["status"] = "Done",
        };
        var (status, body) = await bot.ExecuteAsync("29:demo-director", "item.mark", data);

        status.ShouldBe(HttpStatusCode.OK);
        ((string?)body!["type"]).ShouldBe("application/vnd.microsoft.activity.message");
        ((string?)body["value"]).ShouldNotBeNull().ShouldContain("нет доступа");
        (await CountsAsync()).ShouldBe(before);
    }

    private async Task<(int Progress, int Changes)> CountsAsync()
    {
        await using var db = bot.OpenDatabase();
        return (await db.ItemProgress.CountAsync(), await db.ItemProgressChanges.CountAsync());
    }
}
