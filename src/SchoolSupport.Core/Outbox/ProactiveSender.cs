namespace SchoolSupport.Outbox;

/// <summary>
/// Sends one proactive message through the channel. Implemented by the host with the Bot Framework connector
/// (<c>POST v3/conversations</c> to open a 1:1 chat when <see cref="ProactiveAddress.ConversationId"/> is null, then
/// <c>POST v3/conversations/{id}/activities</c>); Core only sees the outcome.
/// Implementations must not retry on their own: the dispatcher owns retries, throttling and status.
/// </summary>
public interface IProactiveSender
{
    Task<SendOutcome> SendAsync(ProactiveMessage message, CancellationToken ct);
}

/// <summary>The stored address fields of a person, as the Bot Framework needs them for a proactive send.</summary>
public sealed record ProactiveAddress
{
    public required string ChannelId { get; init; }
    public required string ServiceUrl { get; init; }

    /// <summary>The personal conversation; null when the 1:1 chat must be created first (Teams only).</summary>
    public string? ConversationId { get; init; }

    /// <summary>The channel's user id (Teams «29:…»).</summary>
    public required string UserId { get; init; }

    public string? TenantId { get; init; }
    public string? BotId { get; init; }
    public string? Locale { get; init; }
}

/// <summary>
/// One message for one person. <see cref="IdempotencyKey"/> is stable across retries of the same delivery row
/// (Teams itself does not deduplicate, but a relay or a test connector can).
/// </summary>
public sealed record ProactiveMessage
{
    public required ProactiveAddress Address { get; init; }
    public required string IdempotencyKey { get; init; }
    public long DeliveryId { get; init; }
    public DeliveryKind Kind { get; init; }

    /// <summary>Plain text, or the notification summary when a card is attached.</summary>
    public string? Text { get; init; }

    /// <summary>Card template name; the host renders it with <see cref="CardData"/> (camelCase JSON of the model).</summary>
    public string? CardTemplate { get; init; }

    public string? CardData { get; init; }
}

/// <summary>What the channel answered. Each case maps to one delivery status (see <see cref="OutboxDispatcher"/>).</summary>
public abstract record SendOutcome
{
    private SendOutcome()
    {
    }

    /// <summary>Accepted. <paramref name="CreatedConversationId"/> is set when a 1:1 chat was opened for the send.</summary>
    public sealed record Sent(string? ActivityId, string? CreatedConversationId = null) : SendOutcome;

    /// <summary>429 (or 412/503 with Retry-After): send again after the delay; also slows the tenant's rate.</summary>
    public sealed record Throttled(TimeSpan RetryAfter) : SendOutcome;

    /// <summary>403: the person blocked or uninstalled the bot. Final; the address is deactivated.</summary>
    public sealed record Blocked(string? Reason = null) : SendOutcome;

    /// <summary>404: the conversation or the user is unknown to the channel. Final; the address is deactivated.</summary>
    public sealed record NotFound(string? Reason = null) : SendOutcome;

    /// <summary>5xx, timeouts, network errors: retried with jittered backoff up to the attempt limit.</summary>
    public sealed record TransientFailure(string Reason, TimeSpan? RetryAfter = null) : SendOutcome;

    /// <summary>Other 4xx (bad payload, 413 too large…): retrying cannot help.</summary>
    public sealed record PermanentFailure(string Reason) : SendOutcome;
}
