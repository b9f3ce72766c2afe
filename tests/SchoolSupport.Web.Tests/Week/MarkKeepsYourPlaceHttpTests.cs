using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Roadmaps;
using SchoolSupport.Schedules;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests.Week;

/// <summary>
/// Marking items done keeps your place: the list you came from comes back refreshed, a bare disk.yandex.ru link is
/// accepted, done items are neither due nor overdue, one item reads the same dates everywhere, and «Отметить» is a
/// compact per-row action.
/// </summary>
public sealed class MarkKeepsYourPlaceHttpTests : IDisposable
{
    private const string Director = "29:demo-director";
    private readonly BotApp bot = new();

    public void Dispose() => bot.Dispose();

    [Fact]
    public async Task Mark_FromTheWeekList_ReturnsToTheWeekListRefreshed_WithABareYandexDiskLinkStoredAsHttps()
    {
        var week = BotApp.CardOf((await bot.SayAsync(Director, "что на этой неделе")).Single()).ShouldNotBeNull();
        var markData = MarkDataOfRow(week, "2.1.9");

        var form = BotApp.CardOf((await bot.SubmitAsync(Director, "item.mark.form", markData)).Single()).ShouldNotBeNull();
        BotApp.TextsOf(form)[0].ShouldBe("Отметка о выполнении");
        var save = AnnouncementStatusHttpTests.FindVerbData(form, "item.mark");
        save["status"] = "Done";
        save["evidenceUrl"] = "disk.yandex.ru/d/Xq3v-protokol";
        save["note"] = "Протокол совещания";

        var after = BotApp.CardOf((await bot.SubmitAsync(Director, "item.mark", save)).Single()).ShouldNotBeNull();
        var texts = BotApp.TextsOf(after);
        texts[0].ShouldBe("Сроки и события на этой неделе");
        texts.ShouldContain("Отмечено: п. 2.1.9 — выполнено.");
        texts.ShouldNotContain(t => t.StartsWith("2.1.9 ", StringComparison.Ordinal));
        texts.ShouldContain(t => t.StartsWith("2.1.10 ", StringComparison.Ordinal));
        texts.ShouldContain(t => t.EndsWith("Уже выполнено и не показано: 1", StringComparison.Ordinal));

        await using var db = bot.OpenDatabase();
        var itemId = (int)markData["itemId"]!;
        var progress = await db.ItemProgress.SingleAsync(p => p.ItemId == itemId && p.SchoolId == (int)markData["schoolId"]!);
        progress.Status.ShouldBe(ProgressStatus.Done);
        progress.EvidenceUrl.ShouldBe("https://disk.yandex.ru/d/Xq3v-protokol");
    }

    [Fact]
    public async Task Mark_FromTheOverdueList_ReturnsToItWithoutTheItem_AndTheDoneItemNeverSaysOverdue()
    {
        var curator = "29:demo-curator";
        var overdue = BotApp.CardOf((await bot.SayAsync(curator, "что просрочено")).Single()).ShouldNotBeNull();
        BotApp.TextsOf(overdue).ShouldContain("Просроченных пунктов: 3");
        var markData = MarkDataOfRow(overdue, "1.9");
        var form = BotApp.CardOf((await bot.SubmitAsync(curator, "item.mark.form", markData)).Single()).ShouldNotBeNull();
        BotApp.TextsOf(form).ShouldContain(t => t.Contains("Просрочено на 36 дн.", StringComparison.Ordinal));
        var save = AnnouncementStatusHttpTests.FindVerbData(form, "item.mark");
        save["status"] = "Done";

        var after = BotApp.TextsOf(BotApp.CardOf((await bot.SubmitAsync(curator, "item.mark", save)).Single()));
        after[0].ShouldBe("Просроченные пункты");
        after.ShouldContain("Просроченных пунктов: 2");
        after.ShouldNotContain(t => t.StartsWith("1.9 ", StringComparison.Ordinal));

        // Open the same item again (from the full list of the school): the card says it is done, not overdue.
        var again = BotApp.TextsOf(BotApp.CardOf((await bot.SubmitAsync(curator, "item.mark.form", markData)).Single()));
        again.ShouldContain(t => t.StartsWith("Срок: ", StringComparison.Ordinal) && t.EndsWith("· выполнено", StringComparison.Ordinal));
        again.ShouldNotContain(t => t.Contains("Просрочено", StringComparison.Ordinal));

        // «Отмена» on a form opened from a list goes back to that list, not to the school's status.
        var cancel = AnnouncementStatusHttpTests.FindVerbData(BotApp.CardOf((await bot.SubmitAsync(curator, "item.mark.form", MarkDataOfRow(overdue, "1.5"))).Single()), "due.page");
        BotApp.TextsOf(BotApp.CardOf((await bot.SubmitAsync(curator, "due.page", cancel)).Single()))[0].ShouldBe("Просроченные пункты");
    }

