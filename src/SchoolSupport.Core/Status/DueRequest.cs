using System.Globalization;
using System.Text.RegularExpressions;
using SchoolSupport.Conversation;
using SchoolSupport.Schedules;

namespace SchoolSupport.Status;

public enum DueKind
{
    /// <summary>Deadlines and events in a window of days.</summary>
    Window,

    /// <summary>Tracked items past their deadline and not done.</summary>
    Overdue,

    /// <summary>Events and deadlines where curators are responsible.</summary>
    Curators,

    /// <summary>Every tracked item of one school (the «Открыть список» button of the status card).</summary>
    All,
}

/// <summary>What the person asked for; also the data of the «Далее» button, so a page is recomputed, never trusted.</summary>
public sealed record DueRequest(DueKind Kind, DateOnly From, DateOnly To, string Phrase, int? SchoolId = null, int Page = 0)
{
    /// <summary>A window longer than this is refused: the card would be useless and the query expensive.</summary>
    public const int MaxWindowDays = 400;

    public static DueRequest Upcoming(DateOnly today) => new(DueKind.Window, today, today.AddDays(14), "в ближайшие две недели");

    public static DueRequest Overdue(DateOnly today) => new(DueKind.Overdue, today, today, "просрочено");
}

/// <summary>Understands «что на этой неделе», «сроки в марте», «что просрочено», «мероприятия для кураторов»…</summary>
public static partial class DueRequestReader
{
    /// <summary>Words of other features' commands: «консультации за неделю» is not a due question.</summary>
    public static readonly string[] OtherTopics = ["консультац", "объявлен", "напомин", "рассыл", "привяз", "отпис"];

    private static readonly string[] Triggers =
        ["срок", "дедлайн", "просроч", "событ", "мероприят", "ближайш", "сдать", "сдач", "предстоит", "запланир", "план"];

    public static bool TryRead(ChatText text, DateOnly today, out DueRequest request)
    {
        request = DueRequest.Upcoming(today);
        if (text.IsEmpty)
        {
            return false;
        }

        if (text.HasStem(OtherTopics))
        {
            return false;
        }

        var triggered = text.HasStem(Triggers);
        if (text.HasStem("просроч", "задолж") || text.Contains("хвосты", "долги"))
        {
            request = DueRequest.Overdue(today);
            return true;
        }

        var hasWindow = ReadWindow(text.Original, today, out var from, out var to, out var phrase);
        if (text.HasStem("куратор") && text.HasStem("мероприят", "событ", "срок", "план"))
        {
            request = hasWindow
                ? new DueRequest(DueKind.Curators, from, to, phrase)
                : new DueRequest(DueKind.Curators, today, today.AddDays(30), "в ближайший месяц");
            return true;
        }

        if (hasWindow && (triggered || text.StartsWith("что", "какие", "а что") || text.Words.Count <= 4))
        {
            request = new DueRequest(DueKind.Window, from, to, phrase);
            return true;
        }

        if (triggered)
        {
            request = DueRequest.Upcoming(today);
            return true;
        }

        return false;
    }

    /// <summary>
    /// The window of the message: the Schedules parser first (it knows dates, «до 15 марта», «в четверг»…), then the
    /// few chat phrases it leaves to this feature («ближайшие события», «неделя»). The phrase for the card title is
    /// described from the window itself, so both readers title it alike.
    /// </summary>
    public static bool ReadWindow(string text, DateOnly today, out DateOnly from, out DateOnly to, out string phrase)
    {
        if (TimeframeParser.TryParseWindow(text, today, out from, out to, out _)
            && from <= to && to.DayNumber - from.DayNumber <= DueRequest.MaxWindowDays)
        {
            phrase = Describe(from, to, today);
            return true;
        }

        if (TryParseWindow(text, today, out from, out to, out _))
        {
            phrase = Describe(from, to, today);
            return true;
        }

        phrase = "";
        return false;
    }

    /// <summary>«на этой неделе», «в марте», «до конца месяца», «до 20.03», «с 01.04 по 15.04».</summary>
    public static string Describe(DateOnly from, DateOnly to, DateOnly today)
    {
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var monthEnd = new DateOnly(from.Year, from.Month, 1).AddMonths(1).AddDays(-1);
        if (from == monday && to == monday.AddDays(6))
        {
            return "на этой неделе";
        }

        if (from == monday.AddDays(7) && to == monday.AddDays(13))
        {
            return "на следующей неделе";
        }

        if (from == to)
        {
            return from == today ? "сегодня" : from == today.AddDays(1) ? "завтра" : RussianFormat.Day(from, today);
        }

        if (from.Day == 1 && to == monthEnd)
        {
            return MonthPrepositional(from.Month) + (from.Year == today.Year ? "" : $" {from.Year} года");
        }

        if (from == today && to == new DateOnly(today.Year, today.Month, 1).AddMonths(1).AddDays(-1))
        {
            return "до конца месяца";
        }

        if (from == today && to == today.AddDays(14))
        {
            return "в ближайшие две недели";
        }

        if (from == today)
        {
            return $"до {RussianFormat.Short(to, today)}";
        }

        return $"с {RussianFormat.Short(from, today)} по {RussianFormat.Short(to, today)}";
    }

    /// <summary>
    /// Reads the period of a chat phrase. Same contract as the Schedules parser's window reader; the calendar rules
    /// here are the ones the chat needs (weeks start on Monday, a month without a year is the nearest such month).
    /// </summary>
    public static bool TryParseWindow(string text, DateOnly today, out DateOnly from, out DateOnly to, out string phrase)
    {
        var t = ChatText.Normalize(text);
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
        else if (Has("на этой неделе") || Has("эта неделя") || Has("на неделе") || Has("неделя") || Has("за неделю") || Has("этой неделе"))
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
        else if (UntilDate(t, today) is { } until)
        {
            (from, to, phrase) = (today, until, $"до {RussianFormat.Short(until, today)}");
        }
        else if (words.Select(MonthOf).FirstOrDefault(m => m > 0) is var month and > 0)
        {
            var year = NearestYear(month, today);
            var start = new DateOnly(year, month, 1);
            (from, to) = (start, start.AddMonths(1).AddDays(-1));
            phrase = MonthPrepositional(month) + (year == today.Year ? "" : $" {year}");
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

    /// <summary>Month number of a word («марте», «мая», «декабрь»), 0 when it is not a month.</summary>
    public static int MonthOf(string word)
    {
        if (word is "май" or "мае" or "мая")
        {
            return 5;
        }

        string[] stems = ["январ", "феврал", "март", "апрел", "", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр"];
        for (var i = 0; i < stems.Length; i++)
        {
            if (stems[i].Length > 0 && word.StartsWith(stems[i], StringComparison.Ordinal) && word.Length <= stems[i].Length + 3)
            {
                return i + 1;
            }
        }

        return 0;
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

    /// <summary>Whether the text is a due question at all (the window does not matter for that).</summary>
    public static bool Recognises(ChatText text) => TryRead(text, new DateOnly(2000, 6, 15), out _);

    private static string MonthPrepositional(int month) => month switch
    {
        1 => "в январе",
        2 => "в феврале",
        3 => "в марте",
        4 => "в апреле",
        5 => "в мае",
        6 => "в июне",
        7 => "в июле",
        8 => "в августе",
        9 => "в сентябре",
        10 => "в октябре",
        11 => "в ноябре",
        _ => "в декабре",
    };

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
        if (named.Success && MonthOf(named.Groups[2].Value) is var m and > 0)
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
}
