namespace SchoolSupport.Reminders;

/// <summary>Deadline digests (section «Reminders»). Send time and time zone come from each region.</summary>
public sealed class ReminderOptions
{
    public const string Section = "Reminders";

    /// <summary>Remind this many days before a due date (one digest per day covers all of them).</summary>
    public int[] DaysBefore { get; set; } = [7, 1];

    /// <summary>Local quiet hours: no digest starts between these times; a region reminder time inside them moves to the end.</summary>
    public TimeOnly QuietFrom { get; set; } = new(21, 0);

    public TimeOnly QuietTo { get; set; } = new(8, 0);

    /// <summary>Overdue items older than this are left to the status reports.</summary>
    public int OverdueLookbackDays { get; set; } = 60;

    public int MaxLinesPerSection { get; set; } = 10;

    /// <summary>On Mondays the digest becomes the week plan.</summary>
    public bool WeeklyDigest { get; set; } = true;

    /// <summary>How often the background job checks whether a region's reminder time has come.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    public bool IsQuiet(TimeOnly local) =>
        QuietFrom <= QuietTo ? local >= QuietFrom && local < QuietTo : local >= QuietFrom || local < QuietTo;
}

/// <summary>
/// Follow-up actions planned elsewhere (consultations record «намеченные мероприятия» with a due date). The reminder
/// digest asks every registered source; none is registered by default.
/// </summary>
public interface IPlannedActionSource
{
    Task<IReadOnlyList<PlannedActionDue>> DueAsync(IReadOnlyCollection<int> personIds, DateOnly from, DateOnly to, CancellationToken ct);
}

/// <summary>
/// Adds lines of its own to people's daily digest (surveys remind non-responders this way), then learns who got a
/// digest today so it can reach the others another way.
/// </summary>
public interface IDigestSource
{
    Task<IReadOnlyList<DigestExtra>> LinesAsync(int regionId, DateOnly today, CancellationToken ct);

    Task DigestsPlannedAsync(int regionId, DateOnly today, IReadOnlySet<int> digested, CancellationToken ct);
}

/// <summary>A line for one person's digest, under a section of its own.</summary>
public sealed record DigestExtra(int PersonId, string Section, DigestLine Line);

/// <summary>One planned action a person is responsible for.</summary>
public sealed record PlannedActionDue(int PersonId, string Title, DateOnly DueDate, string? SchoolName);

/// <summary>The digest card (cards/digest.json).</summary>
public sealed record DigestCard(string Title, string Intro, IReadOnlyList<DigestSection> Sections, string Footer);

public sealed record DigestSection(string Title, bool Urgent, IReadOnlyList<DigestLine> Lines, string? More);

public sealed record DigestLine(string Text, string Due, string? Detail);
