using System.Globalization;
using System.Text.RegularExpressions;

namespace SchoolSupport.Schedules;

/// <summary>
/// The one owner of Russian month names and of the day and period phrases people type in chat: «сегодня», «вчера»,
/// «12.03», «12 марта 2026», «за март», «в марте 2024», «за прошлый месяц», «с 01.03 по 15.03». Consultations, the
/// chat periods of the due and status commands (<see cref="ChatPeriods"/>) and the cards all read and write months
/// through it. Roadmap timeframes have their own grammar in <see cref="TimeframeLexer"/>.
/// </summary>
public static partial class RussianDates
{
    // «ма» is май: matched by its full forms only, so «масса» or «макет» is never May.
    private static readonly string[] MonthStems =
        ["январ", "феврал", "март", "апрел", "", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр"];

    public static readonly string[] MonthNamesPrepositional =
        ["январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе", "сентябре", "октябре", "ноябре", "декабре"];

    public static readonly string[] MonthNamesNominative =
        ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"];

    public static readonly string[] MonthNamesGenitive =
        ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"];

    /// <summary>«в марте» for month 3.</summary>
    public static string InMonth(int month) => "в " + MonthNamesPrepositional[month - 1];

    /// <summary>
    /// Month number of one word in any case form («марте», «мая», «декабрь», «Января»), 0 when it is not a month.
    /// A month word is its stem and at most three more letters, so «мартышка» is not March.
    /// </summary>
    public static int MonthOf(string word)
    {
        var w = word.ToLowerInvariant();
        if (w is "май" or "мая" or "мае" or "маю" or "маем")
        {
            return 5;
        }

        for (var i = 0; i < MonthStems.Length; i++)
        {
            if (MonthStems[i].Length > 0 && w.StartsWith(MonthStems[i], StringComparison.Ordinal) && w.Length <= MonthStems[i].Length + 3)
            {
                return i + 1;
            }
        }

        return 0;
    }

    /// <summary>
    /// Finds a past (or today's) day in the text. A date without a year is the latest such date not after today,
    /// because consultations are logged after they happen.
    /// </summary>
    public static bool TryParsePastDay(string text, DateOnly today, out DateOnly date, out string phrase) =>
        TryParseDay(text, today, preferPast: true, out date, out phrase);

    /// <summary>Finds a day for a deadline: a date without a year is the nearest such date from today on.</summary>
    public static bool TryParseFutureDay(string text, DateOnly today, out DateOnly date, out string phrase) =>
        TryParseDay(text, today, preferPast: false, out date, out phrase);

    private static bool TryParseDay(string text, DateOnly today, bool preferPast, out DateOnly date, out string phrase)
    {
        date = default;
        phrase = "";
        var relative = RelativeDay().Match(text);
        if (relative.Success)
        {
            phrase = relative.Value;
            date = relative.Groups[1].Value.ToLowerInvariant().Replace('ё', 'е') switch
            {
                "сегодня" => today,
                "вчера" => today.AddDays(-1),
                "позавчера" => today.AddDays(-2),
                _ => today.AddDays(1),
            };
            return true;
        }

        var numeric = NumericDate().Match(text);
        if (numeric.Success)
        {
            var day = int.Parse(numeric.Groups["d"].Value, CultureInfo.InvariantCulture);
            var month = int.Parse(numeric.Groups["m"].Value, CultureInfo.InvariantCulture);
            int? year = numeric.Groups["y"].Success ? ExpandYear(int.Parse(numeric.Groups["y"].Value, CultureInfo.InvariantCulture)) : null;
            if (TryBuild(day, month, year, today, preferPast, out date))
            {
                phrase = numeric.Value;
                return true;
            }
        }

        var worded = WordedDate().Match(text);
        if (worded.Success && MonthOf(worded.Groups["m"].Value) is var wordMonth and > 0)
        {
            var day = int.Parse(worded.Groups["d"].Value, CultureInfo.InvariantCulture);
            int? year = worded.Groups["y"].Success ? int.Parse(worded.Groups["y"].Value, CultureInfo.InvariantCulture) : null;
            if (TryBuild(day, wordMonth, year, today, preferPast, out date))
            {
                phrase = worded.Value;
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A reporting period: «за март», «в марте 2024», «за этот месяц», «за прошлый месяц», «за 2024 год», «за год»,
    /// «с 01.03 по 15.03». A month without a year is the latest one not after today.
    /// </summary>
    public static bool TryParsePeriod(string text, DateOnly today, out DateOnly from, out DateOnly to, out string label)
    {
        from = to = default;
        label = "";
        var normalized = text.ToLowerInvariant().Replace('ё', 'е');

        var range = DateRange().Match(normalized);
        if (range.Success
            && TryParsePastDay(range.Groups["a"].Value, today, out var a, out _)
            && TryParsePastDayOrFuture(range.Groups["b"].Value, today, a, out var b)
            && b >= a)
        {
            (from, to) = (a, b);
            label = $"с {a:dd.MM.yyyy} по {b:dd.MM.yyyy}";
            return true;
        }

        if (normalized.Contains("прошл", StringComparison.Ordinal) && normalized.Contains("месяц", StringComparison.Ordinal))
        {
            from = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
            to = from.AddMonths(1).AddDays(-1);
            label = $"в {MonthNamesPrepositional[from.Month - 1]} {from.Year}";
            return true;
        }

        if (ThisMonth().IsMatch(normalized))
        {
            from = new DateOnly(today.Year, today.Month, 1);
            to = from.AddMonths(1).AddDays(-1);
            label = $"в {MonthNamesPrepositional[from.Month - 1]} {from.Year}";
            return true;
        }

        var month = MonthPhrase().Match(normalized);
        if (month.Success && MonthOf(month.Groups["m"].Value) is var m and > 0)
        {
            var year = month.Groups["y"].Success
                ? int.Parse(month.Groups["y"].Value, CultureInfo.InvariantCulture)
                : m <= today.Month ? today.Year : today.Year - 1;
            from = new DateOnly(year, m, 1);
            to = from.AddMonths(1).AddDays(-1);
            label = $"в {MonthNamesPrepositional[m - 1]} {year}";
            return true;
        }

        var yearMatch = YearPhrase().Match(normalized);
        if (yearMatch.Success)
        {
            var year = yearMatch.Groups["y"].Success ? int.Parse(yearMatch.Groups["y"].Value, CultureInfo.InvariantCulture) : today.Year;
            from = new DateOnly(year, 1, 1);
            to = new DateOnly(year, 12, 31);
            label = $"за {year} год";
            return true;
        }

        return false;
    }

    private static bool TryParsePastDayOrFuture(string text, DateOnly today, DateOnly after, out DateOnly date)
    {
        if (!TryParsePastDay(text, today, out date, out _))
        {
            return false;
        }

        // «с 20.12 по 10.01» in January: the end lies in the year after the start.
        if (date < after && !YearGiven().IsMatch(text))
        {
            date = date.AddYears(1);
        }

        return true;
    }

    private static int ExpandYear(int year) => year < 100 ? 2000 + year : year;

    private static bool TryBuild(int day, int month, int? year, DateOnly today, bool preferPast, out DateOnly date)
    {
        date = default;
        if (month is < 1 or > 12 || day < 1)
        {
            return false;
        }

        var y = year ?? today.Year;
        if (day > DateTime.DaysInMonth(y, month))
        {
            return false;
        }

        date = new DateOnly(y, month, day);
        if (year is null && preferPast && date > today)
        {
            date = date.AddYears(-1);
        }
        else if (year is null && !preferPast && date < today)
        {
            date = date.AddYears(1);
        }

        return true;
    }

    [GeneratedRegex(@"(?<![\p{L}])(сегодня|вчера|позавчера|завтра)(?![\p{L}])", RegexOptions.IgnoreCase)]
    private static partial Regex RelativeDay();

    [GeneratedRegex(@"(?<![\d.])(?<d>\d{1,2})\.(?<m>\d{1,2})(?:\.\s?(?<y>\d{4}|\d{2})(?!\d))?(?![\d])")]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"(?<!\d)(?<d>\d{1,2})\s+(?<m>январ[а-я]*|феврал[а-я]*|март[а-я]*|апрел[а-я]*|ма[яй]|июн[а-я]*|июл[а-я]*|август[а-я]*|сентябр[а-я]*|октябр[а-я]*|ноябр[а-я]*|декабр[а-я]*)(?:\s+(?<y>\d{4}))?", RegexOptions.IgnoreCase)]
    private static partial Regex WordedDate();

    [GeneratedRegex(@"(?:^|\s)(?:с|от)\s+(?<a>\S+(?:\s+[а-я]+)?)\s+(?:по|до)\s+(?<b>\S+(?:\s+[а-я]+)?(?:\s+\d{4})?)")]
    private static partial Regex DateRange();

    [GeneratedRegex(@"(?:этот|текущий|этом|текущем|сей)\s+месяц")]
    private static partial Regex ThisMonth();

    [GeneratedRegex(@"(?<![\p{L}])(?<m>январ[а-я]*|феврал[а-я]*|март[а-я]*|апрел[а-я]*|ма[йяе]|июн[а-я]*|июл[а-я]*|август[а-я]*|сентябр[а-я]*|октябр[а-я]*|ноябр[а-я]*|декабр[а-я]*)(?![\p{L}])(?:\s+(?<y>\d{4}))?")]
    private static partial Regex MonthPhrase();

    [GeneratedRegex(@"(?:за|в)\s+(?:(?<y>\d{4})\s+)?(?:год|году)(?![\p{L}])|(?:за|в)\s+(?<y>\d{4})(?![\d])")]
    private static partial Regex YearPhrase();

    [GeneratedRegex(@"\d{4}|\.\d{2}$")]
    private static partial Regex YearGiven();
}
