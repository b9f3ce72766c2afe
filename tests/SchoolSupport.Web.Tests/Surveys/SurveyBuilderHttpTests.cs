using Microsoft.EntityFrameworkCore;
using SchoolSupport.Surveys;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests.Surveys;

/// <summary>«новый опрос»: a simple survey built in the card, previewed, confirmed and opened at once.</summary>
public sealed class SurveyBuilderHttpTests : IDisposable
{
    private readonly BotApp bot = new(extraSettings: new Dictionary<string, string?> { ["Reminders:CheckInterval"] = "01:00:00", ["Outbox:PollInterval"] = "01:00:00" });

    public void Dispose() => bot.Dispose();

    [Fact]
    public async Task NewSurvey_BuiltInTheCard_PreviewsConfirmsAndInvitesTheMunicipalitysDirectors()
    {
        var form = SurveyDriver.Card(await bot.SayAsync("29:demo-municipal", "новый опрос"));
        SurveyDriver.Texts(form).ShouldContain("Вопрос 10");

        var data = SurveyDriver.ActionData(form, "survey.build")!;
        data["title"] = "Эффективность совещаний";
        data["opens"] = "2026-03-18";
        data["closes"] = "2026-03-31";
        data["roles"] = "director";
        data["anonymous"] = "true";
        data["q1_text"] = "Насколько полезны ВКС?";
        data["q1_type"] = "rating";
        data["q1_required"] = "true";
        data["q2_text"] = "Какие темы нужны?";
        data["q2_type"] = "single";
        data["q2_options"] = "";
        data.Remove("verb");

        // A choice question without options is refused and the form keeps what was typed.
        var refused = SurveyDriver.Card(await bot.SubmitAsync("29:demo-municipal", "survey.build", data));
        SurveyDriver.Texts(refused).ShouldContain("Вопрос 2 («q2»): нужны хотя бы два варианта ответа (choices).");
        SurveyDriver.Texts(refused).ShouldContain("Эффективность совещаний");
        await using (var db = bot.OpenDatabase())
        {
            (await db.Surveys.CountAsync()).ShouldBe(0);
        }

        data["q2_options"] = "Функциональная грамотность\nРабота с родителями";
        var preview = SurveyDriver.Card(await bot.SubmitAsync("29:demo-municipal", "survey.build", data));
        var texts = SurveyDriver.Texts(preview);
        texts.ShouldContain("Получат приглашение: 3");
        texts.ShouldContain("анонимный: ответы не связаны с людьми");
        texts.ShouldContain("один вариант: Функциональная грамотность / Работа с родителями");

        var id = SurveyDriver.ActionData(preview, "survey.confirm")!["surveyId"]!.GetValue<string>();
        var status = SurveyDriver.Card(await bot.SubmitAsync("29:demo-municipal", "survey.confirm", new() { ["surveyId"] = id }));
        SurveyDriver.Texts(status).ShouldContain("Ответили 0 из 3 — 0 % (цель 100 %)");
        await using (var db = bot.OpenDatabase())
        {
            var survey = await db.Surveys.SingleAsync();
            survey.Source.ShouldBe("chat");
            (await db.Deliveries.CountAsync(d => d.Message!.DedupKey == $"survey:{survey.Id}:invite")).ShouldBe(3);
        }

        // Someone else's draft or survey cannot be edited through the builder.
        data["surveyId"] = id;
        var foreign = await bot.SubmitAsync("29:demo-municipal-kingisepp", "survey.build", data);
        ((string?)foreign.Single()["text"]).ShouldNotBeNull().ShouldContain("нельзя изменить");
    }

    /// <summary>The builder reads its fields through the one strict card reader: a wrong JSON type is a broken card.</summary>
    [Theory]
    [InlineData("title")]
    [InlineData("q1_text")]
    [InlineData("anonymous")]
    [InlineData("q1_required")]
    [InlineData("q7_options")]
    public async Task NewSurvey_AFieldOfTheWrongType_IsRefusedAsABrokenCardAndNothingIsStored(string field)
    {
        var form = SurveyDriver.Card(await bot.SayAsync("29:demo-municipal", "новый опрос"));
        var data = SurveyDriver.ActionData(form, "survey.build")!;
        data["title"] = "Эффективность совещаний";
        data["opens"] = "2026-03-18";
        data["closes"] = "2026-03-31";
        data["roles"] = "director";
        data["q1_text"] = "Насколько полезны ВКС?";
        data["q1_type"] = "rating";
        data.Remove("verb");
        data[field] = new System.Text.Json.Nodes.JsonArray(1, 2);

        var replies = await bot.SubmitAsync("29:demo-municipal", "survey.build", data);

        string.Join(" | ", replies.SelectMany(r => BotApp.TextsOf(BotApp.CardOf(r)).Append((string?)r["text"] ?? "")))
            .ShouldContain("Карточка повреждена или устарела");
        await using var db = bot.OpenDatabase();
        (await db.Surveys.CountAsync()).ShouldBe(0);
    }

    /// <summary>The README's worked example imports into the demo region as written (districts, roadmap item, showIf).</summary>
    [Fact]
    public async Task ReadmeExample_Imports_AsAPerSchoolAnonymousDraft()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "SchoolSupport.sln")))
        {
            root = Path.GetDirectoryName(root)!;
        }

        var readme = await File.ReadAllTextAsync(Path.Combine(root, "README.md"));
        var start = readme.IndexOf("```json", readme.IndexOf("A worked example", StringComparison.Ordinal), StringComparison.Ordinal) + "```json".Length;
        var json = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
        var file = Path.Combine(Path.GetTempPath(), "readme-survey-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(file, json);

        var import = await SurveyDriver.CliAsync(bot, "survey", "import", file, "--region", "Ленинградская область");

        import.Code.ShouldBe(0, import.Error);
        import.Out.ShouldContain("«Второй опрос участников проекта» загружен (черновик), вопросов: 6");
        await using var db = bot.OpenDatabase();
        var survey = await db.Surveys.SingleAsync();
        (survey.Anonymous, survey.Mode, survey.RoadmapItemId is not null).ShouldBe((true, ResponseMode.School, true));
        survey.AudienceMunicipalities.Split(',').Length.ShouldBe(2);
    }

    [Fact]
    public async Task Help_ListsSurveyCommandsForTheRolesThatHaveThem()
    {
        var director = SurveyDriver.Texts(SurveyDriver.Card(await bot.SayAsync("29:demo-director", "помощь")));
        var coordinator = SurveyDriver.Texts(SurveyDriver.Card(await bot.SayAsync("29:demo-coordinator", "помощь")));

        director.ShouldContain("мои опросы");
        director.ShouldContain("продолжить опрос");
        director.ShouldNotContain("новый опрос");
        coordinator.ShouldContain("новый опрос");
    }
}
