namespace SchoolSupport.Schedules;

/// <summary>Reads one roadmap cell (or one chat phrase) that has already been trimmed.</summary>
internal sealed class TimeframeCellParser
{
    /// <summary>
    /// Words a timeframe is made of. A comma-separated part with none of the date tokens and any other word
    /// («36 часов», «1 вебинар в квартал») is a remark, not a timeframe, and goes to Note.
    /// </summary>
    private static readonly HashSet<string> TimeframeWords = new(StringComparer.Ordinal)
    {
        "до", "с", "со", "по", "в", "во", "на", "и", "или", "течение", "года", "год", "году", "годы", "г", "гг",
        "уч", "у", "учебный", "учебного", "учебном", "учебная", "учебные", "постоянно", "непрерывно", "бессрочно",
        "запросу", "запросам", "запрос", "отдельному", "специальному", "индивидуальному", "утвержденному",
        "графику", "график", "графиком", "плану", "мере", "необходимости", "требованию", "заявкам", "заявке",
        "ежемесячно", "ежеквартально", "еженедельно", "полугодие", "полугодия", "полугодии", "квартал", "квартала",
        "квартале", "кварталы", "конца", "начала", "начиная", "каждый", "каждую", "каждое", "каждого", "числа",
        "участия", "к", "ко", "не", "позднее", "позже", "i", "ii", "iii", "iv", "период", "периода", "срок", "сроки", "дата", "даты",
    };

    private readonly string _text;
    private readonly string _norm;
    private readonly int? _docYear;
    private readonly int? _academicStart;
    private readonly TimeframeContext _context;
    private readonly List<string> _notes = [];
    private readonly List<Token> _listDates = [];

    public TimeframeCellParser(string trimmedText, TimeframeContext context)
    {
        _text = trimmedText;
        _norm = TimeframeLexer.Normalise(trimmedText);
        _context = context;
        var year = context.DefaultYear ?? context.Today?.Year;
        _docYear = year is >= 1 and <= 9998 ? year : null;
        _academicStart = context.AcademicYearStart is >= 1 and <= 9997 ? context.AcademicYearStart : null;
        if (_academicStart is { } a && context.DefaultYear is null)
        {
            _docYear = a;
        }
    }

    /// <summary>The document's year for a month written without one: in a school-year document September–December
    /// belong to its first year, January–August to the second.</summary>
    private int? DocYear(int month) => _academicStart is { } a ? (month >= 9 ? a : a + 1) : _docYear;

    /// <summary>The whole document period: the school year, else the calendar year.</summary>
    private DateRange? DocSpan() =>
        _academicStart is { } a ? new DateRange(new DateOnly(a, 9, 1), new DateOnly(a + 1, 8, 31))
        : _docYear is { } d ? DateRange.OfYear(d) : null;

    public Timeframe Parse()
    {
        var all = TimeframeLexer.Tokenize(_norm);
        var body = DropNoteSegments(ExtractParentheses(all));
        var result = Interpret(body);
        if (result.Kind == TimeframeKind.Unrecognised && _context.Today is { } today
            && RelativePhrases.FindFirst(_norm, today) is { } phrase)
        {
            _notes.Clear();
            result = FromPhrase(phrase);
        }

        return Finish(result);
    }

    private Timeframe Finish(Timeframe tf)
    {
        if (tf.Kind == TimeframeKind.Unrecognised)
        {
            return Timeframe.Unrecognised(_text);
        }

        var (start, end) = (tf.Start, tf.End);
        if (start is { } s && end is { } e && s > e)
        {
            (start, end) = (e, s);
        }

        var note = _notes.Count == 0 ? tf.Note : string.Join("; ", tf.Note is null ? _notes : _notes.Prepend(tf.Note));
        return tf with { Start = start, End = end, Note = note };
    }

    private Timeframe FromPhrase(RelativePhrases.PhraseMatch phrase)
    {
        var start = phrase.Kind == TimeframeKind.Deadline ? (DateOnly?)null : phrase.From;
        var tf = Make(phrase.Kind, start, phrase.To);
        return phrase.Kind == TimeframeKind.Month ? tf with { Periods = [new DateRange(phrase.From, phrase.To)] } : tf;
    }

