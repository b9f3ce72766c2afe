using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolSupport.Conversation;
using SchoolSupport.Outbox;
using SchoolSupport.Web.Tests.Support;
using SchoolSupport.Web.WebChat;

namespace SchoolSupport.Web.Tests;

/// <summary>The web channel through HTTP on the real host: the page's session, the built-in Direct Line, the outbox.</summary>
public sealed class WebChatHttpTests
{
    private static readonly Dictionary<string, string?> FastOutbox = new() { ["Outbox:PollInterval"] = "00:00:00.200" };

    [Fact]
    public async Task Post_WithAnotherUsersIdAndAadObjectId_IsAnsweredAsTheSignedInPerson()
    {
        using var bot = new BotApp();
        await using (var db = bot.OpenDatabase())
        {
            var coordinator = await db.People.SingleAsync(p => p.Email == DemoOptions.EmailFor("coordinator"));
            coordinator.AadObjectId = "11111111-2222-3333-4444-555555555555";
            await db.SaveChangesAsync();
        }

        var web = await WebSession.SignInAsync(bot, "director");
        var replies = await web.SayAsync(new JsonObject
        {
            ["type"] = "message",
            ["text"] = "кто я",
            ["from"] = new JsonObject { ["id"] = "29:demo-coordinator", ["aadObjectId"] = "11111111-2222-3333-4444-555555555555" },
            ["channelId"] = "msteams",
            ["conversation"] = new JsonObject { ["id"] = "someone-elses" },
        });

        var texts = string.Join(" ", replies.SelectMany(r => BotApp.TextsOf(BotApp.CardOf(r))));
        texts.ShouldContain("Иванова Марина Викторовна");
        texts.ShouldNotContain("Ковалёва");
        await using var check = bot.OpenDatabase();
        var address = await check.ConversationAddresses.SingleAsync(a => a.ChannelId == "webchat");
        address.UserId.ShouldBe(web.UserId);
        address.ConversationId.ShouldBe(web.ConversationId);
        address.AadObjectId.ShouldBeNull();
        (await check.People.SingleAsync(p => p.Id == address.PersonId)).Email.ShouldBe(DemoOptions.EmailFor("director"));
        (await check.ConversationAddresses.AnyAsync(a => a.UserId == "29:demo-coordinator")).ShouldBeFalse();
    }

    [Fact]
    public async Task WebchatActivity_PostedToApiMessages_IsRefusedAndStoresNothing()
    {
        using var bot = new BotApp();
        var web = await WebSession.SignInAsync(bot, "director");

        // Someone replays the web user's id through the Bot Framework endpoint (as Azure's Web Chat channel would).
        var activity = BotApp.Activity(web.UserId, channelId: "webchat");
        activity["text"] = "статус";
        activity["conversation"] = new JsonObject { ["id"] = web.ConversationId };
        var response = await bot.PostAsync(activity);

        // webchat is not on the channel allow-list of /api/messages; the built-in web channel never posts there.
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await using var check = bot.OpenDatabase();
        (await check.ConversationAddresses.CountAsync(a => a.ChannelId == "webchat")).ShouldBe(1);
        (await check.WebChatActivities.CountAsync(a => a.ConversationId == web.ConversationId)).ShouldBe(2);
    }

