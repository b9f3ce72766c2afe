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
    /// <summary>
    /// The spans the item actually covers. «Апрель, май 2022» lists April and May separately so a question
    /// about June does not match it although June lies between Start and End. Empty when Start..End says it all.
    /// </summary>
    public IReadOnlyList<DateRange> Periods { get; init; } = [];

    /// <summary>
    /// The day by which the item must be done. Null for ongoing, on-request, recurring and unrecognised items:
    /// they have no single deadline.
    /// </summary>
    public DateOnly? DueDate => Kind switch
    {
        TimeframeKind.Date or TimeframeKind.Deadline or TimeframeKind.Range or TimeframeKind.Month
            or TimeframeKind.Months or TimeframeKind.Period or TimeframeKind.DateList => End,
        _ => null,
    };

    /// <summary>Whether the item falls into the window from..to (both inclusive).</summary>
    public bool Overlaps(DateOnly from, DateOnly to) => TimeframeOccurrences.Overlaps(this, from, to);

    /// <summary>The concrete days of a Date, DateList, Deadline or Recurring item inside from..to, in order.</summary>
    public IEnumerable<DateOnly> OccurrencesBetween(DateOnly from, DateOnly to) =>
        TimeframeOccurrences.Between(this, from, to);

    public static Timeframe Unrecognised(string text) =>
        new(text, TimeframeKind.Unrecognised, null, null, [], [], null);
}

/// <summary>
/// What the parser may assume: the document's year (for «15 декабря») and, for chat phrases like
/// «на этой неделе» or «завтра», today's date in the person's region. <paramref name="AcademicYearStart"/> is set for a
/// document written for a school year («2023-2024 учебный год»): the year its September falls in. Then months without a
/// year fall into that school year, and «ежемесячно», «в течение года», «постоянно» span it instead of the calendar year.
/// </summary>
public sealed record TimeframeContext(int? DefaultYear = null, DateOnly? Today = null, int? AcademicYearStart = null);
