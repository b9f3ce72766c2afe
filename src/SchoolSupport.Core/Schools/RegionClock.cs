namespace SchoolSupport.Schools;

/// <summary>School life runs on local dates: «today» is today in the region's time zone.</summary>
public static class RegionClock
{
    public const string DefaultTimeZone = "Europe/Moscow";

    public static DateOnly Today(TimeProvider time, string? timeZone) =>
        DateOnly.FromDateTime(LocalNow(time, timeZone));

    public static DateTime LocalNow(TimeProvider time, string? timeZone)
    {
        var zone = Find(timeZone);
        return TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime;
    }

    public static bool IsKnownTimeZone(string timeZone) => TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _);

    public static TimeZoneInfo Find(string? timeZone)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(string.IsNullOrWhiteSpace(timeZone) ? DefaultTimeZone : timeZone);
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.FindSystemTimeZoneById(DefaultTimeZone);
        }
    }
}
