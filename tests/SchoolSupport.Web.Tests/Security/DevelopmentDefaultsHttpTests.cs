using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Conversation;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests.Security;

/// <summary>
/// Development conveniences (anonymous requests, the demo identities, a client-supplied aadObjectId) must not reach a
/// registered bot, and the tenant and channel allow-lists refuse everything else. Each attack goes through
/// /api/messages and changes nothing.
/// </summary>
public sealed class DevelopmentDefaultsHttpTests : IAsyncLifetime
{
    private TeamsChannel channel = null!;

    public async Task InitializeAsync() => channel = await TeamsChannel.StartAsync();

    public async Task DisposeAsync() => await channel.DisposeAsync();

    private BotApp RegisteredBot(IDictionary<string, string?>? extra = null, string environment = "Development") =>
        new(extraSettings: channel.BotSettings(extra), environment: environment, configureServices: QuietHost.Services(registered: true));

    private static string Said(IEnumerable<JsonObject> replies) =>
        string.Join("\n", replies.Select(r => (string?)r["text"] ?? string.Join(" ", BotApp.TextsOf(BotApp.CardOf(r)))));

    private static async Task<string> CoordinatorNameAsync(SchoolSupport.Data.SchoolSupportDbContext db) =>
        (await db.People.SingleAsync(p => p.Email == DemoOptions.EmailFor("coordinator"))).FullName;

    [Fact]
    public async Task Defect6_UnsignedRequestToARegisteredBotInDevelopment_Is401AndStoresNothing()
    {
        using var bot = RegisteredBot(new Dictionary<string, string?> { ["Bot:AllowAnonymous"] = "true" });
        using var db = bot.OpenDatabase();
        var before = DatabaseSnapshot.Take(db);

        var activity = BotApp.Activity("29:demo-coordinator");
        activity["text"] = "кто я";
        var response = await bot.PostAsync(activity);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        before.Differences(DatabaseSnapshot.Take(db)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Defect6_DemoIdentityOnARegisteredBot_IsAStranger()
    {
        using var bot = RegisteredBot();
        var activity = channel.Activity("29:demo-coordinator", "кто я");
        activity["deliveryMode"] = "expectReplies";

        var replies = await BotApp.RepliesAsync(await bot.PostAsync(activity, channel.Token()));

        using var db = bot.OpenDatabase();
        Said(replies).ShouldNotContain(await CoordinatorNameAsync(db));
        (await db.ConversationAddresses.SingleAsync(a => a.UserId == "29:demo-coordinator")).PersonId.ShouldBeNull();
    }

    [Fact]
    public async Task Defect6_DemoIdentityWithoutTheDemoDataSet_IsAStranger()
    {
        // The database holds the demo people (seeded by an earlier start), but this host runs without the demo data set.
        using var seeded = new BotApp(configureServices: QuietHost.Services());
        _ = seeded.Server;
        using var bot = new BotApp(extraSettings: new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = seeded.DatabaseOptions.ConnectionString,
            ["Startup:SeedDemoData"] = "false",
            ["Demo:Enabled"] = "true",
        }, configureServices: QuietHost.Services());

        var replies = await bot.SayAsync("29:demo-coordinator", "кто я");
        var control = await seeded.SayAsync("29:demo-coordinator", "кто я");

        using var db = bot.OpenDatabase();
        var name = await CoordinatorNameAsync(db);
        Said(replies).ShouldNotContain(name);
        Said(control).ShouldContain(name);
    }

    [Theory]
    [InlineData("emulator")]
    [InlineData("directline")]
    public async Task Defect6_AadObjectIdFromAChannelOtherThanTeams_DoesNotIdentifyThePerson(string channelId)
    {
        using var bot = new BotApp(extraSettings: new Dictionary<string, string?> { ["Bot:AllowedChannels:0"] = "directline" }, configureServices: QuietHost.Services());
        const string aad = "0a0b0c0d-1111-2222-3333-444455556666";
        using (var db = bot.OpenDatabase())
        {
            var coordinator = await db.People.SingleAsync(p => p.Email == DemoOptions.EmailFor("coordinator"));
            coordinator.AadObjectId = aad;
            await db.SaveChangesAsync();
        }

        var activity = BotApp.Activity("29:stranger", channelId: channelId);
        activity["from"]!["aadObjectId"] = aad;
        activity["text"] = "кто я";
        var replies = await BotApp.RepliesAsync(await bot.PostAsync(activity));

        using var check = bot.OpenDatabase();
        Said(replies).ShouldNotContain(await CoordinatorNameAsync(check));
        var address = await check.ConversationAddresses.SingleAsync(a => a.UserId == "29:stranger");
        address.PersonId.ShouldBeNull();
        address.AadObjectId.ShouldBeNull();
    }

    [Fact]
    public async Task Defect6_ActivityFromATenantOutsideTheAllowList_Is403AndStoresNothing()
    {
        using var bot = RegisteredBot(new Dictionary<string, string?> { ["Bot:AllowedTenants:0"] = "tenant-1" });
        using var db = bot.OpenDatabase();
        var before = DatabaseSnapshot.Take(db);

        var foreign = await bot.PostAsync(channel.Activity("29:outsider", "привязать 123456", tenantId: "tenant-evil"), channel.Token());
        var noTenant = channel.Activity("29:outsider", "привязать 123456");
        noTenant["channelData"] = new JsonObject();
        noTenant["conversation"]!.AsObject().Remove("tenantId");
        var missing = await bot.PostAsync(noTenant, channel.Token());
        var mixed = channel.Activity("29:outsider", "привязать 123456");
        mixed["conversation"]!["tenantId"] = "tenant-evil";
        var mismatched = await bot.PostAsync(mixed, channel.Token());

        foreign.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await foreign.Content.ReadAsStringAsync()).ShouldContain("AllowedTenants");
        missing.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        mismatched.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        before.Differences(DatabaseSnapshot.Take(db)).ShouldBeEmpty();
        channel.Calls.ShouldBeEmpty();

        // The allowed tenant is served.
        var allowed = await bot.PostAsync(channel.Activity("29:insider", "помощь"), channel.Token());
        allowed.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("slack")]
    [InlineData("directline")]
    [InlineData("webchat")]
    public async Task Defect6_ActivityFromAChannelOutsideTheAllowList_Is403AndStoresNothing(string channelId)
    {
        using var bot = new BotApp(configureServices: QuietHost.Services());
        using var db = bot.OpenDatabase();
        var before = DatabaseSnapshot.Take(db);

        var activity = BotApp.Activity("29:demo-coordinator", channelId: channelId);
        activity["text"] = "кто я";
        var response = await bot.PostAsync(activity);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).ShouldContain("AllowedChannels");
        before.Differences(DatabaseSnapshot.Take(db)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Defect6_ConfiguredChannel_IsServed()
    {
        using var bot = new BotApp(extraSettings: new Dictionary<string, string?> { ["Bot:AllowedChannels:0"] = "slack" }, configureServices: QuietHost.Services());

        var replies = await bot.SayAsync("29:demo-coordinator", "помощь", channelId: "slack");

        replies.ShouldNotBeEmpty();
    }
}
