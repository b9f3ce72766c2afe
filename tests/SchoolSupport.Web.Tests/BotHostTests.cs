using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests;

public sealed class BotHostTests : IClassFixture<BotHostTests.App>
{
    public sealed class App : IDisposable
    {
        public BotApp Bot { get; } = new();

        public void Dispose() => Bot.Dispose();
    }

    private readonly BotApp bot;

    public BotHostTests(App app) => bot = app.Bot;

    [Fact]
    public async Task Help_FromDemoDirector_ListsDirectorCommandsInRussian()
    {
        var replies = await bot.SayAsync("29:demo-director", "помощь");

        var card = BotApp.CardOf(replies.ShouldHaveSingleItem()).ShouldNotBeNull();
        var texts = BotApp.TextsOf(card);
        texts.ShouldContain(t => t.Contains("Иванова Марина Викторовна") && t.Contains("руководитель школы"));
        texts.ShouldContain("статус");
        texts.ShouldContain("что на этой неделе");
        texts.ShouldNotContain("объявление");
        texts.ShouldNotContain("записать консультацию");
    }

    [Fact]
    public async Task Help_FromDemoCoordinator_IncludesAnnouncements()
    {
        var texts = BotApp.TextsOf(BotApp.CardOf((await bot.SayAsync("29:demo-coordinator", "Помощь")).Single()));
        texts.ShouldContain("объявление");
        texts.ShouldContain(t => t.Contains("региональный координатор"));
    }

    [Fact]
    public async Task WhoAmI_FromDemoCurator_ShowsRoleAndAssignedSchools()
    {
        var texts = BotApp.TextsOf(BotApp.CardOf((await bot.SayAsync("29:demo-curator", "кто я")).Single()));
        texts.ShouldContain(t => t.Contains("Петрова Анна Николаевна"));
        texts.ShouldContain(t => t.Contains("Куратор"));
        texts.ShouldContain(t => t.Contains("МОУ «СОШ № 3» г. Луги"));
        texts.ShouldContain(t => t.Contains("МБОУ «Кингисеппская СОШ № 5»"));
        texts.ShouldNotContain(t => t.Contains("Шугозерская"));
    }

    [Fact]
    public async Task Message_FromUnknownUser_ExplainsHowToGetAccessAndNothingElse()
    {
        var replies = await bot.SayAsync("29:stranger", "статус");
        var text = (string?)replies.ShouldHaveSingleItem()["text"];
        text.ShouldNotBeNull().ShouldContain("привязать");
        BotApp.CardOf(replies[0]).ShouldBeNull();
    }

    [Fact]
    public async Task Message_Always_RefreshesTheConversationAddress()
    {
        var activity = BotApp.Activity("29:demo-municipal");
        activity["text"] = "кто я";
        activity["serviceUrl"] = "http://127.0.0.1:9/amer/";
        activity["conversation"]!["tenantId"] = "tenant-1";
        await bot.PostAsync(activity);

        await using var db = bot.OpenDatabase();
        var address = await db.ConversationAddresses.SingleAsync(a => a.UserId == "29:demo-municipal");
        address.ServiceUrl.ShouldBe("http://127.0.0.1:9/amer/");
        address.TenantId.ShouldBe("tenant-1");
        address.PersonId.ShouldNotBeNull();
        address.IsActive.ShouldBeTrue();
    }

