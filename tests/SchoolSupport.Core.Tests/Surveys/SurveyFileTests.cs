using SchoolSupport.Surveys;

namespace SchoolSupport.Tests.Surveys;

public sealed class SurveyFileTests
{
    [Fact]
    public void Read_ShippedSample_IsValidMarkedAsSampleAndRoundTrips()
    {
        var read = SurveyFile.Read(SurveySample.Json());

        read.Errors.ShouldBeEmpty();
        var d = read.Definition.ShouldNotBeNull();
        d.IsSample.ShouldBeTrue();
        d.Title.ShouldBe("Опрос участников проекта");
        d.Questions.Select(q => q.Type).Distinct().Count().ShouldBe(8);
        d.Questions.Single(q => q.Id == "program-date").ShowIf!.AnyOf.ShouldBe(["yes"]);
        var written = SurveyFile.Write(d);
        written.ShouldContain("«500+»");
        SurveyFile.Write(SurveyFile.Read(written).Definition!).ShouldBe(written);
    }

    public static TheoryData<string, string> Problems() => new()
    {
        { """ "colour": "red", """, "неизвестное поле «colour»" },
        { """ "closes": "2026-03-01", """, "Поле «closes» встречается дважды" },
        { """ "responseMode": "class", """, "responseMode: «class»" },
        { """ "target": 150, """, "целевая доля ответивших" },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void Read_TopLevelProblem_IsExplainedInRussian(string field, string message)
    {
        var json = Minimal.Replace("\"id\": \"s1\",", "\"id\": \"s1\"," + field, StringComparison.Ordinal);
        var read = SurveyFile.Read(json);

        read.Definition.ShouldBeNull();
        read.Errors.ShouldContain(e => e.Contains(message, StringComparison.Ordinal));
    }

    public static TheoryData<string, string> QuestionProblems() => new()
    {
        { """{"id":"q1","type":"single","text":"Один","choices":["да"]}""", "Вопрос 2 («q1»): id повторяется" },
        { """{"id":"q2","type":"single","text":"Один","choices":["только"]}""", "нужны хотя бы два варианта" },
        { """{"id":"q2","type":"rating","text":"Оценка","scale":7}""", "шкала оценки (scale) — 5 или 10" },
        { """{"id":"q2","type":"essay","text":"Эссе"}""", "тип «essay» не поддерживается" },
        { """{"id":"q2","type":"text","text":"Почему?","showIf":{"question":"q9","anyOf":["yes"]}}""", "showIf ссылается на «q9»" },
        { """{"id":"q2","type":"text","text":"Почему?","showIf":{"question":"q1","anyOf":["maybe"]}}""", "нет варианта «maybe»" },
        { """{"id":"q2","type":"multiple","text":"Что?","choices":["а","б"],"max":3}""", "в пределах числа вариантов (2)" },
        { """{"id":"q2","type":"number","text":"Сколько?","min":10,"max":1}""", "min больше max" },
        { """{"id":"q2","type":"date","text":"Когда?","min":1}""", "min и max задают только для number" },
        { """{"id":"bad id","type":"text","text":"?"}""", "латинские буквы, цифры" },
    };

    [Theory]
    [MemberData(nameof(QuestionProblems))]
    public void Read_QuestionProblem_NamesTheQuestionAndNothingIsAccepted(string question, string message)
    {
        var json = Minimal.Replace("{\"id\": \"q1\", \"type\": \"yesno\", \"text\": \"Да?\"}", "{\"id\": \"q1\", \"type\": \"yesno\", \"text\": \"Да?\"}," + question, StringComparison.Ordinal);
        var read = SurveyFile.Read(json);

        read.Definition.ShouldBeNull();
        read.Errors.ShouldContain(e => e.Contains(message, StringComparison.Ordinal), string.Join(" | ", read.Errors));
    }

    [Fact]
    public void Read_ClosesBeforeOpens_IsRefused() =>
        SurveyFile.Read(Minimal.Replace("2026-03-24", "2026-03-01", StringComparison.Ordinal)).Errors
            .ShouldContain("closes: окончание опроса должно быть позже начала (opens).");

    [Fact]
    public void Read_NotJsonOrWrongShape_SaysSo()
    {
        SurveyFile.Read("{ title: ").Errors.Single().ShouldStartWith("Файл не является корректным JSON");
        SurveyFile.Read("[1, 2]").Errors.Single().ShouldStartWith("Файл опроса должен быть JSON-объектом");
        SurveyFile.Read("{}").Errors.ShouldContain("id: обязательное поле.");
    }

    [Fact]
    public void Read_DateOnlyWindow_OpensAtNineAndClosesAtTheEndOfTheDay()
    {
        var d = SurveyFile.Read(Minimal).Definition.ShouldNotBeNull();
        d.OpensLocal.ShouldBe(new DateTime(2026, 3, 10, 9, 0, 0));
        d.ClosesLocal.ShouldBe(new DateTime(2026, 3, 24, 23, 59, 0));
        d.RemindDaysBefore.ShouldBe([3, 1]);
    }

    private const string Minimal = """
        {
          "id": "s1",
          "title": "Проба",
          "opens": "2026-03-10",
          "closes": "2026-03-24",
          "audience": { "roles": ["director"] },
          "questions": [ {"id": "q1", "type": "yesno", "text": "Да?"} ]
        }
        """;
}

public sealed class SurveyFormTests
{
    private static SurveyQuestion Q(string id, QuestionType type, ShowIf? showIf = null) =>
        new() { Id = id, Type = type, Text = id, ShowIf = showIf, Choices = type is QuestionType.Single or QuestionType.Multiple ? [new("a", "А"), new("b", "Б"), new("c", "В")] : [] };

