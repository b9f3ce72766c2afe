using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Surveys;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests.Surveys;

/// <summary>
/// Tampered or unauthorised survey actions through /api/messages: each is refused and stores nothing — answers to a
/// survey not addressed to the person, unknown question and option ids, questions of another page, out-of-range
/// values, wrong types, extra fields, and coordinator verbs on someone else's survey.
/// </summary>
public sealed class SurveyTamperHttpTests(SurveyTamperHttpTests.OpenSurvey open) : IClassFixture<SurveyTamperHttpTests.OpenSurvey>
{
    /// <summary>The sample survey (directors and curators) open on the demo region; the director is on page 1.</summary>
    public sealed class OpenSurvey : IAsyncLifetime
    {
        public BotApp Bot { get; } = new(extraSettings: new Dictionary<string, string?> { ["Reminders:CheckInterval"] = "01:00:00", ["Outbox:PollInterval"] = "01:00:00" });

        public int Id { get; private set; }

        public async Task InitializeAsync()
        {
            var file = SurveyDriver.SampleFile("2026-03-18T09:00", "2026-03-25");
            (await SurveyDriver.CliAsync(Bot, "survey", "import", file, "--region", "Ленинградская область")).Code.ShouldBe(0);
            Id = await SurveyDriver.SurveyIdAsync(Bot, "opros-uchastnikov-1");
            await Bot.SubmitAsync("29:demo-coordinator", "survey.confirm", new JsonObject { ["surveyId"] = Id.ToString(CultureInfo.InvariantCulture) });
        }

        public Task DisposeAsync()
        {
            Bot.Dispose();
            return Task.CompletedTask;
        }
    }

    private readonly BotApp bot = open.Bot;

    private string Sid => open.Id.ToString(CultureInfo.InvariantCulture);

    private JsonObject Page1(params (string Key, JsonNode? Value)[] fields)
    {
        var data = new JsonObject { ["surveyId"] = Sid, ["from"] = "benefit", ["nav"] = "next" };
        foreach (var (key, value) in fields)
        {
            data[key] = value;
        }

        return data;
    }

