using System.Net;
using System.Text.Json;
using SchoolSupport.BotFramework.Schema;
using SchoolSupport.BotFramework.Tests.Infrastructure;

namespace SchoolSupport.BotFramework.Tests;

public sealed class CloudAdapterTests : IAsyncLifetime
{
    private LoopbackChannel _channel = null!;
    private BotHost _host = null!;

    private string Bearer => "Bearer " + _channel.Token();

    public async Task InitializeAsync()
    {
        _channel = await LoopbackChannel.StartAsync();
        _host = await BotHost.StartAsync(_channel);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _channel.DisposeAsync();
    }

    [Fact]
    public async Task ProcessAsync_SignedTeamsMessage_RepliesThroughConnectorWithBotToken()
    {
        var response = await _host.PostAsync(TestBot.Message(_channel.ServiceUrl, "<at>Bot</at> привет"), Bearer);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBeEmpty();
        var call = _channel.Calls.ShouldHaveSingleItem();
        call.Method.ShouldBe("POST");
        call.RawTarget.ShouldBe("/emea/v3/conversations/a%3A1Abc_Def-GhI/activities/1616161616161");
        call.Authorization.ShouldBe("Bearer test-bot-token");
        call.Body.ShouldContain("\"text\":\"Эхо: привет\"");
        var reply = call.Json;
        reply.GetProperty("type").GetString().ShouldBe("message");
        reply.GetProperty("replyToId").GetString().ShouldBe(TestBot.ActivityId);
        reply.GetProperty("from").GetProperty("id").GetString().ShouldBe("28:" + TestBot.AppId);
        reply.GetProperty("recipient").GetProperty("id").GetString().ShouldBe("29:user-1");
        reply.GetProperty("conversation").GetProperty("tenantId").GetString().ShouldBe("tenant-1");
    }

    [Fact]
    public async Task ProcessAsync_ExpectReplies_ReturnsRepliesInBodyWithoutConnectorCalls()
    {
        var activity = TestBot.Message(_channel.ServiceUrl, "как дела");
        activity.DeliveryMode = DeliveryModes.ExpectReplies;

        var response = await _host.PostAsync(activity, Bearer);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = JsonSerializer.Deserialize<ExpectedReplies>(await response.Content.ReadAsStringAsync(), BotJson.Options)!;
        body.Activities.ShouldHaveSingleItem().Text.ShouldBe("Эхо: как дела");
        _channel.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task ProcessAsync_MalformedJson_Returns400()
    {
        var response = await _host.PostRawAsync("{\"type\":\"message\",", Bearer);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        _channel.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task ProcessAsync_MissingType_Returns400()
    {
        var response = await _host.PostRawAsync("{\"text\":\"hi\"}", Bearer);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldBe("The activity has no type.");
    }

    [Fact]
    public async Task ProcessAsync_FiveMegabyteBody_Returns413()
    {
        var activity = TestBot.Message(_channel.ServiceUrl, new string('ж', 5 * 1024 * 1024 / 2));

        var response = await _host.PostAsync(activity, Bearer);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        _channel.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task ProcessAsync_UnknownActivityType_Returns200Quietly()
    {
        var activity = TestBot.Message(_channel.ServiceUrl);
        activity.Type = "somethingNew";

        var response = await _host.PostAsync(activity, Bearer);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        _channel.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task ProcessAsync_MissingConversation_Returns400()
    {
        var activity = TestBot.Message(_channel.ServiceUrl);
        activity.Conversation = null;

        var response = await _host.PostAsync(activity, Bearer);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        _channel.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task ProcessAsync_Get_Returns405()
    {
        var response = await _host.Client.GetAsync("/api/messages");

        response.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task ProcessAsync_AdaptiveCardActionHandled_Returns200WithInvokeBody()
    {
        var response = await _host.PostAsync(Invoke("adaptiveCard/action", """{"action":{"type":"Action.Execute","verb":"save","data":{"x":1}},"trigger":"manual"}"""), Bearer);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("statusCode").GetInt32().ShouldBe(200);
        body.GetProperty("type").GetString().ShouldBe(ContentTypes.ActivityMessage);
        body.GetProperty("value").GetString().ShouldBe("Сохранено");
        _channel.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task ProcessAsync_AdaptiveCardActionNotExecute_Returns400WithErrorBody()
    {
        var response = await _host.PostAsync(Invoke("adaptiveCard/action", """{"action":{"type":"Action.Submit","verb":"save"}}"""), Bearer);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("type").GetString().ShouldBe(ContentTypes.Error);
        body.GetProperty("value").GetProperty("code").GetString().ShouldBe("NotSupported");
    }

    [Theory]
    [InlineData("task/fetch")]
    [InlineData(null)]
    public async Task ProcessAsync_UnhandledInvoke_Returns501(string? name)
    {
        var response = await _host.PostAsync(Invoke(name, """{"data":1}"""), Bearer);

        response.StatusCode.ShouldBe(HttpStatusCode.NotImplemented);
    }

    [Fact]
    public async Task ProcessAsync_BotThrows_Returns500WithoutInternalsAndApologises()
    {
        var response = await _host.PostAsync(TestBot.Message(_channel.ServiceUrl, "boom"), Bearer);

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        var text = await response.Content.ReadAsStringAsync();
        text.ShouldNotContain("secret internals");
        text.ShouldNotContain("InvalidOperationException");
        var apology = _channel.Calls.ShouldHaveSingleItem();
        apology.Json.GetProperty("text").GetString().ShouldBe("Извините, что-то пошло не так. Попробуйте ещё раз чуть позже.");
    }

    private Activity Invoke(string? name, string value)
    {
        var activity = TestBot.Message(_channel.ServiceUrl);
        activity.Type = ActivityTypes.Invoke;
        activity.Text = null;
        activity.Name = name;
        activity.Value = JsonDocument.Parse(value).RootElement.Clone();
        return activity;
    }
}
