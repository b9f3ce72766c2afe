using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using SchoolSupport.Reports;

namespace SchoolSupport.Tests.Surveys;

public sealed class SurveyReportStreamingTests
{
    private static readonly IReadOnlyList<ReportColumn> Columns = [new("№", 6), new("Ответ", 30), new("Дата", 12), new("Число", 10)];

    private static readonly IReadOnlyList<IReadOnlyList<ReportCell>> Rows =
    [
        [1, "=HYPERLINK(\"x\")", new DateOnly(2026, 3, 10), ReportCell.Of(12.5)],
        [2, "Кадры; методическая помощь", ReportCell.Empty, ReportCell.Of(0)],
        [3, " с пробелом ", new DateOnly(2026, 3, 24), ReportCell.Empty],
    ];

    private static async IAsyncEnumerable<IReadOnlyList<ReportCell>> Stream()
    {
        foreach (var row in Rows)
        {
            await Task.Yield();
            yield return row;
        }
    }

    [Fact]
    public async Task CsvStreaming_SameRows_GivesTheSameBytesAsTheListWriter()
    {
        using var stream = new MemoryStream();
        (await CsvWriter.WriteAsync(Columns, Stream(), stream, CancellationToken.None)).ShouldBe(3);

        stream.ToArray().ShouldBe(CsvWriter.ToBytes(new TabularReport("Ответы", Columns, Rows)));
    }

    [Fact]
    public async Task XlsxStreaming_OpensAsAWorkbookWithTypedCellsAndAFrozenFilteredHeader()
    {
        using var stream = new MemoryStream();
        (await XlsxWriter.WriteAsync("Ответы", Columns, Stream(), stream, CancellationToken.None)).ShouldBe(3);

        stream.Position = 0;
        using var document = SpreadsheetDocument.Open(stream, false);
        var sheet = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single();
        sheet.Name!.Value.ShouldBe("Ответы");
        var worksheet = ((WorksheetPart)document.WorkbookPart.GetPartById(sheet.Id!)).Worksheet;
        var rows = worksheet.GetFirstChild<SheetData>()!.Elements<Row>().ToList();
        rows.Count.ShouldBe(4);
        string Text(Cell c) => c.InlineString?.Text?.Text ?? c.CellValue?.Text ?? "";
        rows[0].Elements<Cell>().Select(Text).ShouldBe(["№", "Ответ", "Дата", "Число"]);
        var first = rows[1].Elements<Cell>().ToList();
        Text(first[1]).ShouldBe("=HYPERLINK(\"x\")");
        first[1].DataType!.Value.ShouldBe(CellValues.InlineString);
        double.Parse(Text(first[2]), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(new DateTime(2026, 3, 10).ToOADate());
        Text(first[3]).ShouldBe("12.5");
        rows[3].Elements<Cell>().ElementAt(1).InlineString!.Text!.Text.ShouldBe(" с пробелом ");
        worksheet.GetFirstChild<AutoFilter>()!.Reference!.Value.ShouldBe("A1:D4");
        worksheet.GetFirstChild<SheetViews>()!.Descendants<Pane>().Single().State!.Value.ShouldBe(PaneStateValues.Frozen);
    }
}
