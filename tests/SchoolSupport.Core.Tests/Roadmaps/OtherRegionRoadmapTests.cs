using System.Text;
using SchoolSupport.Roadmaps.Documents;

namespace SchoolSupport.Core.Tests.Roadmaps;

/// <summary>Roadmaps shaped unlike the seeds: other header names, «1.1.» numbering, «Раздел N.» headings, other encodings.</summary>
public class OtherRegionRoadmapTests
{
    private const string TverRoadmap =
        "Министерство образования Тверской области\n" +
        "\n" +
        "План мероприятий («дорожная карта») по поддержке школ с низкими образовательными результатами\n" +
        "на 2023 год\n" +
        "\n" +
        "№ п/п\tНаименование мероприятия\tСрок исполнения\tОтветственный\tОжидаемый результат\tПримечание\n" +
        "Раздел 1. Организационные мероприятия\t\t\t\t\t\n" +
        "1.1.\tСоздание рабочей группы\tДо 15.01.2023\tМинистерство образования\tПриказ издан\t\n" +
        "1.2.\tАнкетирование <b>педагогов</b>&nbsp;школ-участниц\tФевраль 2023\tЦОКО\tНе менее 90% педагогов ответили\tонлайн\n" +
        "1.3.\tПроведение семинаров для\tМарт – апрель\tИРО\tПроведено не менее\t\n" +
        "\n" +
        "\tзаместителей директоров\t2023 года\t\t4 семинаров\t\n" +
        "Раздел 2. Методическая поддержка\t\t\t\t\t\n" +
        "2.1.\t**Курсы** повышения квалификации\tВ течение года\tИРО\t<ul><li>Обучено 25 учителей</li><li>Отчёт</li></ul>\t\n";

    [Fact]
    public void Read_OtherRegionHeaders_MapsColumnsByName()
    {
        var roadmap = ReadText(TverRoadmap, Encoding.UTF8);

        roadmap.Columns.ShouldBe(["№ п/п", "Наименование мероприятия", "Срок исполнения", "Ответственный", "Ожидаемый результат", "Примечание"]);
        roadmap.Items.Select(i => i.Number).ShouldBe(["1.1", "1.2", "1.3", "2.1"]);
        roadmap.Sections.Select(s => (s.Number, s.Title)).ShouldBe([("1", "Организационные мероприятия"), ("2", "Методическая поддержка")]);
        roadmap.Items.Select(i => i.SectionNumber).ShouldBe(["1", "1", "1", "2"]);
    }

    [Fact]
    public void Read_OtherRegionHeaders_ReadsTitleYearAndRegion()
    {
        var roadmap = ReadText(TverRoadmap, Encoding.UTF8);

        roadmap.Title.ShouldBe("План мероприятий («дорожная карта») по поддержке школ с низкими образовательными результатами на 2023 год");
        roadmap.Year.ShouldBe(2023);
        roadmap.Region.ShouldBe("Тверская область");
    }

    [Fact]
    public void Read_OtherRegionHeaders_CleansMarkupAndKeepsUnknownColumns()
    {
        var roadmap = ReadText(TverRoadmap, Encoding.UTF8);

        var survey = roadmap.Items.Single(i => i.Number == "1.2");
        survey.Title.ShouldBe("Анкетирование педагогов школ-участниц");
        survey.TargetPercent.ShouldBe(90m);
        survey.ExtraColumns.ShouldBe(new Dictionary<string, string> { ["Примечание"] = "онлайн" });

        var courses = roadmap.Items.Single(i => i.Number == "2.1");
        courses.Title.ShouldBe("Курсы повышения квалификации");
        courses.ExpectedResult.ShouldBe("Обучено 25 учителей\nОтчёт");
        courses.TargetCount.ShouldBe(25);
        courses.ExtraColumns.ShouldBeEmpty();
    }

    [Fact]
    public void Read_OtherRegionHeaders_MergesSplitRow()
    {
        var item = ReadText(TverRoadmap, Encoding.UTF8).Items.Single(i => i.Number == "1.3");

        item.Title.ShouldBe("Проведение семинаров для заместителей директоров");
        item.TimeframeText.ShouldBe("Март – апрель 2023 года");
        item.ExpectedResult.ShouldBe("Проведено не менее 4 семинаров");
        item.TargetCount.ShouldBe(4);
    }

    [Fact]
    public void Read_Windows1251Text_ReadsTheSameAsUtf8()
    {
        var utf8 = ReadText(TverRoadmap, Encoding.UTF8);
        var cp1251 = ReadText(TverRoadmap, CodePagesEncodingProvider.Instance.GetEncoding(1251)!);

        cp1251.Items.Select(i => i.Title).ShouldBe(utf8.Items.Select(i => i.Title));
        cp1251.Region.ShouldBe("Тверская область");
    }

    [Fact]
    public void Read_Utf8WithBom_ReadsTheSameAsUtf8()
    {
        var withBom = ReadText(TverRoadmap, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), preamble: true);

        withBom.Columns[0].ShouldBe("№ п/п");
        withBom.Items.Count.ShouldBe(4);
    }

    [Fact]
    public void Read_NumberingRestartingInEverySection_QualifiesWithSectionNumber()
    {
        const string text =
            "| № | Мероприятия | Сроки | Исполнители |\n" +
            "| --- | --- | --- | --- |\n" +
            "| Раздел 1. Управление | | | |\n" +
            "| 1. | Совещание | Январь 2024 | Управление образования |\n" +
            "| 2. | Приказ | Февраль 2024 | Управление образования |\n" +
            "| Раздел 2. Методика | | | |\n" +
            "| 1. | Семинар | Март 2024 | ИРО |\n" +
            "| 2. | Вебинар | Апрель 2024 | ИРО |\n" +
            "| 3. | Конференция | Май 2024 | ИРО |\n";

        var roadmap = ReadText(text, Encoding.UTF8);

        roadmap.Items.Select(i => i.Number).ShouldBe(["1.1", "1.2", "2.1", "2.2", "2.3"]);
        roadmap.Items.Select(i => i.Title).ShouldBe(["Совещание", "Приказ", "Семинар", "Вебинар", "Конференция"]);
        roadmap.Year.ShouldBe(2024);
        roadmap.Region.ShouldBeNull();
    }

    [Fact]
    public void Read_UnnumberedItemsUnderNumberedSubsection_QualifiesRestartedNumbers()
    {
        const string text =
            "№\tМероприятия\tСроки\tОтветственные\n" +
            "2. Методическое сопровождение\t\t\t\n" +
            "2.3. Вебинары\t\t\t\n" +
            "1.\tВебинар по ВПР\tМарт 2022\tИРО\n" +
            "2.\tВебинар по ОГЭ\tАпрель 2022\tИРО\n" +
            "2.4. Консультации\t\t\t\n" +
            "1.\tКонсультация\tМай 2022\tИРО\n";

        var roadmap = ReadText(text, Encoding.UTF8);

        roadmap.Items.Select(i => i.Number).ShouldBe(["2.3.1", "2.3.2", "2.4.1"]);
        roadmap.Sections.Single(s => s.Number == "2.3").ParentNumber.ShouldBe("2");
    }

    private static ParsedRoadmap ReadText(string text, Encoding encoding, bool preamble = false)
    {
        var bytes = preamble ? [.. encoding.GetPreamble(), .. encoding.GetBytes(text)] : encoding.GetBytes(text);
        using var stream = new MemoryStream(bytes);
        return RoadmapDocumentReader.Read(stream, "tver-2023.txt");
    }
}
