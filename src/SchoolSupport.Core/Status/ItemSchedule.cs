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

                    // One rule at a time so each day keeps the audience of the rule it came from
                    // («1 и 3 четверг – 1 год участия; 2 и 4 четверг – 2 год участия»).
                    foreach (var rule in timeframe.Recurrences)
                    {
                        var single = timeframe with { Kind = TimeframeKind.Recurring, Recurrences = [rule], Dates = [] };
                        hits.AddRange(TimeframeOccurrences.Between(single, from, to).Select(d => new DueHit(d, DueHitKind.Occurrence, rule.Audience)));
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

    [GeneratedRegex(@"(\d)\s*(?:-?й\s*)?год", RegexOptions.IgnoreCase)]
    private static partial Regex AudienceYearPattern();
}
