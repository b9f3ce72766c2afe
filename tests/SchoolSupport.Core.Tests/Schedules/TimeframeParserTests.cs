using System.Globalization;
using SchoolSupport.Schedules;

namespace SchoolSupport.Core.Tests.Schedules;

public class TimeframeParserTests
{
    private static readonly TimeframeContext Doc2022 = new(DefaultYear: 2022);

    private static DateOnly? D(string? iso) =>
        iso is null ? null : DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void ShouldBe(Timeframe tf, TimeframeKind kind, string? start, string? end)
    {
        tf.Kind.ShouldBe(kind, $"kind of «{tf.Text}»");
        tf.Start.ShouldBe(D(start), $"start of «{tf.Text}»");
        tf.End.ShouldBe(D(end), $"end of «{tf.Text}»");
    }

    // Every example in DOMAIN.md, «Timeframes as written».
    [Theory]
    [InlineData("09.02. 2022 года", TimeframeKind.Date, "2022-02-09", "2022-02-09")]
    [InlineData("29.04. 2022 года", TimeframeKind.Date, "2022-04-29", "2022-04-29")]
    [InlineData("15 декабря", TimeframeKind.Date, "2022-12-15", "2022-12-15")]
    [InlineData("До 26.11.2021 года", TimeframeKind.Deadline, null, "2021-11-26")]
    [InlineData("До 01 марта 2022 года", TimeframeKind.Deadline, null, "2022-03-01")]
    [InlineData("до 10.02. 2022 года", TimeframeKind.Deadline, null, "2022-02-10")]
    [InlineData("17.01-04.02. 2022 года", TimeframeKind.Range, "2022-01-17", "2022-02-04")]
    [InlineData("14.03.-31.03. 2022 года", TimeframeKind.Range, "2022-03-14", "2022-03-31")]
    [InlineData("с 23.05 по 27.05. 2022 года", TimeframeKind.Range, "2022-05-23", "2022-05-27")]
    [InlineData("18-22 апреля 2022 года", TimeframeKind.Range, "2022-04-18", "2022-04-22")]
    [InlineData("17.01.2022 – 04.02.2022", TimeframeKind.Range, "2022-01-17", "2022-02-04")]
    [InlineData("Апрель 2022 года", TimeframeKind.Month, "2022-04-01", "2022-04-30")]
    [InlineData("Март 2022 г.", TimeframeKind.Month, "2022-03-01", "2022-03-31")]
    [InlineData("Февраль-апрель 2022", TimeframeKind.Range, "2022-02-01", "2022-04-30")]
    [InlineData("Октябрь-ноябрь 2022 года", TimeframeKind.Range, "2022-10-01", "2022-11-30")]
    [InlineData("Март – ноябрь 2022", TimeframeKind.Range, "2022-03-01", "2022-11-30")]
    [InlineData("Апрель, май 2022 года", TimeframeKind.Months, "2022-04-01", "2022-05-31")]
    [InlineData("май, сентябрь, октябрь 2022 года", TimeframeKind.Months, "2022-05-01", "2022-10-31")]
    [InlineData("Ноябрь 2022 года (15.11.2022, 17.11.2022, 22.11.2022)", TimeframeKind.DateList, "2022-11-15", "2022-11-22")]
    [InlineData("В течение 2022 года (16.02.2022; 20.04.2022)", TimeframeKind.DateList, "2022-02-16", "2022-04-20")]
    [InlineData("1 и 3 четверг – 1 год участия; 2 и 4 четверг – 2 год участия", TimeframeKind.Recurring, "2022-01-01", "2022-12-31")]
    [InlineData("С марта 2022 г. 2-й и 4-й понедельник", TimeframeKind.Recurring, "2022-03-01", "2022-12-31")]
    [InlineData("С марта 2022 г. ежемесячно", TimeframeKind.Recurring, "2022-03-01", "2022-12-31")]
    [InlineData("С апреля ежеквартально", TimeframeKind.Recurring, "2022-04-01", "2022-12-31")]
    [InlineData("Еженедельно по графику", TimeframeKind.Recurring, "2022-01-01", "2022-12-31")]
    [InlineData("В течение 2022 года", TimeframeKind.Period, "2022-01-01", "2022-12-31")]
    [InlineData("в течение года", TimeframeKind.Continuous, "2022-01-01", "2022-12-31")]
    [InlineData("постоянно", TimeframeKind.Continuous, "2022-01-01", "2022-12-31")]
    [InlineData("2-е полугодие 2022 г.", TimeframeKind.Period, "2022-07-01", "2022-12-31")]
    [InlineData("первое полугодие 2022 года", TimeframeKind.Period, "2022-01-01", "2022-06-30")]
    [InlineData("2023-2024 уч.г.", TimeframeKind.Period, "2023-09-01", "2024-08-31")]
    [InlineData("По запросу", TimeframeKind.OnRequest, null, null)]
    [InlineData("по отдельному графику", TimeframeKind.OnRequest, null, null)]
    public void Parse_DomainExample_ReadsKindAndDates(string text, TimeframeKind kind, string? start, string? end)
    {
        var tf = TimeframeParser.Parse(text, Doc2022);

        ShouldBe(tf, kind, start, end);
        tf.Text.ShouldBe(text.Trim());
    }

