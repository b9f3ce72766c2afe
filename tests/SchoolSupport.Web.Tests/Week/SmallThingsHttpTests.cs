using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests.Week;

/// <summary>Punctuation of the export line, the shortcut's due date, the announcement form's label, and «спасибо».</summary>
public sealed class SmallThingsHttpTests : IDisposable
{
    private readonly BotApp bot = new();

    public void Dispose() => bot.Dispose();

    [Fact]
    public async Task Export_Line_ReadsAsASentenceThenTheLink()
    {
        var text = (string?)(await bot.SayAsync("29:demo-coordinator", "выгрузить консультации за март csv")).Single()["text"];

        text.ShouldNotBeNull().ShouldNotContain(".:");
        text.ShouldContain("щелчком. Скачать: [");
    }

    [Fact]
    public async Task Shortcut_DueDateGoesToTheDateField_AndLeavesTheActionText()
    {
        var form = BotApp.CardOf((await bot.SayAsync("29:demo-curator",
            "консультация Толмачёвская вчера: тема мониторинг; решения доработать план; план провести педсовет до 20.03")).Single());

        ((string?)CardQuery.ById(form, "action1Text")!["value"]).ShouldBe("провести педсовет");
        ((string?)CardQuery.ById(form, "action1Due")!["value"]).ShouldBe("2026-03-20");
    }

    [Fact]
    public async Task AnnouncementForm_LabelsCarryNoRawMarkdown()
    {
        var form = BotApp.CardOf((await bot.SayAsync("29:demo-coordinator", "объявление")).Single()).ShouldNotBeNull();

        var labels = CardQuery.All(form).Select(o => (string?)o["label"]).OfType<string>().ToList();
        labels.ShouldContain("Текст объявления");
        labels.ShouldNotContain(l => l.Contains('*'));
    }

    [Theory]
    [InlineData("29:demo-director", "спасибо")]
    [InlineData("29:demo-municipal", "Спасибо большое!")]
    [InlineData("29:demo-curator", "ок, спасибо")]
    [InlineData("29:someone-unknown", "Спасибо")]
    public async Task Thanks_GetsAFriendlyAnswerWithAWayOn(string user, string text)
    {
        var reply = (string?)(await bot.SayAsync(user, text)).Single()["text"];

        reply.ShouldBe("Пожалуйста! Обращайтесь: например, «что на этой неделе», «статус» или «помощь» — список всего, что я умею.");
    }

    [Fact]
    public async Task Thanks_FollowedByARequest_IsNotTakenForThanks()
    {
        var reply = CardQuery.TextOf((await bot.SayAsync("29:demo-director", "спасибо, а что просрочено")).Single());

        reply.ShouldNotContain("Пожалуйста! Обращайтесь");
    }
}
