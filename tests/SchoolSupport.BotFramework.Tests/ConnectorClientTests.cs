using System.Net;
using SchoolSupport.BotFramework.Authentication;
using SchoolSupport.BotFramework.Connector;
using SchoolSupport.BotFramework.Schema;
using SchoolSupport.BotFramework.Tests.Infrastructure;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace SchoolSupport.BotFramework.Tests;

public sealed class ConnectorClientTests : IAsyncLifetime
{
    private LoopbackChannel _channel = null!;
    private readonly HttpClient _http = new();
    private readonly FakeTokenProvider _tokens = new();
    private readonly TrustedServiceUrls _trusted = new();

    private static ConnectorClientOptions FastRetries => new()
    {
        MinBackoff = TimeSpan.FromMilliseconds(10),
        MaxBackoff = TimeSpan.FromMilliseconds(50),
    };

    public async Task InitializeAsync()
    {
        _channel = await LoopbackChannel.StartAsync();
        _trusted.Trust(_channel.ServiceUrl);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _channel.DisposeAsync();
    }

    [Fact]
    public async Task SendToConversationAsync_429WithRetryAfter_WaitsThenSucceeds()
    {
        _channel.Enqueue(new ScriptedResponse(429, Headers: new Dictionary<string, string> { ["Retry-After"] = "2" }));
        var client = Client(new ConnectorClientOptions());
        var stopwatch = Stopwatch.StartNew();

        var result = await client.SendToConversationAsync(Message());

        stopwatch.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2));
        result!.Id.ShouldBe("reply-1");
        _channel.Calls.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(412)]
    public async Task SendToConversationAsync_TransientStatus_BacksOffThenSucceeds(int status)
    {
        _channel.Enqueue(new ScriptedResponse(status), new ScriptedResponse(status));

        var result = await Client().SendToConversationAsync(Message());

        result!.Id.ShouldBe("reply-1");
        _channel.Calls.Count.ShouldBe(3);
    }

    [Fact]
    public async Task SendToConversationAsync_ServerErrorsExhaustRetries_ThrowsTransient()
    {
        for (var i = 0; i < 5; i++)
        {
            _channel.Enqueue(new ScriptedResponse(503, """{"error":{"code":"ServiceError","message":"down"}}"""));
        }

        var error = await Should.ThrowAsync<ConnectorException>(() => Client().SendToConversationAsync(Message()));

        error.Status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        error.IsTransient.ShouldBeTrue();
        error.ErrorCode.ShouldBe("ServiceError");
        _channel.Calls.Count.ShouldBe(4);
    }

    [Fact]
    public async Task SendToConversationAsync_RetriesDisabled_FailsAfterOneCallWithRetryAfter()
    {
        _channel.Enqueue(new ScriptedResponse(429, Headers: new Dictionary<string, string> { ["Retry-After"] = "7" }));

        var error = await Should.ThrowAsync<ConnectorException>(() =>
            Client(new ConnectorClientOptions { MaxRetries = 0 }).SendToConversationAsync(Message()));

        error.Status.ShouldBe(HttpStatusCode.TooManyRequests);
        error.RetryAfter.ShouldBe(TimeSpan.FromSeconds(7));
        error.CorrelationId.ShouldBe("op-1");
        _channel.Calls.Count.ShouldBe(1);
    }

    [Fact]
    public async Task SendToConversationAsync_403MessageWritesBlocked_IsBlockedAndNotRetried()
    {
        _channel.Enqueue(new ScriptedResponse(403, """{"error":{"code":"Forbidden","message":"blocked","innerHttpError":{"statusCode":403,"body":{"error":{"code":"MessageWritesBlocked"}}}}}"""));

        var error = await Should.ThrowAsync<ConnectorException>(() => Client().SendToConversationAsync(Message()));

        error.IsBlocked.ShouldBeTrue();
        error.IsTransient.ShouldBeFalse();
        _channel.Calls.Count.ShouldBe(1);
    }

    [Fact]
    public async Task SendToConversationAsync_403Other_NotBlocked()
    {
        _channel.Enqueue(new ScriptedResponse(403, """{"error":{"code":"BotNotInConversationRoster","message":"no"}}"""));

        var error = await Should.ThrowAsync<ConnectorException>(() => Client().SendToConversationAsync(Message()));

        error.IsBlocked.ShouldBeFalse();
        error.ErrorCode.ShouldBe("BotNotInConversationRoster");
    }

    [Fact]
    public async Task ReplyToActivityAsync_404_IsNotFoundAndNotRetried()
    {
        _channel.Enqueue(new ScriptedResponse(404, """{"error":{"code":"ConversationNotFound","message":"gone"}}"""));
        var message = Message();
        message.ReplyToId = "1";

        var error = await Should.ThrowAsync<ConnectorException>(() => Client().ReplyToActivityAsync(message));

        error.IsNotFound.ShouldBeTrue();
        _channel.Calls.Count.ShouldBe(1);
    }

    [Fact]
    public async Task SendToConversationAsync_401_RefreshesTokenOnce()
    {
        _channel.Enqueue(new ScriptedResponse(401));

        await Client().SendToConversationAsync(Message());

        _tokens.ForcedRefreshes.ShouldBe(1);
        _channel.Calls.Select(c => c.Authorization).ShouldBe(["Bearer test-bot-token", "Bearer refreshed-token"]);
    }

    [Fact]
    public async Task SendToConversationAsync_UntrustedServiceUrl_RefusesWithoutSending()
    {
        var client = new ConnectorClient(_http, _channel.BaseUrl + "/other/", _tokens, _trusted, FastRetries);

        await Should.ThrowAsync<UntrustedServiceUrlException>(() => client.SendToConversationAsync(Message()));

        _channel.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task SendToConversationAsync_AnonymousProvider_SendsWithoutTokenEvenIfUntrusted()
    {
        var client = new ConnectorClient(_http, _channel.ServiceUrl, new AnonymousBotTokenProvider(), new TrustedServiceUrls(), FastRetries);

        await client.SendToConversationAsync(Message());

        _channel.Calls.ShouldHaveSingleItem().Authorization.ShouldBeNull();
    }

    [Fact]
    public async Task CreateConversationAsync_ServiceUrlWithoutSlash_PostsToV3Conversations()
    {
        _channel.Enqueue(new ScriptedResponse(201, """{"id":"a:new-chat"}"""));
        var client = new ConnectorClient(_http, _channel.ServiceUrl.TrimEnd('/'), _tokens, _trusted, FastRetries);

        var created = await client.CreateConversationAsync(new ConversationParameters
        {
            IsGroup = false,
            Bot = new ChannelAccount("28:" + TestBot.AppId),
            Members = [new ChannelAccount("29:user-1")],
            TenantId = "tenant-1",
        });

        created.Id.ShouldBe("a:new-chat");
        var call = _channel.Calls.ShouldHaveSingleItem();
        call.RawTarget.ShouldBe("/emea/v3/conversations");
        call.Json.GetProperty("members")[0].GetProperty("id").GetString().ShouldBe("29:user-1");
        call.Json.GetProperty("isGroup").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task GetConversationPagedMembersAsync_EncodesIdsAndQuery()
    {
        _channel.Enqueue(new ScriptedResponse(200, """{"members":[{"id":"29:u","email":"m@example.org","userPrincipalName":"m@example.org","userRole":"user"}],"continuationToken":"next"}"""));

        var page = await Client().GetConversationPagedMembersAsync("19:abc@thread.tacv2", 50, "tok/en=");

        page.ContinuationToken.ShouldBe("next");
        page.Members.ShouldHaveSingleItem().Email.ShouldBe("m@example.org");
        _channel.Calls.ShouldHaveSingleItem().RawTarget
            .ShouldBe("/emea/v3/conversations/19%3Aabc%40thread.tacv2/pagedmembers?pageSize=50&continuationToken=tok%2Fen%3D");
    }

    [Fact]
    public async Task UpdateAndDeleteActivityAsync_UseActivityPaths()
    {
        var message = Message();
        message.Id = "1:msg;x";
        var client = Client();

        await client.UpdateActivityAsync(message);
        await client.DeleteActivityAsync(TestBot.ConversationId, "1:msg;x");

        _channel.Calls.Select(c => $"{c.Method} {c.RawTarget}").ShouldBe(
        [
            "PUT /emea/v3/conversations/a%3A1Abc_Def-GhI/activities/1%3Amsg%3Bx",
            "DELETE /emea/v3/conversations/a%3A1Abc_Def-GhI/activities/1%3Amsg%3Bx",
        ]);
    }

    [Fact]
    public async Task GetConversationMemberAsync_ByUpn_ReturnsTeamsAccount()
    {
        _channel.Enqueue(new ScriptedResponse(200, """{"id":"29:u","name":"Мария","aadObjectId":"aad-1","givenName":"Мария","surname":"Иванова","tenantId":"t","userRole":"guest"}"""));

        var member = await Client().GetConversationMemberAsync(TestBot.ConversationId, "maria@example.org");

        member!.Surname.ShouldBe("Иванова");
        member.UserRole.ShouldBe("guest");
        _channel.Calls.ShouldHaveSingleItem().RawTarget.ShouldBe("/emea/v3/conversations/a%3A1Abc_Def-GhI/members/maria%40example.org");
    }

    private ConnectorClient Client(ConnectorClientOptions? options = null) =>
        new(_http, _channel.ServiceUrl, _tokens, _trusted, options ?? FastRetries);

    private static Activity Message() => new()
    {
        Type = ActivityTypes.Message,
        Conversation = new ConversationAccount { Id = TestBot.ConversationId },
        Text = "Здравствуйте",
    };
}

public sealed class TrustedServiceUrlsTests
{
    [Theory]
    [InlineData("https://smba.trafficmanager.net/emea/", true)]
    [InlineData("https://SMBA.trafficmanager.net/amer/tenant/", true)]
    [InlineData("https://smba.infra.gcc.teams.microsoft.com/gcc", true)]
    [InlineData("http://smba.trafficmanager.net/emea/", false)]
    [InlineData("https://smba.trafficmanager.net.attacker.example/", false)]
    [InlineData("https://attacker.example/emea/", false)]
    [InlineData("not a url", false)]
    public void IsTrusted_AllowListOnly_ChecksHttpsHost(string serviceUrl, bool expected)
    {
        new TrustedServiceUrls().IsTrusted(serviceUrl).ShouldBe(expected);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/", true)]
    [InlineData("https://127.0.0.1:5001/emea/", true)]
    [InlineData("http://127.0.0.2:5000/", false)]
    [InlineData("http://smba.trafficmanager.net/emea/", false)]
    public void IsTrusted_LoopbackAllowListed_AcceptsPlainHttpOnlyOnThatLoopbackHost(string serviceUrl, bool expected)
    {
        new TrustedServiceUrls(["127.0.0.1", "smba.trafficmanager.net"]).IsTrusted(serviceUrl).ShouldBe(expected);
    }

    [Fact]
    public void Trust_NewUrl_IsTrustedIgnoringTrailingSlashAndRaisesHookOnce()
    {
        var trusted = new TrustedServiceUrls();
        var raised = new List<string>();
        trusted.ServiceUrlTrusted += raised.Add;

        trusted.Trust("http://127.0.0.1:5000/emea/");
        trusted.Trust("http://127.0.0.1:5000/emea");

        trusted.IsTrusted("http://127.0.0.1:5000/emea").ShouldBeTrue();
        trusted.IsTrusted("http://127.0.0.1:5000/other/").ShouldBeFalse();
        raised.ShouldBe(["http://127.0.0.1:5000/emea/"]);
    }
}
