using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Consultations;
using SchoolSupport.Roadmaps;

namespace SchoolSupport.Tests.Consultations;

public sealed class ConsultationSaveTests
{
    [Fact]
    public async Task Save_AssignedSchool_StoresEveryField()
    {
        await using var f = await ConsultationFixture.CreateAsync();

        var output = await f.ActAsync("curator", ConsultationVerbs.Save, f.ValidForm());

        output.Refused.ShouldBeFalse();
        var card = output.Card<ConsultationCard>(ConsultationTemplates.Details);
        card.Status.ShouldStartWith("Консультация сохранена");
        card.CanEdit.ShouldBeTrue();
        await using var db = f.Db();
        var row = await db.Consultations.Include(c => c.Actions).Include(c => c.Topics).SingleAsync();
        row.SchoolId.ShouldBe(f.School277);
        row.RegionId.ShouldBe(f.RegionId);
        row.MunicipalityId.ShouldBe(f.KirovskyId);
        row.AuthorPersonId.ShouldBe(f.CuratorId);
        row.Date.ShouldBe(new DateOnly(2025, 3, 12));
        row.Format.ShouldBe(ConsultationFormat.InPerson);
        row.DurationMinutes.ShouldBe(45);
        row.Participants.ShouldBe("Иванова А. П.; педагоги 7-х классов");
        row.ParticipantRoles.ShouldBe(RoleMask.Director | RoleMask.Curator);
        row.Topic.ShouldBe("Антирисковая программа: учебная мотивация");
        row.Decisions.ShouldBe("Доработать раздел мониторинга; провести анкетирование 7–9 классов");
        row.Plan.ShouldBe("Обсудить итоги анкетирования на следующей встрече");
        row.CreatedAt.ShouldBe(f.Time.Now.UtcDateTime);
        row.DeletedAt.ShouldBeNull();
        row.SourceKey.ShouldBe($"consultation:{row.AuthorPersonId}:card:a1b2c3d4e5f6a7b8c9d0");
        row.Topics.Select(t => t.RiskDirectionId).OfType<int>().ShouldBe([f.RiskId]);
        row.Topics.Select(t => t.RoadmapItemId).OfType<int>().ShouldBe([f.ItemId]);
        var actions = row.Actions.OrderBy(a => a.Order).ToList();
        actions.Count.ShouldBe(2);
        actions[0].Text.ShouldBe("Провести педсовет по итогам анкетирования");
        actions[0].DueDate.ShouldBe(new DateOnly(2025, 3, 28));
        actions[0].AssigneePersonId.ShouldBe(f.DirectorId);
        actions[0].AssigneeText.ShouldBeNull();
        actions[0].Done.ShouldBeFalse();
        actions[1].DueDate.ShouldBeNull();
        actions[1].AssigneePersonId.ShouldBeNull();
        actions[1].AssigneeText.ShouldBe("заместитель директора по УВР");
        var revision = await db.ConsultationRevisions.SingleAsync();
        revision.Kind.ShouldBe(RevisionKind.Created);
        JsonNode.Parse(revision.Snapshot)!["topic"]!.GetValue<string>().ShouldBe(row.Topic);
    }

    [Fact]
    public async Task Save_UnassignedSchool_RefusedAndNothingStored()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        var form = f.ValidForm();
        form["schoolId"] = f.Other.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var output = await f.ActAsync("curator", ConsultationVerbs.Save, form);

