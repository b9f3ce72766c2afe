using SchoolSupport.Schedules;

namespace SchoolSupport.Core.Tests.Schedules;

public class TimeframeOccurrencesTests
{
    private static readonly TimeframeContext Doc2022 = new(DefaultYear: 2022);

    private static Timeframe Parse(string text) => TimeframeParser.Parse(text, Doc2022);

    [Fact]
    public void OccurrencesBetween_FirstAndThirdThursdayForFirstCohort_March2022()
    {
        var tf = Parse("1 и 3 четверг – 1 год участия; 2 и 4 четверг – 2 год участия");
        var cohort1 = tf with { Recurrences = [tf.Recurrences[0]] };

        cohort1.OccurrencesBetween(new(2022, 3, 1), new(2022, 3, 31)).ShouldBe([new(2022, 3, 3), new(2022, 3, 17)]);
        tf.OccurrencesBetween(new(2022, 3, 1), new(2022, 3, 31))
            .ShouldBe([new(2022, 3, 3), new(2022, 3, 10), new(2022, 3, 17), new(2022, 3, 24)]);
    }

    [Fact]
    public void OccurrencesBetween_SecondAndFourthMondayFromMarch_SkipsFebruary()
    {
        var tf = Parse("С марта 2022 г. 2-й и 4-й понедельник");

        tf.OccurrencesBetween(new(2022, 2, 1), new(2022, 4, 30))
            .ShouldBe([new(2022, 3, 14), new(2022, 3, 28), new(2022, 4, 11), new(2022, 4, 25)]);
    }

    [Fact]
    public void OccurrencesBetween_RuleEndsWithDocumentYear()
    {
        var tf = Parse("С марта 2022 г. 2-й и 4-й понедельник");

        tf.OccurrencesBetween(new(2022, 12, 1), new(2023, 2, 28)).ShouldBe([new(2022, 12, 12), new(2022, 12, 26)]);
    }

    [Fact]
    public void OccurrencesBetween_MonthlyFromMarch_FirstOfEachMonth()
    {
        var days = Parse("С марта 2022 г. ежемесячно").OccurrencesBetween(new(2022, 1, 1), new(2022, 12, 31)).ToList();

        days.Count.ShouldBe(10);
        days[0].ShouldBe(new DateOnly(2022, 3, 1));
        days[^1].ShouldBe(new DateOnly(2022, 12, 1));
    }

