using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SchoolSupport.Audiences;
using SchoolSupport.BotFramework.Authentication;

namespace SchoolSupport.Web.Proactive;

/// <summary>
/// Installs the Teams app for a user with Microsoft Graph, as Company Communicator does:
/// <c>POST users/{id}/teamwork/installedApps</c> (409 = already installed), then the installation of our app
/// (<c>GET …/installedApps?$expand=teamsApp&amp;$filter=teamsApp/id eq '{app}'</c>) and its chat
/// (<c>GET …/installedApps/{installation}/chat</c>), whose id is the conversation id the connector accepts.
/// The token is the app's own (client credentials, scope <c>https://graph.microsoft.com/.default</c>).
/// No retries here: the install job owns them.
/// </summary>
internal sealed class GraphAppInstaller(IHttpClientFactory httpClients, IOptions<TeamsInstallOptions> options, TimeProvider time, ILogger<GraphAppInstaller> logger)
    : ITeamsAppInstaller
{
    public const string HttpClientName = "graph";

    private readonly SemaphoreSlim tokenGate = new(1, 1);
    private string? token;
    private DateTimeOffset tokenExpires;

    public async Task<InstallOutcome> InstallAsync(InstallTarget target, CancellationToken ct)
    {
        var o = options.Value;
        var http = httpClients.CreateClient(HttpClientName);
        var graph = o.GraphBaseUrl.TrimEnd('/') + "/";
        var user = graph + "users/" + Uri.EscapeDataString(target.UserKey) + "/teamwork/installedApps";
        try
        {
            var bind = new JsonObject { ["teamsApp@odata.bind"] = graph + "appCatalogs/teamsApps/" + Uri.EscapeDataString(o.CatalogAppId!) };
            using var install = await SendAsync(http, HttpMethod.Post, user, bind, ct);
            var already = install.StatusCode == HttpStatusCode.Conflict;
            if (!install.IsSuccessStatusCode && !already)
            {
                return await FailureAsync(install, target, ct);
            }

            var filter = Uri.EscapeDataString($"teamsApp/id eq '{o.CatalogAppId}'");
            using var list = await SendAsync(http, HttpMethod.Get, $"{user}?$expand=teamsApp&$filter={filter}", null, ct);
            if (!list.IsSuccessStatusCode)
            {
                return await FailureAsync(list, target, ct);
            }

            var installation = (await ReadAsync(list, ct))?["value"]?.AsArray().FirstOrDefault()?["id"]?.GetValue<string>();
            if (string.IsNullOrEmpty(installation))
            {
                // Graph is eventually consistent: a fresh install may not be listed for a moment.
                return new InstallOutcome.TransientFailure("установка ещё не видна в Microsoft Graph", TimeSpan.FromSeconds(5));
            }

            using var chat = await SendAsync(http, HttpMethod.Get, $"{user}/{Uri.EscapeDataString(installation)}/chat", null, ct);
            if (!chat.IsSuccessStatusCode)
            {
                return await FailureAsync(chat, target, ct);
            }

            var chatId = (await ReadAsync(chat, ct))?["id"]?.GetValue<string>();
            return string.IsNullOrEmpty(chatId)
                ? new InstallOutcome.TransientFailure("Microsoft Graph не вернул чат с ботом")
                : new InstallOutcome.Installed(chatId, already);
        }
        catch (TokenRefusedException ex)
        {
            return new InstallOutcome.Refused($"не удалось получить токен Microsoft Graph ({ex.Message}). {o.AdminRequest()}");
        }
        catch (HttpRequestException ex)
        {
            return new InstallOutcome.TransientFailure(ex.Message);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new InstallOutcome.TransientFailure("timeout");
        }
        catch (JsonException)
        {
            return new InstallOutcome.TransientFailure("Microsoft Graph ответил не JSON");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string url, JsonNode? body, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(http, forceRefresh: attempt > 0, ct));
            if (body is not null)
            {
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            }

            var response = await http.SendAsync(request, ct);
            if (response.StatusCode != HttpStatusCode.Unauthorized || attempt > 0)
            {
                return response;
            }

            // An expired or revoked token: one fresh one, then the answer stands.
            response.Dispose();
        }
    }

    private async Task<InstallOutcome> FailureAsync(HttpResponseMessage response, InstallTarget target, CancellationToken ct)
    {
        var o = options.Value;
        var status = (int)response.StatusCode;
        var retryAfter = RetryAfter(response);
        string? code = null;
        try
        {
            code = (await ReadAsync(response, ct))?["error"]?["code"]?.GetValue<string>();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not a Graph error body; the status is enough.
        }

        var what = code is null ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{status} {code}";
        logger.LogWarning("Graph answered {Status} ({Code}) installing the app for person {Person}", status, code, target.PersonId);
        return response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests => new InstallOutcome.Throttled(retryAfter ?? TimeSpan.FromSeconds(10)),
            HttpStatusCode.Forbidden => new InstallOutcome.Refused($"Microsoft Graph отказал в установке приложения ({what}). {o.RefusedRequest()}"),
            HttpStatusCode.Unauthorized => new InstallOutcome.Refused($"Microsoft Graph не принял учётные данные бота ({what}). {o.AdminRequest()}"),
            HttpStatusCode.NotFound => new InstallOutcome.Refused($"пользователь {target.UserKey} не найден в Teams организации или приложения {o.CatalogAppId} нет в каталоге ({what})"),
            HttpStatusCode.RequestTimeout or HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout
                or HttpStatusCode.InternalServerError => new InstallOutcome.TransientFailure($"Microsoft Graph: {what}", retryAfter),
            _ => new InstallOutcome.Refused($"Microsoft Graph отклонил установку ({what})"),
        };
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta;
        }

        return header.Date is { } date ? date - time.GetUtcNow() is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero : null;
    }

    private static async Task<JsonNode?> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    /// <summary>Client credentials against the tenant's token endpoint, cached until five minutes before it expires.</summary>
    private async Task<string> TokenAsync(HttpClient http, bool forceRefresh, CancellationToken ct)
    {
        await tokenGate.WaitAsync(ct);
        try
        {
            if (!forceRefresh && token is not null && time.GetUtcNow() < tokenExpires)
            {
                return token;
            }

            var o = options.Value;
            var url = $"{o.AuthorityHost.TrimEnd('/')}/{Uri.EscapeDataString(o.TenantId!)}/oauth2/v2.0/token";
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = o.ClientId!,
                ["client_secret"] = o.ClientSecret!,
                ["scope"] = GraphScope(o),
            });
            using var response = await http.PostAsync(url, form, ct);
            var body = await ReadAsync(response, ct);
            if (!response.IsSuccessStatusCode)
            {
                var error = body?["error"]?.GetValue<string>() ?? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    throw new HttpRequestException($"token endpoint: {error}");
                }

                throw new TokenRefusedException(error);
            }

            token = body?["access_token"]?.GetValue<string>() ?? throw new TokenRefusedException("no access_token");
            var lifetime = body?["expires_in"] is JsonValue v && v.TryGetValue<int>(out var seconds) ? seconds : 3600;
            tokenExpires = time.GetUtcNow().AddSeconds(Math.Max(60, lifetime - 300));
            return token;
        }
        finally
        {
            tokenGate.Release();
        }
    }

    /// <summary><c>https://graph.microsoft.com/.default</c>: the resource is the Graph host, whatever version path is configured.</summary>
    private static string GraphScope(TeamsInstallOptions o)
    {
        var uri = new Uri(o.GraphBaseUrl);
        return $"{uri.Scheme}://{uri.Authority}/.default";
    }

    private sealed class TokenRefusedException(string message) : Exception(message);
}

public static class AppInstallHosting
{
    /// <summary>Installs through Microsoft Graph; the credentials default to the bot's own.</summary>
    public static IServiceCollection AddTeamsAppInstalls(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAppInstalls(configuration);
        services.AddOptions<TeamsInstallOptions>().PostConfigure<IOptions<BotFrameworkOptions>>((o, bot) =>
        {
            var b = bot.Value;
            o.ClientId = string.IsNullOrWhiteSpace(o.ClientId) ? b.MicrosoftAppId : o.ClientId;
            o.ClientSecret = string.IsNullOrWhiteSpace(o.ClientSecret) ? b.MicrosoftAppPassword : o.ClientSecret;
            o.TenantId = string.IsNullOrWhiteSpace(o.TenantId) ? b.MicrosoftAppTenantId : o.TenantId;
        });
        services.AddHttpClient(GraphAppInstaller.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<ITeamsAppInstaller, GraphAppInstaller>();
        return services;
    }
}
