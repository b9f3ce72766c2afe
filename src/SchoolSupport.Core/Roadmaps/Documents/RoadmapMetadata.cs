using System.Text.RegularExpressions;

namespace SchoolSupport.Roadmaps.Documents;

/// <summary>Title, year and region, read from the text above the table (order, appendix heading).</summary>
internal static partial class RoadmapMetadata
{
    /// <summary>
    /// The title is the last short line before the table that names the document kind («План-график», «Дорожная карта»,
    /// «Программа»), together with the lines that continue it. Long prose and numbered order clauses are skipped.
    /// </summary>
    public static string? FindTitle(IReadOnlyList<string> preamble)
    {
        for (var i = preamble.Count - 1; i >= 0; i--)
        {
            var line = preamble[i];
            if (!IsTitleLine(line) || !TitleKeyword().IsMatch(line))
            {
                continue;
            }

            var parts = new List<string> { line };
            var sawBlank = false;
            for (var j = i + 1; j < preamble.Count && parts.Count < 6; j++)
            {
                var next = preamble[j];
                if (next.Length == 0)
                {
                    sawBlank = true;
                    continue;
                }

                var continues = char.IsLower(next[0]) || (!sawBlank && IsTitleLine(next) && next.Length <= 200);
                if (!continues)
                {
                    break;
                }

                parts.Add(next);
                sawBlank = false;
            }

            return string.Join(" ", parts);
        }

        return null;
    }

    public static int? YearFromTitle(string title)
    {
        var phrase = YearPhrase().Match(title);
        if (phrase.Success)
        {
            return int.Parse(phrase.Groups["y"].Value);
        }

        var any = AnyYear().Match(title);
        return any.Success ? int.Parse(any.Value) : null;
    }

    /// <summary>
    /// The first year of the school year a document is written for («на 2023-2024 учебный год», «2023/24 уч. г.»),
    /// or null for a calendar-year document.
    /// </summary>
    public static int? AcademicYearStart(IEnumerable<string> texts)
    {
        foreach (var text in texts)
        {
            var match = AcademicYear().Match(text);
            if (!match.Success)
            {
                continue;
            }

            var first = int.Parse(match.Groups["a"].Value);
            var second = match.Groups["b"].Value;
            var last = second.Length == 2 ? (first / 100 * 100) + int.Parse(second) : int.Parse(second);
            if (last == first + 1)
            {
                return first;
            }
        }

        return null;
    }

    /// <summary>The most frequent year written in the timeframes; ties go to the later year.</summary>
    public static int? YearFromTimeframes(IEnumerable<string> timeframes)
    {
        var counts = new Dictionary<int, int>();
        foreach (var text in timeframes)
        {
            foreach (Match match in AnyYear().Matches(text))
            {
                var year = int.Parse(match.Value);
                counts[year] = counts.GetValueOrDefault(year) + 1;
            }
        }

        return counts.Count == 0 ? null : counts.OrderByDescending(p => p.Value).ThenByDescending(p => p.Key).First().Key;
    }

    /// <summary>The first region named in the given texts, in nominative form («Ленинградской области» → «Ленинградская область»).</summary>
    public static string? FindRegion(IEnumerable<string> texts)
    {
        foreach (var text in texts)
        {
            var city = City().Match(text);
            var oblast = Oblast().Match(text);
            var krai = Krai().Match(text);
            var republic = Republic().Match(text);
            var okrug = Okrug().Match(text);
            var best = new[] { city, oblast, krai, republic, okrug }.Where(m => m.Success).OrderBy(m => m.Index).FirstOrDefault();
            if (best is null)
            {
                continue;
            }

            if (best == city)
            {
                return city.Groups["name"].Value switch
                {
                    var n when n.StartsWith("Санкт", StringComparison.Ordinal) => "Санкт-Петербург",
                    var n when n.StartsWith("Москв", StringComparison.Ordinal) => "Москва",
                    _ => "Севастополь",
                };
            }

            if (best == oblast)
            {
                return $"{oblast.Groups["stem"].Value}{oblast.Groups["suffix"].Value}ая область";
            }

            if (best == krai)
            {
                return $"{krai.Groups["stem"].Value}{krai.Groups["suffix"].Value}ий край";
            }

            if (best == okrug)
            {
                return $"{okrug.Groups["stem"].Value}{okrug.Groups["suffix"].Value}ий автономный округ";
            }

            return $"Республика {republic.Groups["name"].Value}";
        }

        return null;
    }

    private static bool IsTitleLine(string line) =>
        line.Length is > 0 and <= 300 && !line.EndsWith('.') && !char.IsDigit(line[0]);

    [GeneratedRegex(@"план[\s-]*график|дорожн\w*\s+карт|программ|план\w*\s+мероприяти|план\s+работы|комплекс\s+мер", RegexOptions.IgnoreCase)]
    private static partial Regex TitleKeyword();

    [GeneratedRegex(@"(?:в|на)\s+(?<y>(?:19|20)\d{2})\s*(?:год|г\.|гг|уч)", RegexOptions.IgnoreCase)]
    private static partial Regex YearPhrase();

    [GeneratedRegex(@"(?<!\d)(?:19|20)\d{2}(?!\d)")]
    private static partial Regex AnyYear();

    [GeneratedRegex(@"(?<!\d)(?<a>20\d{2})\s*[-–—/]\s*(?<b>20\d{2}|\d{2})(?!\d)\s*(?:гг?\.?\s*)?(?:уч\.?\s*г|учебн)", RegexOptions.IgnoreCase)]
    private static partial Regex AcademicYear();

    [GeneratedRegex(@"(?<name>Санкт-Петербург|Москв(?:а|ы|е)\b|Севастопол)")]
    private static partial Regex City();

    [GeneratedRegex(@"(?<stem>[А-ЯЁ][а-яё]+?)(?<suffix>ск|цк)(?:ой|ая)\s+област")]
    private static partial Regex Oblast();

    [GeneratedRegex(@"(?<stem>[А-ЯЁ][а-яё]+?)(?<suffix>ск|цк)(?:ого|ий)\s+кра[яй]")]
    private static partial Regex Krai();

    [GeneratedRegex(@"(?<stem>[А-ЯЁ][а-яё-]+?)(?<suffix>ск|цк)(?:ого|ий)\s+автономн")]
    private static partial Regex Okrug();

    [GeneratedRegex(@"Республик[аи]\s+(?<name>[А-ЯЁ][а-яё]+(?:\s*\([А-ЯЁ][а-яё]+\))?)")]
    private static partial Regex Republic();
}
