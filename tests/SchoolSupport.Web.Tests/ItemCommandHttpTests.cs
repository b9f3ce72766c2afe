using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Roadmaps;
using SchoolSupport.Status;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests;

/// <summary>
/// «1.24 выполнено», «пункт 1.24»: item commands written in the chat. A mark is only asked for; the confirmation's button
/// is the card's own «item.mark», so it is stored once, by the same checks, and only when pressed.
/// </summary>
public sealed class ItemCommandHttpTests : IClassFixture<ItemCommandHttpTests.App>
{
    public sealed class App : IDisposable
    {
        public BotApp Bot { get; } = new();

        public void Dispose() => Bot.Dispose();
    }

    private const string Director = "29:demo-director";

    private readonly BotApp bot;

    public ItemCommandHttpTests(App app) => bot = app.Bot;

    [Fact]
    public async Task DoneInText_AsksFirst_AndTheConfirmationButtonMarksOnce()
    {
        var before = await CountsAsync();
        var card = BotApp.CardOf((await bot.SayAsync(Director, "1.24 выполнено")).Single()).ShouldNotBeNull();

        BotApp.TextsOf(card)[0].ShouldBe("Отметить п. 1.24 — выполнено?");
        (await CountsAsync()).ShouldBe(before);

        var confirm = card["actions"]!.AsArray().Select(a => a!.AsObject()).Single(a => (string?)a["title"] == "Отметить");
        var data = confirm["data"]!.AsObject();
        ((string?)data["verb"]).ShouldBe(StatusVerbs.Mark);
        data.Remove("verb");
        await bot.SubmitAsync(Director, StatusVerbs.Mark, data, activityId: "confirm-1");
        await bot.SubmitAsync(Director, StatusVerbs.Mark, data, activityId: "confirm-1");

        await using var db = bot.OpenDatabase();
        var schoolId = await db.Schools.Where(s => s.Name == "МОУ «СОШ № 3» г. Луги").Select(s => s.Id).SingleAsync();
        var itemIds = await db.RoadmapItems.Where(i => i.Number == "1.24").Select(i => i.Id).ToListAsync();
        var progress = await db.ItemProgress.SingleAsync(p => p.SchoolId == schoolId && itemIds.Contains(p.ItemId));
        progress.Status.ShouldBe(ProgressStatus.Done);
        (await db.ItemProgressChanges.CountAsync(c => c.SchoolId == schoolId && c.ItemId == progress.ItemId)).ShouldBe(1);
    }

    [Theory]
    [InlineData("отметь 1.24 в работе", "Отметить п. 1.24 — в работе?")]
    [InlineData("1.24 не выполнено", "Отметить п. 1.24 — не начато?")]
    [InlineData("пункт 1.24 не требуется", "Отметить п. 1.24 — не требуется?")]
    public async Task StatusWords_AreReadWithTheirNegation(string text, string title)
    {
        var card = BotApp.CardOf((await bot.SayAsync(Director, text)).Single()).ShouldNotBeNull();

        BotApp.TextsOf(card)[0].ShouldBe(title);
    }

    [Fact]
    public async Task ItemNumberAlone_OpensTheItemsMarkForm()
    {
        var card = BotApp.CardOf((await bot.SayAsync(Director, "пункт 1.24")).Single()).ShouldNotBeNull();

        card.ToJsonString().ShouldContain("\"verb\":\"item.mark\"");
        BotApp.TextsOf(card).ShouldContain(t => t.Contains("1.24", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownItem_IsExplained_AndNothingIsStored()
    {
        var before = await CountsAsync();

        var reply = (string?)(await bot.SayAsync(Director, "9.99 выполнено")).Single()["text"];

        reply.ShouldNotBeNull().ShouldContain("Пункт 9.99 не найден");
        (await CountsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task CuratorWithSeveralSchools_IsAskedWhichSchool()
    {
        var reply = (string?)(await bot.SayAsync("29:demo-curator", "1.24 выполнено")).Single()["text"];

        reply.ShouldBe(ItemCommand.SeveralSchools);
    }

    [Fact]
    public async Task ForgedConfirmation_ForAnotherSchool_IsRefusedByTheCardCheck()
    {
        int foreign, itemId, roadmapId;
        await using (var db = bot.OpenDatabase())
        {
            foreign = await db.Schools.Where(s => s.Name == "МОУ «Шугозерская СОШ»").Select(s => s.Id).SingleAsync();
            var item = await db.RoadmapItems.FirstAsync(i => i.Number == "1.24");
            (itemId, roadmapId) = (item.Id, item.RoadmapId);
        }

        var before = await CountsAsync();
        var (status, body) = await bot.ExecuteAsync(Director, StatusVerbs.Mark, new JsonObject
        {
            ["schoolId"] = foreign,
            ["itemId"] = itemId,
            ["roadmapId"] = roadmapId,
            ["status"] = "Done",
            ["cardKey"] = "0f8fad5bd9cb469fa16570867728950e",
        });

        status.ShouldBe(HttpStatusCode.OK);
        ((string?)body!["value"]).ShouldNotBeNull().ShouldContain("нет доступа");
        (await CountsAsync()).ShouldBe(before);
    }

    private async Task<(int Progress, int Changes)> CountsAsync()
    {
        await using var db = bot.OpenDatabase();
        return (await db.ItemProgress.CountAsync(), await db.ItemProgressChanges.CountAsync());
    }
}
