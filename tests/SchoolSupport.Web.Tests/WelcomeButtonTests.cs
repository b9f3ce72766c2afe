using System.Text.Json.Nodes;
using SchoolSupport.Conversation;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests;

/// <summary>The welcome card is the first thing a person sees; each of its buttons must lead somewhere.</summary>
public sealed class WelcomeButtonTests : IClassFixture<BotHostTests.App>
{
    private readonly BotApp bot;

    public WelcomeButtonTests(BotHostTests.App app) => bot = app.Bot;

    [Fact]
    public async Task Submit_WhoAmIButton_FromUnknownUser_ShowsTheUnlinkedProfileCard()
    {
        var replies = await bot.SubmitAsync("29:welcome-stranger", "whoami");

        var texts = BotApp.TextsOf(BotApp.CardOf(replies.ShouldHaveSingleItem()).ShouldNotBeNull());
        texts.ShouldContain(t => t.Contains("пока не связана"));
    }

    [Fact]
    public async Task Submit_EveryWelcomeCardVerb_IsUnderstood()
    {
        var joined = BotApp.Activity("29:welcome-newcomer", type: "conversationUpdate");
        joined["membersAdded"] = new JsonArray(new JsonObject { ["id"] = (string?)joined["from"]!["id"] });
        var welcome = BotApp.CardOf((await BotApp.RepliesAsync(await bot.PostAsync(joined))).Single()).ShouldNotBeNull();
        var verbs = welcome["actions"]!.AsArray().Select(a => (string?)a!["verb"] ?? (string?)a["data"]?["verb"]).OfType<string>().ToList();
        verbs.ShouldBe(["help", "whoami", "status"]);

        foreach (var verb in verbs)
        {
            var replies = await bot.SubmitAsync("29:demo-director", verb);
            replies.ShouldNotBeEmpty();
            replies.ShouldAllBe(r => (string?)r["text"] != Texts.UnknownAction, $"verb {verb}");
        }
    }
}
