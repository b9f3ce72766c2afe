using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Conversation;
using SchoolSupport.Roadmaps;
using SchoolSupport.Status;

namespace SchoolSupport.Tests.Status;

/// <summary>Marking changes the database, so every test gets its own fixture.</summary>
public sealed class MarkItemTests : IDisposable
{
    private readonly StatusFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    private JsonObject Mark(string number, string status, int? schoolId = null, string? evidence = null, string? note = null, string? cardKey = null)
    {
        var itemId = fixture.Id.Item(number);
        var data = CardData.Obj(
            ("schoolId", schoolId ?? fixture.Id.School1),
            ("itemId", itemId),
            ("roadmapId", number == "north-1" ? fixture.Id.NorthRoadmap : fixture.Id.Roadmap),
            ("status", status));
        if (evidence is not null)
        {
            data["evidenceUrl"] = evidence;
        }

        if (note is not null)
        {
            data["note"] = note;
        }

        if (cardKey is not null)
        {
            data["cardKey"] = cardKey;
        }

        return data;
    }

    [Fact]
    public async Task MarkForm_Director_ShowsCurrentStateAndChoices()
    {
        var output = await fixture.ActAsync("director1", StatusVerbs.MarkForm, CardData.Obj(
            ("schoolId", fixture.Id.School1), ("itemId", fixture.Id.Item("1.2")), ("roadmapId", fixture.Id.Roadmap)));

        output.Refused.ShouldBeFalse();
        var form = output.UpdatedCard.ShouldNotBeNull().Model.ShouldBeOfType<MarkFormCard>();
        form.Number.ShouldBe("1.2");
        form.CurrentStatus.ShouldBe("В работе");
        form.StatusValue.ShouldBe("InProgress");
        form.DueText.ShouldBe("Срок: пт, 13.03 · Осталось 2 дн.");
        form.Statuses.Select(c => c.Value).ShouldBe(["Done", "InProgress", "NotApplicable", "NotStarted"]);
        form.CardKey.Length.ShouldBe(32);
        form.HasLastChange.ShouldBeTrue();
    }

    [Fact]
    public async Task Mark_DirectorDoneWithEvidence_UpdatesCurrentRowAppendsHistoryAndRefreshesCard()
    {
        var output = await fixture.ActAsync("director1", StatusVerbs.Mark,
            Mark("1.2", "Done", evidence: "https://disk.example/wg-order.pdf", note: "Приказ № 12 от 10.03", cardKey: "k1"));

        output.Refused.ShouldBeFalse();
        var card = output.UpdatedCard.ShouldNotBeNull().Model.ShouldBeOfType<StatusCard>();
        card.Notice.ShouldBe("Отмечено: п. 1.2 — выполнено.");
        card.Progress.ShouldBe("выполнено 2 из 10 (20%)");
        card.NextDeadlines.Select(r => r.Number).ShouldBe(["1", "2.2", "1.4"]);

        await using var db = fixture.CreateContext();
        var row = await db.ItemProgress.SingleAsync(p => p.SchoolId == fixture.Id.School1 && p.ItemId == fixture.Id.Item("1.2"));
        row.Status.ShouldBe(ProgressStatus.Done);
        row.CompletedOn.ShouldBe(StatusFixture.Today);
        row.EvidenceUrl.ShouldBe("https://disk.example/wg-order.pdf");
        row.Note.ShouldBe("Приказ № 12 от 10.03");
        row.Version.ShouldBe(2);
        row.ChangedByPersonId.ShouldBe(fixture.Id.People["director1"]);
        var change = await db.ItemProgressChanges.SingleAsync();
        (change.ItemId, change.SchoolId, change.Status, change.EvidenceUrl).ShouldBe((row.ItemId, row.SchoolId, ProgressStatus.Done, row.EvidenceUrl));
        change.SourceKey.ShouldBe($"item.mark:{fixture.Id.People["director1"]}:card:k1");
    }

