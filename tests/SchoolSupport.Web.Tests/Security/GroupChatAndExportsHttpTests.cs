using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolSupport.BotFramework.Authentication;
using SchoolSupport.BotFramework.Connector;
using SchoolSupport.BotFramework.Schema;
using SchoolSupport.Conversation;
using SchoolSupport.Web.Files;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests.Security;

/// <summary>
/// Personal data asked for in a group chat goes to the personal chat; exports reach Teams through the file consent
/// flow (upload to the uploadUrl Teams gives), and elsewhere as a one-time link any instance can serve. A registered bot
/// on a loopback Teams: the coordinator is recognised by the e-mail the member lookup returns.
/// </summary>
public sealed class GroupChatAndExportsHttpTests : IAsyncLifetime
{
    private const string Coordinator = "29:coordinator-teams";
    private TeamsChannel channel = null!;

    public async Task InitializeAsync()
    {
        channel = await TeamsChannel.StartAsync();
        channel.MemberEmail = DemoOptions.EmailFor("coordinator");
    }

    public async Task DisposeAsync() => await channel.DisposeAsync();

    private BotApp RegisteredBot(string? connection = null) =>
        new(extraSettings: channel.BotSettings(connection is null ? null : new Dictionary<string, string?> { ["Database:ConnectionString"] = connection }),
            configureServices: QuietHost.Services(registered: true));

    private static string TextOf(JsonObject activity) =>
        ((string?)activity["text"] ?? "") + " " + string.Join(" ", BotApp.TextsOf(BotApp.CardOf(activity)));

    private async Task<IReadOnlyList<JsonObject>> SayAsync(BotApp bot, string text, string conversationType = "personal", string user = Coordinator)
    {
        var activity = channel.Activity(user, text, conversationType: conversationType);
        activity["deliveryMode"] = "expectReplies";
        return await BotApp.RepliesAsync(await bot.PostAsync(activity, channel.Token()));
    }

    [Theory]
    [InlineData("groupChat", "кто я")]
    [InlineData("channel", "статус")]
    [InlineData("groupChat", "выгрузить консультации csv")]
    public async Task Defect5_PersonalDataAskedInAGroup_IsAnsweredOnlyInThePersonalChat(string conversationType, string text)
    {
        using var bot = RegisteredBot();
        using var db = bot.OpenDatabase();
        var name = (await db.People.SingleAsync(p => p.Email == DemoOptions.EmailFor("coordinator"))).FullName;

        var inGroup = await SayAsync(bot, text, conversationType);

        // The group sees one neutral sentence; the answer went to a personal chat created for the asker.
        TextOf(inGroup.ShouldHaveSingleItem()).Trim().ShouldBe(Texts.WillWritePrivately);
        var created = channel.Calls.Where(c => c.Method == "POST" && c.Path == "/emea/v3/conversations").ShouldHaveSingleItem();
        ((string?)created.Body!["members"]![0]!["id"]).ShouldBe(Coordinator);
        ((bool?)created.Body["isGroup"]).ShouldBe(false);
        var sent = channel.Sent();
        sent.ShouldNotBeEmpty();
        sent.ShouldAllBe(s => s.Path.StartsWith("/emea/v3/conversations/a%3Acreated-", StringComparison.Ordinal));
        sent.ShouldNotContain(s => s.Path.Contains("group-chat", StringComparison.Ordinal));
        if (text == "кто я")
        {
            TextOf(sent[0].Activity).ShouldContain(name);
        }
    }

