namespace SchoolSupport.Tests.Outbox;

/// <summary>A clock that moves only when told to.</summary>
public sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private readonly object gate = new();
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public void Advance(TimeSpan by)
    {
        lock (gate)
        {
            now += by;
        }
    }

    public void Set(DateTimeOffset to)
    {
        lock (gate)
        {
            now = to;
        }
    }
}
