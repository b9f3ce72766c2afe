using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SchoolSupport.BotFramework.Authentication;
using SchoolSupport.BotFramework.Tests.Infrastructure;

namespace SchoolSupport.BotFramework.Tests;

public sealed class InboundAuthenticationTests : IAsyncLifetime
{
    private LoopbackChannel _channel = null!;
    private BotHost _host = null!;

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

    [Theory]
    [MemberData(nameof(TokenVectors.NameData), MemberType = typeof(TokenVectors))]
    public async Task ProcessAsync_TokenVector_AcceptedOrRefusedWith401(string name)
    {
        var vector = TokenVectors.Create(_channel).Single(v => v.Name == name);

        var response = await _host.PostAsync(vector.Activity, vector.AuthHeader);

        if (vector.Accepted)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            _channel.Calls.Count.ShouldBe(1);
        }
        else
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            (await response.Content.ReadAsStringAsync()).ShouldBeEmpty();
            _channel.Calls.ShouldBeEmpty();
        }
    }

    [Theory]
    [InlineData("no-header", "no Authorization header")]
    [InlineData("wrong-scheme", "not 'Bearer")]
    [InlineData("bad-signature", "validation failed")]
    [InlineData("unknown-key", "validation failed")]
    [InlineData("wrong-issuer", "untrusted issuer")]
    [InlineData("wrong-audience", "validation failed")]
    [InlineData("expired-beyond-skew", "validation failed")]
    [InlineData("key-not-endorsed-for-msteams", "not endorsed")]
    [InlineData("key-without-endorsements", "not endorsed")]
    [InlineData("serviceurl-mismatch", "serviceurl claim")]
    [InlineData("alg-none", "algorithm 'none'")]
    [InlineData("alg-hs256", "algorithm 'HS256'")]
    public async Task AuthenticateRequestAsync_RefusedVector_FailsForTheExpectedReason(string name, string reason)
    {
        var vector = TokenVectors.Create(_channel).Single(v => v.Name == name);
        var auth = _host.Services.GetRequiredService<BotFrameworkAuthentication>();

        var result = await auth.AuthenticateRequestAsync(vector.Activity, vector.AuthHeader, default);

        result.IsAuthenticated.ShouldBeFalse();
        result.FailureReason.ShouldNotBeNull().ShouldContain(reason);
    }

    [Fact]
    public async Task ProcessAsync_ValidToken_TrustsServiceUrl()
    {
        var trusted = _host.Services.GetRequiredService<TrustedServiceUrls>();
        trusted.IsTrusted(_channel.ServiceUrl).ShouldBeFalse();

        await _host.PostAsync(TestBot.Message(_channel.ServiceUrl), "Bearer " + _channel.Token());

        trusted.IsTrusted(_channel.ServiceUrl).ShouldBeTrue();
    }

    [Fact]
    public async Task ProcessAsync_RefusedToken_DoesNotTrustServiceUrl()
    {
        var trusted = _host.Services.GetRequiredService<TrustedServiceUrls>();

        await _host.PostAsync(TestBot.Message(_channel.ServiceUrl), "Bearer " + _channel.Token(kid: LoopbackChannel.WebchatKid));

        trusted.IsTrusted(_channel.ServiceUrl).ShouldBeFalse();
    }

    [Fact]
    public async Task AuthenticateRequestAsync_KeyEndorsedForChannel_AcceptsThatChannelOnly()
    {
        var auth = _host.Services.GetRequiredService<BotFrameworkAuthentication>();
        var token = "Bearer " + _channel.Token(kid: LoopbackChannel.WebchatKid);

        var webchat = await auth.AuthenticateRequestAsync(TestBot.Message(_channel.ServiceUrl, channelId: "webchat"), token, default);
        var teams = await auth.AuthenticateRequestAsync(TestBot.Message(_channel.ServiceUrl), token, default);

        webchat.IsAuthenticated.ShouldBeTrue();
        webchat.IsAnonymous.ShouldBeFalse();
        teams.IsAuthenticated.ShouldBeFalse();
        teams.FailureReason!.ShouldContain("not endorsed");
    }
}

