namespace SchoolSupport.Schedules;

internal enum TokenKind
{
    Number,
    Date,
    Month,
    Year,
    Weekday,
    Word,
    Dash,
    Comma,
    Semicolon,
    Slash,
    LParen,
    RParen,
}

/// <summary>
/// One lexical unit. Start/End index the normalised text, which has the same length as the original,
/// so slices of the original (notes, audiences) can be cut by the same positions.
/// </summary>
internal sealed class Token
{
    public TokenKind Kind;
    public int Start;
    public int End;

    /// <summary>Number value, day of a Date, year of a Year, (int)DayOfWeek of a Weekday.</summary>
    public int Value;

    public int Month;

    /// <summary>Year stated next to a Date or Month; 0 when not stated.</summary>
    public int Year;

    /// <summary>«2-й», «2-е»: an ordinal, never a day.</summary>
    public bool Ordinal;

    public string Word = "";

    public bool IsWord(string word) => Kind == TokenKind.Word && Word == word;

    public bool IsWordStarting(string prefix) => Kind == TokenKind.Word && Word.StartsWith(prefix, StringComparison.Ordinal);

    public override string ToString() => $"{Kind}:{Value}.{Month}.{Year}{Word}";
}

/// <summary>
/// A hand-written scanner rather than one large regular expression: roadmap cells mix dates with spaces after
/// dots, stray dashes and words in any case form, and a linear scan cannot backtrack catastrophically.
/// </summary>
internal static class TimeframeLexer
{
    private static readonly Dictionary<string, int> Months = BuildMonths();
    private static readonly Dictionary<string, DayOfWeek> Weekdays = BuildWeekdays();