    [Fact]
    public async Task Mark_FirstMarkOfAnItem_CreatesCurrentRow()
    {
        var output = await fixture.ActAsync("curator", StatusVerbs.Mark, Mark("2.3", "InProgress", schoolId: fixture.Id.School3));

        output.Refused.ShouldBeFalse();
        await using var db = fixture.CreateContext();
        var row = await db.ItemProgress.SingleAsync(p => p.SchoolId == fixture.Id.School3 && p.ItemId == fixture.Id.Item("2.3"));
        (row.Status, row.Version, row.CompletedOn).ShouldBe((ProgressStatus.InProgress, 1, (DateOnly?)null));
    }

    [Fact]
    public async Task Mark_SameCardSubmittedTwice_OneChange()
    {
        var data = Mark("1.5", "Done", cardKey: "form-1");

        var first = await fixture.ActAsync("director1", StatusVerbs.Mark, data);
        var second = await fixture.ActAsync("director1", StatusVerbs.Mark, (JsonObject)data.DeepClone());

        first.Refused.ShouldBeFalse();
        second.Refused.ShouldBeFalse();
        second.UpdatedCard!.Model.ShouldBeOfType<StatusCard>().Notice.ShouldBe("Эта отметка уже сохранена: п. 1.5.");
        await using var db = fixture.CreateContext();
        (await db.ItemProgressChanges.CountAsync()).ShouldBe(1);
        (await db.ItemProgress.SingleAsync(p => p.ItemId == fixture.Id.Item("1.5"))).Version.ShouldBe(1);
    }

    [Fact]
    public async Task Mark_SameActivityRedelivered_OneChange()
    {
        await fixture.ActAsync("director1", StatusVerbs.Mark, Mark("1.5", "Done"), activityId: "act-42", invoke: false);
        await fixture.ActAsync("director1", StatusVerbs.Mark, Mark("1.5", "Done"), activityId: "act-42", invoke: false);

        await using var db = fixture.CreateContext();
        (await db.ItemProgressChanges.CountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task Mark_SubmitChannel_ReplacesTheCardLikeAnInvoke()
    {
        var output = await fixture.ActAsync("director1", StatusVerbs.Mark, Mark("1.5", "Done"), invoke: false);

        output.Refused.ShouldBeFalse();
        output.UpdatedCard.ShouldNotBeNull().Template.ShouldBe(StatusTemplates.Status);
    }

    [Fact]
    public async Task Mark_TwoPeopleAtOnce_BothKeptInHistoryCurrentRowIsTheLast()
    {
        var tasks = Enumerable.Range(0, 6).Select(i => fixture.ActAsync(
            i % 2 == 0 ? "director1" : "curator",
            StatusVerbs.Mark,
            Mark("1.9", i % 3 == 0 ? "InProgress" : "Done", note: $"отметка {i}", cardKey: $"c{i}"))).ToList();
        var outputs = await Task.WhenAll(tasks);

        outputs.ShouldAllBe(o => !o.Refused);
        await using var db = fixture.CreateContext();
        var history = await db.ItemProgressChanges.Where(c => c.ItemId == fixture.Id.Item("1.9")).ToListAsync();
        history.Count.ShouldBe(6);
        var row = await db.ItemProgress.SingleAsync(p => p.ItemId == fixture.Id.Item("1.9") && p.SchoolId == fixture.Id.School1);
        row.Version.ShouldBe(6);
        history.OrderBy(h => h.Id).Last().Note.ShouldBe(row.Note);
    }

    [Fact]
    public async Task Mark_NotDone_ClearsCompletionDate()
    {
        await fixture.ActAsync("director1", StatusVerbs.Mark, Mark("1.3", "InProgress"));

        await using var db = fixture.CreateContext();
        var row = await db.ItemProgress.SingleAsync(p => p.SchoolId == fixture.Id.School1 && p.ItemId == fixture.Id.Item("1.3"));
        row.CompletedOn.ShouldBeNull();
        row.Status.ShouldBe(ProgressStatus.InProgress);
    }

    [Fact]
    public async Task Mark_MunicipalCoordinatorForDistrictSchool_Accepted()
    {
        var output = await fixture.ActAsync("municipal", StatusVerbs.Mark, Mark("north-1", "Done", schoolId: fixture.Id.School2));

        output.Refused.ShouldBeFalse();
    }
}
