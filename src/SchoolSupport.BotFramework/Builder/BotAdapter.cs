using SchoolSupport.BotFramework.Schema;

namespace SchoolSupport.BotFramework.Builder;

public abstract class BotAdapter
{
    /// <summary>Turn state key of the <see cref="Activity"/> (type <c>invokeResponse</c>) that answers an invoke.</summary>
    public const string InvokeResponseKey = "BotFrameworkAdapter.InvokeResponse";

    /// <summary>Turn state key of the caller's <see cref="System.Security.Claims.ClaimsIdentity"/>.</summary>
    public const string BotIdentityKey = "BotIdentity";

    /// <summary>Called when the bot throws during an inbound turn.</summary>
    public Func<ITurnContext, Exception, Task>? OnTurnError { get; set; }

    public abstract Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities,
        CancellationToken cancellationToken);

    public abstract Task<ResourceResponse?> UpdateActivityAsync(ITurnContext turnContext, Activity activity,
        CancellationToken cancellationToken);

    public abstract Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference,
        CancellationToken cancellationToken);

    public abstract Task ContinueConversationAsync(string botAppId, ConversationReference reference,
        BotCallbackHandler callback, CancellationToken cancellationToken);
}

/// <summary>Thrown from a handler to answer an invoke with a given status and body.</summary>
public class InvokeResponseException(int statusCode, object? body = null)
    : Exception($"Invoke answered with status {statusCode}.")
{
    public int StatusCode { get; } = statusCode;
    public object? Body { get; } = body;

    public InvokeResponse CreateInvokeResponse() => new(StatusCode, Body);
}
