using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests.Week;

/// <summary>
/// The consultation form fits a phone: the topic picker is one folded multi-select drawn from every roadmap section,
/// «Кто выполняет» offers the chosen school's people (and the server accepts no one else), required fields are marked,
/// every submitted id is checked, and the edit form can be cancelled.
/// </summary>
public sealed class ConsultationFormFitsAPhoneHttpTests : IDisposable
{
    private const string Curator = "29:demo-curator";
    private readonly BotApp bot = new();

    public void Dispose() => bot.Dispose();

    private async Task<int> SchoolIdAsync(string name)
    {
        await using var db = bot.OpenDatabase();
        return await db.Schools.Where(s => s.Name == name).Select(s => s.Id).SingleAsync();
    }

    private async Task<JsonObject> FormForAsync(int schoolId)
    {
        var replies = await bot.SubmitAsync(Curator, "consultation.new", new JsonObject { ["schoolId"] = Id(schoolId) });
        return BotApp.CardOf(replies.Single()).ShouldNotBeNull();
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static JsonObject Filled(JsonObject form, int schoolId)
    {
        var data = AnnouncementStatusHttpTests.FindVerbData(form, "consultation.save");
        data["schoolId"] = Id(schoolId);
        data["date"] = "2026-03-17";
        data["format"] = "InPerson";
        data["duration"] = "45";
        data["topic"] = "Антирисковая программа";
        data["decisions"] = "Доработать мониторинг";
        data["plan"] = "Педсовет";
        data["action1Text"] = "Провести педсовет";
        data["action1Due"] = "2026-03-30";
        return data;
    }

    private async Task<int> StoredCountAsync()
    {
        await using var db = bot.OpenDatabase();
        return await db.Consultations.CountAsync(c => !c.SourceKey.StartsWith("demo:"));
    }

    [Fact]
    public async Task Form_TopicsAreOneFoldedCompactMultiSelect_WithRoadmapItemsFromEverySection()
    {
        var luga = await SchoolIdAsync("МОУ «СОШ № 3» г. Луги");
        var form = await FormForAsync(luga);

        CardQuery.OfType(form, "Input.Toggle").ShouldBeEmpty();
        var multi = CardQuery.OfType(form, "Input.ChoiceSet").Where(c => (bool?)c["isMultiSelect"] == true).ToList();
        multi.Select(c => (string?)c["id"]).ShouldBe(["topics", "participantRoles"], ignoreOrder: true);
        var topics = CardQuery.ById(form, "topics").ShouldNotBeNull();
        ((string?)topics["style"]).ShouldBe("compact");
        var folded = CardQuery.AncestorsOf(form, topics).Single(o => (string?)o["id"] == "topicsBlock");
        ((bool?)folded["isVisible"]).ShouldBe(false);
        CardQuery.OfType(form, "Action.ToggleVisibility").ShouldHaveSingleItem()["targetElements"]!.AsArray()
            .Select(t => (string?)t).ShouldBe(["topicsBlock"]);

        var offered = CardQuery.ChoiceValues(topics).Where(v => v.StartsWith("i:", StringComparison.Ordinal))
            .Select(v => int.Parse(v[2..], CultureInfo.InvariantCulture)).ToList();
        await using var db = bot.OpenDatabase();
        var items = await db.RoadmapItems.Where(i => i.Roadmap!.Year == 2026 && !i.IsWithdrawn
                && (i.TrackedPerSchool || (i.ResponsibleRoles & (RoleMask.Curator | RoleMask.Consultant)) != RoleMask.None))
            .Select(i => new { i.Id, i.SectionId, i.Number }).ToListAsync();
        var sectionsWithItems = items.Select(i => i.SectionId).Distinct().Count();
        sectionsWithItems.ShouldBeGreaterThan(1);
        items.Where(i => offered.Contains(i.Id)).Select(i => i.SectionId).Distinct().Count().ShouldBe(sectionsWithItems);
        items.Where(i => offered.Contains(i.Id)).ShouldContain(i => i.Number.StartsWith("2.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Form_WhoDoesIt_OffersExactlyThePeopleOfTheChosenSchool()
    {
        var luga = await SchoolIdAsync("МОУ «СОШ № 3» г. Луги");
        var form = await FormForAsync(luga);

        await using var db = bot.OpenDatabase();
        var me = await db.People.SingleAsync(p => p.Email == "curator@demo.schoolsupport.local");
        var school = await db.Schools.SingleAsync(s => s.Id == luga);
        var expected = await db.RoleAssignments
            .Where(r => r.PersonId != me.Id && (r.SchoolId == luga || (r.Role == Role.MunicipalCoordinator && r.MunicipalityId == school.MunicipalityId)))
            .Select(r => r.PersonId).Distinct().ToListAsync();
        expected.Add(me.Id);

        var who = CardQuery.ById(form, "action1Who").ShouldNotBeNull();
        CardQuery.ChoiceValues(who).Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ShouldBe(expected, ignoreOrder: true);
        BotApp.TextsOf(who).ShouldNotContain(t => t.Contains("Борисов") || t.Contains("Григорьев") || t.Contains("Орлова"));
    }

    [Fact]
    public async Task Save_WithAnAssigneeNotOfTheSchool_ShowsTheRowErrorAndStoresNothing()
    {
        var luga = await SchoolIdAsync("МОУ «СОШ № 3» г. Луги");
        int regional, otherDirector;
        await using (var db = bot.OpenDatabase())
        {
            regional = await db.People.Where(p => p.Email == "coordinator@demo.schoolsupport.local").Select(p => p.Id).SingleAsync();
            otherDirector = await db.People.Where(p => p.Email == "director2@demo.schoolsupport.local").Select(p => p.Id).SingleAsync();
        }

        foreach (var outsider in new[] { regional, otherDirector })
        {
            var data = Filled(await FormForAsync(luga), luga);
            data["action1Who"] = Id(outsider);
            var card = BotApp.CardOf((await bot.SubmitAsync(Curator, "consultation.save", data)).Single()).ShouldNotBeNull();
            BotApp.TextsOf(card).ShouldContain("Исполнитель не связан с этой школой: выберите из списка или впишите текстом.");
        }

        (await StoredCountAsync()).ShouldBe(0);
    }

    [Theory]
    [InlineData("topics", "i:999999")]
    [InlineData("topics", "x:1")]
    [InlineData("participantRoles", "Hacker")]
    [InlineData("action1Who", "abc")]
    [InlineData("schoolId", "999999")]
    public async Task Save_WithAForgedId_IsRefusedAndStoresNothing(string field, string value)
    {
        var luga = await SchoolIdAsync("МОУ «СОШ № 3» г. Луги");
        var data = Filled(await FormForAsync(luga), luga);
        data[field] = value;

        var replies = await bot.SubmitAsync(Curator, "consultation.save", data);

        replies.ShouldHaveSingleItem();
        CardQuery.TextOf(replies[0]).ShouldNotContain("Консультация сохранена");
        (await StoredCountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Form_MarksEveryRequiredFieldWithAnErrorMessage_AndThePlanStopsBeingRequiredOnceRowsCarryIt()
    {
        var form = await FormForAsync(await SchoolIdAsync("МОУ «СОШ № 3» г. Луги"));
        foreach (var id in new[] { "schoolId", "date", "duration", "format", "topic", "decisions", "plan" })
        {
            var input = CardQuery.ById(form, id).ShouldNotBeNull(id);
            ((bool?)input["isRequired"]).ShouldBe(true, id);
            ((string?)input["errorMessage"]).ShouldNotBeNullOrWhiteSpace(id);
        }

        var shortcut = BotApp.CardOf((await bot.SayAsync(Curator,
            "консультация Толмачёвская вчера: тема мониторинг; решения доработать план; план провести педсовет до 27.03")).Single());
        ((bool?)CardQuery.ById(shortcut, "plan")!["isRequired"]).ShouldBe(false);
    }

    [Fact]
    public async Task EditForm_Cancel_ShowsTheStoredConsultationUnchanged()
    {
        var luga = await SchoolIdAsync("МОУ «СОШ № 3» г. Луги");
        var saved = BotApp.CardOf((await bot.SubmitAsync(Curator, "consultation.save", Filled(await FormForAsync(luga), luga))).Single());
        var edit = BotApp.CardOf((await bot.SubmitAsync(Curator, "consultation.edit",
            AnnouncementStatusHttpTests.FindVerbData(saved, "consultation.edit"))).Single()).ShouldNotBeNull();
        BotApp.TextsOf(edit)[0].ShouldBe("Изменение консультации");

        var cancel = AnnouncementStatusHttpTests.FindVerbData(edit, "consultation.cancelEdit");
        var after = BotApp.CardOf((await bot.SubmitAsync(Curator, "consultation.cancelEdit", cancel)).Single()).ShouldNotBeNull();

        var texts = BotApp.TextsOf(after);
        texts.ShouldContain("Изменения не сохранены.");
        texts.ShouldContain(t => t.Contains("Антирисковая программа"));
        await using var db = bot.OpenDatabase();
        (await db.ConsultationRevisions.CountAsync()).ShouldBe(1);
        (await db.Consultations.SingleAsync(c => !c.SourceKey.StartsWith("demo:"))).Topic.ShouldBe("Антирисковая программа");
    }

    [Fact]
    public async Task NewForm_HasNoCancel()
    {
        var form = await FormForAsync(await SchoolIdAsync("МОУ «СОШ № 3» г. Луги"));
        AnnouncementStatusHttpTests.FindAllVerbData(form, "consultation.cancelEdit").ShouldBeEmpty();
    }
}
