using System.Globalization;
using System.Text.RegularExpressions;

namespace SchoolSupport.Schedules;

/// <summary>
/// The periods people write in chat («на этой неделе», «до пятницы», «в марте», «к концу четверти»), read against
/// today in the region. The one home of Russian chat dates and month names; features ask here.
/// </summary>
public static partial class ChatPeriods
{
    /// <summary>A window longer than this is refused: the card would be useless and the query expensive.</summary>
    public const int MaxWindowDays = 400;

    /// <summary>
    /// The window of a message: the Schedules parser first (dates, «до 15 марта», «в четверг», «на этой неделе»…),
    /// then the chat phrases it leaves open («неделя», «ближайшие», a month name alone). Both ends inclusive.
    /// </summary>
    public static bool TryRead(string text, DateOnly today, out DateOnly from, out DateOnly to)
    {
        if (TimeframeParser.TryParseWindow(text, today, out from, out to, out _)
            && from <= to && to.DayNumber - from.DayNumber <= MaxWindowDays)
        {
            return true;
        }

        return TryParseWindow(text, today, out from, out to, out _);
    }

    /// <summary>
    /// Reads the period of a chat phrase. Same contract as the Schedules parser's window reader; the calendar rules
    /// here are the ones the chat needs (weeks start on Monday, a month without a year is the nearest such month).
    /// </summary>
    public static bool TryParseWindow(string text, DateOnly today, out DateOnly from, out DateOnly to, out string phrase)
    {
        var t = Normalize(text);
        var words = t.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        bool Has(string p) => (" " + t + " ").Contains(" " + p + " ", StringComparison.Ordinal);

        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var firstOfMonth = new DateOnly(today.Year, today.Month, 1);
        (from, to, phrase) = (today, today, "");

        if (Has("до конца месяца"))
        {
            (from, to, phrase) = (today, firstOfMonth.AddMonths(1).AddDays(-1), "до конца месяца");
        }
        else if (Has("до конца недели"))
        {
            (from, to, phrase) = (today, monday.AddDays(6), "до конца недели");
        }
        else if (Has("на следующей неделе") || Has("следующая неделя") || Has("на след неделе"))
        {
            (from, to, phrase) = (monday.AddDays(7), monday.AddDays(13), "на следующей неделе");
        }
        else if (Has("на этой неделе") || Has("эта неделя") || Has("на неделе") || Has("неделя") || Has("за неделю") || Has("этой неделе")
                 || Has("на неделю") || Has("неделю"))
        {
            (from, to, phrase) = (monday, monday.AddDays(6), "на этой неделе");
        }
        else if (Has("в следующем месяце") || Has("следующий месяц"))
        {
            (from, to, phrase) = (firstOfMonth.AddMonths(1), firstOfMonth.AddMonths(2).AddDays(-1), "в следующем месяце");
        }
        else if (Has("в этом месяце") || Has("этот месяц") || Has("за месяц"))
        {
            (from, to, phrase) = (firstOfMonth, firstOfMonth.AddMonths(1).AddDays(-1), "в этом месяце");
        }
        else if (Has("сегодня"))
        {
            phrase = "сегодня";
        }
        else if (Has("завтра"))
        {
            (from, to, phrase) = (today.AddDays(1), today.AddDays(1), "завтра");
        }
        else if (UntilWeekday(t, today) is { } weekday)
        {
            (from, to, phrase) = (today, weekday, $"до {weekday:dd.MM}");
        }
        else if (Has("к концу четверти") || Has("до конца четверти") || Has("в этой четверти") || Has("за четверть"))
        {
            (from, to, phrase) = (today, QuarterEnd(today), "до конца четверти");
        }
        else if (UntilDate(t, today) is { } until)
        {
            (from, to, phrase) = (today, until, $"до {until:dd.MM}");
        }
        else if (words.Select(RussianDates.MonthOf).FirstOrDefault(m => m > 0) is var month and > 0)
        {
            var year = NearestYear(month, today);
            var start = new DateOnly(year, month, 1);
            (from, to) = (start, start.AddMonths(1).AddDays(-1));
            phrase = RussianDates.InMonth(month) + (year == today.Year ? "" : $" {year}");
        }
        else if (words.Any(w => w.StartsWith("ближайш", StringComparison.Ordinal)))
        {
            (from, to, phrase) = (today, today.AddDays(14), "в ближайшие две недели");
        }
        else
        {
            return false;
        }

        return true;
    }

