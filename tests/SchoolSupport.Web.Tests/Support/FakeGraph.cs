using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SchoolSupport.Web.Tests.Support;

/// <summary>
/// Microsoft Graph's Teams app installation for users and Entra's token endpoint on 127.0.0.1, shaped like the real
/// ones: <c>POST /{tenant}/oauth2/v2.0/token</c> (client credentials), <c>POST /v1.0/users/{id}/teamwork/installedApps</c>
/// (201 with no body; 409 when installed; or what the test scripted for the user: 403, 429 with Retry-After…),
/// <c>GET …/installedApps?$expand=teamsApp&amp;$filter=teamsApp/id eq '…'</c> and <c>GET …/installedApps/{id}/chat</c>.
/// Every request is recorded.
/// </summary>
public sealed class FakeGraph : IAsyncDisposable
{
    public const string Tenant = "tenant-1";
    public const string CatalogAppId = "catalog-app-1";
    public const string ClientId = "bot-app-id";
    public const string Secret = "graph-secret";

    public sealed record Call(string Method, string Path, string Query, string? Authorization, string Body);

    /// <summary>An answer to an install request: the status, and a Retry-After in seconds for 429.</summary>
    public sealed record Answer(int Status, int? RetryAfterSeconds = null, string? Code = null);

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Answer>> scripts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> installed = new(StringComparer.OrdinalIgnoreCase);
    private int tokens;

    private FakeGraph(WebApplication app) => this.app = app;

    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <summary>The base of both services, «http://127.0.0.1:port/».</summary>
    public string Url { get; private set; } = "";

    /// <summary>The settings that turn the installs on against this fake.</summary>
    public Dictionary<string, string?> Settings(string serviceUrl) => new()
    {
        ["TeamsInstall:TenantId"] = Tenant,
        ["TeamsInstall:ClientId"] = ClientId,
        ["TeamsInstall:ClientSecret"] = Secret,
        ["TeamsInstall:CatalogAppId"] = CatalogAppId,
        ["TeamsInstall:GraphBaseUrl"] = Url + "v1.0/",
        ["TeamsInstall:AuthorityHost"] = Url,
        ["TeamsInstall:ServiceUrl"] = serviceUrl,
        ["TeamsInstall:PollInterval"] = "00:00:00.200",
        ["TeamsInstall:InstallsPerSecond"] = "50",
    };

    /// <summary>The app is already in this user's Teams (installing answers 409).</summary>
    public void AlreadyInstalled(string user) => installed[user] = true;

    /// <summary>The next install requests for this user get these answers, in order; then 201.</summary>
    public void Script(string user, params Answer[] answers) => scripts[user] = new ConcurrentQueue<Answer>(answers);

    public static string ChatOf(string user) => $"19:{user}_{ClientId}@unq.gbl.spaces";

    public IEnumerable<Call> Installs(string user) =>
        Calls.Where(c => c.Method == "POST" && c.Path == $"/v1.0/users/{Uri.EscapeDataString(user)}/teamwork/installedApps");

    public static async Task<FakeGraph> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var graph = new FakeGraph(app);
        app.Run(graph.HandleAsync);
        await app.StartAsync();
        graph.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";
        return graph;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var body = await new StreamReader(request.Body).ReadToEndAsync();
        var raw = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? request.Path.ToString();
        var path = raw.Split('?')[0];
        Calls.Enqueue(new Call(request.Method, path, request.QueryString.Value ?? "", request.Headers.Authorization.FirstOrDefault(), body));
        context.Response.ContentType = "application/json";
        var parts = request.Path.Value!.Trim('/').Split('/');

        if (request.Method == "POST" && parts is [Tenant, "oauth2", "v2.0", "token"])
        {
            var form = await Task.FromResult(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(body));
            if (form["grant_type"] != "client_credentials" || form["client_id"] != ClientId || form["client_secret"] != Secret
                || !form["scope"].ToString().EndsWith("/.default", StringComparison.Ordinal))
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsync("""{"error":"invalid_client"}""");
                return;
            }

            var n = Interlocked.Increment(ref tokens);
            await context.Response.WriteAsync($$"""{"token_type":"Bearer","expires_in":3599,"access_token":"graph-token-{{n}}"}""");
            return;
        }

        if (parts.Length < 5 || parts[0] != "v1.0" || parts[1] != "users" || parts[3] != "teamwork" || parts[4] != "installedApps")
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("""{"error":{"code":"NotFound","message":"no such resource"}}""");
            return;
        }

        if (request.Headers.Authorization.FirstOrDefault()?.StartsWith("Bearer graph-token-", StringComparison.Ordinal) != true)
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync("""{"error":{"code":"InvalidAuthenticationToken","message":"Access token is empty."}}""");
            return;
        }

        var user = Uri.UnescapeDataString(parts[2]);
        if (request.Method == "POST" && parts.Length == 5)
        {
            var bind = JsonNode.Parse(body)?["teamsApp@odata.bind"]?.GetValue<string>();
            if (bind != Url + "v1.0/appCatalogs/teamsApps/" + CatalogAppId)
            {
                context.Response.StatusCode = 400;
                await context.Response.WriteAsync("""{"error":{"code":"BadRequest","message":"teamsApp@odata.bind is missing or wrong"}}""");
                return;
            }

            if (scripts.TryGetValue(user, out var queue) && queue.TryDequeue(out var answer))
            {
                context.Response.StatusCode = answer.Status;
                if (answer.RetryAfterSeconds is { } seconds)
                {
                    context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await context.Response.WriteAsync(new JsonObject { ["error"] = new JsonObject { ["code"] = answer.Code ?? "Error", ["message"] = "scripted" } }.ToJsonString());
                return;
            }

            if (!installed.TryAdd(user, true))
            {
                context.Response.StatusCode = 409;
                await context.Response.WriteAsync("""{"error":{"code":"Conflict","message":"App is already installed for this user."}}""");
                return;
            }

            context.Response.StatusCode = 201;
            return;
        }

        if (request.Method == "GET" && parts.Length == 5)
        {
            var filtered = request.Query["$filter"] == $"teamsApp/id eq '{CatalogAppId}'" && request.Query["$expand"] == "teamsApp";
            var value = installed.ContainsKey(user) && filtered
                ? $$$"""[{"id":"installation-{{{user}}}","teamsApp":{"id":"{{{CatalogAppId}}}","displayName":"SchoolSupport"} }]"""
                : "[]";
            await context.Response.WriteAsync("{\"value\":" + value + "}");
            return;
        }

        if (request.Method == "GET" && parts.Length == 7 && parts[6] == "chat" && Uri.UnescapeDataString(parts[5]) == "installation-" + user && installed.ContainsKey(user))
        {
            await context.Response.WriteAsync($$"""{"id":"{{ChatOf(user)}}","chatType":"oneOnOne"}""");
            return;
        }

        context.Response.StatusCode = 404;
        await context.Response.WriteAsync("""{"error":{"code":"NotFound","message":"no such installation"}}""");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