    [Theory]
    [InlineData("С марта 2022 г. ежеквартально", new[] { "2022-03-01", "2022-06-01", "2022-09-01", "2022-12-01" })]
    [InlineData("С апреля ежеквартально", new[] { "2022-04-01", "2022-07-01", "2022-10-01" })]
    public void OccurrencesBetween_Quarterly_EveryThreeMonthsFromStart(string text, string[] expected)
    {
        Parse(text).OccurrencesBetween(new(2022, 1, 1), new(2022, 12, 31))
            .ShouldBe(expected.Select(s => DateOnly.ParseExact(s, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void OccurrencesBetween_QuarterlyWindowStartingMidQuarter_KeepsPhase()
    {
        Parse("С марта 2022 г. ежеквартально").OccurrencesBetween(new(2022, 7, 15), new(2022, 12, 31))
            .ShouldBe([new(2022, 9, 1), new(2022, 12, 1)]);
    }

    [Fact]
    public void OccurrencesBetween_WeeklyWithoutWeekday_FallsOnMondays()
    {
        Parse("Еженедельно по графику").OccurrencesBetween(new(2022, 3, 1), new(2022, 3, 31))
            .ShouldBe([new(2022, 3, 7), new(2022, 3, 14), new(2022, 3, 21), new(2022, 3, 28)]);
    }

    [Fact]
    public void OccurrencesBetween_DateListAndDate_ReturnWrittenDaysInWindow()
    {
        Parse("Ноябрь 2022 года (15.11.2022, 17.11.2022, 22.11.2022, 24.11.2022, 29.11.2022)")
            .OccurrencesBetween(new(2022, 11, 16), new(2022, 11, 23)).ShouldBe([new(2022, 11, 17), new(2022, 11, 22)]);
        Parse("09.02. 2022 года").OccurrencesBetween(new(2022, 2, 1), new(2022, 2, 28)).ShouldBe([new(2022, 2, 9)]);
        Parse("09.02. 2022 года").OccurrencesBetween(new(2022, 3, 1), new(2022, 3, 31)).ShouldBeEmpty();
    }

    [Fact]
    public void OccurrencesBetween_Range_HasNoSingleDays()
    {
        Parse("17.01-04.02. 2022 года").OccurrencesBetween(new(2022, 1, 1), new(2022, 12, 31)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Февраль, сентябрь-октябрь", 2022, 6, 1, 2022, 6, 30, false)]
    [InlineData("Февраль, сентябрь-октябрь", 2022, 9, 20, 2022, 9, 25, true)]
    [InlineData("Апрель, май 2022 года", 2022, 5, 30, 2022, 6, 5, true)]
    [InlineData("Апрель октябрь 2022 года", 2022, 7, 1, 2022, 7, 31, false)]
    [InlineData("17.01-04.02. 2022 года", 2022, 2, 4, 2022, 2, 10, true)]
    [InlineData("17.01-04.02. 2022 года", 2022, 2, 5, 2022, 2, 10, false)]
    [InlineData("До 01 марта 2022 года", 2022, 2, 28, 2022, 3, 6, true)]
    [InlineData("До 01 марта 2022 года", 2022, 3, 2, 2022, 3, 6, false)]
    [InlineData("с 07.02.2022", 2023, 1, 1, 2023, 1, 31, true)]
    [InlineData("с 07.02.2022", 2022, 1, 1, 2022, 2, 6, false)]
    [InlineData("2-е полугодие 2022 г.", 2022, 12, 31, 2023, 1, 1, true)]
    [InlineData("1 и 3 четверг – 1 год участия", 2022, 3, 4, 2022, 3, 9, false)]
    [InlineData("1 и 3 четверг – 1 год участия", 2022, 3, 14, 2022, 3, 20, true)]
    [InlineData("По запросу", 2022, 3, 14, 2022, 3, 20, false)]
    public void Overlaps_Window_MatchesOnlyCoveredDays(string text, int y1, int m1, int d1, int y2, int m2, int d2, bool expected)
    {
        Parse(text).Overlaps(new DateOnly(y1, m1, d1), new DateOnly(y2, m2, d2)).ShouldBe(expected);
    }

    [Fact]
    public void Overlaps_ContinuousWithoutYear_AlwaysTrue()
    {
        TimeframeParser.Parse("постоянно", new TimeframeContext()).Overlaps(new(2030, 1, 1), new(2030, 1, 2)).ShouldBeTrue();
    }

    [Theory]
    [InlineData("До 26.11.2021 года", "2021-11-26")]
    [InlineData("17.01-04.02. 2022 года", "2022-02-04")]
    [InlineData("Апрель 2022 года", "2022-04-30")]
    [InlineData("май, сентябрь, октябрь 2022 года", "2022-10-31")]
    [InlineData("2-е полугодие 2022 г.", "2022-12-31")]
    [InlineData("В течение 2022 года (16.02.2022; 20.04.2022)", "2022-04-20")]
    [InlineData("15 декабря", "2022-12-15")]
    [InlineData("постоянно", null)]
    [InlineData("По запросу", null)]
    [InlineData("С марта 2022 г. ежемесячно", null)]
    [InlineData("абракадабра", null)]
    public void DueDate_ByKind_IsEndOrNull(string text, string? due)
    {
        Parse(text).DueDate.ShouldBe(due is null ? null : DateOnly.ParseExact(due, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }
}
