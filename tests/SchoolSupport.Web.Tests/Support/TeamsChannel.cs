using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SchoolSupport.BotFramework.Connector;

namespace SchoolSupport.Web.Tests.Support;

/// <summary>
/// Azure Bot Service and Teams on 127.0.0.1 for a bot host with a real app id: OpenID metadata and JWKS (with channel
/// endorsements) for signed channel tokens, a connector under <see cref="ServiceUrl"/> that records every call, and an
/// upload endpoint standing in for the OneDrive <c>uploadUrl</c> of the file consent flow.
/// </summary>
public sealed class TeamsChannel : IAsyncDisposable
{
    public const string AppId = "6f1f5a4e-2d3c-4b5a-8e9f-0a1b2c3d4e5f";
    public const string TeamsKid = "teams-key";
    public const string RotatedKid = "rotated-key";
    public const string SecondRotatedKid = "rotated-key-2";

    private static readonly Dictionary<string, RSA> Keys = new()
    {
        [TeamsKid] = RSA.Create(2048),
        [RotatedKid] = RSA.Create(2048),
        [SecondRotatedKid] = RSA.Create(2048),
    };

    private readonly WebApplication app;
    private int counter;
    private int jwksRequests;

    private TeamsChannel(WebApplication app) => this.app = app;

    public sealed record Call(string Method, string Path, string? Authorization, JsonNode? Body);

    public sealed record Upload(string Path, string? ContentRange, byte[] Bytes);

    public string BaseUrl { get; private set; } = "";
    public string MetadataUrl => BaseUrl + "/v1/.well-known/openidconfiguration";
    public string ServiceUrl => BaseUrl + "/emea/";
    public string UploadBaseUrl => BaseUrl + "/upload/";
    public ConcurrentQueue<Call> Calls { get; } = new();
    public ConcurrentQueue<Upload> Uploads { get; } = new();

    /// <summary>The kids published in the JWKS (all endorsed for msteams); a rollover adds one, a retirement removes one.</summary>
    public HashSet<string> PublishedKids { get; } = [TeamsKid];

    public int JwksRequests => Volatile.Read(ref jwksRequests);

    /// <summary>How the connector answers a member lookup: "ok" (with an e-mail), "fail" (503 every time) or "hang".</summary>
    public string MemberLookup { get; set; } = "ok";

    public string MemberEmail { get; set; } = "nobody@example.org";

