using System.Globalization;
using SchoolSupport.Roadmaps;
using SchoolSupport.Schedules;

namespace SchoolSupport.Status;

/// <summary>How dates, days left and statuses read in the cards.</summary>
public static partial class RussianFormat
{
    private static readonly string[] Weekdays = ["вс", "пн", "вт", "ср", "чт", "пт", "сб"];

    /// <summary>«чт, 05.03», with the year only when it is not this year.</summary>
    public static string Day(DateOnly date, DateOnly today) =>
        $"{Weekdays[(int)date.DayOfWeek]}, {Short(date, today)}";

    public static string Short(DateOnly date, DateOnly today) =>
        date.Year == today.Year
            ? date.ToString("dd.MM", CultureInfo.InvariantCulture)
            : date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    public static string Period(DateOnly from, DateOnly to, DateOnly today) =>
        from == to ? Short(from, today) : $"{Short(from, today)}–{Short(to, today)}";

    /// <summary>
    /// The dates of an item as every view shows them: its period «01.12–31.12» when it has one, otherwise the day
    /// («чт, 31.12»). Occurrences of recurring events are single days.
    /// </summary>
    public static string ItemDates(TimeframeKind kind, DateOnly? start, DateOnly? end, DateOnly? due, DateOnly day, DateOnly today) =>
        kind is not (TimeframeKind.Recurring or TimeframeKind.DateList) && start is { } s && (due ?? end) is { } e && s < e
            ? Period(s, e, today)
            : Day(day, today);

    /// <summary>«Сегодня», «Завтра», «Осталось 3 дн.», «Просрочено на 5 дн.».</summary>
    public static string DaysLeft(int days) => days switch
    {
        0 => "Сегодня",
        1 => "Завтра",
        > 1 => $"Осталось {days} дн.",
        _ => $"Просрочено на {-days} дн.",
    };

    public static string StatusName(ProgressStatus status) => status switch
    {
        ProgressStatus.InProgress => "В работе",
        ProgressStatus.Done => "Выполнено",
        ProgressStatus.NotApplicable => "Не требуется",
        _ => "Не начато",
    };

    public static string Schools(int count) => $"{count} {Plural(count, "школа", "школы", "школ")}";

    public static string Plural(int n, string one, string few, string many)
    {
        var mod100 = Math.Abs(n) % 100;
        var mod10 = mod100 % 10;
        if (mod100 is >= 11 and <= 14)
        {
            return many;
        }

        return mod10 switch
        {
            1 => one,
            >= 2 and <= 4 => few,
            _ => many,
        };
    }

    /// <summary>«выполнено 12 из 40 (30%)».</summary>
    public static string Progress(int done, int total) => $"выполнено {done} из {total} ({Percent(done, total)}%)";

    public static int Percent(int done, int total) => total <= 0 ? 0 : (int)Math.Floor(100.0 * done / total);

    /// <summary>Ten-cell text bar, readable in any client (no images).</summary>
    public static string Bar(int percent)
    {
        var filled = Math.Clamp(percent / 10, 0, 10);
        return new string('▓', filled) + new string('░', 10 - filled);
    }

    /// <summary>
    /// TextBlocks are Markdown in Teams and Web Chat: a title like «2. Научно-методическое…» would become an ordered
    /// list renumbered from 1, so the number's dot is escaped.
    /// </summary>
    public static string NotAList(string text) =>
        text.Length > 0 && char.IsDigit(text[0]) && ListStart().Match(text) is { Success: true } m
            ? string.Concat(text.AsSpan(0, m.Length - 2), "\\. ", text.AsSpan(m.Length))
            : text;

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d+\. ")]
    private static partial System.Text.RegularExpressions.Regex ListStart();
}