    public static TheoryData<string, string> Answers() => new()
    {
        { "unknown rating point", """{"a_benefit":"9"}""" },
        { "rating as a JSON number", """{"a_benefit":5}""" },
        { "unknown question", """{"a_benefit":"4","a_salary":"100"}""" },
        { "question of another page", """{"a_benefit":"4","a_trained":"5"}""" },
        { "extra field", """{"a_benefit":"4","personId":"1"}""" },
        { "survey id missing", """{"surveyId":null,"a_benefit":"4"}""" },
        { "survey id not a number", """{"surveyId":"12; DROP","a_benefit":"4"}""" },
        { "unknown navigation", """{"nav":"jump","a_benefit":"4"}""" },
        { "page of another survey", """{"from":"q1","a_benefit":"4"}""" },
        { "oversized from", """{"from":"benefit-benefit-benefit-benefit-benefit-benefit","a_benefit":"4"}""" },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Answer_Tampered_IsRefusedAndStoresNothing(string name, string fields)
    {
        var before = await CountsAsync();
        var data = Page1();
        foreach (var (key, value) in JsonNode.Parse(fields)!.AsObject())
        {
            data[key] = value?.DeepClone();
        }

        var replies = await bot.SubmitAsync("29:demo-director", "survey.answer", data);

        // Either a refusal in words, or the page again with the reason: in both cases nothing is stored.
        var said = Refusal(replies) ?? string.Join(" ", replies.Select(BotApp.CardOf).Where(c => c is not null).SelectMany(c => BotApp.TextsOf(c)));
        said.ShouldContain("Ничего не сохранено", Case.Sensitive, name);
        (await CountsAsync()).ShouldBe(before, name);
    }

    public static TheoryData<string, string, string, string, string> Values() => new()
    {
        // who (each case its own respondent), question, input, value, what the person is told
        { "director3", "benefit", "a_benefit", "", "Ответьте, пожалуйста" },
        { "director4", "priorities", "a_priorities", "staff,hack", "нет такого варианта" },
        { "director5", "priorities", "a_priorities", "staff,staff", "нет такого варианта" },
        { "director6", "priorities", "a_priorities", "staff,parents,competence,failure", "не больше 3" },
        { "director7", "consultations", "a_consultations", "daily", "нет такого варианта" },
        { "director8", "program", "a_program", "maybe", "нет такого варианта" },
        { "director9", "trained", "a_trained", "501", "от 0 до 500" },
        { "director10", "trained", "a_trained", "-1", "от 0 до 500" },
        { "director11", "trained", "a_trained", "1.5", "целое число" },
        { "director12", "trained", "a_trained", "много", "нужно число" },
        { "director13", "help", "a_help", new string('я', 301), "слишком длинный" },
        { "director14", "help", "a_help", "текст\u0007звонок", "недопустимые символы" },
    };

    /// <summary>Values no card of ours can send: the page is shown again with the reason, and nothing is stored.</summary>
    [Theory]
    [MemberData(nameof(Values))]
    public async Task Answer_ValueOutOfRange_IsRefusedWithTheReasonAndStoresNothing(string who, string question, string input, string value, string reason)
    {
        // Reach the page honestly first (answers before it are stored), then send the bad value.
        var user = "29:demo-" + who;
        var valid = new Dictionary<string, string>
        {
            ["benefit"] = "4",
            ["priorities"] = "staff",
            ["consultations"] = "weekly",
            ["program"] = "no",
            ["trained"] = "1",
            ["help"] = "",
        };
        var card = SurveyDriver.Card(await bot.SubmitAsync(user, "survey.start", new JsonObject { ["surveyId"] = Sid }));
        while (SurveyDriver.Inputs(card).Single() != input)
        {
            card = await SurveyDriver.AnswerPageAsync(bot, user, card, valid);
        }

        var before = await CountsAsync();
        var refused = await SurveyDriver.AnswerPageAsync(bot, user, card, new Dictionary<string, string>(valid) { [question] = value });

        SurveyDriver.Texts(refused).ShouldContain(reason);
        SurveyDriver.Inputs(refused).ShouldBe([input]);
        (await CountsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Answer_SurveyNotAddressedToYou_IsRefusedAndStoresNothing()
    {
        var before = await CountsAsync();

        var start = await bot.SubmitAsync("29:demo-consultant", "survey.start", new JsonObject { ["surveyId"] = Sid });
        var answer = await bot.SubmitAsync("29:demo-consultant", "survey.answer", Page1(("a_benefit", "5")));
        var (status, body) = await bot.ExecuteAsync("29:demo-municipal", "survey.answer", Page1(("a_benefit", "5")));

        Refusal(start).ShouldBe(SurveyAnswering.NotYours);
        Refusal(answer).ShouldBe(SurveyAnswering.NotYours);
        status.ShouldBe(System.Net.HttpStatusCode.OK);
        ((string?)body!["value"]).ShouldBe(SurveyAnswering.NotYours);
        (await CountsAsync()).ShouldBe(before);
    }

    public static TheoryData<string, string> OwnerVerbs() => new()
    {
        { "survey.results", "{}" },
        { "survey.status", "{}" },
        { "survey.export", """{"format":"xlsx"}""" },
        { "survey.remind", "{}" },
        { "survey.extend", """{"closes":"2026-04-30"}""" },
        { "survey.cancel", "{}" },
        { "survey.preview", "{}" },
        { "survey.texts", """{"questionId":"help","page":"0"}""" },
    };

    /// <summary>Another coordinator (or a director) cannot look at, chase, change or export someone else's survey.</summary>
    [Theory]
    [MemberData(nameof(OwnerVerbs))]
    public async Task OwnerVerb_ByAnotherPerson_IsRefusedAndChangesNothing(string verb, string fields)
    {
        var before = await SurveyRowAsync();
        foreach (var (user, expected) in new[] { ("29:demo-municipal", SurveyService.NotFound), ("29:demo-director", SurveyService.OnlyCoordinators) })
        {
            var data = JsonNode.Parse(fields)!.AsObject();
            data["surveyId"] = Sid;
            var replies = await bot.SubmitAsync(user, verb, data);
            Refusal(replies).ShouldBe(expected);
            replies.ShouldAllBe(r => BotApp.CardOf(r) == null);
        }

        (await SurveyRowAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Extend_ToAnEarlierDate_IsRefused()
    {
        var before = await SurveyRowAsync();
        var replies = await bot.SubmitAsync("29:demo-coordinator", "survey.extend", new JsonObject { ["surveyId"] = Sid, ["closes"] = "2026-03-20" });
        Refusal(replies).ShouldNotBeNull().ShouldContain("только на более позднюю дату");
        (await SurveyRowAsync()).ShouldBe(before);
    }

    private static string? Refusal(IReadOnlyList<JsonObject> replies) =>
        replies.Select(r => (string?)r["text"]).FirstOrDefault(t => !string.IsNullOrEmpty(t));

    private async Task<(int Responses, int Answers, int Responded)> CountsAsync()
    {
        await using var db = bot.OpenDatabase();
        return (await db.SurveyResponses.CountAsync(), await db.SurveyAnswers.CountAsync(), await db.SurveyRecipients.CountAsync(r => r.HasResponded));
    }

    private async Task<string> SurveyRowAsync()
    {
        await using var db = bot.OpenDatabase();
        var s = await db.Surveys.AsNoTracking().SingleAsync(x => x.Id == open.Id);
        var outbox = await db.OutboxMessages.CountAsync();
        return $"{s.Status}|{s.ClosesAt:O}|{s.LastManualReminderAt:O}|{outbox}";
    }
}
