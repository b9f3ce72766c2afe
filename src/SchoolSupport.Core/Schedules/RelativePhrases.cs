using System.Globalization;
using System.Text.RegularExpressions;

namespace SchoolSupport.Schedules;

/// <summary>Chat phrases that only make sense relative to today: «завтра», «на этой неделе», «до конца месяца».</summary>
internal static partial class RelativePhrases
{
    internal sealed record PhraseMatch(int Index, int Length, TimeframeKind Kind, DateOnly From, DateOnly To);

    // One alternation scanned once; every branch is a fixed word sequence, so there is nothing to backtrack into.
    [GeneratedRegex(
        @"\b(?:"
        + @"(?<endweek>до\s+конца\s+(?:(?:этой|текущей)\s+)?недели)"
        + @"|(?<endmonth>до\s+конца\s+(?:(?:этого|текущего)\s+)?месяца)"
        + @"|(?<endyear>до\s+конца\s+(?:(?:этого|текущего)\s+)?года)"
        + @"|(?<thisweek>(?:на\s+|в\s+)?(?:эт(?:ой|а|у)|текущ(?:ей|ая|ую))\s+недел[еияю])"
        + @"|(?<nextweek>(?:на\s+|в\s+)?следующ(?:ей|ая|ую)\s+недел[еияю])"
        + @"|(?<lastweek>(?:на\s+|в\s+|за\s+)?прошл(?:ой|ая|ую)\s+недел[еияю])"
        + @"|(?<thismonth>(?:в\s+)?(?:этом|текущем)\s+месяце|(?:за\s+|на\s+)?(?:этот|текущий)\s+месяц)"
        + @"|(?<nextmonth>(?:в\s+)?следующем\s+месяце|(?:на\s+)?следующий\s+месяц)"
        + @"|(?<lastmonth>(?:в\s+)?прошлом\s+месяце|(?:за\s+)?прошлый\s+месяц)"
        + @"|(?<thisyear>(?:в\s+)?(?:этом|текущем)\s+году)"
        + @"|(?<nextyear>(?:в\s+)?следующем\s+году)"
        + @"|(?<soon>(?:в\s+|на\s+|за\s+)?ближайш(?:ие|ую|ее|ий|их)\s+(?:(?<n>\d{1,3})\s+|(?<nw>одн[уа]|один|две|два|три|четыре|пять|шесть|семь|восемь|девять|десять|четырнадцать|тридцать)\s+)?(?<unit>недел[юиь]|дн(?:я|ей)|день|месяц(?:а|ев)?))"
        + @"|(?<thisweek>на\s+неделе)"
        + @"|(?<weekday>(?:в|во)\s+(?<wd>понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье))"
        + @"|(?<today>сегодня)"
        + @"|(?<dayafter>послезавтра)"
        + @"|(?<tomorrow>завтра)"
        + @"|(?<daybefore>позавчера)"
        + @"|(?<yesterday>вчера)"
        + @")\b",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture,
        matchTimeoutMilliseconds: 1000)]
    private static partial Regex Phrase();

    /// <summary>The leftmost phrase in already normalised (lower-case) text, with its window.</summary>
    public static PhraseMatch? FindFirst(string normalised, DateOnly today)
    {
        var m = Phrase().Match(normalised);
        if (!m.Success)
        {
            return null;
        }

        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var month = DateRange.OfMonth(today.Year, today.Month);
        var (kind, from, to) = Group(m) switch
        {
            "endweek" => (TimeframeKind.Deadline, today, monday.AddDays(6)),
            "endmonth" => (TimeframeKind.Deadline, today, month.End),
            "endyear" => (TimeframeKind.Deadline, today, new DateOnly(today.Year, 12, 31)),
            "thisweek" => (TimeframeKind.Range, monday, monday.AddDays(6)),
            "nextweek" => (TimeframeKind.Range, monday.AddDays(7), monday.AddDays(13)),
            "lastweek" => (TimeframeKind.Range, monday.AddDays(-7), monday.AddDays(-1)),
            "thismonth" => (TimeframeKind.Month, month.Start, month.End),
            "nextmonth" => (TimeframeKind.Month, month.Start.AddMonths(1), month.Start.AddMonths(2).AddDays(-1)),
            "lastmonth" => (TimeframeKind.Month, month.Start.AddMonths(-1), month.Start.AddDays(-1)),
            "thisyear" => (TimeframeKind.Period, new DateOnly(today.Year, 1, 1), new DateOnly(today.Year, 12, 31)),
            "nextyear" => (TimeframeKind.Period, new DateOnly(today.Year + 1, 1, 1), new DateOnly(today.Year + 1, 12, 31)),
            "soon" => (TimeframeKind.Range, today, Soon(m, today)),
            "weekday" => (TimeframeKind.Date, NextWeekday(m, today), NextWeekday(m, today)),
            "today" => (TimeframeKind.Date, today, today),
            "tomorrow" => (TimeframeKind.Date, today.AddDays(1), today.AddDays(1)),
            "dayafter" => (TimeframeKind.Date, today.AddDays(2), today.AddDays(2)),
            "yesterday" => (TimeframeKind.Date, today.AddDays(-1), today.AddDays(-1)),
            _ => (TimeframeKind.Date, today.AddDays(-2), today.AddDays(-2)),
        };
        return new PhraseMatch(m.Index, m.Length, kind, from, to);
    }

    private static string Group(Match m)
    {
        foreach (var name in (string[])["endweek", "endmonth", "endyear", "thisweek", "nextweek", "lastweek", "thismonth",
                     "nextmonth", "lastmonth", "thisyear", "nextyear", "soon", "weekday", "today", "tomorrow", "dayafter", "yesterday", "daybefore"])
        {
            if (m.Groups[name].Success)
            {
                return name;
            }
        }

        return "";
    }

    /// <summary>«в четверг» in chat is the coming Thursday, today included.</summary>
    private static DateOnly NextWeekday(Match m, DateOnly today)
    {
        var day = m.Groups["wd"].Value switch
        {
            "понедельник" => DayOfWeek.Monday,
            "вторник" => DayOfWeek.Tuesday,
            "среду" => DayOfWeek.Wednesday,
            "четверг" => DayOfWeek.Thursday,
            "пятницу" => DayOfWeek.Friday,
            "субботу" => DayOfWeek.Saturday,
            _ => DayOfWeek.Sunday,
        };
        return today.AddDays(((int)day - (int)today.DayOfWeek + 7) % 7);
    }

    /// <summary>«ближайшие две недели» counts today as the first day: 14 days, today..today+13.</summary>
    private static DateOnly Soon(Match m, DateOnly today)
    {
        var count = m.Groups["n"].Success
            ? int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture)
            : m.Groups["nw"].Value switch
            {
                "две" or "два" => 2,
                "три" => 3,
                "четыре" => 4,
                "пять" => 5,
                "шесть" => 6,
                "семь" => 7,
                "восемь" => 8,
                "девять" => 9,
                "десять" => 10,
                "четырнадцать" => 14,
                "тридцать" => 30,
                _ => 1,
            };
        count = Math.Clamp(count, 1, 366);
        var unit = m.Groups["unit"].Value;
        if (unit.StartsWith("недел", StringComparison.Ordinal))
        {
            return today.AddDays((7 * count) - 1);
        }

        return unit.StartsWith("месяц", StringComparison.Ordinal) ? today.AddMonths(count).AddDays(-1) : today.AddDays(count - 1);
    }
}
