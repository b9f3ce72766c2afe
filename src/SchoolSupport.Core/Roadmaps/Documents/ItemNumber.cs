using System.Text.RegularExpressions;

namespace SchoolSupport.Roadmaps.Documents;

internal enum NumberStyle
{
    Arabic,
    Roman,

    /// <summary>«Раздел 2.», «Глава II» — always a heading.</summary>
    Labelled,
}

/// <summary>
/// A number at the start of a cell: «1.1», «2.1.» followed by text, «II.», «Раздел 3». <see cref="Key"/> is the
/// Arabic form used to compare numbering levels, so section «II» is the parent of item «2.1».
/// </summary>
internal sealed partial record ItemNumber(string Value, string Key, NumberStyle Style, string Rest)
{
    public int Depth => Key.Count(c => c == '.') + 1;

    public static ItemNumber? Parse(string cell)
    {
        var text = StripEmphasis(cell.TrimStart());
        if (text.StartsWith('№'))
        {
            text = text[1..].TrimStart();
        }

        if (text.Length == 0)
        {
            return null;
        }

        var labelled = Labelled().Match(text);
        if (labelled.Success)
        {
            var value = labelled.Groups["num"].Value;
            var key = char.IsDigit(value[0]) ? value : RomanToArabic(value)?.ToString();
            return key is null ? null : new ItemNumber(value, key, NumberStyle.Labelled, labelled.Groups["rest"].Value.Trim());
        }

        var arabic = Arabic().Match(text);
        if (arabic.Success)
        {
            var rest = arabic.Groups["rest"].Value;
            var terminated = arabic.Groups["dot"].Success;
            var number = arabic.Groups["num"].Value;
            if (rest.Length == 0 || char.IsWhiteSpace(rest[0]) || (terminated && StartsText(rest)))
            {
                // «15 декабря» is a date, not item 15: a bare one-level number followed by text needs its dot.
                if (rest.Trim().Length > 0 && !terminated && !number.Contains('.'))
                {
                    return null;
                }

                return new ItemNumber(number, number, NumberStyle.Arabic, rest.Trim());
            }

            return null;
        }

        var roman = Roman().Match(text);
        if (roman.Success && RomanToArabic(roman.Groups["num"].Value) is { } romanValue)
        {
            var rest = roman.Groups["rest"].Value;
            if (rest.Length == 0 || char.IsWhiteSpace(rest[0]) || StartsText(rest))
            {
                return new ItemNumber(roman.Groups["num"].Value, romanValue.ToString(), NumberStyle.Roman, rest.Trim());
            }
        }

        return null;
    }

    /// <summary>«*1.*», «_2.1._»: an item number in Markdown italics (bold is already gone from the cell text).</summary>
    private static string StripEmphasis(string text)
    {
        if (text.Length < 3 || text[0] is not ('*' or '_'))
        {
            return text;
        }

        var mark = text[0];
        var close = text.IndexOf(mark, 1);
        return close > 1 && char.IsDigit(text[1]) ? text[1..close] + text[(close + 1)..] : text;
    }

    /// <summary>«000», «00»: OCR of «ООО», «ОО» that landed in the number column of a continuation row.</summary>
    public static bool IsZeroToken(string cell)
    {
        var text = cell.Trim();
        return text.Length >= 2 && text.All(c => c == '0');
    }

    /// <summary>«1.10» follows «1.9», «9» follows «8».</summary>
    public static bool IsSuccessor(string? previousKey, string key)
    {
        if (previousKey is null)
        {
            return false;
        }

        var previous = previousKey.Split('.');
        var current = key.Split('.');
        if (previous.Length != current.Length)
        {
            return false;
        }

        for (var i = 0; i < current.Length - 1; i++)
        {
            if (previous[i] != current[i])
            {
                return false;
            }
        }

        return int.TryParse(previous[^1], out var last) && int.TryParse(current[^1], out var next) && next == last + 1;
    }

    public static bool IsDescendant(string parentKey, string key) =>
        key.Length > parentKey.Length && key.StartsWith(parentKey, StringComparison.Ordinal) && key[parentKey.Length] == '.';

    public static int? RomanToArabic(string roman)
    {
        if (roman.Length is 0 or > 8)
        {
            return null;
        }

        var total = 0;
        for (var i = 0; i < roman.Length; i++)
        {
            var value = RomanDigit(roman[i]);
            var next = i + 1 < roman.Length ? RomanDigit(roman[i + 1]) : 0;
            if (value == 0)
            {
                return null;
            }

            total += value < next ? -value : value;
        }

        return total > 0 && ToRoman(total) == roman ? total : null;
    }

    private static string ToRoman(int value)
    {
        (int Value, string Letters)[] table = [(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
        var result = "";
        foreach (var (digit, letters) in table)
        {
            while (value >= digit)
            {
                result += letters;
                value -= digit;
            }
        }

        return result;
    }

    private static int RomanDigit(char c) => c switch
    {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        'C' => 100,
        _ => 0,
    };

    private static bool StartsText(string rest) => rest.Length > 0 && (char.IsLetter(rest[0]) || rest[0] is '«' or '"' or '(');

    [GeneratedRegex(@"^(?<num>[1-9]\d{0,2}(?:\.[1-9]\d{0,2}){0,4})(?<dot>[.)])?(?<rest>.*)$", RegexOptions.Singleline)]
    private static partial Regex Arabic();

    [GeneratedRegex(@"^(?<num>[IVXLC]{1,8})(?:[.)]|$)(?<rest>.*)$", RegexOptions.Singleline)]
    private static partial Regex Roman();

    [GeneratedRegex(@"^(?:Раздел|Глава|Часть|Блок)\s+(?<num>[IVXLC]{1,8}|[1-9]\d{0,2}(?:\.[1-9]\d{0,2}){0,3})\.?(?:[:.)]|\s|$)(?<rest>.*)$", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Labelled();
}