    [Fact]
    public async Task InstallationUpdate_Add_SendsRussianWelcomeCard_AndRemoveDeactivatesAddress()
    {
        var add = BotApp.Activity("29:new-user", type: "installationUpdate");
        add["action"] = "add";
        var replies = await BotApp.RepliesAsync(await bot.PostAsync(add));
        var texts = BotApp.TextsOf(BotApp.CardOf(replies.ShouldHaveSingleItem()));
        texts.ShouldContain(t => t.Contains("500+"));

        var remove = BotApp.Activity("29:new-user", type: "installationUpdate");
        remove["action"] = "remove";
        (await bot.PostAsync(remove)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using var db = bot.OpenDatabase();
        (await db.ConversationAddresses.SingleAsync(a => a.UserId == "29:new-user")).IsActive.ShouldBeFalse();
    }

    [Fact]
    public async Task WelcomeButton_HelpSubmittedFromWebChat_AnswersWithTheHelpCard()
    {
        var replies = await bot.SubmitAsync("29:demo-curator", "help");
        var texts = BotApp.TextsOf(BotApp.CardOf(replies.ShouldHaveSingleItem()));
        texts.ShouldContain("записать консультацию");
    }

    [Fact]
    public async Task Cards_OnWebChat_UseActionSubmitWithTheVerb_AndOnTeamsActionExecute()
    {
        var add = BotApp.Activity("29:someone", type: "installationUpdate");
        add["action"] = "add";
        var webChat = BotApp.CardOf((await BotApp.RepliesAsync(await bot.PostAsync(add))).Single()).ShouldNotBeNull();
        var webChatJson = webChat.ToJsonString();
        webChatJson.ShouldNotContain("Action.Execute");
        webChatJson.ShouldContain("\"verb\":\"help\"");

        var teamsAdd = BotApp.Activity("29:someone-in-teams", type: "installationUpdate", channelId: "msteams");
        teamsAdd["action"] = "add";
        var teams = BotApp.CardOf((await BotApp.RepliesAsync(await bot.PostAsync(teamsAdd))).Single()).ShouldNotBeNull();
        teams.ToJsonString().ShouldContain("Action.Execute");
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"text\":\"no type\"}")]
    [InlineData("[]")]
    public async Task Post_MalformedActivity_Answers400(string body)
    {
        using var client = bot.CreateClient();
        var response = await client.PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Post_FiveMegabyteBody_IsRefusedWithout500()
    {
        var activity = BotApp.Activity("29:demo-director");
        activity["text"] = new string('я', 5 * 1024 * 1024 / 2);
        var response = await bot.PostAsync(activity);
        ((int)response.StatusCode).ShouldBeInRange(400, 499);
    }

    [Fact]
    public async Task Post_UnknownActivityType_IsAQuiet200()
    {
        var response = await bot.PostAsync(BotApp.Activity("29:demo-director", type: "somethingNew"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Post_MissingConversation_IsNever500()
    {
        var activity = BotApp.Activity("29:demo-director");
        activity.Remove("conversation");
        activity["text"] = "помощь";
        var response = await bot.PostAsync(activity);
        ((int)response.StatusCode).ShouldBeLessThan(500);
    }

    [Fact]
    public async Task Get_Messages_Is405_AndHealthIsHealthy()
    {
        using var client = bot.CreateClient();
        (await client.GetAsync("/api/messages")).StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        var health = await client.GetAsync("/healthz");
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await health.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Fact]
    public async Task Link_WithIssuedCode_LinksTheAccountOnce()
    {
        var issued = (string?)(await bot.SayAsync("29:demo-coordinator", "код привязки director5@demo.schoolsupport.local")).Single()["text"];
        var code = System.Text.RegularExpressions.Regex.Match(issued.ShouldNotBeNull(), @"[2-9A-Z]{4}(-[2-9A-Z]{4}){3}").Value;
        code.Length.ShouldBe(19);

        var linked = (string?)(await bot.SayAsync("29:someone-new", "привязать " + code)).Single()["text"];
        linked.ShouldNotBeNull().ShouldContain("привязана");
        var texts = BotApp.TextsOf(BotApp.CardOf((await bot.SayAsync("29:someone-new", "кто я")).Single()));
        texts.ShouldContain(t => t.Contains("руководитель", StringComparison.OrdinalIgnoreCase));

        var reused = (string?)(await bot.SayAsync("29:someone-else", "привязать " + code)).Single()["text"];
        reused.ShouldNotBeNull().ShouldContain("не подошёл");
    }
}
