using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using SchoolSupport.Roadmaps.Documents;
using SchoolSupport.Schedules;

namespace SchoolSupport.Core.Tests.Roadmaps;

/// <summary>
/// Roadmaps written in the heading and numbering styles other regions use: Markdown headings at any depth, bold lines,
/// full-width rows, numbered paragraphs between tables, item numbers in markup, numbering that restarts under a
/// subsection, and school-year documents.
/// </summary>
public class HeadingStyleRoadmapTests
{
    /// <summary>A Markdown export of a school-year plan: «#»/«##»/«###» headings, bold and tagged item numbers.</summary>
    private const string PskovSchoolYear =
        "Комитет по образованию Псковской области\n" +
        "\n" +
        "ПРИКАЗ\n" +
        "\n" +
        "25.08.2023 № 112\n" +
        "\n" +
        "План мероприятий («дорожная карта») по методической поддержке школ с низкими образовательными результатами\n" +
        "на 2023-2024 учебный год\n" +
        "\n" +
        "| № | Мероприятие | Срок | Ответственный | Результат |\n" +
        "| --- | --- | --- | --- | --- |\n" +
        "## 1. Организационные мероприятия\n" +
        "| **1.1.** | Совещание с руководителями школ | Сентябрь | ПОИПКРО | Протокол совещания |\n" +
        "| **1.2.** | Мониторинг посещаемости уроков | Ежемесячно | Школы | Справка |\n" +
        "### 1.3. Работа с кураторами\n" +
        "| 1. | Закрепление кураторов за школами | Октябрь | ПОИПКРО | Приказ |\n" +
        "| 2. | Обучение кураторов | В течение года | ЦНППМ | Обучено не менее 20 кураторов |\n" +
        "# 2. Методическая поддержка\n" +
        "| <b>2.1.</b> | Вебинары для учителей | Ежеквартально | ПОИПКРО | Не менее 4 вебинаров |\n" +
        "| <strong>2.2.</strong> | Консультирование школ кураторами | Постоянно | Кураторы | |\n" +
        "| *2.3.* | Итоговая конференция | Май | ПОИПКРО | |\n" +
        "| __2.4.__ | Публикация лучших практик | см. приложение | ПОИПКРО | |\n";

    /// <summary>A tab-separated export with bold lines and numbered paragraphs between the tables, for a calendar year.</summary>
    private const string NovgorodCalendarYear =
        "Министерство образования Новгородской области\n" +
        "\n" +
        "Дорожная карта реализации проекта «500+» в Новгородской области в 2024 году\n" +
        "\n" +
        "№\tМероприятие\tСрок\tИсполнитель\n" +
        "**Раздел I. Диагностика**\n" +
        "1.1.\tАнкетирование участников проекта\tЯнварь\tЦОКО\n" +
        "1.2.\tАнализ рисковых профилей\tФевраль\tЦОКО\n" +
        "\n" +
        "2. Сопровождение школ\n" +
        "2.1. Кураторская поддержка\n" +
        "\n" +
        "1.\tВыезды кураторов в школы\tЕжемесячно\tКураторы\n" +
        "2.\tОтчёт кураторов\tДо 20.12\tКураторы\n" +
        "<b>Раздел 3. Мониторинг</b>\n" +
        "3.1.\tИтоговый мониторинг\tВ течение года\tЦОКО\n";

    /// <summary>
    /// Full-width rows: a bold cell in the title column, a merged row exported once per column, and a subsection whose
    /// items start again from «1.1».
    /// </summary>
    private const string KurskFullWidthRows =
        "Комитет образования и науки Курской области\n" +
        "\n" +
        "План-график методической поддержки школ на 2024 год\n" +
        "\n" +
        "№ п/п\tНаименование мероприятия\tСроки исполнения\tОтветственные\n" +
        "\t**1. Организационный этап**\t\t\n" +
        "1.1\tСоздание рабочей группы\tДо 01.02.2024\tКомитет\n" +
        "1.2\tПриказ о закреплении кураторов\tДо 15.02.2024\tКомитет\n" +
        "2. Методическое сопровождение\t2. Методическое сопровождение\t2. Методическое сопровождение\t2. Методическое сопровождение\n" +
        "2.1. Кураторская поддержка\t\t\t\n" +
        "1.1\tВыезды кураторов\tЕжемесячно\tКураторы\n" +
        "1.2\tОтчёты кураторов\tЕжеквартально\tКураторы\n" +
        "2.2\tСеминар для директоров\tМарт 2024\tКИРО\n";

