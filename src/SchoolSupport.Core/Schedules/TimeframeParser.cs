namespace SchoolSupport.Schedules;

/// <summary>
/// Understands Russian timeframes as written in roadmaps («17.01-04.02. 2022 года», «Апрель, май 2022 года»,
/// «1 и 3 четверг – 1 год участия») and as typed in chat («на этой неделе», «до 15 марта»).
/// </summary>
/// <remarks>
/// Choices where the text is ambiguous:
/// <list type="bullet">
/// <item>A missing year comes from <see cref="TimeframeContext.DefaultYear"/>, else from Today's year
/// («в марте» in chat is March of the current year, not the nearest March). With neither, the kind is still
/// recognised but Start/End stay null.</item>
/// <item>«с 07.02.2022» / «с марта 2022 г.» (no end written) is a Range with Start set and End null.</item>
/// <item>«до марта» ends on the last day of February; «до конца марта» on 31 March.</item>
/// <item>A month range crossing a year end rolls forward: «ноябрь – февраль» is Nov..Feb of the next year;
/// with a year written only at the end («ноябрь – февраль 2023») the earlier months take the year before.</item>
/// <item>Two months written side by side without a separator («Апрель октябрь 2022 года») are two separate months.</item>
/// <item>Recurrences end on 31 December of their start year (or of the document year); a rule's own Start is
/// set only when the text states it («С марта 2022 г. …»).</item>
/// <item>«по запросу», «по отдельному графику» carry a year span only if a year is written or the text says
/// «в течение года».</item>
/// </list>
/// </remarks>
public static class TimeframeParser
{
    /// <summary>Longer cells are not timeframes; refusing them keeps the parser's cost bounded.</summary>
    internal const int MaxCellLength = 1000;

    internal const int MaxMessageLength = 4000;

