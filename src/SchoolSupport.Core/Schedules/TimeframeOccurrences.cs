namespace SchoolSupport.Schedules;

/// <summary>
/// Turns a timeframe into concrete days and window checks, so reminders and «что у нас на этой неделе»
/// work on the same reading of the text.
/// </summary>
/// <remarks>
/// Recurrence choices: a weekly rule without a weekday («Еженедельно по графику») falls on the weekday of a
/// stated start, otherwise on Monday; a monthly rule falls on the start's day of month (clamped to the month's
/// length), otherwise on the 1st; a quarterly rule repeats every three months from its start, otherwise on
/// 1 January, 1 April, 1 July and 1 October. A week number of -1 means the last such weekday of the month.
/// BySchedule rules have no computable days.
/// </remarks>
public static class TimeframeOccurrences
{
    public static IEnumerable<DateOnly> Between(Timeframe timeframe, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(timeframe);
        if (from > to)
        {
            return [];
        }

        switch (timeframe.Kind)
        {
            case TimeframeKind.Date when timeframe.Start is { } day:
                return day >= from && day <= to ? [day] : [];
            case TimeframeKind.Deadline when timeframe.End is { } due:
                return due >= from && due <= to ? [due] : [];
            case TimeframeKind.DateList:
                return timeframe.Dates.Where(d => d >= from && d <= to).Order();
            case TimeframeKind.Recurring:
                return Recurring(timeframe, from, to);
            default:
                return [];
        }
    }

    /// <summary>
    /// A Deadline overlaps when its due day lies in the window (it is a point in time, not everything before it);
    /// Months and multi-span ranges only through their listed periods; Recurring when a day falls in the window;
    /// Continuous without dates always; OnRequest and Unrecognised without dates never.
    /// </summary>
    public static bool Overlaps(Timeframe timeframe, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(timeframe);
        if (from > to)
        {
            (from, to) = (to, from);
        }

        switch (timeframe.Kind)
        {
            case TimeframeKind.Unrecognised:
                return false;
            case TimeframeKind.Date or TimeframeKind.Deadline or TimeframeKind.DateList:
                return Between(timeframe, from, to).Any();
            case TimeframeKind.Recurring:
                var rules = timeframe.Recurrences;
                if (rules.Count > 0 && rules.All(r => r.Frequency != RecurrenceFrequency.BySchedule))
                {
                    return Between(timeframe, from, to).Any();
                }

                break;
        }

        if (timeframe.Periods.Count > 0)
        {
            return timeframe.Periods.Any(p => p.Overlaps(from, to));
        }

        if (timeframe.Start is null && timeframe.End is null)
        {
            return timeframe.Kind == TimeframeKind.Continuous;
        }

        var start = timeframe.Start ?? DateOnly.MinValue;
        var end = timeframe.End ?? DateOnly.MaxValue;
        return start <= to && from <= end;
    }

    private static IEnumerable<DateOnly> Recurring(Timeframe timeframe, DateOnly from, DateOnly to)
    {
        var days = new SortedSet<DateOnly>();
        foreach (var rule in timeframe.Recurrences)
        {
            // The extreme first and last months of the calendar are clipped so month arithmetic cannot overflow.
            var first = Max(Max(from, rule.Start ?? timeframe.Start ?? from), new DateOnly(1, 4, 1));
            var last = Min(Min(to, rule.End ?? timeframe.End ?? to), new DateOnly(9998, 12, 31));
            if (first > last)
            {
                continue;
            }

            foreach (var day in Expand(rule, first, last))
            {
                days.Add(day);
            }
        }

        return days;
    }

    private static IEnumerable<DateOnly> Expand(RecurrenceRule rule, DateOnly first, DateOnly last)
    {
        switch (rule.Frequency)
        {
            case RecurrenceFrequency.Weekly:
                var weekday = rule.Weekday ?? rule.Start?.DayOfWeek ?? DayOfWeek.Monday;
                for (var day = first.AddDays(((int)weekday - (int)first.DayOfWeek + 7) % 7); day <= last; day = day.AddDays(7))
                {
                    yield return day;
                }

                break;
            case RecurrenceFrequency.MonthlyByWeekday when rule.Weekday is { } wd:
                foreach (var month in Months(first, last, 1))
                {
                    foreach (var n in rule.WeeksOfMonth.Order())
                    {
                        if (NthWeekday(month.Year, month.Month, wd, n) is { } d && d >= first && d <= last)
                        {
                            yield return d;
                        }
                    }
                }

                break;
            case RecurrenceFrequency.Monthly:
                foreach (var month in Months(first, last, 1))
                {
                    var d = OnDay(month, rule.Start?.Day ?? 1);
                    if (d >= first && d <= last)
                    {
                        yield return d;
                    }
                }

                break;
            case RecurrenceFrequency.Quarterly:
                var anchor = rule.Start ?? new DateOnly(first.Year, 1, 1);
                // Step back to the first quarter boundary at or before the window so the phase is kept.
                var offset = (((first.Year - anchor.Year) * 12) + first.Month - anchor.Month) % 3;
                var startMonth = new DateOnly(first.Year, first.Month, 1).AddMonths(-((offset + 3) % 3));
                foreach (var month in Months(startMonth, last, 3))
                {
                    var d = OnDay(month, anchor.Day);
                    if (d >= first && d <= last)
                    {
                        yield return d;
                    }
                }

                break;
        }
    }

    private static IEnumerable<DateOnly> Months(DateOnly first, DateOnly last, int step)
    {
        var month = new DateOnly(first.Year, first.Month, 1);
        while (month <= last)
        {
            yield return month;
            month = month.AddMonths(step);
        }
    }

    private static DateOnly OnDay(DateOnly month, int day) =>
        new(month.Year, month.Month, Math.Min(day, DateTime.DaysInMonth(month.Year, month.Month)));

    private static DateOnly? NthWeekday(int year, int month, DayOfWeek weekday, int n)
    {
        if (n < 0)
        {
            var lastDay = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
            return lastDay.AddDays(-(((int)lastDay.DayOfWeek - (int)weekday + 7) % 7));
        }

        var firstDay = new DateOnly(year, month, 1);
        var d = firstDay.AddDays((((int)weekday - (int)firstDay.DayOfWeek + 7) % 7) + (7 * (n - 1)));
        return d.Month == month ? d : null;
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
