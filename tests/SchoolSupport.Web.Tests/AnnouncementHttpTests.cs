using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Outbox;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests;

/// <summary>
/// A coordinator's announcement goes all the way: chat form → preview → send → outbox row → background worker →
/// proactive POST to the director's stored serviceUrl (anonymous Development mode sends it without a token).
/// </summary>
public sealed class AnnouncementHttpTests : IAsyncLifetime
{
    private FakeConnector connector = null!;
    private BotApp bot = null!;

    public async Task InitializeAsync()
    {
        connector = await FakeConnector.StartAsync();
        bot = new BotApp(extraSettings: new Dictionary<string, string?> { ["Outbox:PollInterval"] = "00:00:00.200" });
    }

    public async Task DisposeAsync()
    {
        bot.Dispose();
        await connector.DisposeAsync();
    }

    [Fact]
    public async Task Announcement_ToDirectors_ReachesTheDirectorsStoredAddressAndIsCountedOnce()
    {
        // The director talks to the bot once through the connector, which stores the address to reach them later.
        var hello = BotApp.Activity("29:demo-director");
        hello["text"] = "кто я";
        hello["serviceUrl"] = connector.ServiceUrl;
        hello.Remove("deliveryMode");
        (await bot.PostAsync(hello)).IsSuccessStatusCode.ShouldBeTrue();
        await connector.WaitForAsync(c => c.Path.StartsWith("/v3/conversations/conv-29%3Ademo-director/activities", StringComparison.Ordinal), TimeSpan.FromSeconds(10));

        int schoolId;
        await using (var db = bot.OpenDatabase())
        {
            schoolId = await db.Schools.Where(s => s.Name == "МОУ «СОШ № 3» г. Луги").Select(s => s.Id).SingleAsync();
        }

        var form = await bot.SayAsync("29:demo-coordinator", "объявление");
        BotApp.CardOf(form.Single()).ShouldNotBeNull();
        var draft = new JsonObject
        {
            ["announcementId"] = "",
            ["title"] = "Второй опрос участников проекта",
            ["text"] = "Коллеги, до **13 июня** пройдите второй опрос.",
            ["roles"] = "Director",
            ["schools"] = schoolId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["requireAck"] = "true",
        };
        var preview = BotApp.CardOf((await bot.SubmitAsync("29:demo-coordinator", "announcement.preview", draft)).Single()).ShouldNotBeNull();
        var texts = BotApp.TextsOf(preview);
        texts.ShouldContain(t => t.Contains("Второй опрос участников проекта"));
        var announcementId = FindVerbData(preview, "announcement.send")["announcementId"]!.GetValue<string>();

        await bot.SubmitAsync("29:demo-coordinator", "announcement.send", new JsonObject { ["announcementId"] = announcementId }, activityId: "send-1");
        await bot.SubmitAsync("29:demo-coordinator", "announcement.send", new JsonObject { ["announcementId"] = announcementId }, activityId: "send-1");

        var delivered = await connector.WaitForAsync(
            c => c.Method == "POST" && Json(c.Body).Contains("Второй опрос участников проекта"),
            TimeSpan.FromSeconds(15));
        delivered.Path.ShouldStartWith("/v3/conversations/conv-29%3Ademo-director/activities");
        delivered.Authorization.ShouldBeNull();
        Json(delivered.Body).ShouldContain("Ознакомлен");

        await using var check = bot.OpenDatabase();
        // The daily digests planned at start share the outbox; the announcement has exactly one delivery.
        var deliveries = await check.Deliveries.Where(d => d.Message!.Kind == DeliveryKind.Announcement).ToListAsync();
        deliveries.Count.ShouldBe(1);
        var delivery = deliveries[0];
        for (var i = 0; i < 50 && delivery.Status != DeliveryStatus.Sent; i++)
        {
            await Task.Delay(100);
            await check.Entry(delivery).ReloadAsync();
        }

        delivery.Status.ShouldBe(DeliveryStatus.Sent);
        (await check.AnnouncementAcknowledgements.CountAsync()).ShouldBe(0);

        // «Ознакомлен(а)» pressed twice (and redelivered) counts once.
        var ack = FindVerbData(delivered.Body, "announcement.ack");
        await bot.SubmitAsync("29:demo-director", "announcement.ack", ack, activityId: "ack-1");
        await bot.SubmitAsync("29:demo-director", "announcement.ack", ack, activityId: "ack-1");
        await bot.SubmitAsync("29:demo-director", "announcement.ack", ack, activityId: "ack-2");
        (await check.AnnouncementAcknowledgements.CountAsync()).ShouldBe(1);

        // Someone who was not a recipient cannot acknowledge it.
        await bot.SubmitAsync("29:demo-curator", "announcement.ack", ack);
        (await check.AnnouncementAcknowledgements.CountAsync()).ShouldBe(1);
    }

    private static string Json(JsonNode? node) =>
        node?.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "";

    private static JsonObject FindVerbData(JsonNode? node, string verb)
    {
        var stack = new Stack<JsonNode?>([node]);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case JsonObject o when o["data"] is JsonObject data && (string?)data["verb"] == verb:
                    return data;
                case JsonObject o:
                    foreach (var (_, child) in o)
                    {
                        stack.Push(child);
                    }

                    break;
                case JsonArray a:
                    foreach (var child in a)
                    {
                        stack.Push(child);
                    }

                    break;
            }
        }

        throw new InvalidOperationException($"No action with verb {verb}");
    }
}
