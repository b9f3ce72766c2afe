using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Consultations;

namespace SchoolSupport.Tests.Consultations;

public sealed class ConsultationEditTests
{
    private static async Task<int> SaveAsync(ConsultationFixture f)
    {
        await f.ActAsync("curator", ConsultationVerbs.Save, f.ValidForm());
        await using var db = f.Db();
        return await db.Consultations.Select(c => c.Id).SingleAsync();
    }

    private static JsonObject Id(int id) => new() { ["consultationId"] = id.ToString(CultureInfo.InvariantCulture) };

    [Fact]
    public async Task Edit_ByAuthorWithinSevenDays_AppliesChangeAndKeepsHistory()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        var id = await SaveAsync(f);
        f.Time.Now = f.Time.Now.AddDays(6);

        var form = (await f.ActAsync("curator", ConsultationVerbs.Edit, Id(id))).Card<ConsultationFormCard>(ConsultationTemplates.Form);
        form.ConsultationId.ShouldBe(id.ToString(CultureInfo.InvariantCulture));
        form.Topic.ShouldBe("Антирисковая программа: учебная мотивация");
        form.Actions[0].Who.ShouldBe(f.DirectorId.ToString(CultureInfo.InvariantCulture));

        var data = f.ValidForm(form.CardKey);
        data["consultationId"] = form.ConsultationId;
        data["topic"] = "Уточнённая тема";
        data["action2Text"] = "";
        data["action2WhoText"] = "";
        var saved = await f.ActAsync("curator", ConsultationVerbs.Save, data);
        var again = await f.ActAsync("curator", ConsultationVerbs.Save, data);

        saved.Card<ConsultationCard>(ConsultationTemplates.Details).Status.ShouldStartWith("Изменения сохранены");
        again.Card<ConsultationCard>(ConsultationTemplates.Details).Status.ShouldBe("Изменения уже сохранены.");
        await using var db = f.Db();
        var row = await db.Consultations.Include(c => c.Actions).SingleAsync();
        row.Topic.ShouldBe("Уточнённая тема");
        row.Actions.Count.ShouldBe(1);
        row.Version.ShouldBe(1);
        var history = await db.ConsultationRevisions.OrderBy(r => r.Id).ToListAsync();
        history.Select(r => r.Kind).ShouldBe([RevisionKind.Created, RevisionKind.Edited]);
        JsonNode.Parse(history[0].Snapshot)!["topic"]!.GetValue<string>().ShouldBe("Антирисковая программа: учебная мотивация");
        JsonNode.Parse(history[1].Snapshot)!["topic"]!.GetValue<string>().ShouldBe("Уточнённая тема");
    }

    [Fact]
    public async Task Edit_AfterSevenDays_Refused()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        var id = await SaveAsync(f);
        var form = (await f.ActAsync("curator", ConsultationVerbs.Edit, Id(id))).Card<ConsultationFormCard>(ConsultationTemplates.Form);
        f.Time.Now = f.Time.Now.AddDays(7).AddMinutes(1);

        var open = await f.ActAsync("curator", ConsultationVerbs.Edit, Id(id));
        var data = f.ValidForm(form.CardKey);
        data["consultationId"] = form.ConsultationId;
        data["topic"] = "Поздняя правка";
        var save = await f.ActAsync("curator", ConsultationVerbs.Save, data);

        open.Refused.ShouldBeTrue();
        open.ActionMessage!.ShouldContain("7 дней");
        save.Refused.ShouldBeTrue();
        await using var db = f.Db();
        (await db.Consultations.SingleAsync()).Topic.ShouldBe("Антирисковая программа: учебная мотивация");
        (await db.ConsultationRevisions.CountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task Edit_ByAnotherPerson_Refused()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        var id = await SaveAsync(f);

        var output = await f.ActAsync("municipal", ConsultationVerbs.Edit, Id(id));

        output.Refused.ShouldBeTrue();
        output.ActionMessage!.ShouldContain("только тот, кто её записал");
    }

    [Fact]
    public async Task Details_AfterSevenDays_HasNoEditButton()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        var id = await SaveAsync(f);
        f.Time.Now = f.Time.Now.AddDays(8);

        var card = (await f.ActAsync("curator", ConsultationVerbs.Show, Id(id))).Card<ConsultationCard>(ConsultationTemplates.Details);

        card.CanEdit.ShouldBeFalse();
        card.Topic.ShouldBe("Антирисковая программа: учебная мотивация");
    }

    [Fact]
    public async Task Delete_ByAuthor_SoftDeletesAndCoordinatorStillSeesIt()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        var id = await SaveAsync(f);

        var deleted = await f.ActAsync("curator", ConsultationVerbs.Delete, Id(id));
        var byDirector = await f.ActAsync("director", ConsultationVerbs.Show, Id(id));
        var byCoordinator = await f.ActAsync("coordinator", ConsultationVerbs.Show, Id(id));

        deleted.Card<ConsultationCard>(ConsultationTemplates.Details).IsDeleted.ShouldBeTrue();
        byDirector.Refused.ShouldBeTrue();
        var card = byCoordinator.Card<ConsultationCard>(ConsultationTemplates.Details);
        card.IsDeleted.ShouldBeTrue();
        card.Status.ShouldContain("удалена");
        await using var db = f.Db();
        var row = await db.Consultations.SingleAsync();
        row.DeletedAt.ShouldBe(f.Time.Now.UtcDateTime);
        row.DeletedByPersonId.ShouldBe(f.CuratorId);
        (await db.ConsultationRevisions.OrderBy(r => r.Id).Select(r => r.Kind).ToListAsync()).ShouldBe([RevisionKind.Created, RevisionKind.Deleted]);
    }

    [Fact]
    public async Task ActionDone_ByAssignee_MarksDoneAndLeavesDueList()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        await SaveAsync(f);
        await using (var db = f.Db())
        {
            (await ConsultationQueries.PlannedActionsDue(db, new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 31))).Count.ShouldBe(1);
        }

        int actionId;
        await using (var db = f.Db())
        {
            actionId = await db.ConsultationActions.Where(a => a.DueDate != null).Select(a => a.Id).SingleAsync();
        }

        var output = await f.ActAsync("director", ConsultationVerbs.ActionDone, new JsonObject { ["actionId"] = actionId.ToString(CultureInfo.InvariantCulture) });

        output.Refused.ShouldBeFalse();
        await using (var db = f.Db())
        {
            (await db.ConsultationActions.SingleAsync(a => a.Id == actionId)).Done.ShouldBeTrue();
            (await ConsultationQueries.PlannedActionsDue(db, new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 31))).ShouldBeEmpty();
        }
    }
}
