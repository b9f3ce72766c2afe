using System.Text.RegularExpressions;
using SchoolSupport.Conversation;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests;

public sealed class ConversationHttpTests : IClassFixture<ConversationHttpTests.App>
{
    public sealed class App : IDisposable
    {
        public BotApp Bot { get; } = new();

        public void Dispose() => Bot.Dispose();
    }

    private readonly BotApp bot;

    public ConversationHttpTests(App app) => bot = app.Bot;

    public static TheoryData<string, string> HelpLines()
    {
        var data = new TheoryData<string, string>();
        foreach (var entry in HelpCatalog.Entries)
        {
            var user = entry.Roles.HasFlag(Roadmaps.RoleMask.RegionalCoordinator) ? "29:demo-coordinator"
                : entry.Roles.HasFlag(Roadmaps.RoleMask.Curator) ? "29:demo-curator" : "29:demo-director";
            data.Add(user, entry.Command);
        }

        return data;
    }

    /// <summary>Help never promises a command the bot does not understand.</summary>
    [Theory]
    [MemberData(nameof(HelpLines))]
    public async Task EveryHelpCommand_IsUnderstood(string user, string command)
    {
        var replies = await bot.SayAsync(user, command);
        replies.ShouldNotBeEmpty();
        replies.ShouldAllBe(r => (string?)r["text"] != Texts.NotUnderstood);
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
