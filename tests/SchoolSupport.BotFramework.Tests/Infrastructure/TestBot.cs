using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using SchoolSupport.BotFramework.Builder;
using SchoolSupport.BotFramework.Connector;
using SchoolSupport.BotFramework.Integration;
using SchoolSupport.BotFramework.Schema;
using SchoolSupport.BotFramework.Schema.Teams;
using SchoolSupport.BotFramework.Teams;

namespace SchoolSupport.BotFramework.Tests.Infrastructure;

/// <summary>Echoes messages, fails on "boom", answers the Action.Execute verb "save".</summary>
public sealed class TestBot : TeamsActivityHandler
{
    public const string AppId = "8d5c7e4a-1b2c-4d3e-9f00-112233445566";
    public const string ConversationId = "a:1Abc_Def-GhI";
    public const string ActivityId = "1616161616161";

    protected override async Task OnMessageActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var text = turnContext.Activity.RemoveRecipientMention();
        if (text == "boom")
        {
            throw new InvalidOperationException("secret internals 42");
        }

        await turnContext.SendActivityAsync($"Эхо: {text}", cancellationToken);
    }

    protected override async Task OnTeamsMembersAddedAsync(IList<TeamsChannelAccount> membersAdded, TeamInfo? teamInfo,
        ITurnContext turnContext, CancellationToken cancellationToken)
    {
        foreach (var member in membersAdded.Where(m => m.Id != turnContext.Activity.Recipient?.Id))
        {
            await turnContext.SendActivityAsync($"Добро пожаловать в «{teamInfo?.Name}», {member.Name}!", cancellationToken);
        }
    }

    protected override Task OnInstallationUpdateAddAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        turnContext.SendActivityAsync("Спасибо за установку", cancellationToken);

    protected override Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(ITurnContext turnContext,
        AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken) =>
        invokeValue.Action?.Verb == "save"
            ? Task.FromResult(AdaptiveCardInvokeResponse.Message("Сохранено"))
            : base.OnAdaptiveCardInvokeAsync(turnContext, invokeValue, cancellationToken);

    public static Activity Message(string serviceUrl, string text = "привет", string channelId = Channels.Msteams) => new()
    {
        Type = ActivityTypes.Message,
        Id = ActivityId,
        ChannelId = channelId,
        ServiceUrl = serviceUrl,
        From = new ChannelAccount("29:user-1", "Мария Иванова", aadObjectId: "00000000-0000-0000-0000-0000000000aa"),
        Recipient = new ChannelAccount("28:" + AppId, "Bot"),
        Conversation = new ConversationAccount { Id = ConversationId, ConversationType = "personal", TenantId = "tenant-1" },
        Text = text,
        Locale = "ru-RU",
    };
}

public sealed class FakeTokenProvider : IBotTokenProvider
{
    public int ForcedRefreshes { get; private set; }

    public bool RequiresToken => true;

    public Task<string?> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        if (forceRefresh)
        {
            ForcedRefreshes++;
        }

        return Task.FromResult<string?>(forceRefresh ? "refreshed-token" : "test-bot-token");
    }
}