    // Real «Дата реализации» / «Сроки реализации» / «Сроки» cells from the three seed roadmaps.
    [Theory]
    [InlineData("20.01.2022", TimeframeKind.Date, "2022-01-20", "2022-01-20")]
    [InlineData("03.03.2022 г.", TimeframeKind.Date, "2022-03-03", "2022-03-03")]
    [InlineData("07.02. 2022", TimeframeKind.Date, "2022-02-07", "2022-02-07")]
    [InlineData("15 декабря 2022 года", TimeframeKind.Date, "2022-12-15", "2022-12-15")]
    [InlineData("До 10.03. 2022 года", TimeframeKind.Deadline, null, "2022-03-10")]
    [InlineData("До 20.12.2021 года", TimeframeKind.Deadline, null, "2021-12-20")]
    [InlineData("01-10 сентября 2022 года", TimeframeKind.Range, "2022-09-01", "2022-09-10")]
    [InlineData("10-25 ноября 2022 года", TimeframeKind.Range, "2022-11-10", "2022-11-25")]
    [InlineData("30.08-20.12. 2022 года", TimeframeKind.Range, "2022-08-30", "2022-12-20")]
    [InlineData("10.03.2022 - 24.03.2022", TimeframeKind.Range, "2022-03-10", "2022-03-24")]
    [InlineData("25.04.2022 –01.06.2022", TimeframeKind.Range, "2022-04-25", "2022-06-01")]
    [InlineData("24.02.2022 – 10.03. 2022", TimeframeKind.Range, "2022-02-24", "2022-03-10")]
    [InlineData("14.03- 18.03. 2022 года", TimeframeKind.Range, "2022-03-14", "2022-03-18")]
    [InlineData("07.02.2022-14.02.2022", TimeframeKind.Range, "2022-02-07", "2022-02-14")]
    [InlineData("25.09.2022-01.11.2022", TimeframeKind.Range, "2022-09-25", "2022-11-01")]
    [InlineData("с 07.02.2022", TimeframeKind.Range, "2022-02-07", null)]
    [InlineData("март", TimeframeKind.Month, "2022-03-01", "2022-03-31")]
    [InlineData("апрель", TimeframeKind.Month, "2022-04-01", "2022-04-30")]
    [InlineData("ноябрь", TimeframeKind.Month, "2022-11-01", "2022-11-30")]
    [InlineData("Февраль 2022", TimeframeKind.Month, "2022-02-01", "2022-02-28")]
    [InlineData("Март 2022 – декабрь 2022", TimeframeKind.Range, "2022-03-01", "2022-12-31")]
    [InlineData("С февраля по декабрь 2022 г.", TimeframeKind.Range, "2022-02-01", "2022-12-31")]
    [InlineData("Ноябрь-декабрь 2022", TimeframeKind.Range, "2022-11-01", "2022-12-31")]
    [InlineData("Октябрь-декабрь 2022 года", TimeframeKind.Range, "2022-10-01", "2022-12-31")]
    [InlineData("февраль –март 2022 года", TimeframeKind.Range, "2022-02-01", "2022-03-31")]
    [InlineData("Февраль-апрель", TimeframeKind.Range, "2022-02-01", "2022-04-30")]
    [InlineData("Апрель октябрь 2022 года", TimeframeKind.Months, "2022-04-01", "2022-10-31")]
    [InlineData("Июнь, ноябрь 2022 г.", TimeframeKind.Months, "2022-06-01", "2022-11-30")]
    [InlineData("январь, сентябрь, ноябрь,", TimeframeKind.Months, "2022-01-01", "2022-11-30")]
    [InlineData("Март, апрель", TimeframeKind.Months, "2022-03-01", "2022-04-30")]
    [InlineData("Октябрь, ноябрь", TimeframeKind.Months, "2022-10-01", "2022-11-30")]
    [InlineData("Февраль, сентябрь-октябрь", TimeframeKind.Months, "2022-02-01", "2022-10-31")]
    [InlineData("Ноябрь 2022 года (15.11.2022, 17.11.2022, 22.11.2022, 24.11.2022, 29.11.2022)", TimeframeKind.DateList, "2022-11-15", "2022-11-29")]
    [InlineData("В течение 2022 года (16.02.2022; 20.04.2022; 12.10.2022; 07.12.2022)", TimeframeKind.DateList, "2022-02-16", "2022-12-07")]
    [InlineData("С апреля 2022 г. 1-й и 3-й понедельник", TimeframeKind.Recurring, "2022-04-01", "2022-12-31")]
    [InlineData("С марта 2022 г. ежеквартально", TimeframeKind.Recurring, "2022-03-01", "2022-12-31")]
    [InlineData("еженедельно", TimeframeKind.Recurring, "2022-01-01", "2022-12-31")]
    [InlineData("В течение 2022 г.", TimeframeKind.Period, "2022-01-01", "2022-12-31")]
    [InlineData("2022 года", TimeframeKind.Period, "2022-01-01", "2022-12-31")]
    [InlineData("второе полугодие 2022 года", TimeframeKind.Period, "2022-07-01", "2022-12-31")]
    [InlineData("в течение первого полугодия 2022 года", TimeframeKind.Period, "2022-01-01", "2022-06-30")]
    [InlineData("2021/2022 учебный год", TimeframeKind.Period, "2021-09-01", "2022-08-31")]
    [InlineData("1 квартал 2022", TimeframeKind.Period, "2022-01-01", "2022-03-31")]
    [InlineData("II квартал 2022 года", TimeframeKind.Period, "2022-04-01", "2022-06-30")]
    [InlineData("В течение года по специальному графику", TimeframeKind.OnRequest, "2022-01-01", "2022-12-31")]
    [InlineData("по графику", TimeframeKind.OnRequest, null, null)]
    [InlineData("35 часов, в течение первого полугодия 2022 года", TimeframeKind.Period, "2022-01-01", "2022-06-30")]
    [InlineData("24 часа, второе полугодие 2022 года", TimeframeKind.Period, "2022-07-01", "2022-12-31")]
    [InlineData("144 часа, в течение 2022 года", TimeframeKind.Period, "2022-01-01", "2022-12-31")]
    [InlineData("36 часов, февраль –март 2022 года", TimeframeKind.Range, "2022-02-01", "2022-03-31")]
    [InlineData("По 36 часов, в течение 2022 года", TimeframeKind.Period, "2022-01-01", "2022-12-31")]
    [InlineData("В течение 2022 года года, 1 вебинар в квартал", TimeframeKind.Period, "2022-01-01", "2022-12-31")]
    public void Parse_SeedCell_ReadsKindAndDates(string text, TimeframeKind kind, string? start, string? end)
    {
        ShouldBe(TimeframeParser.Parse(text, Doc2022), kind, start, end);
    }