    // ---- preparation -------------------------------------------------------------------------------------

    private List<Token> ExtractParentheses(List<Token> all)
    {
        var body = new List<Token>(all.Count);
        for (var i = 0; i < all.Count; i++)
        {
            if (all[i].Kind == TokenKind.RParen)
            {
                continue;
            }

            if (all[i].Kind != TokenKind.LParen)
            {
                body.Add(all[i]);
                continue;
            }

            var close = i + 1;
            while (close < all.Count && all[close].Kind != TokenKind.RParen)
            {
                close++;
            }

            var inner = all.GetRange(i + 1, close - i - 1);
            if (inner.Any(t => t.Kind == TokenKind.Date))
            {
                _listDates.AddRange(inner.Where(t => t.Kind == TokenKind.Date));
            }
            else
            {
                var from = all[i].End;
                var to = close < all.Count ? all[close].Start : _text.Length;
                AddNote(from, to);
            }

            i = close;
        }

        return body;
    }

    private List<Token> DropNoteSegments(List<Token> tokens)
    {
        var kept = new List<Token>(tokens.Count);
        var segment = new List<Token>();
        for (var i = 0; i <= tokens.Count; i++)
        {
            if (i < tokens.Count && tokens[i].Kind != TokenKind.Comma)
            {
                segment.Add(tokens[i]);
                continue;
            }

            if (segment.Count > 0 && !IsRemark(segment))
            {
                if (kept.Count > 0)
                {
                    kept.Add(new Token { Kind = TokenKind.Comma, Start = segment[0].Start, End = segment[0].Start });
                }

                kept.AddRange(segment);
            }
            else if (segment.Count > 0)
            {
                AddNote(segment[0].Start, segment[^1].End);
            }

            segment.Clear();
        }

        return kept;
    }

    private static bool IsRemark(List<Token> segment)
    {
        if (segment.Any(t => t.Kind is TokenKind.Date or TokenKind.Month or TokenKind.Year or TokenKind.Weekday))
        {
            return false;
        }

        return segment.Any(t => t.Kind == TokenKind.Word && !TimeframeWords.Contains(t.Word)
            && !t.Word.StartsWith("ежемесяч", StringComparison.Ordinal)
            && !t.Word.StartsWith("еженедел", StringComparison.Ordinal)
            && !t.Word.StartsWith("ежекварт", StringComparison.Ordinal)
            && TimeframeLexer.OrdinalValue(t) is null);
    }

    private void AddNote(int from, int to)
    {
        if (from >= to || to > _text.Length)
        {
            return;
        }

        var note = _text[from..to].Trim().Trim(',', ';', '.', ' ', '-', '–', '—').Trim();
        if (note.Length > 0)
        {
            _notes.Add(note);
        }
    }

    // ---- interpretation ----------------------------------------------------------------------------------

    private Timeframe Interpret(List<Token> t)
    {
        if (t.Count == 0)
        {
            return _listDates.Count > 0 ? DateList(t) : Unknown();
        }

        if (IsRecurring(t))
        {
            return Recurring(t);
        }

        if (_listDates.Count > 0)
        {
            return DateList(t);
        }

        var hasDates = t.Any(x => x.Kind == TokenKind.Date);
        var hasMonths = t.Any(x => x.Kind == TokenKind.Month);
        if (hasDates)
        {
            return DateForms(t);
        }

        if (hasMonths)
        {
            return MonthForms(t);
        }

        if (Has(t, "постоянно") || Has(t, "непрерывно") || Has(t, "бессрочно"))
        {
            return Make(TimeframeKind.Continuous, YearSpan(t));
        }

        if (t.Any(x => x.Kind == TokenKind.Word && x.Word is "запросу" or "запросам" or "запрос" or "необходимости"
                or "требованию" or "заявкам" or "заявке" or "графику" or "графиком"))
        {
            // Only a year written in the text, or «в течение года», gives the span; «по запросу» alone has none.
            var explicitYear = t.FirstOrDefault(x => x.Kind == TokenKind.Year)?.Value;
            var span = explicitYear is { } y ? DateRange.OfYear(y)
                : Has(t, "течение") && (Has(t, "года") || Has(t, "год")) ? DocSpan()
                : (DateRange?)null;
            return Make(TimeframeKind.OnRequest, span);
        }

        if (HalfOrQuarter(t) is { } part)
        {
            return part;
        }

        if (t.Any(x => x.Kind == TokenKind.Year))
        {
            return YearForms(t);
        }

        if (Has(t, "течение") && (Has(t, "года") || Has(t, "год")))
        {
            return Make(TimeframeKind.Continuous, YearSpan(t));
        }

        return Unknown();
    }

