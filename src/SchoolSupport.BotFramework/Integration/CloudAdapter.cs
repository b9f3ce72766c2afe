using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SchoolSupport.BotFramework.Authentication;
using SchoolSupport.BotFramework.Builder;
using SchoolSupport.BotFramework.Connector;
using SchoolSupport.BotFramework.Schema;
using SchoolSupport.BotFramework.Schema.Teams;

namespace SchoolSupport.BotFramework.Integration;

public interface IBotFrameworkHttpAdapter
{
    Task ProcessAsync(HttpRequest httpRequest, HttpResponse httpResponse, IBot bot, CancellationToken cancellationToken = default);
}

/// <summary>
/// Runs each inbound activity as a turn inline and sends replies through the Connector API, like botbuilder's
/// CloudAdapter. Answers: 405 non-POST, 413 too large, 400 malformed, 401 unauthenticated, 200 ignored type,
/// 400 no conversation/serviceUrl or a non-http(s) serviceUrl,
/// 403 channel or tenant not allowed, invoke status, 200 <see cref="ExpectedReplies"/>, 200, or 500 after a failed turn.
/// </summary>
public class CloudAdapter : BotAdapter, IBotFrameworkHttpAdapter
{
    private readonly BotFrameworkAuthentication _authentication;
    private readonly IConnectorClientFactory _connectors;
    private readonly BotFrameworkOptions _options;
    private readonly ILogger _logger;

    public CloudAdapter(
        BotFrameworkAuthentication authentication,
        IConnectorClientFactory connectorClientFactory,
        BotFrameworkOptions options,
        ILogger<CloudAdapter>? logger = null)
    {
        _authentication = authentication;
        _connectors = connectorClientFactory;
        _options = options;
        _logger = logger ?? NullLogger<CloudAdapter>.Instance;
        OnTurnError = DefaultOnTurnErrorAsync;
    }

    public async Task ProcessAsync(HttpRequest httpRequest, HttpResponse httpResponse, IBot bot,
        CancellationToken cancellationToken = default)
    {
        if (!HttpMethods.IsPost(httpRequest.Method))
        {
            httpResponse.StatusCode = StatusCodes.Status405MethodNotAllowed;
            httpResponse.Headers.Allow = "POST";
            return;
        }

        var body = await ReadBodyAsync(httpRequest, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            httpResponse.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize<Activity>(body, BotJson.Options);
        }
        catch (JsonException)
        {
            await RefuseAsync(httpResponse, StatusCodes.Status400BadRequest, "Malformed activity JSON.").ConfigureAwait(false);
            return;
        }

        if (string.IsNullOrEmpty(activity?.Type))
        {
            await RefuseAsync(httpResponse, StatusCodes.Status400BadRequest, "The activity has no type.").ConfigureAwait(false);
            return;
        }

        var auth = await _authentication.AuthenticateRequestAsync(activity, httpRequest.Headers.Authorization, cancellationToken)
            .ConfigureAwait(false);
        if (!auth.IsAuthenticated)
        {
            httpResponse.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        if (!ActivityTypes.Known.Contains(activity.Type))
        {
            _logger.LogDebug("Ignored activity {ActivityId} of type {Type}", activity.Id, activity.Type);
            httpResponse.StatusCode = StatusCodes.Status200OK;
            return;
        }

        // Without them there is nobody to answer; a channel never sends that, so say so rather than pretend.
        if (string.IsNullOrEmpty(activity.Conversation?.Id) || string.IsNullOrEmpty(activity.ServiceUrl))
        {
            await RefuseAsync(httpResponse, StatusCodes.Status400BadRequest, "The activity has no conversation or serviceUrl.")
                .ConfigureAwait(false);
            return;
        }

        if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUri)
            || (serviceUri.Scheme != Uri.UriSchemeHttps && serviceUri.Scheme != Uri.UriSchemeHttp))
        {
            await RefuseAsync(httpResponse, StatusCodes.Status400BadRequest, "The activity's serviceUrl is not an http(s) URL.")
                .ConfigureAwait(false);
            return;
        }

        if (!_options.IsChannelAllowed(activity.ChannelId))
        {
            await RefuseAsync(httpResponse, StatusCodes.Status403Forbidden,
                $"Channel '{activity.ChannelId}' is not allowed (Bot:AllowedChannels).").ConfigureAwait(false);
            return;
        }