    [Fact]
    public async Task AnItemWithAPeriod_ReadsTheSameDatesInEveryView()
    {
        RoadmapItem item;
        await using (var db = bot.OpenDatabase())
        {
            var candidates = await db.RoadmapItems.AsNoTracking()
                .Where(i => i.TrackedPerSchool && !i.IsWithdrawn && i.StartDate != null && i.DueDate != null && i.Cohort == null
                            && i.TimeframeKind != TimeframeKind.Recurring && i.TimeframeKind != TimeframeKind.DateList
                            && i.TimeframeKind != TimeframeKind.Continuous && i.TimeframeKind != TimeframeKind.Period)
                .ToListAsync();
            item = candidates.First(i => i.StartDate!.Value.Month != i.DueDate!.Value.Month && i.StartDate.Value.Year == 2026
                                        && i.DueDate.Value.Year == 2026 && i.StartDate.Value > new DateOnly(2026, 3, 31));
        }

        var expected = $"{item.StartDate:dd.MM}–{item.DueDate:dd.MM}";
        var startMonth = BotApp.TextsOf(BotApp.CardOf((await bot.SayAsync(Director, "сроки в " + Prepositional(item.StartDate!.Value.Month))).Single()));
        var dueMonth = BotApp.TextsOf(BotApp.CardOf((await bot.SayAsync(Director, "сроки в " + Prepositional(item.DueDate!.Value.Month))).Single()));

        DateOf(startMonth, item.Number).ShouldBe(expected);
        DateOf(dueMonth, item.Number).ShouldBe(expected);
    }

    [Fact]
    public async Task DueList_MarkIsACompactActionInTheRow_NotAFullWidthButtonUnderIt()
    {
        var week = BotApp.CardOf((await bot.SayAsync("29:demo-curator", "ближайшие события")).Single()).ShouldNotBeNull();
        var sets = new List<(JsonObject Set, JsonNode? Parent)>();
        Walk(week, null, sets);
        var markSets = sets.Where(s => s.Set["actions"]!.AsArray().Any(a => (string?)a!["title"] == "Отметить")).ToList();
        markSets.Count.ShouldBeGreaterThan(2);
        markSets.ShouldAllBe(s => s.Parent is JsonObject && (string?)((JsonObject)s.Parent!)["type"] == "Column" && (string?)((JsonObject)s.Parent!)["width"] == "auto");
    }

    private static void Walk(JsonNode? node, JsonNode? owner, List<(JsonObject, JsonNode?)> found)
    {
        switch (node)
        {
            case JsonObject o:
                if ((string?)o["type"] == "ActionSet")
                {
                    found.Add((o, owner));
                }

                foreach (var (key, child) in o)
                {
                    Walk(child, key is "items" or "columns" or "body" ? o : owner, found);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Walk(child, owner, found);
                }

                break;
        }
    }

    /// <summary>The «Отметить» data of the row whose title starts with the item number.</summary>
    internal static JsonObject MarkDataOfRow(JsonObject card, string number)
    {
        JsonObject? found = null;
        void Find(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o when (string?)o["type"] == "ColumnSet" && o.ToJsonString().Contains($"\"**{number}** ", StringComparison.Ordinal):
                    found ??= AnnouncementStatusHttpTests.FindVerbData(o, "item.mark.form");
                    break;
                case JsonObject o:
                    foreach (var (_, child) in o)
                    {
                        Find(child);
                    }

                    break;
                case JsonArray a:
                    foreach (var child in a)
                    {
                        Find(child);
                    }

                    break;
            }
        }

        Find(card);
        return (JsonObject)(found ?? throw new InvalidOperationException($"No row {number} with «Отметить»")).DeepClone();
    }

    private static string DateOf(IReadOnlyList<string> texts, string number)
    {
        var list = texts.ToList();
        var at = list.FindIndex(t => t.StartsWith(number + " ", StringComparison.Ordinal));
        at.ShouldBeGreaterThanOrEqualTo(0, $"{number} is not listed");
        return list[at + 1];
    }

    private static string Prepositional(int month) =>
        new[] { "январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе", "сентябре", "октябре", "ноябре", "декабре" }[month - 1];
}