    [Theory]
    [InlineData("35 часов, в течение первого полугодия 2022 года", "35 часов")]
    [InlineData("По 36 часов, в течение 2022 года", "По 36 часов")]
    [InlineData("В течение 2022 года года, 1 вебинар в квартал", "1 вебинар в квартал")]
    [InlineData("15.03.2022 (по согласованию со школами)", "по согласованию со школами")]
    public void Parse_CellWithRemark_KeepsRemarkInNote(string text, string note)
    {
        TimeframeParser.Parse(text, Doc2022).Note.ShouldBe(note);
    }

    [Theory]
    [InlineData("17.01-04.02.\u00A02022\nгода", TimeframeKind.Range, "2022-01-17", "2022-02-04")]
    [InlineData("  ДО 01 МАРТА 2022 ГОДА  ", TimeframeKind.Deadline, null, "2022-03-01")]
    [InlineData("С 23.05 ПО 27.05. 2022 г.", TimeframeKind.Range, "2022-05-23", "2022-05-27")]
    [InlineData("сентябрь\r\n2022 г.", TimeframeKind.Month, "2022-09-01", "2022-09-30")]
    [InlineData("12.03.22", TimeframeKind.Date, "2022-03-12", "2022-03-12")]
    [InlineData("с 1 по 15 марта", TimeframeKind.Range, "2022-03-01", "2022-03-15")]
    [InlineData("ноябрь - февраль", TimeframeKind.Range, "2022-11-01", "2023-02-28")]
    [InlineData("ноябрь – февраль 2023", TimeframeKind.Range, "2022-11-01", "2023-02-28")]
    [InlineData("25.12-10.01", TimeframeKind.Range, "2022-12-25", "2023-01-10")]
    [InlineData("2022-2023 гг.", TimeframeKind.Period, "2022-01-01", "2023-12-31")]
    [InlineData("2023-24 уч. год", TimeframeKind.Period, "2023-09-01", "2024-08-31")]
    [InlineData("в 1 полугодии", TimeframeKind.Period, "2022-01-01", "2022-06-30")]
    [InlineData("до конца марта", TimeframeKind.Deadline, null, "2022-03-31")]
    [InlineData("до марта", TimeframeKind.Deadline, null, "2022-02-28")]
    [InlineData("С марта 2022 г.", TimeframeKind.Range, "2022-03-01", null)]
    [InlineData("10.03-24.03, 30.05-13.06. 2022", TimeframeKind.Range, "2022-03-10", "2022-06-13")]
    [InlineData("15.02, 15.03, 15.04.2022", TimeframeKind.DateList, "2022-02-15", "2022-04-15")]
    [InlineData("к 15 марта", TimeframeKind.Deadline, null, "2022-03-15")]
    [InlineData("не позднее 15.03.2022", TimeframeKind.Deadline, null, "2022-03-15")]
    [InlineData("с сентября 2022 по май 2023", TimeframeKind.Range, "2022-09-01", "2023-05-31")]
    [InlineData("4 квартал", TimeframeKind.Period, "2022-10-01", "2022-12-31")]
    [InlineData("I полугодие", TimeframeKind.Period, "2022-01-01", "2022-06-30")]
    [InlineData("ёжемесячно с сентября", TimeframeKind.Recurring, "2022-09-01", "2022-12-31")]
    public void Parse_WrittenVariant_Tolerated(string text, TimeframeKind kind, string? start, string? end)
    {
        ShouldBe(TimeframeParser.Parse(text, Doc2022), kind, start, end);
    }

