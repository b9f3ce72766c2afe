using System.Globalization;
using System.Text.RegularExpressions;

namespace SchoolSupport.Roadmaps.Documents;

/// <summary>
/// Measurable targets stated in an indicator: «Не менее 85% ВКС» → 85 %, «Проведено не менее 8 совещаний» → 8,
/// «10 кандидатов … (100%)» → 10 and 100 %. The first percentage and the first count win.
/// </summary>
internal static partial class TargetExtractor
{
    // Numbers that measure time or grade, not how many things must happen («в 1 полугодии», «9-х классов», «2 год участия»).
    private static readonly string[] NotCountedStems =
    [
        "полугод", "квартал", "год", "класс", "этап", "час", "четверт", "лет", "недел", "месяц", "дн", "день", "числ", "модул",
        "уровн", "ступен", "тур",
    ];

    public static (decimal? Percent, int? Count) Extract(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        decimal? percent = null;
        var percentMatch = Percent().Match(text);
        if (percentMatch.Success
            && decimal.TryParse(percentMatch.Groups["n"].Value.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            && value <= 100)
        {
            percent = value;
        }

        int? count = null;
        foreach (Match match in Count().Matches(text))
        {
            var number = match.Groups["n"].Value;
            var word = match.Groups["word"].Value.ToLowerInvariant();
            if (number.Length == 4 && (number.StartsWith("19", StringComparison.Ordinal) || number.StartsWith("20", StringComparison.Ordinal)))
            {
                continue;
            }

            if (NotCountedStems.Any(stem => word.StartsWith(stem, StringComparison.Ordinal)) || InsideParentheses(text, match.Index))
            {
                continue;
            }

            if (int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0)
            {
                count = parsed;
                break;
            }
        }

        return (percent, count);
    }

    private static bool InsideParentheses(string text, int index)
    {
        var depth = 0;
        for (var i = 0; i < index; i++)
        {
            if (text[i] == '(')
            {
                depth++;
            }
            else if (text[i] == ')' && depth > 0)
            {
                depth--;
            }
        }

        return depth > 0;
    }

    [GeneratedRegex(@"(?<![\d.,])(?<n>\d{1,3}(?:[.,]\d{1,2})?)\s?%")]
    private static partial Regex Percent();

    [GeneratedRegex(@"(?<![\d.,/:\-–])(?<n>\d{1,6})(?![\d.,/:%\-–])(?!\s*%)\s+(?<word>[а-яА-ЯёЁ]+)")]
    private static partial Regex Count();
}
