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
        var welcome = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "cards", "welcome.json")))!;
        var verbs = welcome["actions"]!.AsArray().Select(a => (string?)a!["verb"]).OfType<string>().ToList();
        verbs.ShouldNotBeEmpty();

        foreach (var verb in verbs)
        {
            var replies = await bot.SubmitAsync("29:demo-director", verb);
            replies.ShouldNotBeEmpty();
            replies.ShouldAllBe(r => (string?)r["text"] != Texts.UnknownAction, $"verb {verb}");
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SchoolSupport.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("SchoolSupport.sln not found above the test output");
    }
}
