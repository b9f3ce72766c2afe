namespace SchoolSupport.Schedules;

/// <summary>What shape a timeframe written in a roadmap (or typed in chat) has.</summary>
public enum TimeframeKind
{
    Date,
    Deadline,
    Range,
    Month,
    Months,
    Period,
    DateList,
    Recurring,
    Continuous,
    OnRequest,
    Unrecognised,
}

public enum RecurrenceFrequency
{
    Weekly,
    MonthlyByWeekday,
    Monthly,
    Quarterly,
    BySchedule,
}

/// <summary>
/// One recurrence: «1 и 3 четверг» is MonthlyByWeekday, Thursday, weeks [1, 3];
/// «еженедельно» is Weekly; «с апреля ежеквартально» is Quarterly starting 1 April.
/// </summary>
public sealed record RecurrenceRule(
    RecurrenceFrequency Frequency,
    DayOfWeek? Weekday,
    IReadOnlyList<int> WeeksOfMonth,
    DateOnly? Start,
    DateOnly? End,
    string? Audience);

/// <summary>A parsed timeframe. The original text is always kept.</summary>
public sealed record Timeframe(
    string Text,
    TimeframeKind Kind,
    DateOnly? Start,
    DateOnly? End,
    IReadOnlyList<DateOnly> Dates,
    IReadOnlyList<RecurrenceRule> Recurrences,
    string? Note)
{
    public static Timeframe Unrecognised(string text) =>
        new(text, TimeframeKind.Unrecognised, null, null, [], [], null);
}

/// <summary>
/// What the parser may assume: the document's year (for «15 декабря») and, for chat phrases like
/// «на этой неделе» or «завтра», today's date in the person's region.
/// </summary>
public sealed record TimeframeContext(int? DefaultYear = null, DateOnly? Today = null);
