using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SchoolSupport.Cli.Teams;
using SchoolSupport.Conversation;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests;

public sealed class ConversationHttpTests : IClassFixture<ConversationHttpTests.App>
{
    public sealed class App : IDisposable
    {
        public RecordingObserver Observer { get; } = new();

        public BotApp Bot { get; }

        public App() => Bot = new BotApp(configureServices: s => s.AddSingleton<IUnderstandingObserver>(Observer));

        public void Dispose() => Bot.Dispose();
    }

    private readonly BotApp bot;
    private readonly RecordingObserver observer;

    public ConversationHttpTests(App app) => (bot, observer) = (app.Bot, app.Observer);

    public static TheoryData<string, string, string> HelpLines()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (command, phrase, _) in DeclaredCommands.Catalog().HelpFor(CommandRoles.Everyone))
        {
            var user = command.Roles.HasFlag(Roadmaps.RoleMask.RegionalCoordinator) ? "29:demo-coordinator"
                : command.Roles.HasFlag(Roadmaps.RoleMask.Curator) ? "29:demo-curator" : "29:demo-director";
            data.Add(user, phrase, command.Name);
        }

        return data;
    }

    /// <summary>Help never promises a command the bot does not understand: each line reaches its own handler.</summary>
    [Theory]
    [MemberData(nameof(HelpLines))]
    public async Task EveryHelpLine_ReachesItsOwnHandler(string user, string phrase, string command)
    {
        var replies = await bot.SayAsync(user, phrase);

        replies.ShouldNotBeEmpty();
        observer.HandledFor(phrase).ShouldBe(command);
        replies.ShouldAllBe(r => BotApp.CardOf(r) == null || !BotApp.TextsOf(BotApp.CardOf(r)).Contains(Texts.DidYouMean));
    }

    [Fact]
    public async Task InviteCode_FromMunicipalCoordinator_LinksAnotherTeamsAccount()
    {
        var issued = (string?)(await bot.SayAsync("29:demo-municipal", "код привязки director3@demo.schoolsupport.local")).Single()["text"];
        var code = Regex.Match(issued.ShouldNotBeNull(), @"[2-9A-Z]{4}(-[2-9A-Z]{4}){3}").Value;
        code.Length.ShouldBe(19);

        var linked = (string?)(await bot.SayAsync("29:teams-user-of-director3", $"привязать {code}")).Single()["text"];
        linked.ShouldNotBeNull().ShouldContain("привязана");
        var texts = BotApp.TextsOf(BotApp.CardOf((await bot.SayAsync("29:teams-user-of-director3", "кто я")).Single()));
        texts.ShouldContain("1. МОУ «Осьминская СОШ»");
    }

    [Fact]
    public async Task InviteCode_ForSomeoneOutsideTheDistrict_IsRefused_AndDirectorsCannotIssue()
    {
        var outside = (string?)(await bot.SayAsync("29:demo-municipal", "код привязки director8@demo.schoolsupport.local")).Single()["text"];
        outside.ShouldNotBeNull().ShouldContain("Не нашёл");
        Regex.IsMatch(outside, @"[2-9A-Z]{4}(-[2-9A-Z]{4}){3}").ShouldBeFalse();

        var director = (string?)(await bot.SayAsync("29:demo-director", "код привязки director3@demo.schoolsupport.local")).Single()["text"];
        director.ShouldNotBeNull().ShouldContain("координаторы");
    }
}