    private static Timeframe Unknown() => Timeframe.Unrecognised("");

    private Timeframe Make(TimeframeKind kind, DateOnly? start, DateOnly? end) =>
        new(_text, kind, start, end, [], [], null);

    private Timeframe Make(TimeframeKind kind, DateRange? span) => Make(kind, span?.Start, span?.End);

    private DateRange? YearSpan(List<Token> t)
    {
        var year = t.FirstOrDefault(x => x.Kind == TokenKind.Year)?.Value;
        return year is { } y ? DateRange.OfYear(y) : DocSpan();
    }

    private static bool Has(List<Token> t, string word) => t.Any(x => x.IsWord(word));

    /// <summary>The year written outside the dates («Ноябрь 2022 года (15.11, 17.11)»), else the document's.</summary>
    private static int? YearHint(List<Token> t) =>
        t.FirstOrDefault(x => x.Kind == TokenKind.Year)?.Value
        ?? t.FirstOrDefault(x => x.Kind is TokenKind.Month or TokenKind.Date && x.Year != 0)?.Year;

    /// <summary>
    /// Years for a sequence of (month, day) written in order. An item without a year takes it from the next item
    /// that has one, one year earlier if it would otherwise come after it («ноябрь – февраль 2023» is Nov 2022);
    /// items after the last stated year continue from the previous one, rolling over a year end.
    /// </summary>
    private int?[] ResolveYears(IReadOnlyList<(int Month, int Day, int Year)> items, int? hint)
    {
        var years = new int?[items.Count];
        int? next = null;
        var nextKey = 0;
        for (var i = items.Count - 1; i >= 0; i--)
        {
            var key = (items[i].Month * 100) + items[i].Day;
            if (items[i].Year != 0)
            {
                years[i] = items[i].Year;
            }
            else if (next is { } n)
            {
                years[i] = key > nextKey ? n - 1 : n;
            }

            if (years[i] is not null)
            {
                next = years[i];
                nextKey = key;
            }
        }

        int? prev = null;
        var prevKey = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var key = (items[i].Month * 100) + items[i].Day;
            years[i] ??= prev is { } p ? (key < prevKey ? p + 1 : p) : hint ?? DocYear(items[i].Month);
            prev = years[i];
            prevKey = key;
        }