    [Fact]
    public void Parse_YearMissingAndNoContext_KeepsKindWithoutDates()
    {
        var tf = TimeframeParser.Parse("15 декабря", new TimeframeContext());

        ShouldBe(tf, TimeframeKind.Date, null, null);
    }

    [Fact]
    public void Parse_SeveralMonths_ListsEachMonthAsPeriod()
    {
        var tf = TimeframeParser.Parse("май, сентябрь, октябрь 2022 года", Doc2022);

        tf.Periods.ShouldBe(
        [
            DateRange.OfMonth(2022, 5), DateRange.OfMonth(2022, 9), DateRange.OfMonth(2022, 10),
        ]);
    }

    [Fact]
    public void Parse_MonthsWithRange_ListsSingleMonthAndSpan()
    {
        var tf = TimeframeParser.Parse("Февраль, сентябрь-октябрь", Doc2022);

        tf.Periods.ShouldBe([DateRange.OfMonth(2022, 2), new DateRange(new(2022, 9, 1), new(2022, 10, 31))]);
    }

    [Fact]
    public void Parse_DateList_KeepsEveryDateInOrder()
    {
        var tf = TimeframeParser.Parse("В течение 2022 года (16.02.2022; 20.04.2022; 12.10.2022; 07.12.2022)", Doc2022);

        tf.Dates.ShouldBe([new(2022, 2, 16), new(2022, 4, 20), new(2022, 10, 12), new(2022, 12, 7)]);
    }