    /// <summary>Lower-cases and unifies ё, dashes and white space while keeping every character's position.</summary>
    public static string Normalise(string text)
    {
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c switch
                {
                    'ё' or 'Ё' => 'е',
                    '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' or '\u2043' or '\uFE58' or '\uFE63' or '\uFF0D' => '-',
                    '\u200B' or '\u200C' or '\u200D' or '\uFEFF' => ' ',
                    _ when char.IsWhiteSpace(c) => ' ',
                    _ => char.ToLowerInvariant(c),
                };
            }
        });
    }

    public static List<Token> Tokenize(string s)
    {
        var list = new List<Token>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsAsciiDigit(c))
            {
                i = ReadNumber(s, i, list);
            }
            else if (char.IsLetter(c))
            {
                var j = i;
                while (j < s.Length && char.IsLetter(s[j]))
                {
                    j++;
                }

                list.Add(MakeWord(s[i..j], i, j));
                i = j;
            }
            else
            {
                var kind = c switch
                {
                    '-' => TokenKind.Dash,
                    ',' => TokenKind.Comma,
                    ';' => TokenKind.Semicolon,
                    '/' or '\\' => TokenKind.Slash,
                    '(' or '[' => TokenKind.LParen,
                    ')' or ']' => TokenKind.RParen,
                    _ => (TokenKind?)null,
                };
                if (kind is { } k)
                {
                    list.Add(new Token { Kind = k, Start = i, End = i + 1 });
                }

                i++;
            }
        }

        Combine(list);
        return list;
    }

    private static int ReadNumber(string s, int i, List<Token> list)
    {
        var n = s.Length;
        var j = i;
        while (j < n && char.IsAsciiDigit(s[j]))
        {
            j++;
        }

        var len = j - i;
        if (len > 6)
        {
            list.Add(new Token { Kind = TokenKind.Word, Start = i, End = j, Word = "#" });
            return j;
        }

        var value = int.Parse(s.AsSpan(i, len), System.Globalization.CultureInfo.InvariantCulture);
        if (len <= 2 && TryReadNumericDate(s, j, value, out var date))
        {
            date.Start = i;
            list.Add(date);
            return date.End;
        }

        if (len == 4 && value is >= 1900 and <= 2199)
        {
            list.Add(new Token { Kind = TokenKind.Year, Start = i, End = j, Value = value });
            return j;
        }

        var token = new Token { Kind = TokenKind.Number, Start = i, End = j, Value = value };
        // «2-й», «2-е», «3-я»: the suffix makes it an ordinal, and keeps «2-е полугодие» from reading as a range.
        var k = j < n && s[j] == '-' ? j + 1 : j;
        var w = k;
        while (w < n && char.IsLetter(s[w]) && w - k < 4)
        {
            w++;
        }

        if (w > k && (w >= n || !char.IsLetter(s[w])) && s[k..w] is "й" or "е" or "я" or "го" or "ой" or "ий" or "ый" or "м" or "ом" or "х" or "ю" or "ое")
        {
            token.Ordinal = true;
            token.End = w;
        }

        list.Add(token);
        return token.End;
    }

    /// <summary>dd.mm, dd.mm., dd.mm.yyyy, dd.mm.yy, and «07.02. 2022» with a space before the year.</summary>
    private static bool TryReadNumericDate(string s, int afterDay, int day, out Token date)
    {
        date = null!;
        var n = s.Length;
        var k = afterDay;
        if (k >= n || s[k] != '.')
        {
            return false;
        }

        k++;
        if (k < n && s[k] == ' ')
        {
            k++;
        }

        var m0 = k;
        while (k < n && char.IsAsciiDigit(s[k]) && k - m0 < 3)
        {
            k++;
        }

        var mlen = k - m0;
        if (mlen is not (1 or 2) || (k < n && char.IsAsciiDigit(s[k])))
        {
            return false;
        }

        var month = int.Parse(s.AsSpan(m0, mlen), System.Globalization.CultureInfo.InvariantCulture);
        if (day is < 1 or > 31 || month is < 1 or > 12)
        {
            return false;
        }

        var year = 0;
        var end = k;
        if (k < n && s[k] == '.')
        {
            end = k + 1;
            var p = end;
            while (p < n && char.IsAsciiDigit(s[p]) && p - end < 5)
            {
                p++;
            }

            var ylen = p - end;
            if (ylen == 4 && (p >= n || !char.IsAsciiDigit(s[p])))
            {
                year = int.Parse(s.AsSpan(end, 4), System.Globalization.CultureInfo.InvariantCulture);
                end = p;
            }
            else if (ylen == 2 && (p >= n || !char.IsAsciiDigit(s[p])))
            {
                // A two-digit year only directly after the dot: «12.03.22». «12.03. 22 учителя» stays a number.
                year = 2000 + int.Parse(s.AsSpan(end, 2), System.Globalization.CultureInfo.InvariantCulture);
                end = p;
            }
            else if (ylen == 0)
            {
                var q = end;
                while (q < n && s[q] == ' ' && q - end < 3)
                {
                    q++;
                }

                var r = q;
                while (r < n && char.IsAsciiDigit(s[r]) && r - q < 5)
                {
                    r++;
                }

                if (r - q == 4 && (r >= n || !char.IsAsciiDigit(s[r])))
                {
                    var y = int.Parse(s.AsSpan(q, 4), System.Globalization.CultureInfo.InvariantCulture);
                    if (y is >= 1900 and <= 2199)
                    {
                        year = y;
                        end = r;
                    }
                }
            }
        }

        if (year != 0 && year is < 1900 or > 2199)
        {
            return false;
        }

        date = new Token { Kind = TokenKind.Date, End = end, Value = day, Month = month, Year = year };
        return true;
    }

    private static Token MakeWord(string word, int start, int end)
    {
        if (Months.TryGetValue(word, out var month))
        {
            return new Token { Kind = TokenKind.Month, Start = start, End = end, Month = month, Word = word };
        }

        if (Weekdays.TryGetValue(word, out var weekday))
        {
            return new Token { Kind = TokenKind.Weekday, Start = start, End = end, Value = (int)weekday, Word = word };
        }

        // Latin «c» typed for Cyrillic «с» is common in Word documents.
        return new Token { Kind = TokenKind.Word, Start = start, End = end, Word = word == "c" ? "с" : word };
    }

    /// <summary>Glues «15» + «марта» into a date, a year onto the date or month before it, «18-22 апреля» into two dates.</summary>
    private static void Combine(List<Token> t)
    {
        for (var i = 0; i + 1 < t.Count; i++)
        {
            if (t[i].Kind == TokenKind.Month && t[i].Year == 0 && t[i + 1].Kind == TokenKind.Year)
            {
                t[i].Year = t[i + 1].Value;
                t[i].End = t[i + 1].End;
                t.RemoveAt(i + 1);
            }
        }

        for (var i = 0; i + 1 < t.Count; i++)
        {
            if (t[i].Kind == TokenKind.Number && !t[i].Ordinal && t[i].Value is >= 1 and <= 31 && t[i + 1].Kind == TokenKind.Month)
            {
                var m = t[i + 1];
                t[i] = new Token { Kind = TokenKind.Date, Start = t[i].Start, End = m.End, Value = t[i].Value, Month = m.Month, Year = m.Year };
                t.RemoveAt(i + 1);
            }
        }

        for (var i = 0; i + 1 < t.Count; i++)
        {
            if (t[i].Kind == TokenKind.Date && t[i].Year == 0 && t[i + 1].Kind == TokenKind.Year)
            {
                t[i].Year = t[i + 1].Value;
                t[i].End = t[i + 1].End;
                t.RemoveAt(i + 1);
            }
        }

        for (var i = t.Count - 3; i >= 0; i--)
        {
            var (a, link, b) = (t[i], t[i + 1], t[i + 2]);
            if (a.Kind == TokenKind.Number && !a.Ordinal && a.Value is >= 1 and <= 31 && b.Kind == TokenKind.Date
                && (link.Kind == TokenKind.Dash || link.IsWord("по") || link.IsWord("до")) && b.Value >= 1)
            {
                t[i] = new Token { Kind = TokenKind.Date, Start = a.Start, End = a.End, Value = a.Value, Month = b.Month };
            }
        }
    }

    public static int? OrdinalValue(Token t)
    {
        if (t.Kind == TokenKind.Number)
        {
            return t.Value is >= 1 and <= 5 ? t.Value : null;
        }

        if (t.Kind != TokenKind.Word)
        {
            return null;
        }

        var w = t.Word;
        return w switch
        {
            "i" => 1,
            "ii" => 2,
            "iii" => 3,
            "iv" => 4,
            _ when w.StartsWith("перв", StringComparison.Ordinal) => 1,
            _ when w.StartsWith("втор", StringComparison.Ordinal) && !w.StartsWith("вторник", StringComparison.Ordinal) => 2,
            _ when w.StartsWith("трет", StringComparison.Ordinal) => 3,
            _ when w.StartsWith("четвер", StringComparison.Ordinal) && !w.StartsWith("четверг", StringComparison.Ordinal) => 4,
            _ when w.StartsWith("пят", StringComparison.Ordinal) && !w.StartsWith("пятниц", StringComparison.Ordinal) => 5,
            _ when w.StartsWith("последн", StringComparison.Ordinal) => -1,
            _ => null,
        };
    }

    private static Dictionary<string, int> BuildMonths()
    {
        var d = new Dictionary<string, int>(StringComparer.Ordinal);
        string[] soft = ["ь", "я", "е", "ю", "ем"];
        string[] hard = ["", "а", "е", "у", "ом"];
        (string Stem, string[] Endings, int Month)[] stems =
        [
            ("январ", soft, 1), ("феврал", soft, 2), ("март", hard, 3), ("апрел", soft, 4), ("ма", ["й", "я", "е", "ю", "ем"], 5),
            ("июн", soft, 6), ("июл", soft, 7), ("август", hard, 8), ("сентябр", soft, 9), ("октябр", soft, 10),
            ("ноябр", soft, 11), ("декабр", soft, 12),
        ];
        foreach (var (stem, endings, month) in stems)
        {
            foreach (var e in endings)
            {
                d[stem + e] = month;
            }
        }

        foreach (var (abbr, month) in new[]
        {
            ("янв", 1), ("фев", 2), ("февр", 2), ("мар", 3), ("апр", 4), ("июн", 6), ("июл", 7), ("авг", 8),
            ("сен", 9), ("сент", 9), ("окт", 10), ("ноя", 11), ("нояб", 11), ("дек", 12),
        })
        {
            d[abbr] = month;
        }

        return d;
    }

    private static Dictionary<string, DayOfWeek> BuildWeekdays()
    {
        var d = new Dictionary<string, DayOfWeek>(StringComparer.Ordinal);
        string[] masculine = ["", "а", "у", "ом", "и", "ам", "ов", "е"];
        string[] feminine = ["а", "у", "ы", "е", "ам", "ой"];
        foreach (var e in masculine)
        {
            d["понедельник" + e] = DayOfWeek.Monday;
            d["вторник" + e] = DayOfWeek.Tuesday;
            d["четверг" + e] = DayOfWeek.Thursday;
        }

        foreach (var e in feminine)
        {
            d["сред" + e] = DayOfWeek.Wednesday;
            d["пятниц" + e] = DayOfWeek.Friday;
            d["суббот" + e] = DayOfWeek.Saturday;
        }

        foreach (var e in new[] { "е", "я", "ю", "ям", "ем" })
        {
            d["воскресень" + e] = DayOfWeek.Sunday;
        }

        return d;
    }
}