    [Fact]
    public void Read_MarkdownHeadingsAtAnyDepth_StartSections()
    {
        var roadmap = ReadText(PskovSchoolYear);

        roadmap.Sections.Select(s => (s.Number, s.Title, s.ParentNumber)).ShouldBe([
            ("1", "Организационные мероприятия", null),
            ("1.3", "Работа с кураторами", "1"),
            ("2", "Методическая поддержка", null),
        ]);
    }

    [Fact]
    public void Read_ItemNumbersInMarkup_AreRead()
    {
        var roadmap = ReadText(PskovSchoolYear);

        roadmap.Items.Select(i => i.Number).ShouldBe(["1.1", "1.2", "1.3.1", "1.3.2", "2.1", "2.2", "2.3", "2.4"]);
        roadmap.Items.Select(i => i.SectionNumber).ShouldBe(["1", "1", "1.3", "1.3", "2", "2", "2", "2"]);
        roadmap.Item("2.1").Title.ShouldBe("Вебинары для учителей");
    }

    [Fact]
    public void Read_SchoolYearDocument_OpenTimeframesSpanTheSchoolYear()
    {
        var roadmap = ReadText(PskovSchoolYear);
        var schoolYear = (new DateOnly(2023, 9, 1), new DateOnly(2024, 8, 31));

        roadmap.AcademicYearStart.ShouldBe(2023);
        (roadmap.Item("1.2").Timeframe.Start, roadmap.Item("1.2").Timeframe.End).ShouldBe(schoolYear);
        roadmap.Item("1.2").Timeframe.Kind.ShouldBe(TimeframeKind.Recurring);
        (roadmap.Item("1.3.2").Timeframe.Start, roadmap.Item("1.3.2").Timeframe.End).ShouldBe(schoolYear);
        (roadmap.Item("2.1").Timeframe.Start, roadmap.Item("2.1").Timeframe.End).ShouldBe(schoolYear);
        (roadmap.Item("2.2").Timeframe.Start, roadmap.Item("2.2").Timeframe.End).ShouldBe(schoolYear);
    }

    [Fact]
    public void Read_SchoolYearDocument_MonthsFallIntoTheSchoolYear()
    {
        var roadmap = ReadText(PskovSchoolYear);

        roadmap.Item("1.1").Timeframe.End.ShouldBe(new DateOnly(2023, 9, 30));
        roadmap.Item("1.3.1").Timeframe.End.ShouldBe(new DateOnly(2023, 10, 31));
        roadmap.Item("2.3").Timeframe.End.ShouldBe(new DateOnly(2024, 5, 31));
    }

    [Fact]
    public void Read_SchoolYearDocument_KeepsConfidenceAndGuessesPerItem()
    {
        var roadmap = ReadText(PskovSchoolYear);

        roadmap.Item("1.2").Guesses.ShouldContain("срок «Ежемесячно» отнесён ко всему 2023/2024 учебному году");
        roadmap.Item("1.2").Confidence.ShouldBeLessThan(1);
        roadmap.Item("1.3.1").Guesses.ShouldContain(g => g.Contains("дополнен номером раздела: 1.3.1"));
        var unknown = roadmap.Item("2.4");
        unknown.Timeframe.Kind.ShouldBe(TimeframeKind.Unrecognised);
        unknown.Guesses.ShouldContain("срок «см. приложение» не распознан");
        unknown.Confidence.ShouldBeLessThanOrEqualTo(0.5);
    }

    [Fact]
    public void Read_BoldLinesAndNumberedParagraphs_StartSections()
    {
        var roadmap = ReadText(NovgorodCalendarYear);

        roadmap.Sections.Select(s => (s.Number, s.Title)).ShouldBe([
            ("I", "Диагностика"), ("2", "Сопровождение школ"), ("2.1", "Кураторская поддержка"), ("3", "Мониторинг"),
        ]);
        roadmap.Sections.Single(s => s.Number == "2.1").ParentNumber.ShouldBe("2");
    }

