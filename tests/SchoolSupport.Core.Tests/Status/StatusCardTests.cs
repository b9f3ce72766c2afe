using SchoolSupport.Conversation;
using SchoolSupport.Status;

namespace SchoolSupport.Tests.Status;

public sealed class StatusCardTests(StatusFixture fixture) : IClassFixture<StatusFixture>
{
    [Fact]
    public async Task Status_Director_TotalsSectionsAndNextThreeDeadlines()
    {
        var card = await fixture.CardAsync<StatusCard>("director1", "статус");

        card.SchoolName.ShouldBe("МОУ СОШ № 1");
        card.Progress.ShouldBe("выполнено 1 из 10 (10%)");
        (card.Done, card.Total, card.Percent).ShouldBe((1, 10, 10));
        card.Bar.ShouldBe("▓░░░░░░░░░");
        card.Overdue.ShouldBe(1);
        card.OverdueText.ShouldBe("Просрочено: 1");
        card.DueSoon.ShouldBe(3);
        card.Sections.Select(s => (s.Title, s.Done, s.Total)).ShouldBe([
            ("1\\. Организационные мероприятия", 1, 5),
            ("2\\. Мониторинг и документы", 0, 4),
            ("Без раздела", 0, 1)]);
        card.NextDeadlines.Select(r => (r.Number, r.DaysLeft, r.DaysText)).ShouldBe([
            ("1", 1, "Завтра"), ("1.2", 2, "Осталось 2 дн."), ("2.2", 9, "Осталось 9 дн.")]);
        card.NextDeadlines.ShouldAllBe(r => r.CanMark && r.Mark.SchoolId == fixture.Id.School1);
        card.ShowRollup.ShouldBeFalse();
        card.HasOverdue.ShouldBeTrue();
        card.ListAll.ShouldBe(new DuePageData("All", "2026-03-11", "2026-03-11", "", fixture.Id.School1, 0));
    }

    [Fact]
    public async Task Status_FirstYearDirector_NotApplicableLeavesTheTotal()
    {
        var card = await fixture.CardAsync<StatusCard>("director2", "статус");

        card.Progress.ShouldBe("выполнено 1 из 9 (11%)");
        card.Overdue.ShouldBe(1);
        card.NextDeadlines.Select(r => r.Number).ShouldBe(["1", "1.2", "1.4"]);
    }

    [Fact]
    public async Task Status_RegionalCoordinator_RollupMostOverdueFirst()
    {
        var card = await fixture.CardAsync<RollupCard>("regional", "статус");

        card.Title.ShouldBe("Школы региона: Тестовая область");
        card.Schools.Select(s => (s.Name, s.Overdue, s.Done, s.Total, s.Percent)).ShouldBe([
            ("МОУ СОШ № 4", 3, 0, 9, 0),
            ("МОУ СОШ № 1", 1, 1, 10, 10),
            ("МОУ СОШ № 2", 1, 1, 9, 11),
            ("МОУ СОШ № 3", 0, 3, 9, 33)]);
        card.Schools.ShouldAllBe(s => s.LastConsultation == null && s.LastConsultationText == "нет" && s.NoRecentConsultation);
        card.Subtitle.ShouldBe("Школ: 4, с просрочками: 3, без консультаций больше 30 дн.: 4");
    }

    [Fact]
    public async Task Status_MunicipalCoordinator_OnlyDistrictSchools()
    {
        var card = await fixture.CardAsync<RollupCard>("municipal", "статус");

        card.Title.ShouldBe("Школы: Северный район");
        card.Schools.Select(s => s.Name).ShouldBe(["МОУ СОШ № 1", "МОУ СОШ № 2"]);
    }

    [Fact]
    public async Task Status_CuratorWithTwoSchools_RollupThenSchoolByNumber()
    {
        var rollup = await fixture.CardAsync<RollupCard>("curator", "статус");
        rollup.Title.ShouldBe("Мои школы");
        rollup.Schools.Select(s => s.Name).ShouldBe(["МОУ СОШ № 1", "МОУ СОШ № 3"]);

        var one = await fixture.CardAsync<StatusCard>("curator", "статус 3");
        one.SchoolName.ShouldBe("МОУ СОШ № 3");
        one.Progress.ShouldBe("выполнено 3 из 9 (33%)");
        one.ShowRollup.ShouldBeTrue();
    }

    [Fact]
    public async Task StatusShow_RegionalDrillDown_ReplacesCardWithSchoolStatus()
    {
        var output = await fixture.ActAsync("regional", StatusVerbs.Show, CardData.Obj(("schoolId", fixture.Id.School4)));

        output.Refused.ShouldBeFalse();
        var card = output.UpdatedCard.ShouldNotBeNull().Model.ShouldBeOfType<StatusCard>();
        card.SchoolName.ShouldBe("МОУ СОШ № 4");
        card.Overdue.ShouldBe(3);
        card.NextDeadlines.ShouldAllBe(r => r.CanMark);
    }

    [Fact]
    public async Task StatusShow_DirectorAsksForAnotherSchool_Refused()
    {
        var output = await fixture.ActAsync("director1", StatusVerbs.Show, CardData.Obj(("schoolId", fixture.Id.School2)));

        output.Refused.ShouldBeTrue();
        output.ActionMessage.ShouldBe(Texts.NotAllowed);
        output.UpdatedCard.ShouldBeNull();
    }

    [Fact]
    public async Task ListAll_Director_EveryTrackedItemByDeadline()
    {
        var status = await fixture.CardAsync<StatusCard>("director1", "статус");

        var output = await fixture.ActAsync("director1", StatusVerbs.DuePage, StatusJson.ToData(status.ListAll));

        var list = output.UpdatedCard.ShouldNotBeNull().Model.ShouldBeOfType<DueCard>();
        list.AllRows().Select(r => r.Number).ShouldBe(["2.4", "1.3", "1", "1.2", "2.2", "1.4", "1.5", "2.3", "2.5", "1.9"]);
        list.AllRows().Single(r => r.Number == "1.3").DaysText.ShouldBe("Выполнено");
    }

    [Fact]
    public async Task OverdueButton_Director_OnlyOwnOverdue()
    {
        var status = await fixture.CardAsync<StatusCard>("director1", "статус");

        var output = await fixture.ActAsync("director1", StatusVerbs.DuePage, StatusJson.ToData(status.OverdueList));

        output.UpdatedCard!.Model.ShouldBeOfType<DueCard>().AllRows().Select(r => r.Number).ShouldBe(["2.4"]);
    }

    [Fact]
    public async Task Rollup_LastConsultationSource_FillsTheColumn()
    {
        var dates = new Dictionary<int, DateOnly>();
        using var withSource = StatusFixture.With(services => services.AddSingletonConsultations(dates));
        dates[withSource.Id.School3] = new DateOnly(2026, 3, 4);

        var card = await withSource.CardAsync<RollupCard>("regional", "статус");

        card.Schools.Single(s => s.Name == "МОУ СОШ № 3").LastConsultationText.ShouldBe("04.03");
        card.Schools.Single(s => s.Name == "МОУ СОШ № 3").NoRecentConsultation.ShouldBeFalse();
        card.Schools.Single(s => s.Name == "МОУ СОШ № 1").LastConsultationText.ShouldBe("нет");
        card.Schools.Single(s => s.Name == "МОУ СОШ № 1").LastConsultationColor.ShouldBe("Attention");
    }
}
