using System.Text.Json.Nodes;
using SchoolSupport.Cards;
using SchoolSupport.Status;

namespace SchoolSupport.Tests.Status;

/// <summary>The real models of every role and phrase, rendered through the embedded templates.</summary>
public sealed class CardRenderTests(StatusFixture fixture) : IClassFixture<StatusFixture>
{
    private readonly CardRenderer renderer = new();

    public static TheoryData<string, string> Conversations => new()
    {
        { "director1", "что на этой неделе" },
        { "director4", "сроки в марте" },
        { "curator", "мероприятия для кураторов" },
        { "municipal", "что просрочено" },
        { "regional", "сроки в марте" },
        { "regional", "ближайшие события" },
        { "director1", "сроки в августе" },
        { "director1", "статус" },
        { "curator", "статус" },
        { "regional", "статус" },
    };

    [Theory]
    [MemberData(nameof(Conversations))]
    public async Task Render_EveryRoleAndPhrase_CompleteCardUnderTeamsLimit(string who, string text)
    {
        var output = await fixture.SayAsync(who, text);
        var reply = output.Replies.OfType<SchoolSupport.Conversation.CardReply>().ShouldHaveSingleItem();

        var card = renderer.Render(reply.Template, reply.Model);

        var json = card.ToJsonString();
        json.ShouldNotContain("${");
        CardSize.FitsTeams(card).ShouldBeTrue();
        card["version"]!.GetValue<string>().ShouldBe("1.5");
    }

    [Fact]
    public async Task Render_DirectorWeek_RowsInOrderWithMarkButtons()
    {
        var card = renderer.Render(StatusTemplates.Due, await fixture.CardAsync<DueCard>("director1", "что на этой неделе"));

        var texts = Texts(card).ToList();
        var order = new[] { "**1** Отчёт в районный ИМЦ", "**1.2** Представить состав рабочей группы школы", "**1.1** Вебинар для директоров школ-участниц", "**1.6** Региональные ВКС со школами" }
            .Select(t => texts.IndexOf(t)).ToList();
        order.ShouldAllBe(i => i >= 0);
        order.ShouldBeInOrder();
        texts.ShouldContain("Осталось 2 дн.");
        var marks = Actions(card).Where(a => a["verb"]?.GetValue<string>() == StatusVerbs.MarkForm).ToList();
        marks.Count.ShouldBe(2);
        marks[0]["data"]!["schoolId"]!.GetValue<int>().ShouldBe(fixture.Id.School1);
        marks[0]["data"]!["itemId"]!.GetValue<int>().ShouldBe(fixture.Id.Item("north-1"));
    }

    [Fact]
    public async Task Render_MonthPageButton_CarriesTheRequestTheActionAccepts()
    {
        var card = renderer.Render(StatusTemplates.Due, await fixture.CardAsync<DueCard>("regional", "сроки в марте"));
        var next = Actions(card).Single(a => a["verb"]?.GetValue<string>() == StatusVerbs.DuePage);

        var output = await fixture.ActAsync("regional", StatusVerbs.DuePage, next["data"]!.DeepClone().AsObject());

        output.Refused.ShouldBeFalse();
        output.UpdatedCard!.Model.ShouldBeOfType<DueCard>().Page.ShouldBe(1);
    }

    [Fact]
    public async Task Render_MarkForm_SubmitWithInputsIsAccepted()
    {
        var form = await fixture.ActAsync("director1", StatusVerbs.MarkForm, CardData.Obj(
            ("schoolId", fixture.Id.School1), ("itemId", fixture.Id.Item("1.5")), ("roadmapId", fixture.Id.Roadmap)));
        var card = renderer.Render(form.UpdatedCard!.Template, form.UpdatedCard.Model);
        var save = Actions(card).Single(a => a["verb"]?.GetValue<string>() == StatusVerbs.Mark);

        // What the client sends: the action's data merged with the input values (always strings).
        var data = save["data"]!.DeepClone().AsObject();
        data["status"] = "Done";
        data["evidenceUrl"] = "https://disk.example/self-check.pdf";
        data["note"] = "";
        var output = await fixture.ActAsync("director1", StatusVerbs.Mark, data);

        output.Refused.ShouldBeFalse();
        output.UpdatedCard!.Model.ShouldBeOfType<StatusCard>().Notice.ShouldBe("Отмечено: п. 1.5 — выполнено.");
    }

    [Fact]
    public async Task Render_Rollup_EachSchoolOpensItsStatus()
    {
        var card = renderer.Render(StatusTemplates.Rollup, await fixture.CardAsync<RollupCard>("regional", "статус"));

        var opens = Actions(card).Where(a => a["verb"]?.GetValue<string>() == StatusVerbs.Show).Select(a => a["data"]!["schoolId"]!.GetValue<int>()).ToList();
        opens.ShouldBe([fixture.Id.School4, fixture.Id.School1, fixture.Id.School2, fixture.Id.School3]);
    }

    [Fact]
    public void Render_ForChannelWithoutExecute_VerbsMoveIntoSubmitData()
    {
        var card = renderer.Render(StatusTemplates.Rollup, new RollupCard("Мои школы", "", "", [new RollupRow(7, "Школа", 1, 2, 50, "1 из 2 (50%)", 0, "нет", "Good", null, "нет", "Attention", true)], 0, 1, "", false, false, 0, 0, RollupFilter.None, false, false));

        CardActions.ForChannel(card, supportsExecute: false);

        var submit = Actions(card).ShouldHaveSingleItem();
        submit["type"]!.GetValue<string>().ShouldBe("Action.Submit");
        submit["data"]!["verb"]!.GetValue<string>().ShouldBe(StatusVerbs.Show);
        submit["data"]!["schoolId"]!.GetValue<int>().ShouldBe(7);
    }

    private static IEnumerable<string> Texts(JsonNode? node) => Walk(node)
        .Where(o => o["type"]?.GetValue<string>() == "TextBlock")
        .Select(o => o["text"]!.GetValue<string>());

    private static IEnumerable<JsonObject> Actions(JsonNode? node) => Walk(node)
        .Where(o => o["type"]?.GetValue<string>() is "Action.Execute" or "Action.Submit");

    private static IEnumerable<JsonObject> Walk(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                yield return o;
                foreach (var (_, v) in o)
                {
                    foreach (var x in Walk(v))
                    {
                        yield return x;
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    foreach (var x in Walk(item))
                    {
                        yield return x;
                    }
                }

                break;
        }
    }
}
