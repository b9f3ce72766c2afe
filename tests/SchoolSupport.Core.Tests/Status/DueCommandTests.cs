using SchoolSupport.Status;

namespace SchoolSupport.Tests.Status;

/// <summary>Each phrase of the issue, for each role, on Wednesday 11.03.2026 (this week = 09.03–15.03).</summary>
public sealed class DueCommandTests(StatusFixture fixture) : IClassFixture<StatusFixture>
{
    private const string Events = "Мероприятия и события";
    private const string SchoolDeadlines = "Сроки для школ";

    private static IReadOnlyList<(string Number, DateOnly? Date, int Days)> Rows(DueGroup group) =>
        group.Rows.Select(r => (r.Number, r.Date, r.DaysLeft)).ToList();

    private static DateOnly D(int month, int day) => new(2026, month, day);

    [Fact]
    public async Task ThisWeek_Director_OwnSchoolDeadlinesThenRegionalEventsForTheirYear()
    {
        var card = await fixture.CardAsync<DueCard>("director1", "Что у нас на этой неделе?");

        card.Title.ShouldBe("Сроки и события на этой неделе");
        card.Subtitle.ShouldBe("09.03–15.03");
        card.Groups.Select(g => g.Title).ShouldBe(["МОУ СОШ № 1", Events]);
        Rows(card.Groups[0]).ShouldBe([("1", D(3, 12), 1), ("1.2", D(3, 13), 2)]);
        Rows(card.Groups[1]).ShouldBe([("1.1", D(3, 11), 0), ("1.6", D(3, 12), 1)]);

        var rows = card.AllRows().ToList();
        rows.Select(r => r.DaysText).ShouldBe(["Завтра", "Осталось 2 дн.", "Сегодня", "Завтра"]);
        rows[0].Status.ShouldBe("Не начато");
        rows[1].Status.ShouldBe("В работе");
        rows[0].CanMark.ShouldBeTrue();
        rows[0].Mark.ShouldBe(new MarkTarget(fixture.Id.School1, fixture.Id.Item("north-1"), fixture.Id.NorthRoadmap));
        rows[2].CanMark.ShouldBeFalse();
        rows[3].Note.ShouldBe("2 год участия");
        rows[0].DateText.ShouldBe("чт, 12.03");
    }

    [Fact]
    public async Task ThisWeek_FirstYearDirector_DoesNotSeeSecondYearCallOrOtherDistrict()
    {
        var card = await fixture.CardAsync<DueCard>("director2", "что на этой неделе");

        Rows(card.Groups[0]).ShouldBe([("1", D(3, 12), 1), ("1.2", D(3, 13), 2)]);
        Rows(card.Groups[1]).ShouldBe([("1.1", D(3, 11), 0)]);

        var south = await fixture.CardAsync<DueCard>("director4", "что на этой неделе");
        Rows(south.Groups[0]).ShouldBe([("1.2", D(3, 13), 2)]);
        Rows(south.Groups[1]).ShouldBe([("1.1", D(3, 11), 0)]);
    }

    [Fact]
    public async Task ThisWeek_Curator_GroupedBySchoolWithCuratorEvents()
    {
        var card = await fixture.CardAsync<DueCard>("curator", "что на этой неделе");

        // School 3 has done its only item of the week (1.2): done is not due, so the school has nothing listed.
        card.Groups.Select(g => g.Title).ShouldBe(["Школа: МОУ СОШ № 1", Events]);
        Rows(card.Groups[0]).ShouldBe([("1", D(3, 12), 1), ("1.2", D(3, 13), 2)]);
        card.Summary.ShouldEndWith("Уже выполнено и не показано: 1");
        Rows(card.Groups[1]).ShouldBe([("1.8", D(3, 10), -1), ("1.6", D(3, 12), 1)]);
        card.Groups[1].Rows[0].DaysText.ShouldBe("Прошло");
    }

