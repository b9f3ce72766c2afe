using System.Net;

namespace SchoolSupport.BotFramework.Connector;

/// <summary>A connector call answered with an error status (after any retries).</summary>
public class ConnectorException : Exception
{
    public ConnectorException(HttpStatusCode status, string? errorCode, string? errorMessage, TimeSpan? retryAfter,
        string? correlationId, bool isBlocked)
        : base($"Connector answered {(int)status} {errorCode}: {errorMessage}")
    {
        Status = status;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        RetryAfter = retryAfter;
        CorrelationId = correlationId;
        IsBlocked = isBlocked;
    }

    public HttpStatusCode Status { get; }

    /// <summary><c>error.code</c> of the response body.</summary>
    public string? ErrorCode { get; }

    public string? ErrorMessage { get; }

    public TimeSpan? RetryAfter { get; }

    /// <summary>The <c>X-Correlating-OperationId</c> response header, for Microsoft support.</summary>
    public string? CorrelationId { get; }

    /// <summary>The user blocked or uninstalled the bot: stop sending to this conversation.</summary>
    public bool IsBlocked { get; }

    /// <summary>The conversation or activity is gone: drop the stored reference.</summary>
    public bool IsNotFound => Status == HttpStatusCode.NotFound;

    /// <summary>Worth trying again later (throttling, precondition races, server errors).</summary>
    public bool IsTransient => IsTransientStatus(Status);

    internal static bool IsTransientStatus(HttpStatusCode status) => (int)status is 429 or 412 or 500 or 502 or 503 or 504;
}

/// <summary>Refused to send the bot's token to a serviceUrl no authenticated activity vouched for.</summary>
public class UntrustedServiceUrlException(string serviceUrl)
    : InvalidOperationException($"The serviceUrl '{serviceUrl}' is not trusted with the bot's token.")
{
    public string ServiceUrl { get; } = serviceUrl;
}
