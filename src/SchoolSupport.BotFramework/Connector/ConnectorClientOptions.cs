namespace SchoolSupport.BotFramework.Connector;

/// <summary>Retry policy of connector calls; bound from <c>Bot:Connector</c>.</summary>
public sealed class ConnectorClientOptions
{
    /// <summary>Retries after the first attempt; 0 leaves all scheduling to the caller (an outbox).</summary>
    public int MaxRetries { get; set; } = 3;

    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Relative spread of a backoff delay (0.2 = ±20 %).</summary>
    public double Jitter { get; set; } = 0.2;

    /// <summary>A longer <c>Retry-After</c> is not waited for inline: the call fails with <see cref="ConnectorException.RetryAfter"/> set.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);
}