        output.Refused.ShouldBeTrue();
        output.ActionMessage.ShouldNotBeNullOrWhiteSpace();
        await using var db = f.Db();
        (await db.Consultations.CountAsync()).ShouldBe(0);
        (await db.ConsultationRevisions.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Save_DirectorOfTheSchool_Refused()
    {
        await using var f = await ConsultationFixture.CreateAsync();

        var output = await f.ActAsync("director", ConsultationVerbs.Save, f.ValidForm());

        output.Refused.ShouldBeTrue();
        await using var db = f.Db();
        (await db.Consultations.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Save_SameCardKeyTwice_StoresOneRow()
    {
        await using var f = await ConsultationFixture.CreateAsync();

        await f.ActAsync("curator", ConsultationVerbs.Save, f.ValidForm());
        var second = await f.ActAsync("curator", ConsultationVerbs.Save, f.ValidForm());

        second.Card<ConsultationCard>(ConsultationTemplates.Details).Status.ShouldBe("Эта консультация уже сохранена.");
        await using var db = f.Db();
        (await db.Consultations.CountAsync()).ShouldBe(1);
        (await db.ConsultationActions.CountAsync()).ShouldBe(2);
    }

    [Fact]
    public async Task Save_SameActivityIdTwiceWithoutCardKey_StoresOneRow()
    {
        await using var f = await ConsultationFixture.CreateAsync();

        await f.ActAsync("curator", ConsultationVerbs.Save, f.ValidForm(cardKey: null), activityId: "f:activity-1");
        await f.ActAsync("curator", ConsultationVerbs.Save, f.ValidForm(cardKey: null), activityId: "f:activity-1");
        await f.ActAsync("curator", ConsultationVerbs.Save, f.ValidForm(cardKey: null), activityId: "f:activity-2");

        await using var db = f.Db();
        // The fallback key names the person and the conversation, never the bare activity id.
        var keys = await db.Consultations.Select(c => c.SourceKey).ToListAsync();
        keys.Distinct().Count().ShouldBe(2);
        keys.ShouldAllBe(k => k.StartsWith("consultation:") && k.Contains(":activity:") && !k.Contains("f:activity"));
    }

    [Fact]
    public async Task Save_DuplicatesRacing_StoresOneRow()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        // The first turn stores the person's conversation address; only the consultation insert should race here.
        await f.SayAsync("curator", "помощь");

        var outputs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => f.ActAsync("curator", ConsultationVerbs.Save, f.ValidForm()))));