    [Fact]
    public async Task ThisWeek_MunicipalCoordinator_SummarisesPerItemForDistrictSchools()
    {
        var card = await fixture.CardAsync<DueCard>("municipal", "что на этой неделе");

        card.Groups.Select(g => g.Title).ShouldBe([SchoolDeadlines, Events]);
        Rows(card.Groups[0]).ShouldBe([("1", D(3, 12), 1), ("1.2", D(3, 13), 2)]);
        card.Groups[0].Rows.Select(r => r.Note).ShouldBe(["не выполнили 2 из 2 школ", "не выполнили 2 из 2 школ"]);
        Rows(card.Groups[1]).ShouldBe([("1.7", D(3, 9), -2), ("1.8", D(3, 10), -1), ("1.1", D(3, 11), 0), ("1.6", D(3, 12), 1)]);
        card.AllRows().ShouldAllBe(r => !r.CanMark);
    }

    [Fact]
    public async Task ThisWeek_RegionalCoordinator_CountsEverySchoolOfTheRegion()
    {
        var card = await fixture.CardAsync<DueCard>("regional", "на этой неделе");

        Rows(card.Groups[0]).ShouldBe([("1", D(3, 12), 1), ("1.2", D(3, 13), 2)]);
        card.Groups[0].Rows.Select(r => r.Note).ShouldBe(["не выполнили 2 из 2 школ", "не выполнили 3 из 4 школ"]);
    }

    [Fact]
    public async Task Overdue_EachRole_OnlyOpenItemsOfTheirSchoolsMostOverdueFirst()
    {
        var d1 = await fixture.CardAsync<DueCard>("director1", "что просрочено");
        d1.Title.ShouldBe("Просроченные пункты");
        d1.AllRows().Select(r => (r.Number, r.DaysLeft, r.DaysText)).ShouldBe([("2.4", -14, "Просрочено на 14 дн.")]);
        d1.AllRows().ShouldAllBe(r => r.IsOverdue && r.Color == "Attention");

        var d2 = await fixture.CardAsync<DueCard>("director2", "что просрочено?");
        d2.AllRows().Select(r => (r.Number, r.DaysLeft)).ShouldBe([("2.1", -6)]);

        var d4 = await fixture.CardAsync<DueCard>("director4", "просрочки");
        d4.AllRows().Select(r => (r.Number, r.DaysLeft)).ShouldBe([("2.4", -14), ("1.3", -9), ("2.1", -6)]);

        var curator = await fixture.CardAsync<DueCard>("curator", "что просрочено");
        curator.Groups.Select(g => g.Title).ShouldBe(["Школа: МОУ СОШ № 1"]);
        curator.AllRows().Select(r => r.Number).ShouldBe(["2.4"]);

        var municipal = await fixture.CardAsync<DueCard>("municipal", "что просрочено");
        municipal.AllRows().Select(r => (r.Number, r.Note)).ShouldBe([("2.4", "не выполнили 1 из 2 школ"), ("2.1", "не выполнили 1 из 1 школы")]);

        var regional = await fixture.CardAsync<DueCard>("regional", "что просрочено");
        regional.AllRows().Select(r => (r.Number, r.DaysLeft, r.Note))
            .ShouldBe([("2.4", -14, "не выполнили 2 из 4 школ"), ("1.3", -9, "не выполнили 1 из 4 школ"), ("2.1", -6, "не выполнили 2 из 2 школ")]);
        regional.Summary.ShouldBe("Просроченных пунктов: 3");
    }

    [Fact]
    public async Task Upcoming_Director_TwoWeeksIncludingPeriodStarts()
    {
        var card = await fixture.CardAsync<DueCard>("director1", "ближайшие события");

        card.Subtitle.ShouldBe("11.03–25.03");
        Rows(card.Groups[0]).ShouldBe([("1", D(3, 12), 1), ("1.2", D(3, 13), 2), ("1.4", D(3, 16), 5), ("2.2", D(3, 20), 9)]);
        card.Groups[0].Rows[2].DaysText.ShouldBe("Начало через 5 дн.");
        card.Groups[0].Rows[2].DateText.ShouldBe("16.03–27.03");
        card.Groups[0].Rows[3].DaysText.ShouldBe("Осталось 9 дн.");
        Rows(card.Groups[1]).ShouldBe([("1.1", D(3, 11), 0), ("1.6", D(3, 12), 1)]);
    }