    public static async Task<TeamsChannel> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var channel = new TeamsChannel(app);
        app.MapGet("/v1/.well-known/openidconfiguration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = "https://api.botframework.com",
            ["authorization_endpoint"] = "https://invalid.botframework.com",
            ["jwks_uri"] = channel.BaseUrl + "/v1/.well-known/keys",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt" },
        }));
        app.MapGet("/v1/.well-known/keys", () =>
        {
            Interlocked.Increment(ref channel.jwksRequests);
            return Results.Json(new { keys = channel.Jwks() });
        });
        app.MapPut("/upload/{**rest}", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            channel.Uploads.Enqueue(new Upload(context.Request.Path, context.Request.Headers.ContentRange.FirstOrDefault(), buffer.ToArray()));
            context.Response.StatusCode = StatusCodes.Status201Created;
            await context.Response.WriteAsJsonAsync(new { id = "drive-item-1", name = "file" });
        });
        app.Map("/emea/{**rest}", channel.HandleConnectorAsync);
        await app.StartAsync();
        channel.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return channel;
    }

    /// <summary>Settings that make the bot host a registered bot trusting this channel (no anonymous access).</summary>
    public IDictionary<string, string?> BotSettings(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Bot:MicrosoftAppType"] = "MultiTenant",
            ["Bot:MicrosoftAppId"] = AppId,
            ["Bot:MicrosoftAppPassword"] = "not-used-the-token-provider-is-replaced",
            ["Bot:OpenIdMetadataUrl"] = MetadataUrl,
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        return settings;
    }

    public string Token(string kid = TeamsKid, string? serviceUrl = null)
    {
        var expires = DateTime.UtcNow.AddMinutes(30);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://api.botframework.com",
            Audience = AppId,
            Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl ?? ServiceUrl },
            IssuedAt = expires.AddHours(-1),
            NotBefore = expires.AddHours(-1),
            Expires = expires,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(Keys[kid]) { KeyId = kid }, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>A Teams activity from <paramref name="userId"/> in a personal chat of <paramref name="tenantId"/>.</summary>
    public JsonObject Activity(string userId, string text = "", string type = "message", string conversationType = "personal",
        string tenantId = "tenant-1", string? conversationId = null) => new()
        {
            ["type"] = type,
            ["id"] = "t-" + Interlocked.Increment(ref counter),
            ["channelId"] = "msteams",
            ["serviceUrl"] = ServiceUrl,
            ["from"] = new JsonObject { ["id"] = userId, ["name"] = userId },
            ["recipient"] = new JsonObject { ["id"] = "28:" + AppId, ["name"] = "SchoolSupport" },
            ["conversation"] = new JsonObject
            {
                ["id"] = conversationId ?? (conversationType == "personal" ? "a:" + userId : "19:group-chat@thread.v2"),
                ["conversationType"] = conversationType,
                ["tenantId"] = tenantId,
                ["isGroup"] = conversationType != "personal",
            },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenantId } },
            ["text"] = text,
            ["locale"] = "ru-RU",
        };

    /// <summary>The activities the bot posted to conversations (replies and proactive sends), in order.</summary>
    public IReadOnlyList<(string Path, JsonObject Activity)> Sent() =>
        Calls.Where(c => c.Method == "POST" && c.Path.Contains("/activities", StringComparison.Ordinal) && c.Body is JsonObject)
            .Select(c => (c.Path, (JsonObject)c.Body!)).ToList();

    private IEnumerable<Dictionary<string, object>> Jwks()
    {
        foreach (var kid in PublishedKids.ToArray())
        {
            var parameters = Keys[kid].ExportParameters(false);
            yield return new Dictionary<string, object>
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = kid,
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                ["endorsements"] = new[] { "msteams" },
            };
        }
    }

    private async Task HandleConnectorAsync(HttpContext context)
    {
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        var path = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.ToString();
        Calls.Enqueue(new Call(context.Request.Method, path, context.Request.Headers.Authorization.FirstOrDefault(),
            body.Length == 0 ? null : JsonNode.Parse(body)));
        var id = Interlocked.Increment(ref counter);
        context.Response.ContentType = "application/json";
        if (context.Request.Method == "GET" && path.Contains("/members/", StringComparison.Ordinal))
        {
            switch (MemberLookup)
            {
                case "hang":
                    await Task.Delay(TimeSpan.FromSeconds(60), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                    return;
                case "fail":
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    await context.Response.WriteAsync("""{"error":{"code":"ServiceUnavailable","message":"down"}}""");
                    return;
                default:
                    await context.Response.WriteAsync($$"""{"id":"29:x","email":"{{MemberEmail}}","userPrincipalName":"{{MemberEmail}}"}""");
                    return;
            }
        }

        var created = context.Request.Method == "POST" && context.Request.Path.Value?.TrimEnd('/') == "/emea/v3/conversations";
        await context.Response.WriteAsync(created ? $$"""{"id":"a:created-{{id}}"}""" : $$"""{"id":"activity-{{id}}"}""");
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}

public static class QuietHost
{
    /// <summary>
    /// Stops every background worker of the product (the outbox sender, the leased jobs that plan reminders and open
    /// surveys, the export and invite-code clean-ups, the outbox gauge), so the database changes only through the turns a
    /// test sends and a "nothing was stored" comparison sees the attack alone. The start-up migration and demo seeding
    /// stay. With <paramref name="registered"/> it also replaces the Entra token client with <see cref="StaticBotToken"/>.
    /// </summary>
    public static Action<IServiceCollection> Services(bool registered = false, Action<IServiceCollection>? more = null) => services =>
    {
        foreach (var worker in services.Where(IsProductWorker).ToList())
        {
            services.Remove(worker);
        }

        // The start-up migration and the command catalogue check run once at start and are kept. Any other product
        // hosted service that is not a BackgroundService would slip past the filter above and might write
        // behind the test's back: refuse to start rather than compare snapshots that are not quiet.
        var unknown = services.Where(d => d.ServiceType == typeof(IHostedService) && IsProductType(d.ImplementationType ?? d.ImplementationInstance?.GetType())
                && d.ImplementationType?.Name is not ("DatabaseStartup" or "CommandCatalogCheck")).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException("QuietHost does not know how to stop: " + string.Join(", ", unknown.Select(d => d.ImplementationType?.Name)));
        }

        if (registered)
        {
            services.RemoveAll<IBotTokenProvider>();
            services.AddSingleton<IBotTokenProvider, StaticBotToken>();
        }

        more?.Invoke(services);
    };

    private static bool IsProductWorker(ServiceDescriptor d) =>
        d.ServiceType == typeof(IHostedService) && d.ImplementationType is { } type && IsProductType(type) && typeof(BackgroundService).IsAssignableFrom(type);

    private static bool IsProductType(Type? type) => type?.Assembly.GetName().Name?.StartsWith("SchoolSupport.", StringComparison.Ordinal) == true;
}

/// <summary>The bot's outbound token, without asking Entra (the tests never leave the machine).</summary>
public sealed class StaticBotToken : IBotTokenProvider
{
    public const string Value = "bot-token-for-tests";

    public bool RequiresToken => true;

    public Task<string?> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken) => Task.FromResult<string?>(Value);
}