        outputs.ShouldAllBe(o => !o.Refused && o.UpdatedCard != null && o.UpdatedCard.Template == ConsultationTemplates.Details);
        await using var db = f.Db();
        (await db.Consultations.CountAsync()).ShouldBe(1);
        (await db.ConsultationRevisions.CountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task Save_FutureDate_FieldErrorAndValuesKept()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        var form = f.ValidForm();
        form["date"] = "2025-03-15";

        var output = await f.ActAsync("curator", ConsultationVerbs.Save, form);

        var card = output.Card<ConsultationFormCard>(ConsultationTemplates.Form);
        card.DateError.ShouldBe("Дата консультации не может быть в будущем.");
        card.Error.ShouldNotBeEmpty();
        card.Date.ShouldBe("2025-03-15");
        card.Topic.ShouldBe("Антирисковая программа: учебная мотивация");
        card.Actions[1].WhoText.ShouldBe("заместитель директора по УВР");
        card.CardKey.ShouldBe("a1b2c3d4e5f6a7b8c9d0");
        card.TopicError.ShouldBeEmpty();
        await using var db = f.Db();
        (await db.Consultations.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Save_DateBeforeSchoolJoined_FieldError()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        var form = f.ValidForm();
        form["date"] = "2021-12-20";

        var card = (await f.ActAsync("curator", ConsultationVerbs.Save, form)).Card<ConsultationFormCard>(ConsultationTemplates.Form);

        card.DateError.ShouldContain("10.01.2022");
    }

    [Theory]
    [InlineData("topic")]
    [InlineData("decisions")]
    [InlineData("plan")]
    [InlineData("participants")]
    public async Task Save_TenThousandCharacterField_RejectedWithReason(string field)
    {
        await using var f = await ConsultationFixture.CreateAsync();
        var form = f.ValidForm();
        form[field] = new string('а', 10_000);

        var output = await f.ActAsync("curator", ConsultationVerbs.Save, form);

        var card = output.Card<ConsultationFormCard>(ConsultationTemplates.Form);
        var error = field switch
        {
            "topic" => card.TopicError,
            "decisions" => card.DecisionsError,
            "plan" => card.PlanError,
            _ => card.ParticipantsError,
        };
        error.ShouldContain("10000 символов");
        await using var db = f.Db();
        (await db.Consultations.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Save_MissingRequiredFields_EachFieldNamed()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        var form = f.ValidForm();
        foreach (var key in new[] { "topic", "decisions", "plan", "format", "duration", "action1Text", "action1Due", "action1Who", "action2Text", "action2WhoText" })
        {
            form[key] = "";
        }

        var card = (await f.ActAsync("curator", ConsultationVerbs.Save, form)).Card<ConsultationFormCard>(ConsultationTemplates.Form);

        card.TopicError.ShouldBe("Укажите тему консультации.");
        card.DecisionsError.ShouldBe("Опишите принятые решения.");
        card.PlanError.ShouldStartWith("Укажите намеченные мероприятия");
        card.FormatError.ShouldNotBeEmpty();
        card.DurationError.ShouldContain("от 5 до 600");
        card.Participants.ShouldBe("Иванова А. П.; педагоги 7-х классов");
    }

    [Theory]
    [InlineData("4")]
    [InlineData("601")]
    [InlineData("сорок")]
    public async Task Save_DurationOutOfRange_FieldError(string duration)
    {
        await using var f = await ConsultationFixture.CreateAsync();
        var form = f.ValidForm();
        form["duration"] = duration;

        var card = (await f.ActAsync("curator", ConsultationVerbs.Save, form)).Card<ConsultationFormCard>(ConsultationTemplates.Form);

        card.DurationError.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Save_ElevenPlannedActions_Rejected()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        var form = f.ValidForm();
        for (var n = 1; n <= 11; n++)
        {
            form[$"action{n}Text"] = $"Мероприятие {n}";
        }

        var card = (await f.ActAsync("curator", ConsultationVerbs.Save, form)).Card<ConsultationFormCard>(ConsultationTemplates.Form);

        card.PlanError.ShouldContain("Не больше 10");
        await using var db = f.Db();
        (await db.Consultations.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Save_ActionDueBeforeConsultation_RowError()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        var form = f.ValidForm();
        form["action2Due"] = "2025-03-01";

        var card = (await f.ActAsync("curator", ConsultationVerbs.Save, form)).Card<ConsultationFormCard>(ConsultationTemplates.Form);

        card.Actions[1].Error.ShouldBe("Срок не может быть раньше даты консультации.");
        card.Actions[0].Error.ShouldBeEmpty();
    }

    [Fact]
    public async Task Save_AssigneeFromAnotherSchool_RowError()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        var form = f.ValidForm();
        form["action1Who"] = f.OtherCuratorId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var card = (await f.ActAsync("curator", ConsultationVerbs.Save, form)).Card<ConsultationFormCard>(ConsultationTemplates.Form);

        card.Actions[0].Error.ShouldContain("не связан с этой школой");
    }

    [Fact]
    public async Task NewAction_ForUnassignedSchool_Refused()
    {
        await using var f = await ConsultationFixture.CreateAsync();

        var output = await f.ActAsync("curator", ConsultationVerbs.New, new JsonObject { ["schoolId"] = f.Other });

        output.Refused.ShouldBeTrue();
    }

    [Fact]
    public async Task NewAction_WithSchool_FormPreselectsIt()
    {
        await using var f = await ConsultationFixture.CreateAsync();

        var output = await f.ActAsync("curator", ConsultationVerbs.New, new JsonObject { ["schoolId"] = f.Sosnovo });

        var card = output.Card<ConsultationFormCard>(ConsultationTemplates.Form);
        card.SchoolId.ShouldBe(f.Sosnovo.ToString(System.Globalization.CultureInfo.InvariantCulture));
        card.Schools.Select(s => s.Title).ShouldBe(["ГБОУ СОШ № 277", "МОУ «Сосновская СОШ»"]);
        card.Date.ShouldBe("2025-03-14");
        card.MaxDate.ShouldBe("2025-03-14");
        card.CardKey.Length.ShouldBe(32);
        card.People[0].Value.ShouldBe(f.CuratorId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        card.People.ShouldNotContain(p => p.Title.StartsWith("Иванова Анна Павловна"), "she directs another school of the curator's");
        card.TopicChoices.ShouldContain(c => c.Value == $"r:{f.RiskId}");
        card.TopicChoices.ShouldContain(c => c.Value == $"i:{f.ItemId}" && c.Title.StartsWith("п. 1.18"));
    }

    [Fact]
    public async Task AddAction_KeepsValuesAndAddsRow()
    {
        await using var f = await ConsultationFixture.CreateAsync();

        var card = (await f.ActAsync("curator", ConsultationVerbs.AddAction, f.ValidForm())).Card<ConsultationFormCard>(ConsultationTemplates.Form);

        card.Actions.Count.ShouldBe(3);
        card.Actions[2].TextId.ShouldBe("action3Text");
        card.Actions[0].Text.ShouldBe("Провести педсовет по итогам анкетирования");
        card.Rows.ShouldBe("3");
        card.Error.ShouldBeEmpty();
    }

    [Fact]
    public async Task Revision_Snapshot_IsReadableJsonWithCyrillic()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        await f.ActAsync("curator", ConsultationVerbs.Save, f.ValidForm());

        await using var db = f.Db();
        var snapshot = (await db.ConsultationRevisions.SingleAsync()).Snapshot;

        snapshot.ShouldContain("Антирисковая программа");
        using var doc = JsonDocument.Parse(snapshot);
        doc.RootElement.GetProperty("actions").GetArrayLength().ShouldBe(2);
    }
}
