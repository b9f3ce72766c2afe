using SchoolSupport.Roadmaps.Documents;
using static SchoolSupport.Core.Tests.Roadmaps.RoadmapFixtures;

namespace SchoolSupport.Core.Tests.Roadmaps;

public class SpbRoadmapTests
{
    private static readonly ParsedRoadmap Roadmap = Read(SpbText);

    [Fact]
    public void Read_SpbSeed_HasEveryItemOnceInOrder()
    {
        IReadOnlyList<string> expected =
        [
            .. Range("1.", 5, 16),
            .. Range("2.1.", 1, 8),
            "2.2",
            .. Range("3.", 1, 9),
            "4.1.1", "4.1.2",
            "4.2.1", "4.2.1-2", "4.2.2", "4.2.3",
            .. Range("5.", 1, 4),
        ];

        Roadmap.Items.Select(i => i.Number).ShouldBe(expected);
    }

    [Fact]
    public void Read_SpbSeed_DisambiguatesRepeatedNumberWithWarning()
    {
        Roadmap.Item("4.2.1").Title.ShouldContain("в 4 классах");
        Roadmap.Item("4.2.1-2").Title.ShouldContain("в 7 классах");
        Roadmap.Warnings.ShouldContain(w => w.Contains("4.2.1"));
    }

    [Fact]
    public void Read_SpbSeed_SplitsResponsibilityByLevel()
    {
        var item = Roadmap.Item("1.9");

        item.TimeframeText.ShouldBe("14.02.2022-01.03.2022");
        item.ResponsibleByLevel["Регион"].ShouldBe("СП6 АППО");
        item.ResponsibleByLevel["Район"].ShouldBe("ИМЦ");
        item.ResponsibleByLevel["ОО"].ShouldBe("ОО");
        item.Responsible.ShouldBe("Регион: СП6 АППО; Район: ИМЦ; ОО: ОО");
        Roadmap.Columns.ShouldBe(
        [
            "№ п/п", "Мероприятия", "Ответственные исполнители / Регион", "Ответственные исполнители / Район",
            "Ответственные исполнители / ОО", "Сроки",
        ]);
    }

    [Fact]
    public void Read_SpbSeed_ReadsRomanAndHtmlHeadingsWithNotes()
    {
        Roadmap.Sections.Select(s => s.Number).ShouldBe(["1", "II", "2.1", "III", "IV", "4.1", "4.2", "V"]);
        var methodical = Roadmap.Sections.Single(s => s.Number == "II");
        methodical.Title.ShouldBe("Методическое сопровождение");
        methodical.Notes.ShouldNotBeNull().ShouldStartWith("Задачи:");
        methodical.Notes.ShouldContain("Показатели:");
        Roadmap.Sections.Single(s => s.Number == "III").Title.ShouldBe("Мониторинг");
        Roadmap.Sections.Single(s => s.Number == "III").Notes.ShouldNotBeNull().ShouldContain("Выявление факторов риска");
        Roadmap.Sections.Single(s => s.Number == "V").Notes.ShouldNotBeNull().ShouldContain("Не менее 60% ШНОР");
        Roadmap.Sections.Single(s => s.Number == "2.1").ParentNumber.ShouldBe("II");
        Roadmap.Sections.Single(s => s.Number == "4.2").ParentNumber.ShouldBe("IV");
    }

    [Fact]
    public void Read_SpbSeed_AssignsItemsToRomanSections()
    {
        Roadmap.Item("2.1.1").SectionNumber.ShouldBe("2.1");
        Roadmap.Item("2.2").SectionNumber.ShouldBe("II");
        Roadmap.Item("3.1").SectionNumber.ShouldBe("III");
        Roadmap.Item("5.4").SectionNumber.ShouldBe("V");
        Roadmap.Item("1.5").SectionNumber.ShouldBe("1");
    }

    [Fact]
    public void Read_SpbSeed_MergesContinuationAcrossRepeatedHeader()
    {
        Roadmap.Item("1.16").Title.ShouldEndWith("в третьем опросе участников проекта (проведении анкетирования в электронном виде)");
        Roadmap.Item("1.16").ResponsibleByLevel["Район"].ShouldBe("ИМЦ");
        Roadmap.Item("4.2.3").Title.ShouldBe(
            "Аналитическая справка по результатам мониторинга по изучению состояния и результатов деятельности методических " +
            "объединений и мониторинга качества методического сопровождения педагогических работников Кировского района Санкт-Петербурга");
        Roadmap.Item("4.2.3").Responsible.ShouldBe("Район: ИМЦ");
    }

    [Fact]
    public void Read_SpbSeed_ReadsTitleYearRegion()
    {
        Roadmap.Title.ShouldBe(
            "Программа адресной методической поддержки общеобразовательных организаций с низкими образовательными результатами " +
            "(траектория 1) Кировского района Санкт-Петербурга на 2022 год");
        Roadmap.Year.ShouldBe(2022);
        Roadmap.Region.ShouldBe("Санкт-Петербург");
    }
}