    [Fact]
    public void Pages_ShortSurvey_IsOnePage_LongOneIsQuestionByQuestion()
    {
        var shortOne = Enumerable.Range(1, 5).Select(i => Q("q" + i, QuestionType.Text)).ToList();
        var longOne = Enumerable.Range(1, 6).Select(i => Q("q" + i, QuestionType.Text)).ToList();

        SurveyPaging.Pages(shortOne, new Dictionary<string, AnswerValue>()).Count.ShouldBe(1);
        SurveyPaging.Pages(longOne, new Dictionary<string, AnswerValue>()).Count.ShouldBe(6);
    }

    [Fact]
    public void Pages_ShowIf_HidesUntilTheAnswerAndNeverSharesAPageWithItsSource()
    {
        var questions = new List<SurveyQuestion> { Q("q1", QuestionType.YesNo), Q("q2", QuestionType.Text, new ShowIf("q1", ["yes"])), Q("q3", QuestionType.Text, new ShowIf("q2", ["x"])) };

        SurveyPaging.Pages(questions, new Dictionary<string, AnswerValue>()).SelectMany(p => p).Select(q => q.Id).ShouldBe(["q1"]);
        var pages = SurveyPaging.Pages(questions, new Dictionary<string, AnswerValue> { ["q1"] = new(["yes"]) });
        pages.Select(p => string.Join(",", p.Select(q => q.Id))).ShouldBe(["q1", "q2"]);
    }

    [Theory]
    [InlineData(QuestionType.Multiple, "c,a", "a,c")]
    [InlineData(QuestionType.Single, "b", "b")]
    [InlineData(QuestionType.Number, "12,5", "12.5")]
    [InlineData(QuestionType.Date, "10.03.2026", "2026-03-10")]
    [InlineData(QuestionType.Rating, "5", "5")]
    public void Parse_ValidValue_IsNormalised(QuestionType type, string raw, string stored)
    {
        var (value, error) = AnswerReader.Parse(Q("q", type), raw);
        error.ShouldBeNull();
        value!.ToInput().ShouldBe(stored);
    }

    [Theory]
    [InlineData(QuestionType.Single, "d")]
    [InlineData(QuestionType.Multiple, "a,zz")]
    [InlineData(QuestionType.Rating, "6")]
    [InlineData(QuestionType.YesNo, "да")]
    [InlineData(QuestionType.Number, "NaN")]
    [InlineData(QuestionType.Date, "2026-02-30")]
    public void Parse_ValueTheSurveyDoesNotHave_IsAnError(QuestionType type, string raw) =>
        AnswerReader.Parse(Q("q", type), raw).Error.ShouldNotBeNull();
}

public sealed class SurveyQuietHoursTests
{
    private static readonly TimeZoneInfo Moscow = SchoolSupport.Schools.RegionClock.Find("Europe/Moscow");

    [Theory]
    [InlineData("2026-03-18T19:30:00Z", "2026-03-19T05:00:00Z")] // 22:30 in Moscow waits for 08:00 next morning
    [InlineData("2026-03-18T02:00:00Z", "2026-03-18T05:00:00Z")] // 05:00 waits for 08:00 the same morning
    [InlineData("2026-03-18T07:00:00Z", "2026-03-18T07:00:00Z")] // 10:00 goes at once
    public void NotQuiet_ProactiveSurveyMessage_WaitsForTheEndOfQuietHours(string now, string expected) =>
        SurveyService.NotQuiet(DateTime.Parse(now, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal), Moscow, new SchoolSupport.Reminders.ReminderOptions())
            .ShouldBe(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal));
}