public sealed class AnonymousModeTests
{
    [Fact]
    public async Task StartAsync_AllowAnonymousInProduction_Throws()
    {
        await using var channel = await LoopbackChannel.StartAsync();
        await using var app = BotHost.Build(channel, "Production", new Dictionary<string, string?> { ["Bot:AllowAnonymous"] = "true" });

        var error = await Should.ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => app.StartAsync());

        error.Message.ShouldContain("AllowAnonymous");
    }

    [Fact]
    public async Task ProcessAsync_DevelopmentWithoutAppId_AcceptsAnonymousAndRepliesWithoutToken()
    {
        await using var channel = await LoopbackChannel.StartAsync();
        await using var host = await BotHost.StartAsync(channel, "Development",
            new Dictionary<string, string?> { ["Bot:MicrosoftAppId"] = "", ["Bot:MicrosoftAppPassword"] = "" },
            tokens: new SchoolSupport.BotFramework.Connector.AnonymousBotTokenProvider());

        var response = await host.PostAsync(TestBot.Message(channel.ServiceUrl, channelId: "emulator"), null);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var call = channel.Calls.ShouldHaveSingleItem();
        call.Authorization.ShouldBeNull();
        host.Services.GetRequiredService<TrustedServiceUrls>().IsTrusted(channel.ServiceUrl).ShouldBeFalse();
    }

    [Fact]
    public async Task ProcessAsync_NoAppIdAndAnonymousOff_Returns401()
    {
        await using var channel = await LoopbackChannel.StartAsync();
        await using var host = await BotHost.StartAsync(channel, "Staging",
            new Dictionary<string, string?> { ["Bot:MicrosoftAppId"] = "", ["Bot:AllowAnonymous"] = "false" });

        var response = await host.PostAsync(TestBot.Message(channel.ServiceUrl), "Bearer " + channel.Token());

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        channel.Calls.ShouldBeEmpty();
    }
}

public sealed class KeyRotationTests
{
    [Fact]
    public async Task AuthenticateRequestAsync_UnknownKidAfterRollover_RefreshesKeysAndAccepts()
    {
        await using var channel = await LoopbackChannel.StartAsync();
        using var http = new HttpClient();
        var auth = new ConfigurationBotFrameworkAuthentication(
            new BotFrameworkOptions { MicrosoftAppId = TestBot.AppId, OpenIdMetadataUrl = channel.MetadataUrl }, http, new TrustedServiceUrls())
        {
            RefreshInterval = TimeSpan.FromSeconds(1),
        };
        var activity = TestBot.Message(channel.ServiceUrl);
        (await auth.AuthenticateRequestAsync(activity, "Bearer " + channel.Token(), default)).IsAuthenticated.ShouldBeTrue();
        var rotated = "Bearer " + channel.Token(kid: LoopbackChannel.RotatedKid);
        (await auth.AuthenticateRequestAsync(activity, rotated, default)).IsAuthenticated.ShouldBeFalse();

        channel.PublishRotatedKey = true;
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var result = await auth.AuthenticateRequestAsync(activity, rotated, default);

        result.IsAuthenticated.ShouldBeTrue(result.FailureReason);
    }

    [Fact]
    public async Task AuthenticateRequestAsync_ManyUnknownKids_RefreshThrottled()
    {
        await using var channel = await LoopbackChannel.StartAsync();
        using var http = new HttpClient();
        var auth = new ConfigurationBotFrameworkAuthentication(
            new BotFrameworkOptions { MicrosoftAppId = TestBot.AppId, OpenIdMetadataUrl = channel.MetadataUrl }, http, new TrustedServiceUrls());
        var activity = TestBot.Message(channel.ServiceUrl);
        await auth.AuthenticateRequestAsync(activity, "Bearer " + channel.Token(), default);
        var fetchesAfterStart = channel.JwksRequests;

        for (var i = 0; i < 5; i++)
        {
            (await auth.AuthenticateRequestAsync(activity, "Bearer " + channel.Token(kid: LoopbackChannel.UnknownKid), default))
                .IsAuthenticated.ShouldBeFalse();
        }

        await Task.Delay(200);

        // One forced fetch (keys + endorsements) and IdentityModel's own background refresh of both, not one per request.
        (channel.JwksRequests - fetchesAfterStart).ShouldBeLessThanOrEqualTo(4);
    }
}