    [Fact]
    public async Task Month_FirstYearDirector_WholeMarchWithOverdueAndCallsOfTheFirstYear()
    {
        var card = await fixture.CardAsync<DueCard>("director4", "сроки в марте");

        card.Title.ShouldBe("Сроки и события в марте");
        card.Subtitle.ShouldBe("01.03–31.03");
        Rows(card.Groups[0]).ShouldBe([
            ("1.3", D(3, 2), -9), ("2.1", D(3, 5), -6), ("1.2", D(3, 13), 2), ("1.4", D(3, 27), 16), ("1.5", D(3, 31), 20), ("2.3", D(3, 31), 20)]);
        card.Groups[0].Rows.Take(2).ShouldAllBe(r => r.IsOverdue && r.DaysText.StartsWith("Просрочено на "));
        Rows(card.Groups[1]).ShouldBe([("1.6", D(3, 5), -6), ("1.1", D(3, 11), 0), ("1.6", D(3, 19), 8)]);
        card.Groups[1].Rows.Select(r => r.DaysText).ShouldBe(["Прошло", "Сегодня", "Через 8 дн."]);
        card.Summary.ShouldBe("Пунктов: 9, из них просрочено: 2");
    }

    [Fact]
    public async Task EndOfMonth_Director_DeadlinesUntil31March()
    {
        var card = await fixture.CardAsync<DueCard>("director1", "что сдать до конца месяца");

        card.Subtitle.ShouldBe("11.03–31.03");
        Rows(card.Groups[0]).ShouldBe([
            ("1", D(3, 12), 1), ("1.2", D(3, 13), 2), ("2.2", D(3, 20), 9), ("1.4", D(3, 27), 16), ("1.5", D(3, 31), 20), ("2.3", D(3, 31), 20)]);
        Rows(card.Groups[1]).ShouldBe([("1.1", D(3, 11), 0), ("1.6", D(3, 12), 1), ("1.6", D(3, 26), 15)]);
    }

    [Fact]
    public async Task CuratorEvents_Curator_OnlyItemsWithCuratorsResponsible()
    {
        var card = await fixture.CardAsync<DueCard>("curator", "мероприятия для кураторов");

        card.Title.ShouldBe("Мероприятия для кураторов в ближайший месяц");
        card.Groups.Select(g => g.Title).ShouldBe(["Школа: МОУ СОШ № 1", "Школа: МОУ СОШ № 3", Events]);
        Rows(card.Groups[0]).ShouldBe([("1.4", D(3, 27), 16), ("2.3", D(3, 31), 20)]);
        Rows(card.Groups[1]).ShouldBe([("1.4", D(3, 27), 16), ("2.3", D(3, 31), 20)]);
        Rows(card.Groups[2]).ShouldBe([("1.6", D(3, 12), 1), ("1.8", D(3, 17), 6), ("1.6", D(3, 26), 15), ("1.6", D(4, 9), 29)]);
    }

    [Fact]
    public async Task CuratorEvents_Director_SeesCuratorItemsOfOwnSchoolOnly()
    {
        var card = await fixture.CardAsync<DueCard>("director4", "мероприятия для кураторов");

        Rows(card.Groups[0]).ShouldBe([("1.4", D(3, 27), 16), ("2.3", D(3, 31), 20)]);
        Rows(card.Groups[1]).ShouldBe([("1.8", D(3, 17), 6), ("1.6", D(3, 19), 8), ("1.6", D(4, 2), 22)]);
    }