        return years;
    }

    private static DateOnly? MakeDate(int? year, int month, int day) =>
        year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year.Value, month)
            ? new DateOnly(year.Value, month, day)
            : null;

    /// <summary>Splits date or month tokens into groups: a dash, «по» or «до» between two joins them into a span.</summary>
    private static List<(int First, int Last)> Group(List<Token> t, List<int> positions)
    {
        var groups = new List<(int First, int Last)>();
        for (var k = 0; k < positions.Count; k++)
        {
            var joined = k > 0 && Enumerable.Range(positions[k - 1] + 1, positions[k] - positions[k - 1] - 1)
                .Any(i => t[i].Kind == TokenKind.Dash || t[i].IsWord("по") || t[i].IsWord("до"));
            if (joined)
            {
                groups[^1] = (groups[^1].First, k);
            }
            else
            {
                groups.Add((k, k));
            }
        }

        return groups;
    }

    private static List<string> WordsBefore(List<Token> t, int index) =>
        t.Take(index).Where(x => x.Kind == TokenKind.Word).Select(x => x.Word).ToList();

    /// <summary>«до 15 марта», «к 15 марта», «не позднее 15.03.2022».</summary>
    private static bool IsDeadline(List<string> prefix) =>
        prefix.Contains("до") || prefix.Contains("к") || prefix.Contains("ко") || prefix.Contains("позднее") || prefix.Contains("позже");

    private static bool IsOpenStart(List<string> prefix) =>
        prefix.Contains("с") || prefix.Contains("со") || prefix.Contains("начиная") || prefix.Contains("после");

    private Timeframe DateForms(List<Token> t)
    {
        var positions = Enumerable.Range(0, t.Count).Where(i => t[i].Kind == TokenKind.Date).ToList();
        var years = ResolveYears(positions.Select(i => (t[i].Month, t[i].Value, t[i].Year)).ToList(), YearHint(t));
        var dates = new List<DateOnly?>(positions.Count);
        for (var k = 0; k < positions.Count; k++)
        {
            var d = MakeDate(years[k], t[positions[k]].Month, t[positions[k]].Value);
            if (d is null && years[k] is not null)
            {
                return Unknown(); // 31.02 and the like
            }

            dates.Add(d);
        }

        var groups = Group(t, positions);
        var prefix = WordsBefore(t, positions[0]);
        if (groups.Count == 1 && groups[0].First == groups[0].Last)
        {
            var day = dates[0];
            if (IsDeadline(prefix) || (prefix.Contains("по") && !IsOpenStart(prefix)))
            {
                return Make(TimeframeKind.Deadline, null, day);
            }

            // «с 07.02.2022» has no stated end; inventing one would make it look due on a day nobody wrote.
            return IsOpenStart(prefix) ? Make(TimeframeKind.Range, day, null) : Make(TimeframeKind.Date, day, day);
        }

        if (groups.All(g => g.First == g.Last))
        {
            var list = dates.OfType<DateOnly>().Distinct().Order().ToList();
            return list.Count == 0
                ? Make(TimeframeKind.DateList, null, null)
                : new Timeframe(_text, TimeframeKind.DateList, list[0], list[^1], list, [], null);
        }

        var spans = new List<DateRange>();
        foreach (var (first, last) in groups)
        {
            if (dates[first] is { } a && dates[last] is { } b)
            {
                spans.Add(a <= b ? new DateRange(a, b) : new DateRange(b, a));
            }
        }

        if (spans.Count == 0)
        {
            return Make(TimeframeKind.Range, null, null);
        }

        var range = Make(TimeframeKind.Range, spans.Min(s => s.Start), spans.Max(s => s.End));
        return groups.Count == 1 ? range : range with { Periods = spans };
    }

    private Timeframe MonthForms(List<Token> t)
    {
        var positions = Enumerable.Range(0, t.Count).Where(i => t[i].Kind == TokenKind.Month).ToList();
        var years = ResolveYears(positions.Select(i => (t[i].Month, 1, t[i].Year)).ToList(), YearHint(t));
        var spans = new List<DateRange?>();
        for (var k = 0; k < positions.Count; k++)
        {
            spans.Add(years[k] is { } y && y is >= 1 and <= 9999 ? DateRange.OfMonth(y, t[positions[k]].Month) : null);
        }

        var groups = Group(t, positions);
        var prefix = WordsBefore(t, positions[0]);
        if (IsDeadline(prefix))
        {
            // «до конца марта» is 31 March; «до марта» means before March begins.
            var last = spans[^1];
            var end = prefix.Contains("конца") ? last?.End : last?.Start.AddDays(-1);
            return Make(TimeframeKind.Deadline, null, end);
        }

        if (groups.Count == 1 && groups[0].First == groups[0].Last)
        {
            var month = spans[0];
            if (IsOpenStart(prefix))
            {
                return Make(TimeframeKind.Range, month?.Start, null);
            }

            return Make(TimeframeKind.Month, month) with { Periods = month is { } m ? [m] : [] };
        }

        var periods = new List<DateRange>();
        foreach (var (first, last) in groups)
        {
            if (spans[first] is { } a && spans[last] is { } b)
            {
                periods.Add(new DateRange(a.Start, b.End));
            }
        }

        var kind = groups.Count == 1 ? TimeframeKind.Range : TimeframeKind.Months;
        if (periods.Count == 0)
        {
            return Make(kind, null, null);
        }

        return Make(kind, periods.Min(p => p.Start), periods.Max(p => p.End)) with { Periods = periods };
    }

    private Timeframe YearForms(List<Token> t)
    {
        var first = t.FindIndex(x => x.Kind == TokenKind.Year);
        var y1 = t[first].Value;
        int? y2 = null;
        if (first + 2 < t.Count && t[first + 1].Kind is TokenKind.Dash or TokenKind.Slash)
        {
            var second = t[first + 2];
            if (second.Kind == TokenKind.Year)
            {
                y2 = second.Value;
            }
            else if (second.Kind == TokenKind.Number && second.Value < 100)
            {
                // «2023-24 уч.г.»
                var candidate = (y1 / 100 * 100) + second.Value;
                y2 = candidate < y1 ? candidate + 100 : candidate;
            }
        }

        var academic = t.Any(x => x.IsWord("уч") || x.IsWordStarting("учебн") || (x.IsWord("у") && Has(t, "г")));
        if (y2 is { } last)
        {
            var (a, b) = y1 <= last ? (y1, last) : (last, y1);
            return academic
                ? Make(TimeframeKind.Period, new DateOnly(a, 9, 1), new DateOnly(a == b ? a + 1 : b, 8, 31))
                : Make(TimeframeKind.Period, new DateOnly(a, 1, 1), new DateOnly(b, 12, 31));
        }

        var prefix = WordsBefore(t, first);
        if (IsDeadline(prefix))
        {
            return Make(TimeframeKind.Deadline, null, new DateOnly(prefix.Contains("конца") ? y1 : y1 - 1, 12, 31));
        }

        if (IsOpenStart(prefix))
        {
            return Make(TimeframeKind.Range, new DateOnly(y1, 1, 1), null);
        }

        if (academic)
        {
            return Make(TimeframeKind.Period, new DateOnly(y1, 9, 1), new DateOnly(y1 + 1, 8, 31));
        }

        return Make(TimeframeKind.Period, DateRange.OfYear(y1));
    }

    private Timeframe? HalfOrQuarter(List<Token> t)
    {
        for (var i = 1; i < t.Count; i++)
        {
            var half = t[i].IsWordStarting("полугод");
            var quarter = t[i].IsWordStarting("квартал");
            if (!half && !quarter)
            {
                continue;
            }

            var n = TimeframeLexer.OrdinalValue(t[i - 1]);
            if (n is null || n < 1 || n > (half ? 2 : 4))
            {
                continue;
            }

            var year = t.FirstOrDefault(x => x.Kind == TokenKind.Year)?.Value ?? _docYear;
            if (year is not { } y)
            {
                return Make(TimeframeKind.Period, null, null);
            }

            var months = half ? 6 : 3;
            var start = new DateOnly(y, ((n.Value - 1) * months) + 1, 1);
            return Make(TimeframeKind.Period, start, start.AddMonths(months).AddDays(-1));
        }

        return null;
    }

    private Timeframe DateList(List<Token> t)
    {
        var hint = YearHint(t);
        var years = ResolveYears(_listDates.Select(x => (x.Month, x.Value, x.Year)).ToList(), hint);
        var dates = new List<DateOnly>();
        for (var k = 0; k < _listDates.Count; k++)
        {
            if (MakeDate(years[k], _listDates[k].Month, _listDates[k].Value) is { } d)
            {
                dates.Add(d);
            }
        }

        dates = dates.Distinct().Order().ToList();
        return dates.Count == 0
            ? Make(TimeframeKind.DateList, null, null)
            : new Timeframe(_text, TimeframeKind.DateList, dates[0], dates[^1], dates, [], null);
    }

    // ---- recurrences -------------------------------------------------------------------------------------

    private static bool IsRecurring(List<Token> t) =>
        t.Any(x => x.Kind == TokenKind.Weekday || x.IsWordStarting("еженедел") || x.IsWordStarting("ежемесяч")
            || x.IsWordStarting("ежекварт"));

    private Timeframe Recurring(List<Token> t)
    {
        var start = FindBoundary(t, ["с", "со", "начиная"], atEnd: false);
        var explicitEnd = FindBoundary(t, ["по", "до"], atEnd: true);
        var year = start?.Year ?? _docYear;
        var docSpan = DocSpan();
        DateOnly? end = explicitEnd
            ?? (docSpan is { } span && (start is null || (_academicStart is not null && start <= span.End)) ? span.End
                : year is { } y ? new DateOnly(y, 12, 31) : null);

        var rules = new List<RecurrenceRule>();
        var clauseStart = 0;
        for (var i = 0; i <= t.Count; i++)
        {
            if (i < t.Count && t[i].Kind != TokenKind.Semicolon)
            {
                continue;
            }

            AddRules(t.GetRange(clauseStart, i - clauseStart), start, end, rules);
            clauseStart = i + 1;
        }

        if (rules.Count == 0)
        {
            return Unknown();
        }

        var graph = t.FirstOrDefault(x => x.IsWord("графику") || x.IsWord("графиком"));
        string? note = null;
        if (graph is not null)
        {
            var idx = t.IndexOf(graph);
            var from = idx > 0 && t[idx - 1].Kind == TokenKind.Word ? t[idx - 1].Start : graph.Start;
            note = _text[from..graph.End];
        }

        var tfStart = start ?? DocSpan()?.Start;
        return new Timeframe(_text, TimeframeKind.Recurring, tfStart, end, [], rules, note);
    }

    private void AddRules(List<Token> clause, DateOnly? start, DateOnly? end, List<RecurrenceRule> rules)
    {
        if (clause.Count == 0)
        {
            return;
        }

        RecurrenceFrequency? frequency =
            clause.Any(x => x.IsWordStarting("еженедел")) ? RecurrenceFrequency.Weekly
            : clause.Any(x => x.IsWordStarting("ежемесяч")) ? RecurrenceFrequency.Monthly
            : clause.Any(x => x.IsWordStarting("ежекварт")) ? RecurrenceFrequency.Quarterly
            : null;

        var weekdays = clause.Where(x => x.Kind == TokenKind.Weekday).ToList();
        if (weekdays.Count == 0)
        {
            if (frequency is { } f)
            {
                rules.Add(new RecurrenceRule(f, null, [], start, end, null));
            }

            return;
        }

        var firstDay = clause.IndexOf(weekdays[0]);
        var lastDay = clause.IndexOf(weekdays[^1]);
        var weeks = clause.Take(firstDay)
            .Where(x => x.Kind == TokenKind.Number || x.Kind == TokenKind.Word)
            .Select(TimeframeLexer.OrdinalValue)
            .OfType<int>()
            .Distinct()
            .ToList();
        weeks.Sort((a, b) => (a < 0 ? 99 : a).CompareTo(b < 0 ? 99 : b));

        string? audience = null;
        var dash = clause.FindIndex(lastDay + 1, x => x.Kind == TokenKind.Dash);
        if (dash >= 0 && dash + 1 < clause.Count)
        {
            var text = _text[clause[dash + 1].Start..clause[^1].End].Trim().TrimEnd(',', '.', ';').Trim();
            audience = text.Length > 0 ? text : null;
        }

        var byWeekday = weeks.Count > 0 && frequency != RecurrenceFrequency.Weekly;
        foreach (var day in weekdays.Select(w => (DayOfWeek)w.Value).Distinct())
        {
            rules.Add(byWeekday
                ? new RecurrenceRule(RecurrenceFrequency.MonthlyByWeekday, day, weeks, start, end, audience)
                : new RecurrenceRule(RecurrenceFrequency.Weekly, day, [], start, end, audience));
        }
    }

    private DateOnly? FindBoundary(List<Token> t, string[] words, bool atEnd)
    {
        for (var i = 0; i + 1 < t.Count; i++)
        {
            if (t[i].Kind != TokenKind.Word || !words.Contains(t[i].Word))
            {
                continue;
            }

            var next = t[i + 1];
            if (next.IsWord("с") && i + 2 < t.Count)
            {
                next = t[i + 2];
            }

            switch (next.Kind)
            {
                case TokenKind.Date:
                    return MakeDate(next.Year != 0 ? next.Year : DocYear(next.Month), next.Month, next.Value);
                case TokenKind.Month:
                    var year = next.Year != 0 ? next.Year : DocYear(next.Month);
                    if (year is not { } y)
                    {
                        return null;
                    }

                    var month = DateRange.OfMonth(y, next.Month);
                    return atEnd ? month.End : month.Start;
                case TokenKind.Year:
                    return atEnd ? new DateOnly(next.Value, 12, 31) : new DateOnly(next.Value, 1, 1);
            }
        }

        return null;
    }
}