/// <summary>The bot under test, in memory (TestServer), configured against a <see cref="LoopbackChannel"/>.</summary>
public sealed class BotHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BotHost(WebApplication app) => _app = app;

    public HttpClient Client { get; private set; } = null!;

    public IServiceProvider Services => _app.Services;

    public static WebApplication Build(LoopbackChannel channel, string environment = "Production",
        IDictionary<string, string?>? settings = null, IBotTokenProvider? tokens = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var config = new Dictionary<string, string?>
        {
            ["Bot:MicrosoftAppId"] = TestBot.AppId,
            ["Bot:MicrosoftAppPassword"] = "not-used",
            ["Bot:OpenIdMetadataUrl"] = channel.MetadataUrl,
            ["Bot:Connector:MinBackoff"] = "00:00:00.010",
            ["Bot:Connector:MaxBackoff"] = "00:00:00.050",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(config);
        builder.Services.AddBotFramework(builder.Configuration);
        builder.Services.Replace(ServiceDescriptor.Singleton(tokens ?? new FakeTokenProvider()));
        builder.Services.AddTransient<IBot, TestBot>();
        var app = builder.Build();
        app.MapBotFramework();
        return app;
    }

    public static async Task<BotHost> StartAsync(LoopbackChannel channel, string environment = "Production",
        IDictionary<string, string?>? settings = null, IBotTokenProvider? tokens = null)
    {
        var app = Build(channel, environment, settings, tokens);
        await app.StartAsync();
        return new BotHost(app) { Client = app.GetTestClient() };
    }

    public Task<HttpResponseMessage> PostAsync(Activity activity, string? authorization) =>
        PostRawAsync(BotJson.Serialize(activity), authorization);

    public Task<HttpResponseMessage> PostRawAsync(string body, string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}

/// <summary>Signed requests the validator must accept or refuse; shared with the JS conformance check.</summary>
public sealed record TokenVector(string Name, string? AuthHeader, Activity Activity, bool Accepted);

public static class TokenVectors
{
    /// <summary>Where our (botbuilder-dotnet-like) verdict knowingly differs from botbuilder-js: name → JS verdict.</summary>
    public static IReadOnlyDictionary<string, bool> JsDifferences { get; } = new Dictionary<string, bool>
    {
        // JS checks endorsements only when the key has some; .NET (and we) refuse such a key.
        ["key-without-endorsements"] = true,
        // JS compares aud with the app id only; we also accept the api:// forms teams.net accepts.
        ["audience-api-uri"] = false,
        ["audience-api-botid-uri"] = false,
    };

    public static IReadOnlyList<string> Names { get; } =
    [
        "valid", "expired-within-skew", "no-header", "wrong-scheme", "bad-signature", "unknown-key", "wrong-issuer",
        "wrong-audience", "expired-beyond-skew", "key-not-endorsed-for-msteams", "serviceurl-mismatch", "alg-none",
        "alg-hs256", "key-without-endorsements", "audience-api-uri", "audience-api-botid-uri",
    ];

    public static IEnumerable<object[]> NameData => Names.Select(n => new object[] { n });

    public static IReadOnlyList<TokenVector> Create(LoopbackChannel channel)
    {
        var activity = TestBot.Message(channel.ServiceUrl);
        var now = DateTime.UtcNow;
        TokenVector V(string name, string? header, bool accepted) => new(name, header, activity, accepted);
        return
        [
            V("valid", "Bearer " + channel.Token(), true),
            V("expired-within-skew", "Bearer " + channel.Token(expires: now.AddMinutes(-2)), true),
            V("no-header", null, false),
            V("wrong-scheme", "Basic " + channel.Token(), false),
            V("bad-signature", "Bearer " + channel.Token(signingKid: LoopbackChannel.UnknownKid), false),
            V("unknown-key", "Bearer " + channel.Token(kid: LoopbackChannel.UnknownKid), false),
            V("wrong-issuer", "Bearer " + channel.Token(issuer: "https://api.botframework.example"), false),
            V("wrong-audience", "Bearer " + channel.Token(audience: "0d5c7e4a-0000-4d3e-9f00-112233445566"), false),
            V("expired-beyond-skew", "Bearer " + channel.Token(expires: now.AddMinutes(-10)), false),
            V("key-not-endorsed-for-msteams", "Bearer " + channel.Token(kid: LoopbackChannel.WebchatKid), false),
            V("serviceurl-mismatch", "Bearer " + channel.Token(serviceUrl: "https://attacker.example/emea/"), false),
            V("alg-none", "Bearer " + channel.UnsignedToken(), false),
            V("alg-hs256", "Bearer " + channel.SymmetricToken(), false),
            V("key-without-endorsements", "Bearer " + channel.Token(kid: LoopbackChannel.BareKid), false),
            V("audience-api-uri", "Bearer " + channel.Token(audience: "api://" + TestBot.AppId), true),
            V("audience-api-botid-uri", "Bearer " + channel.Token(audience: "api://botid-" + TestBot.AppId), true),
        ];
    }
}