    /// <summary>Parses one cell or phrase. Never throws; text it cannot read comes back as Unrecognised with Text kept.</summary>
    public static Timeframe Parse(string? text, TimeframeContext context)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0 || trimmed.Length > MaxCellLength)
        {
            return Timeframe.Unrecognised(trimmed);
        }

        try
        {
            return new TimeframeCellParser(trimmed, context ?? new TimeframeContext()).Parse();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException or FormatException)
        {
            return Timeframe.Unrecognised(trimmed);
        }
    }

    /// <summary>
    /// Finds the first period phrase inside a message («что у нас на этой неделе?», «какие сроки в марте»,
    /// «что сдать до конца месяца») and returns its window, both ends inclusive. For an open deadline such as
    /// «до 15 марта» the window starts today (or on the deadline itself if it has passed); for «с 1 марта» it ends
    /// on 31 December of that year. Relative phrases use today; dates without a year use today's year.
    /// </summary>
    public static bool TryParseWindow(string text, DateOnly today, out DateOnly from, out DateOnly to, out string matchedPhrase)
    {
        from = default;
        to = default;
        matchedPhrase = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        try
        {
            var source = text.Length > MaxMessageLength ? text[..MaxMessageLength] : text;
            var norm = TimeframeLexer.Normalise(source);
            var phrase = RelativePhrases.FindFirst(norm, today);
            var context = new TimeframeContext(null, today);
            foreach (var (start, end) in DateClusters(TimeframeLexer.Tokenize(norm)))
            {
                if (phrase is not null && phrase.Index <= start)
                {
                    break;
                }

                var piece = source[start..end];
                if (TryWindow(Parse(piece, context), today, out from, out to))
                {
                    matchedPhrase = piece.Trim();
                    return true;
                }
            }

            if (phrase is not null)
            {
                (from, to) = (phrase.From, phrase.To);
                matchedPhrase = source.Substring(phrase.Index, phrase.Length);
                return true;
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException or FormatException)
        {
            from = default;
            to = default;
            matchedPhrase = "";
        }

        return false;
    }

    /// <summary>
    /// The year most often written in a document's timeframe cells, for <see cref="TimeframeContext.DefaultYear"/>
    /// when the title does not say it. Null if no cell states a year.
    /// </summary>
    public static int? InferYear(IEnumerable<string?> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var counts = new Dictionary<int, int>();
        foreach (var cell in cells)
        {
            if (string.IsNullOrWhiteSpace(cell) || cell.Length > MaxCellLength)
            {
                continue;
            }

            foreach (var token in TimeframeLexer.Tokenize(TimeframeLexer.Normalise(cell)))
            {
                var year = token.Kind == TokenKind.Year ? token.Value : token.Year;
                if (year != 0)
                {
                    counts[year] = counts.GetValueOrDefault(year) + 1;
                }
            }
        }

        return counts.Count == 0 ? null : counts.OrderByDescending(p => p.Value).ThenByDescending(p => p.Key).First().Key;
    }

    /// <summary>The window a parsed timeframe stands for, if it has one.</summary>
    internal static bool TryWindow(Timeframe tf, DateOnly today, out DateOnly from, out DateOnly to)
    {
        (from, to) = (default, default);
        switch (tf.Kind)
        {
            case TimeframeKind.Deadline when tf.End is { } end:
                (from, to) = (today <= end ? today : end, end);
                return true;
            case TimeframeKind.Range when tf.Start is { } s && tf.End is null:
                (from, to) = (s, new DateOnly(s.Year, 12, 31));
                return true;
            case TimeframeKind.Date or TimeframeKind.Range or TimeframeKind.Month or TimeframeKind.Months
                or TimeframeKind.Period or TimeframeKind.DateList or TimeframeKind.Continuous
                when tf.Start is { } a && tf.End is { } b:
                (from, to) = (a, b);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Runs of date-like tokens in a message: a date, month or year with the little words that shape it
    /// («с», «по», «до», «в», «конца») and the dashes or «по» linking it to the next one.
    /// </summary>
    private static IEnumerable<(int Start, int End)> DateClusters(List<Token> tokens)
    {
        static bool IsPart(Token t) => t.IsWordStarting("полугод") || t.IsWordStarting("квартал");
        static bool IsCore(Token t) => t.Kind is TokenKind.Date or TokenKind.Month or TokenKind.Year || IsPart(t);
        static bool IsLead(Token t) => t.Kind == TokenKind.Word
            && t.Word is "с" or "со" or "до" or "по" or "в" or "во" or "к" or "ко" or "не" or "позднее" or "конца" or "начиная" or "начала" or "течение";
        static bool IsTail(Token t) => t.Kind == TokenKind.Word
            && t.Word is "года" or "год" or "году" or "г" or "гг" or "уч" or "учебный" or "учебного" or "учебном" or "учебному";

        var i = 0;
        while (i < tokens.Count)
        {
            if (!IsCore(tokens[i]))
            {
                i++;
                continue;
            }

            var left = i;
            if (IsPart(tokens[i]) && left > 0 && TimeframeLexer.OrdinalValue(tokens[left - 1]) is not null)
            {
                left--;
            }
            else if (IsPart(tokens[i]))
            {
                i++;
                continue;
            }

            while (left > 0 && IsLead(tokens[left - 1]))
            {
                left--;
            }

            var right = i;
            while (true)
            {
                if (right + 1 < tokens.Count && IsCore(tokens[right + 1]))
                {
                    right++;
                }
                else if (right + 2 < tokens.Count && IsCore(tokens[right + 2])
                    && (tokens[right + 1].Kind is TokenKind.Dash or TokenKind.Comma or TokenKind.Slash
                        || tokens[right + 1].IsWord("по") || tokens[right + 1].IsWord("до") || tokens[right + 1].IsWord("и")))
                {
                    right += 2;
                }
                else
                {
                    break;
                }
            }

            while (right + 1 < tokens.Count && IsTail(tokens[right + 1]))
            {
                right++;
            }

            yield return (tokens[left].Start, tokens[right].End);
            i = right + 1;
        }
    }
}
