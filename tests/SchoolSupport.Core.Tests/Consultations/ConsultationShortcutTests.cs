using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Consultations;

namespace SchoolSupport.Tests.Consultations;

public sealed class ConsultationShortcutTests
{
    private static readonly DateOnly Today = new(2025, 3, 14);

    [Fact]
    public void Parse_NumberYesterdayAndThreeParts_AllUnderstood()
    {
        var r = ConsultationShortcut.Parse("консультация 277 вчера: тема антирисковая программа; решения доработать мониторинг; план провести педсовет до 28.03", Today);

        r.SchoolText.ShouldBe("277");
        r.Date.ShouldBe(new DateOnly(2025, 3, 13));
        r.Topic.ShouldBe("антирисковая программа");
        r.Decisions.ShouldBe("доработать мониторинг");
        r.Actions.ShouldBe([("провести педсовет", (DateOnly?)new DateOnly(2025, 3, 28))]);
        r.Unparsed.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("сегодня", "2025-03-14")]
    [InlineData("вчера", "2025-03-13")]
    [InlineData("12.03", "2025-03-12")]
    [InlineData("12.03.2024", "2024-03-12")]
    [InlineData("12 марта", "2025-03-12")]
    [InlineData("3 мая", "2024-05-03")]
    [InlineData("28 февраля 2025", "2025-02-28")]
    public void Parse_DayPhrases_PastDate(string phrase, string expected)
    {
        var r = ConsultationShortcut.Parse($"консультация 277 {phrase}: тема т", Today);

        r.Date.ShouldBe(DateOnly.ParseExact(expected, "yyyy-MM-dd", CultureInfo.InvariantCulture));
        r.SchoolText.ShouldBe("277");
    }

    [Fact]
    public void Parse_SchoolNameFormatDurationAndLabelsWithColons_Understood()
    {
        var r = ConsultationShortcut.Parse(
            "записать консультацию Сосновская школа 12 марта очно 1,5 часа\nТема: профиль рисков\nРешения: обновить анкеты\nпровести повторный опрос\nПлан: совещание\nотчёт куратору до 1 апреля",
            Today);

        r.SchoolText.ShouldBe("Сосновская");
        r.Date.ShouldBe(new DateOnly(2025, 3, 12));
        r.Format.ShouldBe(ConsultationFormat.InPerson);
        r.DurationMinutes.ShouldBe(90);
        r.Topic.ShouldBe("профиль рисков");
        r.Decisions.ShouldBe("обновить анкеты; провести повторный опрос");
        r.Actions.Select(a => a.Text).ShouldBe(["совещание", "отчёт куратору"]);
        r.Actions[1].Due.ShouldBe(new DateOnly(2025, 4, 1));
    }

    [Fact]
    public void Parse_UnlabelledLeadingPart_LeftForTheForm()
    {
        var r = ConsultationShortcut.Parse("консультация 277: обсудили расписание; тема ВПР", Today);

        r.Topic.ShouldBe("ВПР");
        r.Unparsed.ShouldBe(["обсудили расписание"]);
        r.Decisions.ShouldBeNull();
        r.Date.ShouldBeNull();
    }

    [Fact]
    public void Parse_BareCommand_NothingUnderstood()
    {
        ConsultationShortcut.HasDetails("Записать консультацию").ShouldBeFalse();
        ConsultationShortcut.HasDetails("консультация 277").ShouldBeTrue();
    }

    [Fact]
    public async Task Command_Shortcut_OpensPrefilledFormWithoutSaving()
    {
        await using var f = await ConsultationFixture.CreateAsync();

        var output = await f.SayAsync("curator", "консультация 277 вчера: тема антирисковая программа; решения доработать мониторинг; план провести педсовет до 28.03");

        var card = output.Card<ConsultationFormCard>(ConsultationTemplates.Form);
        card.SchoolId.ShouldBe(f.School277.ToString(CultureInfo.InvariantCulture));
        card.Date.ShouldBe("2025-03-13");
        card.Topic.ShouldBe("антирисковая программа");
        card.Decisions.ShouldBe("доработать мониторинг");
        card.Actions[0].Text.ShouldBe("провести педсовет");
        card.Actions[0].Due.ShouldBe("2025-03-28");
        card.Hint.ShouldStartWith("Я понял: школа, дата, тема, решения, план.");
        await using var db = f.Db();
        (await db.Consultations.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Command_ShortcutThenSave_StoresWhatWasConfirmed()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        var form = (await f.SayAsync("curator", "консультация Сосновская 12 марта по телефону 30 мин: тема ВПР; решения разобрать задания; план пробная работа"))
            .Card<ConsultationFormCard>(ConsultationTemplates.Form);

        var data = new System.Text.Json.Nodes.JsonObject
        {
            ["cardKey"] = form.CardKey,
            ["rows"] = form.Rows,
            ["schoolId"] = form.SchoolId,
            ["date"] = form.Date,
            ["format"] = form.Format,
            ["duration"] = form.Duration,
            ["topic"] = form.Topic,
            ["decisions"] = form.Decisions,
            ["plan"] = form.Plan,
        };
        foreach (var row in form.Actions)
        {
            data[row.TextId] = row.Text;
            data[row.DueId] = row.Due;
        }

        (await f.ActAsync("curator", ConsultationVerbs.Save, data)).Refused.ShouldBeFalse();

        await using var db = f.Db();
        var saved = await db.Consultations.Include(c => c.Actions).SingleAsync();
        saved.SchoolId.ShouldBe(f.Sosnovo);
        saved.Format.ShouldBe(ConsultationFormat.Phone);
        saved.DurationMinutes.ShouldBe(30);
        saved.Date.ShouldBe(new DateOnly(2025, 3, 12));
        saved.Actions.Single().Text.ShouldBe("пробная работа");
    }

    [Fact]
    public async Task Command_ShortcutForSchoolNotAssigned_FormAsksToChoose()
    {
        await using var f = await ConsultationFixture.CreateAsync();

        var card = (await f.SayAsync("curator", "консультация 3 сегодня: тема т")).Card<ConsultationFormCard>(ConsultationTemplates.Form);

        card.SchoolId.ShouldBeEmpty();
        card.Schools.ShouldNotContain(s => s.Value == f.Other.ToString(CultureInfo.InvariantCulture));
        card.Hint.ShouldContain("не найдена среди ваших");
    }

    [Fact]
    public async Task Command_DirectorWithoutConsultableSchools_Explains()
    {
        await using var f = await ConsultationFixture.CreateAsync();

        var output = await f.SayAsync("director", "записать консультацию");

        output.Replies.OfType<SchoolSupport.Conversation.TextReply>().Single().Text.ShouldContain("кураторы и консультанты");
    }
}