    [Theory]
    [InlineData("channel")]
    [InlineData("groupChat")]
    public async Task Defect5_CardActionPressedInAGroup_IsAnsweredOnlyInThePersonalChat(string conversationType)
    {
        using var bot = RegisteredBot();
        using var db = bot.OpenDatabase();
        var school = await db.Schools.AsNoTracking().OrderBy(s => s.Id).FirstAsync();
        var activity = channel.Activity(Coordinator, type: "invoke", conversationType: conversationType);
        activity["name"] = "adaptiveCard/action";
        activity["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "status.show", ["data"] = new JsonObject { ["schoolId"] = school.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } },
        };

        var response = await bot.PostAsync(activity, channel.Token());

        // The card in the group is replaced by one neutral sentence; the school's status went to the personal chat.
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldContain(Texts.WillWritePrivately);
        body.ShouldNotContain(school.Name);
        var sent = channel.Sent().ShouldHaveSingleItem();
        sent.Path.ShouldStartWith("/emea/v3/conversations/a%3Acreated-");
        TextOf(sent.Activity).ShouldContain(school.Name);
        // Only the member lookup that identifies the asker touches the group conversation; nothing is posted or updated there.
        channel.Calls.ShouldNotContain(c => c.Method != "GET" && c.Path.Contains("group-chat", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Defect5_HelpInAGroup_IsAnsweredThere()
    {
        using var bot = RegisteredBot();

        var inGroup = await SayAsync(bot, "помощь", "groupChat");

        inGroup.ShouldNotBeEmpty();
        TextOf(inGroup[0]).ShouldNotContain(Texts.WillWritePrivately);
        channel.Calls.ShouldNotContain(c => c.Path == "/emea/v3/conversations");
    }

    [Fact]
    public async Task Defect5_ExportInTeams_GoesThroughFileConsent_AndIsUploadedOnceOnlyForTheAsker()
    {
        using var bot = RegisteredBot();
        var replies = await SayAsync(bot, "выгрузить консультации csv");

        var consent = replies.SelectMany(r => r["attachments"]?.AsArray() ?? []).ShouldHaveSingleItem()!;
        ((string?)consent["contentType"]).ShouldBe("application/vnd.microsoft.teams.card.file.consent");
        var context = consent["content"]!["acceptContext"]!.DeepClone();
        string.Join(" ", replies.Select(r => (string?)r["text"])).ShouldNotContain("/files/");
        using var db = bot.OpenDatabase();
        var export = await db.ExportFiles.AsNoTracking().SingleAsync();
        ((long?)consent["content"]!["sizeInBytes"]).ShouldBe(export.Content.LongLength);

        // Someone else replays the accept with the same context: nothing is uploaded.
        var stolen = await bot.PostAsync(Consent("29:intruder", "accept", context, "stolen.csv"), channel.Token());
        stolen.StatusCode.ShouldBe(HttpStatusCode.OK);
        channel.Uploads.ShouldBeEmpty();

        var accepted = await bot.PostAsync(Consent(Coordinator, "accept", context, "mine.csv"), channel.Token());
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        var upload = channel.Uploads.ShouldHaveSingleItem();
        upload.Path.ShouldBe("/upload/mine.csv");
        upload.Bytes.ShouldBe(export.Content);
        upload.ContentRange.ShouldBe($"bytes 0-{export.Content.Length - 1}/{export.Content.Length}");
        var info = channel.Sent().Select(s => s.Activity).SelectMany(a => a["attachments"]?.AsArray() ?? []).ShouldHaveSingleItem()!;
        ((string?)info["contentType"]).ShouldBe("application/vnd.microsoft.teams.card.file.info");
        ((string?)info["content"]!["uniqueId"]).ShouldBe("unique-mine.csv");

        // A second accept (a double click, a redelivery) uploads nothing more.
        (await bot.PostAsync(Consent(Coordinator, "accept", context, "again.csv"), channel.Token())).StatusCode.ShouldBe(HttpStatusCode.OK);
        channel.Uploads.Count.ShouldBe(1);
        channel.Sent().Select(s => (string?)s.Activity["text"]).ShouldContain(FileConsentUploads.Unavailable);
        db.ChangeTracker.Clear();
        (await db.ExportFiles.AsNoTracking().SingleAsync()).TakenAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task Defect5_DeclinedExport_IsDiscardedAndCannotBeAcceptedLater()
    {
        using var bot = RegisteredBot();
        var replies = await SayAsync(bot, "выгрузить консультации csv");
        var context = replies.SelectMany(r => r["attachments"]?.AsArray() ?? []).Single()!["content"]!["declineContext"]!.DeepClone();

        (await bot.PostAsync(Consent(Coordinator, "decline", context, null), channel.Token())).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await bot.PostAsync(Consent(Coordinator, "accept", context, "late.csv"), channel.Token())).StatusCode.ShouldBe(HttpStatusCode.OK);

        channel.Uploads.ShouldBeEmpty();
        channel.Sent().Select(s => (string?)s.Activity["text"]).ShouldBe([FileConsentUploads.Declined, FileConsentUploads.Unavailable]);
    }

    [Fact]
    public async Task Defect5_ConsentWithAnUploadUrlThatIsNotHttps_Is400AndUploadsNothing()
    {
        using var bot = RegisteredBot();
        var replies = await SayAsync(bot, "выгрузить консультации csv");
        var context = replies.SelectMany(r => r["attachments"]?.AsArray() ?? []).Single()!["content"]!["acceptContext"]!.DeepClone();
        var activity = Consent(Coordinator, "accept", context, "x.csv");
        activity["value"]!["uploadInfo"]!["uploadUrl"] = "http://files.example.org/upload/x.csv";

        var response = await bot.PostAsync(activity, channel.Token());

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        channel.Uploads.ShouldBeEmpty();
        using var db = bot.OpenDatabase();
        (await db.ExportFiles.AsNoTracking().SingleAsync()).TakenAt.ShouldBeNull();
    }

    [Fact]
    public async Task Defect5_DownloadLinkWhereTheChannelHasNoFiles_WorksOnceAndFromAnyInstance()
    {
        using var first = new BotApp(configureServices: QuietHost.Services());
        using var second = new BotApp(extraSettings: new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = first.DatabaseOptions.ConnectionString,
            ["Startup:SeedDemoData"] = "false",
        }, configureServices: QuietHost.Services());

        var replies = await first.SayAsync("29:demo-coordinator", "выгрузить консультации csv");
        var text = (string)replies.Single(r => ((string?)r["text"])?.Contains("/files/", StringComparison.Ordinal) == true)["text"]!;
        var link = new Uri(text[(text.IndexOf("](", StringComparison.Ordinal) + 2)..text.IndexOf(')', text.IndexOf("](", StringComparison.Ordinal))]);
        using var otherClient = second.CreateClient();
        using var firstClient = first.CreateClient();

        var forged = await otherClient.GetAsync(link.PathAndQuery[..^4] + "0000");
        var download = await otherClient.GetAsync(link.PathAndQuery);
        var again = await firstClient.GetAsync(link.PathAndQuery);

        forged.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await download.Content.ReadAsByteArrayAsync()).ShouldNotBeEmpty();
        again.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Defect5_DownloadLinkOnTheWebPage_OpensOnlyForThePersonWhoAskedForIt()
    {
        using var bot = new BotApp(configureServices: QuietHost.Services());
        var coordinator = await WebSession.SignInAsync(bot, "coordinator");
        var replies = await coordinator.SayAsync(new JsonObject { ["type"] = "message", ["text"] = "выгрузить консультации csv" });
        var text = (string)replies.Single(r => ((string?)r["text"])?.Contains("/files/", StringComparison.Ordinal) == true)["text"]!;
        var start = text.IndexOf("](", StringComparison.Ordinal) + 2;
        var path = new Uri(text[start..text.IndexOf(')', start)]).PathAndQuery;

        // Another person signed in on the page, and nobody at all, get nothing; the asker gets the file once.
        var director = await WebSession.SignInAsync(bot, "director");
        using var anonymous = bot.CreateClient();
        (await director.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await anonymous.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await coordinator.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await coordinator.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Defect7_TrustedServiceUrl_IsStoredAndTrustedByAnotherInstance()
    {
        using var first = RegisteredBot();
        (await first.PostAsync(channel.Activity("29:someone", "помощь"), channel.Token())).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var second = RegisteredBot(first.DatabaseOptions.ConnectionString);
        using var stranger = RegisteredBot();

        // A proactive send from an instance that never saw an activity from this service URL.
        var message = MessageFactory.Text("Напоминание");
        message.Conversation = new ConversationAccount { Id = "a:someone" };
        var before = channel.Calls.Count;
        await second.Services.GetRequiredService<IConnectorClientFactory>().Create(channel.ServiceUrl).SendToConversationAsync(message);
        var refused = await Should.ThrowAsync<UntrustedServiceUrlException>(() =>
            stranger.Services.GetRequiredService<IConnectorClientFactory>().Create(channel.ServiceUrl).SendToConversationAsync(message));

        var call = channel.Calls.Skip(before).ShouldHaveSingleItem();
        call.Authorization.ShouldBe("Bearer " + StaticBotToken.Value);
        refused.ServiceUrl.ShouldBe(channel.ServiceUrl);
        using var db = second.OpenDatabase();
        (await db.TrustedServiceUrls.AsNoTracking().Select(t => t.Url).ToListAsync())
            .ShouldBe([TrustedServiceUrls.Normalize(channel.ServiceUrl)!]);
    }

    private JsonObject Consent(string user, string action, JsonNode context, string? name)
    {
        var activity = channel.Activity(user, type: "invoke");
        activity["name"] = "fileConsent/invoke";
        activity["value"] = new JsonObject
        {
            ["type"] = "fileUpload",
            ["action"] = action,
            ["context"] = context.DeepClone(),
            ["uploadInfo"] = name is null ? null : new JsonObject
            {
                ["name"] = name,
                ["uploadUrl"] = channel.UploadBaseUrl + name,
                ["contentUrl"] = "https://contoso-my.sharepoint.com/personal/" + name,
                ["uniqueId"] = "unique-" + name,
                ["fileType"] = "csv",
            },
        };
        return activity;
    }
}
