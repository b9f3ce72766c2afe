using System.Globalization;
using SchoolSupport.Schedules;

namespace SchoolSupport.Core.Tests.Schedules;

/// <summary>The one owner of Russian month words and of the day and period phrases typed in chat.</summary>
public class RussianDatesTests
{
    private static readonly DateOnly Today = new(2026, 4, 15);

    [Theory]
    [InlineData("январь", 1)]
    [InlineData("Января", 1)]
    [InlineData("феврале", 2)]
    [InlineData("марта", 3)]
    [InlineData("апрелем", 4)]
    [InlineData("май", 5)]
    [InlineData("мая", 5)]
    [InlineData("мае", 5)]
    [InlineData("июне", 6)]
    [InlineData("июля", 7)]
    [InlineData("августе", 8)]
    [InlineData("сентябрь", 9)]
    [InlineData("октября", 10)]
    [InlineData("ноябре", 11)]
    [InlineData("декабрём", 12)]
    [InlineData("мартышка", 0)]
    [InlineData("макет", 0)]
    [InlineData("масса", 0)]
    [InlineData("июнь2", 6)]
    [InlineData("статус", 0)]
    public void MonthOf_KnowsEveryCaseFormAndNothingElse(string word, int month) =>
        RussianDates.MonthOf(word).ShouldBe(month);

    [Fact]
    public void MonthNames_AgreeWithTheParser()
    {
        for (var m = 1; m <= 12; m++)
        {
            RussianDates.MonthOf(RussianDates.MonthNamesNominative[m - 1]).ShouldBe(m);
            RussianDates.MonthOf(RussianDates.MonthNamesGenitive[m - 1]).ShouldBe(m);
            RussianDates.MonthOf(RussianDates.MonthNamesPrepositional[m - 1]).ShouldBe(m);
            RussianDates.InMonth(m).ShouldBe("в " + RussianDates.MonthNamesPrepositional[m - 1]);
        }
    }

    [Theory]
    [InlineData("вчера провели совещание", "2026-04-14")]
    [InlineData("12.03 совещание", "2026-03-12")]
    [InlineData("12 мая", "2025-05-12")]
    [InlineData("3 апреля 2026", "2026-04-03")]
    [InlineData("20.12.25", "2025-12-20")]
    public void PastDay_WithoutAYearIsTheLatestNotAfterToday(string text, string expected)
    {
        RussianDates.TryParsePastDay(text, Today, out var date, out _).ShouldBeTrue();
        date.ShouldBe(DateOnly.Parse(expected, CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("к 12 мая", "2026-05-12")]
    [InlineData("до 01.03", "2027-03-01")]
    public void FutureDay_WithoutAYearIsTheNearestFromToday(string text, string expected)
    {
        RussianDates.TryParseFutureDay(text, Today, out var date, out _).ShouldBeTrue();
        date.ShouldBe(DateOnly.Parse(expected, CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("31.02", false)]
    [InlineData("совещание без даты", false)]
    public void NotADay_IsRefused(string text, bool found) =>
        RussianDates.TryParsePastDay(text, Today, out _, out _).ShouldBe(found);

    [Theory]
    [InlineData("консультации за март", "2026-03-01", "2026-03-31", "в марте 2026")]
    [InlineData("консультации в мае", "2025-05-01", "2025-05-31", "в мае 2025")]
    [InlineData("за прошлый месяц", "2026-03-01", "2026-03-31", "в марте 2026")]
    [InlineData("за этот месяц", "2026-04-01", "2026-04-30", "в апреле 2026")]
    [InlineData("за 2025 год", "2025-01-01", "2025-12-31", "за 2025 год")]
    [InlineData("с 20.12 по 10.01", "2025-12-20", "2026-01-10", "с 20.12.2025 по 10.01.2026")]
    public void Period_ReadsMonthsYearsAndRanges(string text, string from, string to, string label)
    {
        RussianDates.TryParsePeriod(text, Today, out var f, out var t, out var l).ShouldBeTrue();
        (f, t, l).ShouldBe((DateOnly.Parse(from, CultureInfo.InvariantCulture), DateOnly.Parse(to, CultureInfo.InvariantCulture), label));
    }
}