    /// <summary>
    /// «сроки в марте» asked in November means next March; «сроки в феврале» asked in March means the February just
    /// past: a month one or two months back is the past one, any other is the next one.
    /// </summary>
    public static int NearestYear(int month, DateOnly today)
    {
        var ahead = (month - today.Month + 12) % 12;
        return ahead switch
        {
            0 => today.Year,
            >= 10 => month > today.Month ? today.Year - 1 : today.Year,
            _ => month < today.Month ? today.Year + 1 : today.Year,
        };
    }


    private static DateOnly? UntilDate(string normalized, DateOnly today)
    {
        var numeric = UntilNumeric().Match(normalized);
        if (numeric.Success)
        {
            var day = int.Parse(numeric.Groups[1].Value, CultureInfo.InvariantCulture);
            var month = int.Parse(numeric.Groups[2].Value, CultureInfo.InvariantCulture);
            return Date(day, month, today);
        }

        var named = UntilNamed().Match(normalized);
        if (named.Success && RussianDates.MonthOf(named.Groups[2].Value) is var m and > 0)
        {
            return Date(int.Parse(named.Groups[1].Value, CultureInfo.InvariantCulture), m, today);
        }

        return null;
    }

    private static DateOnly? Date(int day, int month, DateOnly today)
    {
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(today.Year, month))
        {
            return null;
        }

        var date = new DateOnly(today.Year, month, day);
        return date < today ? date.AddYears(1) : date;
    }

    [GeneratedRegex(@"\bдо (\d{1,2})\.(\d{1,2})")]
    private static partial Regex UntilNumeric();

    [GeneratedRegex(@"\bдо (\d{1,2}) ([а-я]+)")]
    private static partial Regex UntilNamed();

    private static readonly string[] WeekdaysGenitive = ["воскресенья", "понедельника", "вторника", "среды", "четверга", "пятницы", "субботы"];

    /// <summary>«до пятницы», «к четвергу»: from today to the next such day (today itself when it is that day).</summary>
    private static DateOnly? UntilWeekday(string normalized, DateOnly today)
    {
        string[] dative = ["воскресенью", "понедельнику", "вторнику", "среде", "четвергу", "пятнице", "субботе"];
        for (var d = 0; d < 7; d++)
        {
            if ((" " + normalized + " ").Contains(" до " + WeekdaysGenitive[d] + " ", StringComparison.Ordinal)
                || (" " + normalized + " ").Contains(" к " + dative[d] + " ", StringComparison.Ordinal))
            {
                return today.AddDays((d - (int)today.DayOfWeek + 7) % 7);
            }
        }

        return null;
    }

    /// <summary>
    /// The end of the school quarter today is in: the usual Russian calendar ends quarters in late October, in
    /// December, in March and in May; the last day of that month is taken, the summer counts to 31 August.
    /// </summary>
    public static DateOnly QuarterEnd(DateOnly today) => today.Month switch
    {
        9 or 10 => new DateOnly(today.Year, 10, 31),
        11 or 12 => new DateOnly(today.Year, 12, 31),
        1 or 2 or 3 => new DateOnly(today.Year, 3, 31),
        4 or 5 => new DateOnly(today.Year, 5, 31),
        _ => new DateOnly(today.Year, 8, 31),
    };

    private static string Normalize(string text)
    {
        var chars = text.ToLowerInvariant().Replace('ё', 'е').Select(c => char.IsLetterOrDigit(c) || c == '.' ? c : ' ').ToArray();
        return string.Join(' ', new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');
    }
}
