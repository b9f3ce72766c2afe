using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using SchoolSupport.Roadmaps.Documents;

namespace SchoolSupport.Core.Tests.Roadmaps;

/// <summary>A Word roadmap built here with merged header cells, a full-width heading row, vertical merges,
/// multi-paragraph cells and a heading paragraph between two tables.</summary>
public class DocxRoadmapTests
{
    private static readonly ParsedRoadmap Roadmap = ReadBuiltDocument();

    [Fact]
    public void Read_BuiltDocx_ReadsMergedHeaderIntoColumns()
    {
        Roadmap.Columns.ShouldBe(
        [
            "№ п/п", "Мероприятие", "Ответственные исполнители / Регион", "Ответственные исполнители / ОО", "Срок", "Ожидаемый результат",
        ]);
        Roadmap.Title.ShouldBe("Дорожная карта методической поддержки школ Псковской области на 2024 год");
        Roadmap.Year.ShouldBe(2024);
        Roadmap.Region.ShouldBe("Псковская область");
    }

    [Fact]
    public void Read_BuiltDocx_FindsHeadingRowAndHeadingParagraph()
    {
        Roadmap.Sections.Select(s => (s.Number, s.Title)).ShouldBe([("1", "Организационный блок"), ("2", "Методическое сопровождение")]);
        Roadmap.Items.Select(i => i.Number).ShouldBe(["1.1", "1.2", "1.3", "2.1"]);
        Roadmap.Items.Select(i => i.SectionNumber).ShouldBe(["1", "1", "1", "2"]);
    }

    [Fact]
    public void Read_BuiltDocx_JoinsParagraphsOfOneCell()
    {
        Roadmap.Items[0].Title.ShouldBe("Совещание с директорами по итогам мониторинга");
    }

    [Fact]
    public void Read_BuiltDocx_CopiesVerticallyMergedResponsibleCell()
    {
        Roadmap.Items[0].ResponsibleByLevel["Регион"].ShouldBe("ИРО");
        Roadmap.Items[1].ResponsibleByLevel["Регион"].ShouldBe("ИРО");
        Roadmap.Items[1].ResponsibleByLevel["ОО"].ShouldBe("Школы");
        Roadmap.Items[1].Responsible.ShouldBe("Регион: ИРО; ОО: Школы");
    }

    [Fact]
    public void Read_BuiltDocx_TreatsMergedNumberCellAsContinuation()
    {
        var webinar = Roadmap.Items[2];

        webinar.Title.ShouldBe("Вебинар");
        webinar.TimeframeText.ShouldBe("Май 2024; Июнь 2024");
        webinar.Responsible.ShouldBe("Регион: ЦНППМ");
    }

    [Fact]
    public void Read_BuiltDocx_UsesHeaderOfFirstTableForSecondTable()
    {
        var courses = Roadmap.Items[3];

        courses.TimeframeText.ShouldBe("В течение 2024 года");
        courses.ExpectedResult.ShouldBe("Обучено не менее 10 педагогов");
        courses.TargetCount.ShouldBe(10);
    }

    private static ParsedRoadmap ReadBuiltDocument()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(
                Paragraph("Утверждено приказом от 10.01.2024 № 5"),
                Paragraph("Дорожная карта методической поддержки школ"),
                Paragraph("Псковской области на 2024 год"),
                new Table(
                    Row(Cell("№ п/п", merge: MergedCellValues.Restart), Cell("Мероприятие", merge: MergedCellValues.Restart),
                        Cell("Ответственные исполнители", span: 2), Cell("Срок", merge: MergedCellValues.Restart),
                        Cell("Ожидаемый результат", merge: MergedCellValues.Restart)),
                    Row(Cell("", merge: MergedCellValues.Continue), Cell("", merge: MergedCellValues.Continue), Cell("Регион"), Cell("ОО"),
                        Cell("", merge: MergedCellValues.Continue), Cell("", merge: MergedCellValues.Continue)),
                    Row(Cell("1. Организационный блок", span: 6)),
                    Row(Cell("1.1"), Cell(["Совещание с директорами", "по итогам мониторинга"]), Cell("ИРО", merge: MergedCellValues.Restart),
                        Cell("ОО"), Cell("Март 2024"), Cell("Проведено 2 совещания")),
                    Row(Cell("1.2"), Cell("Семинар"), Cell("", merge: MergedCellValues.Continue), Cell("Школы"), Cell("Апрель 2024"),
                        Cell("Не менее 70% школ")),
                    Row(Cell("1.3", merge: MergedCellValues.Restart), Cell("Вебинар"), Cell("ЦНППМ"), Cell(""), Cell("Май 2024"), Cell("")),
                    Row(Cell("", merge: MergedCellValues.Continue), Cell(""), Cell(""), Cell(""), Cell("Июнь 2024"), Cell(""))),
                Paragraph("2. Методическое сопровождение"),
                new Table(
                    Row(Cell("2.1"), Cell("Курсы"), Cell("ИРО"), Cell(""), Cell("В течение 2024 года"), Cell("Обучено не менее 10 педагогов"))),
                Paragraph("Исполнитель: методист ИРО.")));
        }

        stream.Position = 0;
        return RoadmapDocumentReader.Read(stream, "pskov-2024.docx");
    }

    internal static Paragraph Paragraph(string text) => new(new Run(new Text(text)));

    private static TableRow Row(params TableCell[] cells) => new(cells);

    private static TableCell Cell(string text, int span = 1, MergedCellValues? merge = null) => Cell([text], span, merge);

    private static TableCell Cell(string[] paragraphs, int span = 1, MergedCellValues? merge = null)
    {
        var properties = new TableCellProperties();
        if (span > 1)
        {
            properties.Append(new GridSpan { Val = span });
        }

        if (merge is { } value)
        {
            properties.Append(new VerticalMerge { Val = value });
        }

        var cell = new TableCell(properties);
        cell.Append(paragraphs.Select(p => (OpenXmlElement)Paragraph(p)));
        return cell;
    }
}
