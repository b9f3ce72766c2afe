using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SchoolSupport.BotFramework.Authentication;
using SchoolSupport.BotFramework.Schema;
using SchoolSupport.BotFramework.Schema.Teams;

namespace SchoolSupport.BotFramework.Connector;

/// <summary>
/// The Bot Connector REST API (v3) of one serviceUrl. Retries throttling and server errors, refreshes the token once on
/// 401, and only ever sends the bot's token to a trusted serviceUrl.
/// </summary>
public class ConnectorClient
{
    private const string CorrelationHeader = "X-Correlating-OperationId";

    private readonly HttpClient _http;
    private readonly string _baseUrl;
    private readonly IBotTokenProvider _tokens;
    private readonly TrustedServiceUrls _trusted;
    private readonly ConnectorClientOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public ConnectorClient(
        HttpClient httpClient,
        string serviceUrl,
        IBotTokenProvider tokenProvider,
        TrustedServiceUrls trustedServiceUrls,
        ConnectorClientOptions? options = null,
        ILogger<ConnectorClient>? logger = null,
        TimeProvider? timeProvider = null)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"'{serviceUrl}' is not an absolute http(s) URL.", nameof(serviceUrl));
        }

        _http = httpClient;
        ServiceUrl = serviceUrl;
        _baseUrl = serviceUrl.TrimEnd('/') + "/";
        _tokens = tokenProvider;
        _trusted = trustedServiceUrls;
        _options = options ?? new ConnectorClientOptions();
        _logger = logger ?? NullLogger<ConnectorClient>.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    public string ServiceUrl { get; }

    public Task<ResourceResponse?> ReplyToActivityAsync(Activity activity, CancellationToken cancellationToken = default) =>
        ReplyToActivityAsync(RequireConversationId(activity), activity.ReplyToId
            ?? throw new ArgumentException("The activity has no replyToId.", nameof(activity)), activity, cancellationToken);

    public Task<ResourceResponse?> ReplyToActivityAsync(string conversationId, string activityId, Activity activity,
        CancellationToken cancellationToken = default) =>
        SendAsync<ResourceResponse>(HttpMethod.Post, $"v3/conversations/{E(conversationId)}/activities/{E(activityId)}", activity, cancellationToken);

    public Task<ResourceResponse?> SendToConversationAsync(Activity activity, CancellationToken cancellationToken = default) =>
        SendToConversationAsync(RequireConversationId(activity), activity, cancellationToken);

    public Task<ResourceResponse?> SendToConversationAsync(string conversationId, Activity activity,
        CancellationToken cancellationToken = default) =>
        SendAsync<ResourceResponse>(HttpMethod.Post, $"v3/conversations/{E(conversationId)}/activities", activity, cancellationToken);

    /// <summary>Replaces a sent activity; <paramref name="activity"/> must carry its <c>id</c> and the full new content.</summary>
    public Task<ResourceResponse?> UpdateActivityAsync(Activity activity, CancellationToken cancellationToken = default) =>
        UpdateActivityAsync(RequireConversationId(activity), activity.Id
            ?? throw new ArgumentException("The activity has no id.", nameof(activity)), activity, cancellationToken);

    public Task<ResourceResponse?> UpdateActivityAsync(string conversationId, string activityId, Activity activity,
        CancellationToken cancellationToken = default) =>
        SendAsync<ResourceResponse>(HttpMethod.Put, $"v3/conversations/{E(conversationId)}/activities/{E(activityId)}", activity, cancellationToken);

    public Task DeleteActivityAsync(string conversationId, string activityId, CancellationToken cancellationToken = default) =>
        SendAsync<object>(HttpMethod.Delete, $"v3/conversations/{E(conversationId)}/activities/{E(activityId)}", null, cancellationToken);

    public async Task<ConversationResourceResponse> CreateConversationAsync(ConversationParameters parameters,
        CancellationToken cancellationToken = default) =>
        await SendAsync<ConversationResourceResponse>(HttpMethod.Post, "v3/conversations", parameters, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException("The connector did not return the created conversation.");

    /// <summary>One member; <paramref name="memberId"/> may be the <c>29:</c> id, the AAD object id or the UPN.</summary>
    public Task<TeamsChannelAccount?> GetConversationMemberAsync(string conversationId, string memberId,
        CancellationToken cancellationToken = default) =>
        SendAsync<TeamsChannelAccount>(HttpMethod.Get, $"v3/conversations/{E(conversationId)}/members/{E(memberId)}", null, cancellationToken);

    public async Task<PagedMembersResult> GetConversationPagedMembersAsync(string conversationId, int? pageSize = null,
        string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        var query = new List<string>();
        if (pageSize is { } size)
        {
            query.Add($"pageSize={size}");
        }

        if (!string.IsNullOrEmpty(continuationToken))
        {
            query.Add($"continuationToken={E(continuationToken)}");
        }

        var path = $"v3/conversations/{E(conversationId)}/pagedmembers" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        return await SendAsync<PagedMembersResult>(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false)
            ?? new PagedMembersResult();
    }

    public async Task<ConversationList> GetTeamChannelsAsync(string teamId, CancellationToken cancellationToken = default) =>
        await SendAsync<ConversationList>(HttpMethod.Get, $"v3/teams/{E(teamId)}/conversations", null, cancellationToken).ConfigureAwait(false)
        ?? new ConversationList();

    private async Task<T?> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
        where T : class
    {
        var uri = new Uri(_baseUrl + path);
        var token = await GetTokenAsync(forceRefresh: false, cancellationToken).ConfigureAwait(false);
        var payload = body is null ? null : JsonSerializer.Serialize(body, body.GetType(), BotJson.Options);
        var tokenRefreshed = false;

        for (var attempt = 0; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                using var request = new HttpRequestMessage(method, uri);
                if (payload is not null)
                {
                    request.Content = new StringContent(payload, Encoding.UTF8, "application/json");
                }

                if (token is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsNetworkError(ex, cancellationToken) && attempt < _options.MaxRetries)
            {
                var delay = Backoff(attempt);
                _logger.LogWarning(ex, "Connector {Method} {Path} failed, retry {Attempt} in {Delay}", method, path, attempt + 1, delay);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            using (response)
            {
                var correlationId = response.Headers.TryGetValues(CorrelationHeader, out var values) ? values.FirstOrDefault() : null;
                if (response.IsSuccessStatusCode)
                {
                    _logger.LogDebug("Connector {Method} {Path} -> {Status} ({CorrelationId})", method, path, (int)response.StatusCode, correlationId);
                    return await ReadBodyAsync<T>(response, cancellationToken).ConfigureAwait(false);
                }

                var error = await ConnectorError.ReadAsync(response, cancellationToken).ConfigureAwait(false);
                _logger.LogWarning("Connector {Method} {Path} -> {Status} {ErrorCode}: {ErrorMessage} ({CorrelationId})",
                    method, path, (int)response.StatusCode, error.Code, error.Message, correlationId);

                if (response.StatusCode == HttpStatusCode.Unauthorized && token is not null && !tokenRefreshed)
                {
                    token = await GetTokenAsync(forceRefresh: true, cancellationToken).ConfigureAwait(false);
                    tokenRefreshed = true;
                    attempt--;
                    continue;
                }

                var retryAfter = RetryAfter(response);
                var exception = new ConnectorException(response.StatusCode, error.Code, error.Message, retryAfter, correlationId,
                    isBlocked: response.StatusCode == HttpStatusCode.Forbidden && error.IsBlocked);
                if (!exception.IsTransient || attempt >= _options.MaxRetries)
                {
                    throw exception;
                }

                var wait = retryAfter ?? Backoff(attempt);
                if (wait > _options.MaxRetryAfter)
                {
                    throw exception;
                }

                _logger.LogInformation("Connector {Method} {Path} retry {Attempt} in {Delay}", method, path, attempt + 1, wait);
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<string?> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        if (!_tokens.RequiresToken)
        {
            return null;
        }

        if (!await _trusted.IsTrustedAsync(ServiceUrl, cancellationToken).ConfigureAwait(false))
        {
            throw new UntrustedServiceUrlException(ServiceUrl);
        }

        return await _tokens.GetAccessTokenAsync(forceRefresh, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T?> ReadBodyAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken) where T : class
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(text) || typeof(T) == typeof(object))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(text, BotJson.Options);
        }
        catch (JsonException)
        {
            // Some channels answer 200 with a non-JSON body; the call itself succeeded.
            return null;
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - _time.GetUtcNow() : null);
        return delay is { } d && d < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }

    private TimeSpan Backoff(int attempt)
    {
        var exponential = _options.MinBackoff.TotalMilliseconds * Math.Pow(2, attempt);
        var capped = Math.Min(exponential, _options.MaxBackoff.TotalMilliseconds);
        var jitter = 1 + ((Random.Shared.NextDouble() * 2) - 1) * _options.Jitter;
        return TimeSpan.FromMilliseconds(capped * jitter);
    }

    private static bool IsNetworkError(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested);

    private static string RequireConversationId(Activity activity) =>
        activity.Conversation?.Id ?? throw new ArgumentException("The activity has no conversation id.", nameof(activity));

    private static string E(string value) => Uri.EscapeDataString(value);

    private sealed record ConnectorError(string? Code, string? Message, bool IsBlocked)
    {
        private static readonly string[] BlockedCodes = ["MessageWritesBlocked", "ConversationBlockedByUser"];

        public static async Task<ConnectorError> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            string? code = null, message = null;
            try
            {
                using var document = JsonDocument.Parse(text);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                {
                    code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                    message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                }
            }
            catch (JsonException)
            {
                message = text.Length > 200 ? text[..200] : text;
            }

            // The sub-code may sit in error.code or deeper (innerHttpError); look at the whole body.
            var blocked = BlockedCodes.Any(b => string.Equals(code, b, StringComparison.OrdinalIgnoreCase)
                || text.Contains(b, StringComparison.OrdinalIgnoreCase));
            return new ConnectorError(code, message, blocked);
        }
    }
}