        if (!_options.IsActivityTenantAllowed(activity))
        {
            await RefuseAsync(httpResponse, StatusCodes.Status403Forbidden,
                "The activity's tenant is not allowed (Bot:AllowedTenants).").ConfigureAwait(false);
            return;
        }

        activity.CallerId ??= auth.CallerId;
        var turnContext = CreateTurnContext(activity, auth.ClaimsIdentity);
        var failed = false;
        try
        {
            await bot.OnTurnAsync(turnContext, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failed = true;
            await HandleTurnErrorAsync(turnContext, ex).ConfigureAwait(false);
        }

        if (failed)
        {
            httpResponse.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        if (activity.DeliveryMode == DeliveryModes.ExpectReplies)
        {
            await WriteJsonAsync(httpResponse, StatusCodes.Status200OK,
                new ExpectedReplies { Activities = turnContext.BufferedReplyActivities }, cancellationToken).ConfigureAwait(false);
        }
        else if (activity.Type == ActivityTypes.Invoke)
        {
            var invokeResponse = turnContext.TurnState.Get<Activity>(InvokeResponseKey)?.GetValue<InvokeResponse>();
            if (invokeResponse is null)
            {
                httpResponse.StatusCode = StatusCodes.Status501NotImplemented;
                return;
            }

            await WriteJsonAsync(httpResponse, invokeResponse.Status, invokeResponse.Body, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            httpResponse.StatusCode = StatusCodes.Status200OK;
        }
    }

    public override async Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities,
        CancellationToken cancellationToken)
    {
        var responses = new ResourceResponse[activities.Length];
        for (var i = 0; i < activities.Length; i++)
        {
            var activity = activities[i];
            if (activity.Type == ActivityTypes.InvokeResponse)
            {
                turnContext.TurnState.Set(InvokeResponseKey, activity);
                responses[i] = new ResourceResponse();
            }
            else if (activity.Type == ActivityTypes.Trace && activity.ChannelId != Channels.Emulator)
            {
                responses[i] = new ResourceResponse();
            }
            else if (turnContext.Activity.DeliveryMode == DeliveryModes.ExpectReplies && turnContext is TurnContext buffered)
            {
                buffered.BufferedReplyActivities.Add(activity);
                responses[i] = new ResourceResponse(activity.Id);
            }
            else
            {
                var connector = GetConnector(turnContext, activity.ServiceUrl);
                responses[i] = (activity.ReplyToId is not null
                    ? await connector.ReplyToActivityAsync(activity, cancellationToken).ConfigureAwait(false)
                    : await connector.SendToConversationAsync(activity, cancellationToken).ConfigureAwait(false))
                    ?? new ResourceResponse();
            }
        }

        return responses;
    }

    public override Task<ResourceResponse?> UpdateActivityAsync(ITurnContext turnContext, Activity activity,
        CancellationToken cancellationToken) =>
        GetConnector(turnContext, activity.ServiceUrl).UpdateActivityAsync(activity, cancellationToken);

    public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference,
        CancellationToken cancellationToken) =>
        GetConnector(turnContext, reference.ServiceUrl).DeleteActivityAsync(
            reference.Conversation?.Id ?? throw new ArgumentException("The reference has no conversation.", nameof(reference)),
            reference.ActivityId ?? throw new ArgumentException("The reference has no activity id.", nameof(reference)),
            cancellationToken);

    /// <summary>
    /// Runs <paramref name="callback"/> in the conversation of a stored reference (proactive message). Errors propagate
    /// to the caller, so a sender can record the outcome.
    /// </summary>
    public override Task ContinueConversationAsync(string botAppId, ConversationReference reference,
        BotCallbackHandler callback, CancellationToken cancellationToken)
    {
        var activity = new Activity { Type = ActivityTypes.Event, Name = "ContinueConversation" }
            .ApplyConversationReference(reference, isIncoming: true);
        return RunProactiveAsync(botAppId, activity, callback, cancellationToken);
    }