    [Fact]
    public async Task Token_WithoutSession_IsRefusedAndCreatesNoConversation()
    {
        using var bot = new BotApp();
        using var client = bot.CreateClient();
        var response = await client.PostAsync("/v3/directline/tokens/generate", null);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.PostAsync("/webchat/demo/director2", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await using var check = bot.OpenDatabase();
        (await check.WebChatConversations.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task OneUsersToken_CannotReadOrWriteAnotherUsersConversation()
    {
        using var bot = new BotApp();
        var director = await WebSession.SignInAsync(bot, "director");
        var curator = await WebSession.SignInAsync(bot, "curator");

        using var client = bot.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", curator.Token);
        (await client.GetAsync($"/v3/directline/conversations/{director.ConversationId}/activities")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetAsync($"/v3/directline/conversations/{director.ConversationId}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var post = await client.PostAsync($"/v3/directline/conversations/{director.ConversationId}/activities",
            new StringContent("""{"type":"message","text":"статус"}""", Encoding.UTF8, "application/json"));
        post.StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        await using var check = bot.OpenDatabase();
        (await check.WebChatActivities.CountAsync(a => a.ConversationId == director.ConversationId)).ShouldBe(2);
    }

    [Fact]
    public async Task Production_WithoutOidc_KeepsThePageAndTheEndpointOff()
    {
        using var bot = new BotApp(environment: "Production", extraSettings: new Dictionary<string, string?> { ["Bot:AllowAnonymous"] = "false" });
        using var client = bot.CreateClient();

        var page = await client.GetAsync("/");
        (await page.Content.ReadAsStringAsync()).ShouldContain("Веб-чат выключен");
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        (await client.PostAsync("/v3/directline/tokens/generate", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostAsync("/v3/directline/conversations", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostAsync("/webchat/demo/director", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync($"/webchat/webchat-{WebChatPage.WebChatVersion}.js")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Production_WithOidc_ServesThePageWithSignInAndNoDemoPicker()
    {
        using var bot = new BotApp(environment: "Production", extraSettings: new Dictionary<string, string?>
        {
            ["Bot:AllowAnonymous"] = "false",
            ["WebChat:Oidc:Authority"] = "https://login.example.test/tenant/v2.0",
            ["WebChat:Oidc:ClientId"] = "web-client",
        });
        using var client = bot.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var page = await client.GetAsync("/");
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        page.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("script-src 'self'");
        var session = await client.GetFromJsonAsync<JsonObject>("/webchat/session");
        ((string?)session!["mode"]).ShouldBe("oidc");
        ((bool?)session["signedIn"]).ShouldBe(false);
        (await client.PostAsync("/webchat/demo/director", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostAsync("/v3/directline/tokens/generate", null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Page_ServesThePinnedOfficialWebChat_Compressed()
    {
        SHA256.HashData(WebChatPage.WebChatBundle()).ShouldBe(Convert.FromHexString(WebChatPage.WebChatSha256));
        using var bot = new BotApp();
        using var client = bot.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/webchat/webchat-{WebChatPage.WebChatVersion}.js");
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentEncoding.ShouldContain("gzip");
        (await response.Content.ReadAsByteArrayAsync()).Length.ShouldBeLessThan(WebChatPage.WebChatBundle().Length / 2);
        (await client.GetStringAsync("/webchat/licenses")).ShouldContain("MIT License");
    }

    [Fact]
    public async Task SchoolList_UploadedInWebChat_ReachesTheImportPreviewAndStoresNothingYet()
    {
        using var bot = new BotApp();
        var web = await WebSession.SignInAsync(bot, "coordinator");
        const string content = "Код ОО;Полное наименование ОО;Краткое наименование;Муниципальный район;Год участия\n" +
                               "ЛО-101;МОУ «Новая СОШ»;Новая СОШ;Лужский район;2026\n";

        var replies = await web.UploadAsync(null, "школы.csv", "text/csv", content);

        var card = replies.Select(BotApp.CardOf).Single(c => c is not null);
        BotApp.TextsOf(card).ShouldContain("Список школ: проверка перед загрузкой");
        await using var check = bot.OpenDatabase();
        (await check.WebChatUploads.SingleAsync()).ConversationId.ShouldBe(web.ConversationId);
        (await check.PendingImports.CountAsync()).ShouldBe(1);
        (await check.Schools.AnyAsync(s => s.Name == "МОУ «Новая СОШ»")).ShouldBeFalse("the preview stores nothing");
    }

    [Fact]
    public async Task InboundFiles_RefuseUnknownSourcesAndFilesOverTheLimit_InRussian()
    {
        using var bot = new BotApp();
        var web = await WebSession.SignInAsync(bot, "director");
        await web.UploadAsync(null, "a.txt", "text/plain", "0123456789");
        string uploadId;
        await using (var db = bot.OpenDatabase())
        {
            uploadId = (await db.WebChatUploads.SingleAsync()).Id;
        }

        await using var scope = bot.Services.CreateAsyncScope();
        var files = scope.ServiceProvider.GetRequiredService<InboundFiles>();
        (await files.ReadAsync(new InboundFile("a.txt", "text/plain", 10, "webchat", uploadId), 100, default)).Length.ShouldBe(10);
        (await Should.ThrowAsync<InboundFileException>(() => files.ReadAsync(new InboundFile("a.txt", null, null, "webchat", uploadId), 5, default)))
            .Message.ShouldContain("слишком большой");
        (await Should.ThrowAsync<InboundFileException>(() => files.ReadAsync(new InboundFile("b.txt", null, null, "ftp", "x"), 100, default)))
            .Message.ShouldContain("Не удалось получить файл «b.txt»");
        (await Should.ThrowAsync<InboundFileException>(() => files.ReadAsync(new InboundFile("c.txt", null, null, "webchat", "missing"), 100, default)))
            .Message.ShouldContain("больше недоступен");
    }

    [Fact]
    public async Task Announcement_ToAWebUser_IsStoredLiveSentAndReadWhenFetched()
    {
        using var bot = new BotApp(extraSettings: FastOutbox);
        var director = await WebSession.SignInAsync(bot, "director");
        var known = (await director.ActivitiesAsync()).Count;

        await AnnounceToDirectorsAsync(bot, "Совещание в пятницу");

        var delivery = await WaitForDeliveryAsync(bot, "Совещание в пятницу");
        delivery.Status.ShouldBe(DeliveryStatus.Sent);
        delivery.ReadAt.ShouldBeNull();
        delivery.ConversationId.ShouldBe(director.ConversationId);

        var arrived = (await director.ActivitiesAsync()).Skip(known).ToList();
        arrived.Count(a => Text(a).Contains("Совещание в пятницу")).ShouldBe(1);
        await using var check = bot.OpenDatabase();
        (await check.Deliveries.SingleAsync(d => d.Id == delivery.Id)).ReadAt.ShouldNotBeNull();
        (await check.WebChatActivities.SingleAsync(a => a.ExternalKey == "delivery-" + delivery.Id)).ReadAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task PersonOnTeamsAndWeb_GetsItOnceOnTheChannelUsedLast_OrOnBothWhenTheRegionSaysSo()
    {
        await using var connector = await FakeConnector.StartAsync();
        using var bot = new BotApp(extraSettings: FastOutbox);

        // Teams first, then the web page: the web is the channel used last.
        var hello = BotApp.Activity("29:demo-director", channelId: "msteams");
        hello["text"] = "кто я";
        hello["serviceUrl"] = connector.ServiceUrl;
        hello.Remove("deliveryMode");
        (await bot.PostAsync(hello)).IsSuccessStatusCode.ShouldBeTrue();
        var director = await WebSession.SignInAsync(bot, "director");
        await director.SayAsync(new JsonObject { ["type"] = "message", ["text"] = "статус" });

        await AnnounceToDirectorsAsync(bot, "Только в браузере");
        (await WaitForDeliveryAsync(bot, "Только в браузере")).ConversationId.ShouldBe(director.ConversationId);
        connector.Calls.Count(c => c.Body is JsonObject b && Text(b).Contains("Только в браузере")).ShouldBe(0);
        connector.Calls.Count.ShouldBe(1); // the Teams reply to «кто я», nothing else

        await using (var db = bot.OpenDatabase())
        {
            await db.Regions.ExecuteUpdateAsync(s => s.SetProperty(r => r.DeliverOnEveryChannel, true));
        }

        bot.Clock.Advance(TimeSpan.FromMinutes(2)); // the region setting is re-read once a minute
        await AnnounceToDirectorsAsync(bot, "Везде");
        (await WaitForDeliveryAsync(bot, "Везде")).Status.ShouldBe(DeliveryStatus.Sent);
        await connector.WaitForAsync(c => c.Method == "POST" && c.Body is JsonObject b && Text(b).Contains("Везде"), TimeSpan.FromSeconds(10));
        (await director.ActivitiesAsync()).Count(a => Text(a).Contains("Везде")).ShouldBe(1);
    }

    private static string Text(JsonObject activity) => activity.ToJsonString(new System.Text.Json.JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private static async Task AnnounceToDirectorsAsync(BotApp bot, string title)
    {
        int schoolId;
        await using (var db = bot.OpenDatabase())
        {
            schoolId = await db.Schools.Where(s => s.Name == "МОУ «СОШ № 3» г. Луги").Select(s => s.Id).SingleAsync();
        }

        var draft = new JsonObject
        {
            ["announcementId"] = "",
            ["title"] = title,
            ["text"] = "Подробности в письме.",
            ["roles"] = "Director",
            ["schools"] = schoolId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var preview = BotApp.CardOf((await bot.SubmitAsync("29:demo-coordinator", "announcement.preview", draft)).Single()).ShouldNotBeNull();
        var id = preview.ToJsonString().Split("\"announcementId\":\"")[1].Split('"')[0];
        await bot.SubmitAsync("29:demo-coordinator", "announcement.send", new JsonObject { ["announcementId"] = id });
    }

    private static async Task<Delivery> WaitForDeliveryAsync(BotApp bot, string title)
    {
        await using var db = bot.OpenDatabase();
        for (var i = 0; i < 100; i++)
        {
            var delivery = await db.Deliveries.AsNoTracking().Include(d => d.Message)
                .Where(d => d.Message!.Kind == DeliveryKind.Announcement && d.Message.Data!.Contains(title))
                .SingleOrDefaultAsync();
            if (delivery is { Status: not (DeliveryStatus.Queued or DeliveryStatus.Sending) })
            {
                return delivery;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The announcement «{title}» was not delivered.");
    }
}