    [Fact]
    public void Read_NumberingRestartingUnderSubsection_IsQualifiedBySubsection()
    {
        var roadmap = ReadText(NovgorodCalendarYear);

        roadmap.Items.Select(i => i.Number).ShouldBe(["1.1", "1.2", "2.1.1", "2.1.2", "3.1"]);
        roadmap.Items.Select(i => i.SectionNumber).ShouldBe(["I", "I", "2.1", "2.1", "3"]);
        roadmap.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Read_CalendarYearDocument_OpenTimeframesSpanTheCalendarYear()
    {
        var roadmap = ReadText(NovgorodCalendarYear);

        roadmap.AcademicYearStart.ShouldBeNull();
        var visits = roadmap.Item("2.1.1").Timeframe;
        (visits.Start, visits.End).ShouldBe((new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31)));
        var monitoring = roadmap.Item("3.1").Timeframe;
        (monitoring.Start, monitoring.End).ShouldBe((new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31)));
        roadmap.Item("2.1.1").Guesses.ShouldContain("срок «Ежемесячно» отнесён ко всему 2024 году");
    }

    [Fact]
    public void Read_FullWidthRows_AreHeadingsNotContinuations()
    {
        var roadmap = ReadText(KurskFullWidthRows);

        roadmap.Sections.Select(s => (s.Number, s.Title, s.ParentNumber)).ShouldBe([
            ("1", "Организационный этап", null), ("2", "Методическое сопровождение", null), ("2.1", "Кураторская поддержка", "2"),
        ]);
        roadmap.Item("1.2").Title.ShouldBe("Приказ о закреплении кураторов");
    }

    [Fact]
    public void Read_SubsectionRestartingWithTwoLevelNumbers_DoesNotDuplicateEarlierSection()
    {
        var roadmap = ReadText(KurskFullWidthRows);

        roadmap.Items.Select(i => i.Number).ShouldBe(["1.1", "1.2", "2.1.1.1", "2.1.1.2", "2.2"]);
        roadmap.Items.Select(i => i.SectionNumber).ShouldBe(["1", "1", "2.1", "2.1", "2"]);
        roadmap.Items.ShouldAllBe(i => !i.Number.Contains('-'));
        roadmap.Item("1.1").Confidence.ShouldBe(1);
        roadmap.Item("1.1").Guesses.ShouldBeEmpty();
    }

    [Fact]
    public void Read_WordHeadingStylesAndBoldRows_StartSections()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(
                DocxRoadmapTests.Paragraph("Дорожная карта поддержки школ Тульской области на 2024/25 учебный год"),
                new Table(
                    Row(Cell("№"), Cell("Мероприятие"), Cell("Срок"), Cell("Ответственный")),
                    Row(Cell(""), Cell("Диагностика", bold: true), Cell(""), Cell("")),
                    Row(Cell("1.", bold: true), Cell("Анкетирование"), Cell("Октябрь"), Cell("ИРО")),
                    Row(Cell("2.", bold: true), Cell("Анализ результатов"), Cell("Ежемесячно"), Cell("ИРО"))),
                StyledParagraph("Методическая поддержка", "Heading2"),
                new Table(
                    Row(Cell("1."), Cell("Семинары"), Cell("Февраль"), Cell("ИРО")))));
        }

        stream.Position = 0;
        var roadmap = RoadmapDocumentReader.Read(stream, "tula-2024.docx");

        roadmap.Sections.Select(s => s.Title).ShouldBe(["Диагностика", "Методическая поддержка"]);
        roadmap.Items.Select(i => (i.Number, i.Title)).ShouldBe([("S1.1", "Анкетирование"), ("S1.2", "Анализ результатов"), ("S2.1", "Семинары")]);
        roadmap.AcademicYearStart.ShouldBe(2024);
        roadmap.Items[0].Timeframe.End.ShouldBe(new DateOnly(2024, 10, 31));
        roadmap.Items[1].Timeframe.End.ShouldBe(new DateOnly(2025, 8, 31));
        roadmap.Items[2].Timeframe.End.ShouldBe(new DateOnly(2025, 2, 28));
    }

    private static Paragraph StyledParagraph(string text, string style) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = style }), new Run(new Text(text)));

    private static TableRow Row(params TableCell[] cells) => new(cells);

    private static TableCell Cell(string text, bool bold = false)
    {
        var run = bold ? new Run(new RunProperties(new Bold()), new Text(text)) : new Run(new Text(text));
        return new TableCell(new Paragraph(run));
    }

    private static ParsedRoadmap ReadText(string text)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return RoadmapDocumentReader.Read(stream, "region-plan.txt");
    }
}