    /// <summary>
    /// Creates a conversation (e.g. a 1:1 chat: <c>members = [29:user]</c>, <c>tenantId</c>, <c>channelData.tenant</c>)
    /// and runs <paramref name="callback"/> in it; <c>turnContext.Activity.GetConversationReference()</c> is worth storing.
    /// </summary>
    public virtual async Task CreateConversationAsync(string botAppId, string channelId, string serviceUrl, string? audience,
        ConversationParameters conversationParameters, BotCallbackHandler callback, CancellationToken cancellationToken)
    {
        var created = await _connectors.Create(serviceUrl).CreateConversationAsync(conversationParameters, cancellationToken)
            .ConfigureAwait(false);
        var activity = new Activity
        {
            Type = ActivityTypes.Event,
            Name = "CreateConversation",
            Id = created.ActivityId,
            ChannelId = channelId,
            ServiceUrl = created.ServiceUrl ?? serviceUrl,
            Conversation = new ConversationAccount
            {
                Id = created.Id,
                TenantId = conversationParameters.TenantId,
                IsGroup = conversationParameters.IsGroup,
            },
            ChannelData = conversationParameters.ChannelData,
            Recipient = conversationParameters.Bot,
            From = conversationParameters.Members is [var single] ? single : null,
        };
        await RunProactiveAsync(botAppId, activity, callback, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunProactiveAsync(string botAppId, Activity activity, BotCallbackHandler callback,
        CancellationToken cancellationToken)
    {
        var identity = new ClaimsIdentity(
            [new Claim(AuthenticationConstants.AudienceClaim, botAppId), new Claim(AuthenticationConstants.AppIdClaim, botAppId)],
            "Proactive");
        var turnContext = CreateTurnContext(activity, identity);
        await callback(turnContext, cancellationToken).ConfigureAwait(false);
    }

    private TurnContext CreateTurnContext(Activity activity, ClaimsIdentity identity)
    {
        var turnContext = new TurnContext(this, activity);
        turnContext.TurnState.Set(BotIdentityKey, identity);
        if (!string.IsNullOrEmpty(activity.ServiceUrl))
        {
            turnContext.TurnState.Set(_connectors.Create(activity.ServiceUrl));
        }

        return turnContext;
    }

    private ConnectorClient GetConnector(ITurnContext turnContext, string? serviceUrl)
    {
        var current = turnContext.TurnState.Get<ConnectorClient>();
        if (current is not null && (serviceUrl is null || serviceUrl == current.ServiceUrl))
        {
            return current;
        }

        return _connectors.Create(serviceUrl ?? throw new InvalidOperationException("The activity has no serviceUrl."));
    }

    private async Task HandleTurnErrorAsync(ITurnContext turnContext, Exception exception)
    {
        try
        {
            if (OnTurnError is { } onTurnError)
            {
                await onTurnError(turnContext, exception).ConfigureAwait(false);
            }
            else
            {
                _logger.LogError(exception, "Turn for activity {ActivityId} failed", turnContext.Activity.Id);
            }
        }
        catch (Exception handlerException)
        {
            _logger.LogError(handlerException, "OnTurnError failed for activity {ActivityId}", turnContext.Activity.Id);
        }
    }

    private async Task DefaultOnTurnErrorAsync(ITurnContext turnContext, Exception exception)
    {
        _logger.LogError(exception, "Turn for {Type} activity {ActivityId} in {ConversationId} failed",
            turnContext.Activity.Type, turnContext.Activity.Id, turnContext.Activity.Conversation?.Id);

        // Only apologise to someone who just did something; a failed install event needs no message.
        if (turnContext.Activity.Type is ActivityTypes.Message or ActivityTypes.Invoke && !string.IsNullOrEmpty(_options.ErrorMessage))
        {
            await turnContext.SendActivityAsync(MessageFactory.Text(_options.ErrorMessage)).ConfigureAwait(false);
        }
    }

    private async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limit = _options.MaxRequestBodyBytes;
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private async Task RefuseAsync(HttpResponse response, int statusCode, string reason)
    {
        _logger.LogInformation("Refused inbound activity with {Status}: {Reason}", statusCode, reason);
        response.StatusCode = statusCode;
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync(reason, Encoding.UTF8).ConfigureAwait(false);
    }

    private static async Task WriteJsonAsync(HttpResponse response, int statusCode, object? body, CancellationToken cancellationToken)
    {
        response.StatusCode = statusCode;
        if (body is null)
        {
            return;
        }

        response.ContentType = "application/json; charset=utf-8";
        await response.WriteAsync(JsonSerializer.Serialize(body, body.GetType(), BotJson.Options), Encoding.UTF8, cancellationToken)
            .ConfigureAwait(false);
    }
}
