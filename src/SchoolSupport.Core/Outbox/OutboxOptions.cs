namespace SchoolSupport.Outbox;

/// <summary>Throttling and retry settings of the outbox (section «Outbox»).</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>
    /// Messages per second per tenant the outbox starts at. Only one instance sends at a time (the holder of the
    /// «outbox» lease), so this is the whole bot's rate, however many instances run.
    /// </summary>
    public double TenantMessagesPerSecond { get; set; } = 30;

    /// <summary>
    /// The ceiling the adaptive rate rises to while Teams answers no 429. Teams allows 50 requests per second per app and
    /// tenant; ceiling + burst must stay within that.
    /// </summary>
    public double TenantMaxMessagesPerSecond { get; set; } = 48;

    /// <summary>How fast the rate rises without 429: messages per second gained per second of sending.</summary>
    public double TenantRateIncreasePerSecond { get; set; } = 2;

    /// <summary>
    /// Tokens the tenant bucket may hold beyond the steady rate; rate + burst is the most sent in any one second.
    /// </summary>
    public int TenantBurst { get; set; } = 2;

    /// <summary>Teams per-thread limits for send/create: 7 per second and 60 per 30 seconds.</summary>
    public int ConversationPerSecond { get; set; } = 7;

    public int ConversationPer30Seconds { get; set; } = 60;

    /// <summary>Rows claimed at once; keep it below what the bucket sends within <see cref="Lease"/>.</summary>
    public int BatchSize { get; set; } = 100;

    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Connector calls in flight at once (latency hiding; each conversation still gets one at a time).</summary>
    public int MaxParallelSends { get; set; } = 16;

    /// <summary>Connector calls per delivery before it is marked Failed (429s are not counted).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>429 answers per delivery before it is marked Failed.</summary>
    public int MaxThrottles { get; set; } = 50;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Relative jitter of the backoff (0.2 = ±20 %).</summary>
    public double RetryJitter { get; set; } = 0.2;

    /// <summary>Pause of the worker when nothing is due.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// On shutdown, connector calls already started may finish and their outcome is recorded, so a stop does not leave
    /// rows whose fate is unknown. Only a hard crash inside this window can cause a duplicate.
    /// </summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A thread busier than this is rescheduled instead of holding the batch.</summary>
    public TimeSpan MaxInlineWait { get; set; } = TimeSpan.FromSeconds(2);

    public string? Validate()
    {
        if (TenantMessagesPerSecond is <= 0 or > 50)
        {
            return "Outbox:TenantMessagesPerSecond must be in (0, 50] — Teams allows 50 messages per second per app and tenant.";
        }

        if (TenantMaxMessagesPerSecond < TenantMessagesPerSecond)
        {
            return "Outbox:TenantMaxMessagesPerSecond must not be below Outbox:TenantMessagesPerSecond.";
        }

        if (TenantMaxMessagesPerSecond + TenantBurst > 50)
        {
            return "Outbox:TenantMaxMessagesPerSecond + Outbox:TenantBurst must not exceed 50, or a burst can hit the Teams limit.";
        }

        if (TenantRateIncreasePerSecond < 0)
        {
            return "Outbox:TenantRateIncreasePerSecond must not be negative (0 keeps the rate fixed).";
        }

        if (TenantBurst < 1 || ConversationPerSecond < 1 || ConversationPer30Seconds < 1 || BatchSize < 1 || MaxParallelSends < 1 || MaxAttempts < 1)
        {
            return "Outbox limits, batch size, parallelism and attempts must be positive.";
        }

        return Lease <= TimeSpan.Zero ? "Outbox:Lease must be positive." : null;
    }
}
