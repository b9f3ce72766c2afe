using SchoolSupport.Conversation;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests;

/// <summary>Never a dead end: an unsure or unknown message is answered with buttons that lead somewhere.</summary>
public sealed class SuggestionHttpTests : IClassFixture<BotHostTests.App>
{
    private readonly BotApp bot;

    public SuggestionHttpTests(BotHostTests.App app) => bot = app.Bot;

    [Fact]
    public async Task TiedMessage_IsAskedBackWithTheCandidates_AndAButtonRunsItsCommand()
    {
        var card = BotApp.CardOf((await bot.SayAsync("29:demo-curator", "статус консультаций")).Single()).ShouldNotBeNull();

        BotApp.TextsOf(card).ShouldContain(Texts.DidYouMean);
        var buttons = card["actions"]!.AsArray();
        buttons.Count.ShouldBeInRange(2, 3);
        var names = buttons.Select(b => (string?)b!["data"]!["name"]).ToList();
        names.ShouldContain("status");
        names.ShouldContain("consultation.list");

        var pressed = await bot.SubmitAsync("29:demo-curator", "command", new System.Text.Json.Nodes.JsonObject
        {
            ["name"] = "consultation.list",
            ["text"] = "статус консультаций",
        });
        var answer = pressed.Single();
        var texts = BotApp.CardOf(answer) is { } list ? BotApp.TextsOf(list) : [(string?)answer["text"] ?? ""];
        texts.ShouldContain(t => t.Contains("онсультац", StringComparison.Ordinal));
        texts.ShouldNotContain(Texts.DidYouMean);
    }

    [Fact]
    public async Task UnknownMessage_OffersTheRolesMainCommandsAsButtons()
    {
        var card = BotApp.CardOf((await bot.SayAsync("29:demo-director", "абракадабра")).Single()).ShouldNotBeNull();

        BotApp.TextsOf(card).ShouldContain(Texts.NotUnderstoodTitle);
        var names = card["actions"]!.AsArray().Select(b => (string?)b!["data"]!["name"]).ToList();
        names.Count.ShouldBeInRange(1, 3);
        names.ShouldNotContain("announcement.new");
    }

    [Fact]
    public async Task SuggestionButton_WithAnUnknownCommandName_IsRefusedAsAStaleButton()
    {
        var replies = await bot.SubmitAsync("29:demo-director", "command", new System.Text.Json.Nodes.JsonObject { ["name"] = "nothing.such" });

        ((string?)replies.Single()["text"]).ShouldBe(Texts.UnknownAction);
    }
}
