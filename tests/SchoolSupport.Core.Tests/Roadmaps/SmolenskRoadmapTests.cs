using SchoolSupport.Roadmaps.Documents;
using static SchoolSupport.Core.Tests.Roadmaps.RoadmapFixtures;

namespace SchoolSupport.Core.Tests.Roadmaps;

public class SmolenskRoadmapTests
{
    private static readonly ParsedRoadmap Roadmap = Read(SmolenskText);

    [Fact]
    public void Read_SmolenskSeed_KeepsGlobalNumbering1To58()
    {
        Roadmap.Items.Select(i => i.Number).ShouldBe(Range("", 1, 58));
    }

    [Fact]
    public void Read_SmolenskSeed_GeneratesNumbersForUnnumberedHeadings()
    {
        Roadmap.Sections.Select(s => s.Number).ShouldBe(["S1", "S2", "S3", "S4", "S5", "S6"]);
        Roadmap.Sections[0].Title.ShouldBe("Общие организационные мероприятия, направленные на адресное сопровождение школ");
        Roadmap.Sections[1].Title.ShouldStartWith("Региональные организационные мероприятия");
        Roadmap.Item("9").SectionNumber.ShouldBe("S1");
        Roadmap.Item("10").SectionNumber.ShouldBe("S2");
        Roadmap.Item("58").SectionNumber.ShouldBe("S6");
    }

    [Fact]
    public void Read_SmolenskSeed_ReadsInformationSupportColumn()
    {
        Roadmap.Columns.ShouldContain("Информационное сопровождение проекта");
        Roadmap.Item("1").InformationSupport.ShouldBe("Рисковые профили");
        Roadmap.Item("3").InformationSupport.ShouldBe("Сайт «Адресное сопровождение школ» Новости (dpo-smolensk.ru)");
        Roadmap.Item("56").InformationSupport.ShouldBeNull();
        Roadmap.Items.ShouldAllBe(i => i.ExtraColumns.Count == 0);
    }

    [Fact]
    public void Read_SmolenskSeed_ReadsRecurringMeetings()
    {
        var item = Roadmap.Item("13");

        item.Title.ShouldBe("Совещания с кураторами школ");
        item.TimeframeText.ShouldBe("С марта 2022 г. 2-й и 4-й понедельник");
        item.Responsible.ShouldBe("ЦНППМ");
        item.ResponsibleByLevel.ShouldBeEmpty();
        item.TargetCount.ShouldBe(8);
    }

    [Fact]
    public void Read_SmolenskSeed_ReadsRowsWithExtraEmptyCells()
    {
        var item = Roadmap.Item("15");

        item.TimeframeText.ShouldBe("Май, октябрь 2022 г.");
        item.Responsible.ShouldBe("Центр экспертизы ГАУ ДПО СОИРО");
        item.ExpectedResult.ShouldBe("Участие 29 школ в мониторинге");
        item.TargetCount.ShouldBe(29);
        Roadmap.Item("14").ExpectedResult.ShouldBe("Проведено не менее 8 совещаний");
        Roadmap.Item("48").ExpectedResult.ShouldBe("Педагоги из не менее 10 ОО прошли оценку компетенций");
    }

    [Fact]
    public void Read_SmolenskSeed_RepairsRowsShiftedByTheExport()
    {
        Roadmap.Item("6").Title.ShouldBe("Контроль (аудит) размещения школами концептуальных документов и антирисковых программ");
        Roadmap.Item("6").TimeframeText.ShouldBe("29.03.2022");
        Roadmap.Item("7").Title.ShouldStartWith("Организация участия школ в цикле еженедельных вебинаров ФИОКО");
        Roadmap.Item("7").TimeframeText.ShouldBe("Еженедельно по графику");
        Roadmap.Item("7").InformationSupport.ShouldBe("Релиз вебинаров на сайте");
        Roadmap.Item("8").TimeframeText.ShouldBe("С апреля ежеквартально");
        Roadmap.Item("9").Title.ShouldBe("Организация участников проекта в опросах, проводимых Федеральным координатором");
        Roadmap.Item("9").TimeframeText.ShouldBe("В течение года по специальному графику");
        Roadmap.Warnings.ShouldContain(w => w.Contains("6–9"));
    }

    [Fact]
    public void Read_SmolenskSeed_TreatsZerosInNumberColumnAsContinuation()
    {
        Roadmap.Item("55").Title.ShouldEndWith("по актуальным вопросам введения ФГОС НОО и ООО");
        Roadmap.Item("55").InformationSupport.ShouldNotBeNull().ShouldContain("Новости РУМО");
        Roadmap.Warnings.ShouldContain(w => w.Contains("«000»"));
    }

    [Fact]
    public void Read_SmolenskSeed_TakesYearFromTimeframesAndRegionFromTitle()
    {
        Roadmap.Title.ShouldStartWith("Региональный план-график (дорожная карта) реализации проекта");
        Roadmap.Year.ShouldBe(2022);
        Roadmap.Region.ShouldBe("Смоленская область");
    }
}
