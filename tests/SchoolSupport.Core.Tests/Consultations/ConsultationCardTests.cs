using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SchoolSupport.Cards;
using SchoolSupport.Consultations;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;

namespace SchoolSupport.Tests.Consultations;

public sealed class ConsultationCardTests
{
    public static TheoryData<string, Type> Templates => new()
    {
        { ConsultationTemplates.Form, typeof(ConsultationFormCard) },
        { ConsultationTemplates.Details, typeof(ConsultationCard) },
        { ConsultationTemplates.List, typeof(ConsultationListCard) },
    };

    /// <summary>The sample data must be exactly a model (no missing or extra property), so the samples test real cards.</summary>
    [Theory]
    [MemberData(nameof(Templates))]
    public void SampleData_RoundTripsThroughTheModel_Unchanged(string template, Type modelType)
    {
        var path = Path.Combine(RepositoryPaths.Cards, template + ".data.json");
        var sample = JsonNode.Parse(File.ReadAllText(path))!;
        var strict = new JsonSerializerOptions(CardRenderer.ModelOptions) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

        var model = JsonSerializer.Deserialize(sample.ToJsonString(), modelType, strict)!;
        var again = JsonSerializer.SerializeToNode(model, modelType, CardRenderer.ModelOptions)!;

        JsonNode.DeepEquals(again, sample).ShouldBeTrue($"{template}.data.json differs from its model:\n{again.ToJsonString()}");
    }

    private static async Task CrowdAsync(ConsultationFixture f)
    {
        await using var db = f.Db();
        // A busy school and region: many working-group members and many roadmap items with long titles.
        for (var i = 0; i < 20; i++)
        {
            var p = new Person { FullName = $"Сотрудникова Екатерина Александровна {i}", Email = $"p{i}@test.local" };
            db.People.Add(p);
            await db.SaveChangesAsync();
            db.RoleAssignments.Add(new RoleAssignment { PersonId = p.Id, Role = Role.Consultant, RegionId = f.RegionId, SchoolId = f.School277 });
        }

        var roadmap = new Roadmap { Title = "Ещё одна", RegionId = f.RegionId, Year = 2025, SourceFileName = "x.docx", DocumentKey = "x" };
        for (var i = 0; i < 40; i++)
        {
            roadmap.Items.Add(new RoadmapItem { Number = $"2.{i}", Title = new string('м', 300), TimeframeText = "в течение года", TrackedPerSchool = true });
        }

        db.Roadmaps.Add(roadmap);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task FormCard_TenRowsAndFullPickers_RendersWithinTeamsBudget()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        await CrowdAsync(f);
        var data = f.ValidForm();
        data["rows"] = "10";
        for (var n = 1; n <= 10; n++)
        {
            data[$"action{n}Text"] = "Провести методическое совещание с учителями начальных классов по итогам анкетирования " + n;
            data[$"action{n}WhoText"] = "заместитель директора по УВР";
        }

        var form = (await f.ActAsync("curator", ConsultationVerbs.AddAction, data)).Card<ConsultationFormCard>(ConsultationTemplates.Form);

        form.Actions.Count.ShouldBe(10);
        form.CanAddAction.ShouldBeFalse();
        form.People.Count.ShouldBe(8);
        form.TopicChoices.Count.ShouldBe(30);
        var card = new CardRenderer().Render(ConsultationTemplates.Form, form);
        card.ToJsonString(CardTemplateEngine.OutputOptions).ShouldNotContain("${");
        CardSize.Utf8Bytes(card).ShouldBeLessThanOrEqualTo(CardSize.TeamsBudgetBytes);
        (card.ToJsonString().Split("\"id\":").Length - 1).ShouldBe(11 + (4 * 10), "ten fields, the folded topic block, and four inputs per action row");
        card["actions"]!.AsArray().Count.ShouldBe(1, "no «Ещё мероприятие» at the limit");
    }

    [Fact]
    public async Task FormCard_MaximalTexts_PickersShrinkToWhatIsChosenAndTextsStay()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        await CrowdAsync(f);
        var data = f.ValidForm();
        data["rows"] = "10";
        for (var n = 1; n <= 10; n++)
        {
            data[$"action{n}Text"] = new string('д', 500);
        }

        data["decisions"] = new string('р', 4000);

        var form = (await f.ActAsync("curator", ConsultationVerbs.AddAction, data)).Card<ConsultationFormCard>(ConsultationTemplates.Form);

        form.Decisions.Length.ShouldBe(4000);
        form.Actions[9].Text.Length.ShouldBe(500);
        form.People.Select(p => p.Value).ShouldBe([f.CuratorId.ToString(CultureInfo.InvariantCulture), f.DirectorId.ToString(CultureInfo.InvariantCulture)]);
        form.TopicChoices.Select(t => t.Value).ShouldBe([$"r:{f.RiskId}", $"i:{f.ItemId}"]);
        form.Hint.ShouldContain("списки выбора сокращены");
    }

    [Fact]
    public async Task DetailsCard_Rendered_HasEditAndDeleteWithTheRecordId()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        var saved = (await f.ActAsync("curator", ConsultationVerbs.Save, f.ValidForm())).Card<ConsultationCard>(ConsultationTemplates.Details);

        var card = new CardRenderer().Render(ConsultationTemplates.Details, saved);

        var actions = card["actions"]!.AsArray();
        actions.Select(a => a!["title"]!.GetValue<string>()).ShouldBe(["Изменить", "Удалить", "Новая"]);
        actions[0]!["verb"]!.GetValue<string>().ShouldBe(ConsultationVerbs.Edit);
        actions[0]!["data"]!["consultationId"]!.GetValue<string>().ShouldBe(saved.ConsultationId);
        actions[1]!["card"]!["actions"]![0]!["verb"]!.GetValue<string>().ShouldBe(ConsultationVerbs.Delete);
        card.ToJsonString(CardTemplateEngine.OutputOptions).ShouldContain("Провести педсовет по итогам анкетирования");
    }

    [Fact]
    public async Task FormCard_SubmittedValues_AreTheInputIdsTheServerReads()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        var form = (await f.ActAsync("curator", ConsultationVerbs.New, new JsonObject())).Card<ConsultationFormCard>(ConsultationTemplates.Form);

        var card = new CardRenderer().Render(ConsultationTemplates.Form, form);

        var ids = card.ToJsonString().Split("\"id\":\"").Skip(1).Select(s => s[..s.IndexOf('"', StringComparison.Ordinal)]).ToList();
        ids.ShouldBe([
            "schoolId", "date", "duration", "format", "topic", "topicsBlock", "topics", "participantRoles", "participants", "decisions", "plan",
            "action1Text", "action1Due", "action1Who", "action1WhoText",
            "action2Text", "action2Due", "action2Who", "action2WhoText",
        ]);
        var save = card["actions"]![0]!;
        save["verb"]!.GetValue<string>().ShouldBe(ConsultationVerbs.Save);
        save["data"]!["cardKey"]!.GetValue<string>().ShouldBe(form.CardKey);
        form.SchoolId.ShouldBe("", "two schools: the curator picks one");
        form.Date.ShouldBe(ConsultationFixture.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }
}