    [Fact]
    public void Parse_DateListWithoutYears_TakesYearFromMonthOutsideBrackets()
    {
        var tf = TimeframeParser.Parse("Ноябрь 2023 года (15.11, 17.11)", Doc2022);

        tf.Dates.ShouldBe([new(2023, 11, 15), new(2023, 11, 17)]);
    }

    [Fact]
    public void Parse_ThursdaysPerCohort_BuildsTwoMonthlyByWeekdayRules()
    {
        var tf = TimeframeParser.Parse("1 и 3 четверг – 1 год участия; 2 и 4 четверг – 2 год участия", Doc2022);

        tf.Recurrences.Count.ShouldBe(2);
        var first = tf.Recurrences[0];
        first.Frequency.ShouldBe(RecurrenceFrequency.MonthlyByWeekday);
        first.Weekday.ShouldBe(DayOfWeek.Thursday);
        first.WeeksOfMonth.ShouldBe([1, 3]);
        first.Audience.ShouldBe("1 год участия");
        first.End.ShouldBe(new DateOnly(2022, 12, 31));
        var second = tf.Recurrences[1];
        second.WeeksOfMonth.ShouldBe([2, 4]);
        second.Weekday.ShouldBe(DayOfWeek.Thursday);
        second.Audience.ShouldBe("2 год участия");
    }

    [Theory]
    [InlineData("С марта 2022 г. 2-й и 4-й понедельник", RecurrenceFrequency.MonthlyByWeekday, DayOfWeek.Monday, "2022-03-01")]
    [InlineData("С апреля 2022 г. 1-й и 3-й понедельник", RecurrenceFrequency.MonthlyByWeekday, DayOfWeek.Monday, "2022-04-01")]
    [InlineData("С марта 2022 г. ежемесячно", RecurrenceFrequency.Monthly, null, "2022-03-01")]
    [InlineData("С марта 2022 г. ежеквартально", RecurrenceFrequency.Quarterly, null, "2022-03-01")]
    [InlineData("С апреля ежеквартально", RecurrenceFrequency.Quarterly, null, "2022-04-01")]
    [InlineData("Еженедельно по графику", RecurrenceFrequency.Weekly, null, null)]
    [InlineData("еженедельно по четвергам", RecurrenceFrequency.Weekly, DayOfWeek.Thursday, null)]
    public void Parse_Recurrence_ReadsRule(string text, RecurrenceFrequency frequency, DayOfWeek? weekday, string? start)
    {
        var rule = TimeframeParser.Parse(text, Doc2022).Recurrences.ShouldHaveSingleItem();

        rule.Frequency.ShouldBe(frequency);
        rule.Weekday.ShouldBe(weekday);
        rule.Start.ShouldBe(D(start));
        rule.End.ShouldBe(new DateOnly(2022, 12, 31));
    }

