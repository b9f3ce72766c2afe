using System.Text.RegularExpressions;
using SchoolSupport.Roadmaps;
using SchoolSupport.Schedules;

namespace SchoolSupport.Status;

/// <summary>Why an item shows on a given day: its deadline, the start of its period, or one occurrence of an event.</summary>
public enum DueHitKind
{
    Deadline,
    Start,
    Occurrence,
}

/// <summary>One day on which an item appears in a window; <see cref="Audience"/> narrows recurring events («1 год участия»).</summary>
public sealed record DueHit(DateOnly Date, DueHitKind Kind, string? Audience);

/// <summary>
/// The days an item comes up within a window. Whole-period items («в течение года», «постоянно») never "come up"
/// except at their end, so a week's list is not flooded with year-long activities.
/// </summary>
public static partial class ItemSchedule
{
    public const int MaxOccurrences = 400;

    public static IReadOnlyList<DueHit> Hits(
        TimeframeKind kind, DateOnly? start, DateOnly? end, DateOnly? due, string? details, DateOnly from, DateOnly to)
    {
        var hits = new List<DueHit>();
        var deadline = due ?? end;
        switch (kind)
        {
            case TimeframeKind.Recurring:
            case TimeframeKind.DateList:
                var timeframe = TimeframeDetailsJson.Deserialize(details);
                if (timeframe is not null)
                {
                    foreach (var date in timeframe.Dates.Where(d => d >= from && d <= to))
                    {
                        hits.Add(new DueHit(date, DueHitKind.Occurrence, null));
                    }

                    foreach (var rule in timeframe.Recurrences)
                    {
                        var first = Max(from, rule.Start ?? timeframe.Start ?? start ?? from);
                        var last = Min(to, rule.End ?? timeframe.End ?? end ?? to);
                        hits.AddRange(Expand(rule, first, last).Select(d => new DueHit(d, DueHitKind.Occurrence, rule.Audience)));
                    }
                }

                if (hits.Count == 0 && kind == TimeframeKind.DateList && deadline is { } d0 && d0 >= from && d0 <= to)
                {
                    hits.Add(new DueHit(d0, DueHitKind.Deadline, null));
                }

                break;
            case TimeframeKind.Date:
                if ((start ?? deadline) is { } day && day >= from && day <= to)
                {
                    hits.Add(new DueHit(day, DueHitKind.Deadline, null));
                }

                break;
            default:
                if (deadline is { } d && d >= from && d <= to)
                {
                    hits.Add(new DueHit(d, DueHitKind.Deadline, null));
                }
                else if (kind is not (TimeframeKind.Continuous or TimeframeKind.Period) && start is { } s && s >= from && s <= to && s != deadline)
                {
                    hits.Add(new DueHit(s, DueHitKind.Start, null));
                }

                break;
        }

        return hits
            .GroupBy(h => (h.Date, h.Audience))
            .Select(g => g.First())
            .OrderBy(h => h.Date)
            .Take(MaxOccurrences)
            .ToList();
    }

    /// <summary>Dates of one recurrence rule between <paramref name="from"/> and <paramref name="to"/> inclusive.</summary>
    public static IEnumerable<DateOnly> Expand(RecurrenceRule rule, DateOnly from, DateOnly to)
    {
        if (from > to)
        {
            yield break;
        }

        switch (rule.Frequency)
        {
            case RecurrenceFrequency.Weekly when rule.Weekday is { } weekday:
                var day = from.AddDays(((int)weekday - (int)from.DayOfWeek + 7) % 7);
                for (; day <= to; day = day.AddDays(7))
                {
                    yield return day;
                }

                break;
            case RecurrenceFrequency.MonthlyByWeekday when rule.Weekday is { } weekday:
                for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
                {
                    foreach (var week in rule.WeeksOfMonth.Distinct().Order())
                    {
                        if (NthWeekday(month, weekday, week) is { } date && date >= from && date <= to)
                        {
                            yield return date;
                        }
                    }
                }

                break;
            case RecurrenceFrequency.Monthly:
            case RecurrenceFrequency.Quarterly:
                var anchor = rule.Start ?? from;
                var step = rule.Frequency == RecurrenceFrequency.Monthly ? 1 : 3;
                for (var date = anchor; date <= to; date = date.AddMonths(step))
                {
                    if (date >= from)
                    {
                        yield return date;
                    }
                }

                break;
        }
    }

    /// <summary>The year of participation an audience text names («1 год участия» → 1), or null for everyone.</summary>
    public static int? AudienceYear(string? audience)
    {
        if (string.IsNullOrWhiteSpace(audience))
        {
            return null;
        }

        var match = AudienceYearPattern().Match(audience);
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>5 or -1 mean the last such weekday of the month.</summary>
    private static DateOnly? NthWeekday(DateOnly firstOfMonth, DayOfWeek weekday, int week)
    {
        var first = firstOfMonth.AddDays(((int)weekday - (int)firstOfMonth.DayOfWeek + 7) % 7);
        if (week is -1 or 5)
        {
            var last = first;
            while (last.AddDays(7).Month == firstOfMonth.Month)
            {
                last = last.AddDays(7);
            }

            return last;
        }

        if (week is < 1 or > 4)
        {
            return null;
        }

        return first.AddDays(7 * (week - 1));
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    [GeneratedRegex(@"(\d)\s*(?:-?й\s*)?год", RegexOptions.IgnoreCase)]
    private static partial Regex AudienceYearPattern();
}
