using System.Globalization;
using SchoolSupport.Schedules;

namespace SchoolSupport.Core.Tests.Schedules;

public class TimeframeChatTests
{
    // Wednesday.
    private static readonly DateOnly Today = new(2022, 3, 16);

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("сегодня", "2022-03-16", "2022-03-16")]
    [InlineData("завтра", "2022-03-17", "2022-03-17")]
    [InlineData("вчера", "2022-03-15", "2022-03-15")]
    [InlineData("послезавтра", "2022-03-18", "2022-03-18")]
    [InlineData("на этой неделе", "2022-03-14", "2022-03-20")]
    [InlineData("на следующей неделе", "2022-03-21", "2022-03-27")]
    [InlineData("на прошлой неделе", "2022-03-07", "2022-03-13")]
    [InlineData("в этом месяце", "2022-03-01", "2022-03-31")]
    [InlineData("в следующем месяце", "2022-04-01", "2022-04-30")]
    [InlineData("до конца месяца", "2022-03-16", "2022-03-31")]
    [InlineData("до конца недели", "2022-03-16", "2022-03-20")]
    [InlineData("до конца года", "2022-03-16", "2022-12-31")]
    [InlineData("в марте", "2022-03-01", "2022-03-31")]
    [InlineData("сроки в марте", "2022-03-01", "2022-03-31")]
    [InlineData("в марте 2023", "2023-03-01", "2023-03-31")]
    [InlineData("ближайшие две недели", "2022-03-16", "2022-03-29")]
    [InlineData("в ближайшие 14 дней", "2022-03-16", "2022-03-29")]
    [InlineData("на ближайшую неделю", "2022-03-16", "2022-03-22")]
    [InlineData("12.03", "2022-03-12", "2022-03-12")]
    [InlineData("12 марта", "2022-03-12", "2022-03-12")]
    [InlineData("с 1 по 15 марта", "2022-03-01", "2022-03-15")]
    [InlineData("до 25 марта", "2022-03-16", "2022-03-25")]
    [InlineData("в апреле и мае", "2022-04-01", "2022-05-31")]
    [InlineData("до конца марта", "2022-03-16", "2022-03-31")]
    [InlineData("с 1 апреля", "2022-04-01", "2022-12-31")]
    public void TryParseWindow_Phrase_ReturnsWindow(string text, string from, string to)
    {
        TimeframeParser.TryParseWindow(text, Today, out var start, out var end, out var phrase).ShouldBeTrue();

        start.ShouldBe(D(from));
        end.ShouldBe(D(to));
        phrase.ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("что у нас на этой неделе?", "на этой неделе", "2022-03-14", "2022-03-20")]
    [InlineData("Какие сроки в марте", "в марте", "2022-03-01", "2022-03-31")]
    [InlineData("что сдать до конца месяца", "до конца месяца", "2022-03-16", "2022-03-31")]
    [InlineData("Что сдать до 15 марта?", "до 15 марта", "2022-03-15", "2022-03-15")]
    [InlineData("покажи мероприятия с 1 по 15 апреля, пожалуйста", "с 1 по 15 апреля", "2022-04-01", "2022-04-15")]
    [InlineData("что было ВЧЕРА", "ВЧЕРА", "2022-03-15", "2022-03-15")]
    [InlineData("а что на следующей неделе и в апреле?", "на следующей неделе", "2022-03-21", "2022-03-27")]
    [InlineData("какие опросы в апреле, а не на этой неделе", "в апреле", "2022-04-01", "2022-04-30")]
    [InlineData("что запланировано\u00A0на 17.01-04.02?", "17.01-04.02", "2022-01-17", "2022-02-04")]
    [InlineData("что запланировано в первом полугодии?", "в первом полугодии", "2022-01-01", "2022-06-30")]
    [InlineData("план на 2022-2023 учебный год", "2022-2023 учебный год", "2022-09-01", "2023-08-31")]
    [InlineData("что сдать не позднее 25.03", "не позднее 25.03", "2022-03-16", "2022-03-25")]
    [InlineData("что у нас в четверг?", "в четверг", "2022-03-17", "2022-03-17")]
    [InlineData("а в среду что", "в среду", "2022-03-16", "2022-03-16")]
    [InlineData("что во вторник", "во вторник", "2022-03-22", "2022-03-22")]
    [InlineData("кто отчитывается на неделе", "на неделе", "2022-03-14", "2022-03-20")]
    [InlineData("дела в ближайшие 3 дня", "в ближайшие 3 дня", "2022-03-16", "2022-03-18")]
    public void TryParseWindow_Sentence_FindsPhraseInside(string text, string matched, string from, string to)
    {
        TimeframeParser.TryParseWindow(text, Today, out var start, out var end, out var phrase).ShouldBeTrue();

        phrase.ShouldBe(matched);
        start.ShouldBe(D(from));
        end.ShouldBe(D(to));
    }

    [Theory]
    [InlineData("")]
    [InlineData("привет")]
    [InlineData("какие у меня школы?")]
    [InlineData("покажи консультации по школе 277")]
    [InlineData("еженедельно по четвергам")]
    [InlineData("проблемы в образовательной среде")]
    public void TryParseWindow_NoPeriod_ReturnsFalse(string text)
    {
        TimeframeParser.TryParseWindow(text, Today, out _, out _, out var phrase).ShouldBeFalse();
        phrase.ShouldBe("");
    }

    [Theory]
    [InlineData("сегодня", TimeframeKind.Date, "2022-03-16", "2022-03-16")]
    [InlineData("на этой неделе", TimeframeKind.Range, "2022-03-14", "2022-03-20")]
    [InlineData("в следующем месяце", TimeframeKind.Month, "2022-04-01", "2022-04-30")]
    [InlineData("в марте", TimeframeKind.Month, "2022-03-01", "2022-03-31")]
    [InlineData("12 марта", TimeframeKind.Date, "2022-03-12", "2022-03-12")]
    [InlineData("ближайшие две недели", TimeframeKind.Range, "2022-03-16", "2022-03-29")]
    [InlineData("следующая неделя", TimeframeKind.Range, "2022-03-21", "2022-03-27")]
    public void Parse_ChatPhraseWithToday_ReadsWindow(string text, TimeframeKind kind, string start, string end)
    {
        var tf = TimeframeParser.Parse(text, new TimeframeContext(Today: Today));

        tf.Kind.ShouldBe(kind);
        tf.Start.ShouldBe(D(start));
        tf.End.ShouldBe(D(end));
    }

    [Fact]
    public void Parse_ChatPhrase_LeavesNoteEmpty()
    {
        TimeframeParser.Parse("следующая неделя", new TimeframeContext(Today: Today)).Note.ShouldBeNull();
    }

    [Fact]
    public void Parse_UntilEndOfMonth_IsDeadline()
    {
        var tf = TimeframeParser.Parse("до конца месяца", new TimeframeContext(Today: Today));

        tf.Kind.ShouldBe(TimeframeKind.Deadline);
        tf.Start.ShouldBeNull();
        tf.End.ShouldBe(new DateOnly(2022, 3, 31));
    }

    [Fact]
    public void Parse_RelativePhraseWithoutToday_IsUnrecognised()
    {
        TimeframeParser.Parse("на этой неделе", new TimeframeContext(2022)).Kind.ShouldBe(TimeframeKind.Unrecognised);
    }

    [Fact]
    public void TryParseWindow_SundayToday_WeekIsMondayToSunday()
    {
        TimeframeParser.TryParseWindow("на этой неделе", new DateOnly(2022, 3, 20), out var from, out var to, out _).ShouldBeTrue();

        from.ShouldBe(new DateOnly(2022, 3, 14));
        to.ShouldBe(new DateOnly(2022, 3, 20));
    }
}
