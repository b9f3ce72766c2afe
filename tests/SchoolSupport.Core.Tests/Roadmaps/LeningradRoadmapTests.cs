using SchoolSupport.Roadmaps.Documents;
using static SchoolSupport.Core.Tests.Roadmaps.RoadmapFixtures;

namespace SchoolSupport.Core.Tests.Roadmaps;

public class LeningradRoadmapTests
{
    private static readonly ParsedRoadmap Text = Read(LeningradText);
    private static readonly ParsedRoadmap Docx = Read(LeningradDocx);

    public static TheoryData<string> Files => new() { LeningradText, LeningradDocx };

    [Theory]
    [MemberData(nameof(Files))]
    public void Read_LeningradSeed_HasAll120ItemsInOrder(string file)
    {
        var roadmap = Read(file);

        roadmap.Items.Count.ShouldBe(120);
        roadmap.Items.Select(i => i.Number).ShouldBe(LeningradNumbers);
        roadmap.Items.Select(i => i.Order).ShouldBe(Enumerable.Range(1, 120));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Read_LeningradSeed_FindsSectionsWithParents(string file)
    {
        var roadmap = Read(file);

        roadmap.Sections.Select(s => s.Number).ShouldBe(["1", "2", "2.1", "2.2", "2.3", "2.4", "2.5", "3"]);
        roadmap.Sections.Single(s => s.Number == "2.1").ParentNumber.ShouldBe("2");
        roadmap.Sections.Single(s => s.Number == "2.1").Title.ShouldStartWith("Повышение предметной");
        roadmap.Sections.Single(s => s.Number == "2.2").Title.ShouldStartWith("Организация и проведение курсовой подготовки");
        roadmap.Sections.Single(s => s.Number == "3").Title.ShouldStartWith("Осуществление обмена успешными практиками");
        roadmap.Item("2.2.1").SectionNumber.ShouldBe("2.2");
        roadmap.Item("3.3").SectionNumber.ShouldBe("3");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Read_LeningradSeed_ReadsTitleYearRegionAndColumns(string file)
    {
        var roadmap = Read(file);

        roadmap.Title.ShouldBe("ПЛАН-ГРАФИК реализации проекта «500+» в общеобразовательных организациях Ленинградской области в 2022 году");
        roadmap.Year.ShouldBe(2022);
        roadmap.Region.ShouldBe("Ленинградская область");
        roadmap.SourceFileName.ShouldBe(file);
        roadmap.Columns.ShouldBe(["№", "Описание действий", "Дата реализации", "Ответственные", "Региональные показатели их достижения"]);
    }

    [Fact]
    public void Read_LeningradText_MergesRowSplitAcrossPageBreak()
    {
        var item = Text.Item("1.7");

        item.Title.ShouldBe("Закрепление кураторов за конкретными образовательными организациями");
        item.TimeframeText.ShouldBe("07.02. 2022 года");
        item.Responsible.ShouldBe("региональный координатор, муниципальные координаторы");
        item.ExpectedResult.ShouldBe("100% ОО из числа включенных в проект, в которые назначены кураторы");
        item.TargetPercent.ShouldBe(100m);
    }

    [Fact]
    public void Read_LeningradText_MergesConsultationRow()
    {
        var item = Text.Item("1.18");

        item.Title.ShouldBe("Консультирование школ кураторами и консультантами ЛОИРО");
        item.TimeframeText.ShouldBe("Февраль-апрель 2022");
        item.ExpectedResult.ShouldNotBeNull();
        item.ExpectedResult.ShouldContain("(тема, принятые решения, намеченные мероприятия)");
    }

    [Fact]
    public void Read_LeningradText_KeepsSecondDateOfTheSameItem()
    {
        var item = Text.Item("1.9");

        item.TimeframeText.ShouldBe("09.02. 2022 года; 10.02. 2022 года");
        item.Responsible.ShouldBe("школы 2021 и 2022 года участия; школы 2022 года участия");
        Text.Item("1.10").TimeframeText.ShouldBe("08.02-05.07. 2022 года");
    }

    [Fact]
    public void Read_LeningradText_KeepsRecurringTimeframeText()
    {
        Text.Item("1.4").TimeframeText.ShouldBe("1 и 3 четверг – 1 год участия; 2 и 4 четверг – 2 год участия");
        Text.Item("1.4").Timeframe.Text.ShouldBe("1 и 3 четверг – 1 год участия; 2 и 4 четверг – 2 год участия");
    }

    [Fact]
    public void Read_LeningradText_MergesOtherSplitRows()
    {
        Text.Item("1.39").Responsible.ShouldBe("школы - участницы проекта, муниципальные координаторы и кураторы школ");
        Text.Item("1.39").ExpectedResult.ShouldNotBeNull().ShouldEndWith("представили опыт своей работы в проекте");
        Text.Item("1.47").Responsible.ShouldEndWith("специалисты МОУО, руководители муниципальных методических служб");
        Text.Item("2.1.30").TimeframeText.ShouldBe("15 декабря 2022 года");
        Text.Item("2.4.5").Title.ShouldStartWith("Научно-методическое проектирование деятельности специалистов");
        Text.Item("2.4.5").Responsible.ShouldBe("ГАОУ ДПО «ЛОИРО»: кафедры, Центр инновационного развития образования");
        Text.Item("2.5.7").Title.ShouldBe("Профилактика социальных отклонений средствами мотивационно-креативной педагогики. Педагогика здоровья");
    }

    [Fact]
    public void Read_LeningradText_ExtractsTargets()
    {
        Text.Item("1.6").TargetPercent.ShouldBe(100m);
        Text.Item("1.6").TargetCount.ShouldBe(10);
        Text.Item("1.10").TargetPercent.ShouldBe(85m);
        Text.Item("1.22").TargetPercent.ShouldBe(100m);
        Text.Item("2.2.8").TargetPercent.ShouldBe(30m);
        Text.Item("1.3").TargetPercent.ShouldBeNull();
        Text.Item("1.3").TargetCount.ShouldBeNull();
    }

    [Fact]
    public void Read_LeningradText_ProducesNoWarnings()
    {
        Text.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Read_LeningradDocx_MatchesTextExport()
    {
        Docx.Items.Select(i => i.Number).ShouldBe(Text.Items.Select(i => i.Number));
        Docx.Items.Select(i => CellText.Normalise(i.Title)).ShouldBe(Text.Items.Select(i => CellText.Normalise(i.Title)));
        Docx.Items.Select(i => i.SectionNumber).ShouldBe(Text.Items.Select(i => i.SectionNumber));
        Docx.Item("1.18").TimeframeText.ShouldBe("Февраль-апрель 2022");
        Docx.Item("1.7").TimeframeText.ShouldBe("07.02. 2022 года");
    }
}