    [Fact]
    public async Task MonthPages_RegionalCoordinator_TwelveRowsPerPageAndNextPageByVerb()
    {
        var card = await fixture.CardAsync<DueCard>("regional", "сроки в марте");

        card.PageCount.ShouldBe(2);
        card.PageText.ShouldBe("Страница 1 из 2");
        card.HasNext.ShouldBeTrue();
        card.HasPrevious.ShouldBeFalse();
        Rows(card.Groups[0]).Select(r => r.Number).ShouldBe(["1.3", "2.1", "1", "1.2", "2.2", "1.4", "1.5", "2.3"]);
        Rows(card.Groups[1]).ShouldBe([("1.7", D(3, 2), -9), ("1.6", D(3, 5), -6), ("1.7", D(3, 9), -2), ("1.8", D(3, 10), -1)]);

        var next = await fixture.ActAsync("regional", StatusVerbs.DuePage, StatusJson.ToData(card.Next));
        next.Refused.ShouldBeFalse();
        var page2 = next.UpdatedCard.ShouldNotBeNull().Model.ShouldBeOfType<DueCard>();
        page2.Page.ShouldBe(1);
        page2.HasNext.ShouldBeFalse();
        page2.Title.ShouldBe(card.Title);
        page2.Groups.Select(g => g.Title).ShouldBe([Events]);
        Rows(page2.Groups[0]).ShouldBe([
            ("1.1", D(3, 11), 0), ("1.6", D(3, 12), 1), ("1.7", D(3, 16), 5), ("1.8", D(3, 17), 6),
            ("1.6", D(3, 19), 8), ("1.7", D(3, 23), 12), ("1.6", D(3, 26), 15), ("1.7", D(3, 30), 19)]);
    }

    [Fact]
    public async Task DuePage_ForeignSchoolList_Refused()
    {
        var data = StatusJson.ToData(new DuePageData("All", "2026-03-11", "2026-03-11", "", fixture.Id.School2, 0));

        var output = await fixture.ActAsync("director1", StatusVerbs.DuePage, data);

        output.Refused.ShouldBeTrue();
        output.UpdatedCard.ShouldBeNull();
    }

    [Theory]
    [InlineData("что на этой неделе", DueKind.Window, "2026-03-09", "2026-03-15")]
    [InlineData("что у нас на этой неделе?", DueKind.Window, "2026-03-09", "2026-03-15")]
    [InlineData("сроки в марте", DueKind.Window, "2026-03-01", "2026-03-31")]
    [InlineData("сроки в феврале", DueKind.Window, "2026-02-01", "2026-02-28")]
    [InlineData("сроки в сентябре", DueKind.Window, "2026-09-01", "2026-09-30")]
    [InlineData("что просрочено", DueKind.Overdue, "2026-03-11", "2026-03-11")]
    [InlineData("ближайшие события", DueKind.Window, "2026-03-11", "2026-03-25")]
    [InlineData("что сдать до конца месяца", DueKind.Window, "2026-03-11", "2026-03-31")]
    [InlineData("мероприятия для кураторов", DueKind.Curators, "2026-03-11", "2026-04-10")]
    [InlineData("что на следующей неделе", DueKind.Window, "2026-03-16", "2026-03-22")]
    [InlineData("сроки до 20.03", DueKind.Window, "2026-03-11", "2026-03-20")]
    [InlineData("что сдать до 5 апреля", DueKind.Window, "2026-03-11", "2026-04-05")]
    [InlineData("дедлайны", DueKind.Window, "2026-03-11", "2026-03-25")]
    public void TryRead_Phrase_KindAndWindow(string text, DueKind kind, string from, string to)
    {
        DueRequestReader.TryRead(new SchoolSupport.Conversation.ChatText(text), StatusFixture.Today, out var request).ShouldBeTrue();

        request.Kind.ShouldBe(kind);
        request.From.ShouldBe(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture));
        request.To.ShouldBe(DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("помощь")]
    [InlineData("записать консультацию")]
    [InlineData("кто я")]
    [InlineData("объявление всем школам")]
    [InlineData("консультации за неделю")]
    [InlineData("сроки консультаций")]
    public void Understand_OtherCommands_NotTakenAsDue(string text) =>
        (SchoolSupport.Cli.Teams.DeclaredCommands.Catalog().Understander.Understand(text, StatusFixture.Today).Command?.Name ?? "")
            .ShouldNotStartWith("due");
}