    [Fact]
    public void Parse_WeeklyBySchedule_KeepsScheduleRemarkInNote()
    {
        TimeframeParser.Parse("Еженедельно по графику", Doc2022).Note.ShouldBe("по графику");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n\t ")]
    [InlineData("абракадабра")]
    [InlineData("года")]
    [InlineData("Дата реализации")]
    [InlineData("Проведено не менее 8 совещаний")]
    [InlineData("31.02.2022")]
    [InlineData("99.99.9999")]
    [InlineData("-- ; , ( ) ))) (((")]
    public void Parse_Garbage_ReturnsUnrecognised(string? text)
    {
        var tf = TimeframeParser.Parse(text, Doc2022);

        tf.Kind.ShouldBe(TimeframeKind.Unrecognised);
        tf.Text.ShouldBe(text?.Trim() ?? "");
        tf.Start.ShouldBeNull();
        tf.End.ShouldBeNull();
    }

    [Fact]
    public void Parse_HundredThousandCharacters_ReturnsUnrecognised()
    {
        var text = string.Concat(Enumerable.Repeat("12.03-", 20_000))[..100_000];

        var tf = TimeframeParser.Parse(text, Doc2022);
        var found = TimeframeParser.TryParseWindow(new string('а', 100_000), new DateOnly(2022, 3, 16), out _, out _, out _);

        tf.Kind.ShouldBe(TimeframeKind.Unrecognised);
        tf.Text.Length.ShouldBe(100_000);
        found.ShouldBeFalse();
    }

    [Fact]
    public void Parse_RandomFragments_NeverThrowsAndStartNotAfterEnd()
    {
        string[] fragments =
        [
            "до", "с", "по", "в течение", "2022", "года", "г.", "15", "31", "02", ".", ". ", "-", "–", ",", ";", "(", ")",
            "марта", "ноябрь", "декабрь", "январь", "апреля", "четверг", "понедельник", "1 и 3", "2-й", "ежемесячно",
            "ежеквартально", "еженедельно", "полугодие", "квартал", "II", "уч.г.", "2023", "2021/", "постоянно",
            "по запросу", "часов", "36", "12.03", "31.12.2021", "01.01.", "29.02.2023", " ", "\n", "\u00A0", "??", "9999",
            "завтра", "на этой неделе", "до конца месяца", "ближайшие 3 недели", "00.00", "32.13.2022", "ё",
        ];
        var random = new Random(20220316);
        var context = new TimeframeContext(2022, new DateOnly(2022, 3, 16));
        for (var i = 0; i < 1000; i++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 12)).Select(_ => fragments[random.Next(fragments.Length)] + (random.Next(3) == 0 ? "" : " ")));

            var tf = Should.NotThrow(() => TimeframeParser.Parse(text, context));

            tf.Text.ShouldBe(text.Trim());
            if (tf.Start is { } s && tf.End is { } e)
            {
                s.ShouldBeLessThanOrEqualTo(e, $"«{text}» parsed as {tf.Kind}");
            }

            foreach (var p in tf.Periods)
            {
                p.Start.ShouldBeLessThanOrEqualTo(p.End, text);
            }

            Should.NotThrow(() => tf.OccurrencesBetween(new DateOnly(2021, 1, 1), new DateOnly(2023, 12, 31)).ToList());
            Should.NotThrow(() => TimeframeParser.TryParseWindow(text, new DateOnly(2022, 3, 16), out _, out _, out _));
        }
    }

    [Fact]
    public void Parse_EverySeedCell_IsRecognisedExceptExportDebris()
    {
        var unread = SeedTimeframes.All
            .Where(c => TimeframeParser.Parse(c, Doc2022).Kind == TimeframeKind.Unrecognised)
            .Distinct()
            .ToList();

        unread.ShouldBe(["года"]);
    }

    [Fact]
    public void InferYear_SeedCells_FindsDocumentYear()
    {
        TimeframeParser.InferYear(SeedTimeframes.All).ShouldBe(2022);
        TimeframeParser.InferYear(["постоянно", null, "март"]).ShouldBeNull();
    }
}
