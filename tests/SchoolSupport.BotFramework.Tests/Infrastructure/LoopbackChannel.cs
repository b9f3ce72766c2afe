using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SchoolSupport.BotFramework.Tests.Infrastructure;

public sealed record RecordedCall(string Method, string RawTarget, string Body, string? Authorization)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

public sealed record ScriptedResponse(int Status, string Body = "", IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>
/// One loopback Kestrel server playing Azure Bot Service: OpenID metadata + JWKS (with endorsements) signed by test RSA
/// keys, and a fake Connector under <see cref="ServiceUrl"/> that records calls and answers from a script.
/// </summary>
public sealed class LoopbackChannel : IAsyncDisposable
{
    public const string Issuer = "https://api.botframework.com";
    public const string TeamsKid = "teams-key";
    public const string BareKid = "bare-key";
    public const string WebchatKid = "webchat-key";
    public const string UnknownKid = "unknown-key";
    public const string RotatedKid = "rotated-key";

    private readonly WebApplication _app;
    // Generated once per test run: RSA key generation dominates the start-up time otherwise.
    private static readonly Dictionary<string, RSA> _keys = new()
    {
        [TeamsKid] = RSA.Create(2048),
        [BareKid] = RSA.Create(2048),
        [WebchatKid] = RSA.Create(2048),
        [UnknownKid] = RSA.Create(2048),
        [RotatedKid] = RSA.Create(2048),
    };

    private readonly ConcurrentQueue<ScriptedResponse> _script = new();

    private LoopbackChannel(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";
    public string MetadataUrl => BaseUrl + "/v1/.well-known/openidconfiguration";
    public string ServiceUrl => BaseUrl + "/emea/";
    public ConcurrentQueue<RecordedCall> Calls { get; } = new();

    /// <summary>Publishes <see cref="RotatedKid"/> (endorsed for msteams) from now on, as a key rollover would.</summary>
    public bool PublishRotatedKey { get; set; }

    public int JwksRequests => _jwksRequests;

    private int _jwksRequests;

    public static async Task<LoopbackChannel> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var channel = new LoopbackChannel(app);
        app.MapGet("/v1/.well-known/openidconfiguration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = "https://invalid.botframework.com",
            ["jwks_uri"] = channel.BaseUrl + "/v1/.well-known/keys",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt" },
        }));
        app.MapGet("/v1/.well-known/keys", () =>
        {
            Interlocked.Increment(ref channel._jwksRequests);
            return Results.Json(new { keys = channel.Jwks() });
        });
        app.Map("/emea/{**rest}", channel.HandleConnectorAsync);
        await app.StartAsync();
        channel.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return channel;
    }

    public void Enqueue(params ScriptedResponse[] responses)
    {
        foreach (var response in responses)
        {
            _script.Enqueue(response);
        }
    }

    public string Token(
        string kid = TeamsKid,
        string issuer = Issuer,
        string audience = TestBot.AppId,
        string? serviceUrl = null,
        DateTime? expires = null,
        string algorithm = SecurityAlgorithms.RsaSha256,
        string? signingKid = null)
    {
        var exp = expires ?? DateTime.UtcNow.AddMinutes(30);
        var claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl ?? ServiceUrl };
        var key = new RsaSecurityKey(_keys[signingKid ?? kid]) { KeyId = kid };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = exp.AddHours(-1),
            NotBefore = exp.AddHours(-1),
            Expires = exp,
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
    }

    /// <summary>A token with <c>alg: none</c> and no signature, otherwise valid.</summary>
    public string UnsignedToken()
    {
        static string B64(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = B64($$"""{"alg":"none","typ":"JWT","kid":"{{TeamsKid}}"}""");
        var payload = B64($$"""{"iss":"{{Issuer}}","aud":"{{TestBot.AppId}}","serviceurl":"{{ServiceUrl}}","nbf":{{now - 60}},"exp":{{now + 1800}}}""");
        return $"{header}.{payload}.";
    }

    /// <summary>HS256 keyed with the public modulus of the Teams key (the classic algorithm-confusion attack).</summary>
    public string SymmetricToken()
    {
        var key = new SymmetricSecurityKey(_keys[TeamsKid].ExportParameters(false).Modulus) { KeyId = TeamsKid };
        var exp = DateTime.UtcNow.AddMinutes(30);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = TestBot.AppId,
            Claims = new Dictionary<string, object> { ["serviceurl"] = ServiceUrl },
            NotBefore = exp.AddHours(-1),
            Expires = exp,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }

    private IEnumerable<Dictionary<string, object>> Jwks()
    {
        var endorsements = new Dictionary<string, string[]?>
        {
            [TeamsKid] = ["msteams", "emulator", "webchat"],
            [BareKid] = null,
            [WebchatKid] = ["webchat"],
        };
        if (PublishRotatedKey)
        {
            endorsements[RotatedKid] = ["msteams"];
        }

        foreach (var (kid, channels) in endorsements)
        {
            var parameters = _keys[kid].ExportParameters(false);
            var jwk = new Dictionary<string, object>
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = kid,
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            };
            if (channels is not null)
            {
                jwk["endorsements"] = channels;
            }

            yield return jwk;
        }
    }

    private async Task HandleConnectorAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        Calls.Enqueue(new RecordedCall(context.Request.Method, rawTarget, body, context.Request.Headers.Authorization.FirstOrDefault()));
        var response = _script.TryDequeue(out var scripted) ? scripted : new ScriptedResponse(200, """{"id":"reply-1"}""");
        context.Response.StatusCode = response.Status;
        context.Response.Headers["X-Correlating-OperationId"] = "op-" + Calls.Count;
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (response.Body.Length > 0)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(response.Body);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
    }
}
