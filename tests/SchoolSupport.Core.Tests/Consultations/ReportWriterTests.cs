using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using SchoolSupport.Reports;

namespace SchoolSupport.Tests.Consultations;

public sealed class ReportWriterTests
{
    private static readonly TabularReport Sample = new(
        "Отчёт: [март]",
        [new("Текст", 30), new("Число", 10), new("Дата", 12), new("Время", 17), new("Пусто", 8)],
        [
            ["Школа № 277; «кавычки» \"двойные\"\nвторая строка", 45, new DateOnly(2025, 3, 12), ReportCell.Of(new DateTime(2025, 3, 14, 12, 30, 0)), ReportCell.Empty],
            ["  с пробелами  ", ReportCell.Of(1.5), ReportCell.Of((DateOnly?)null), ReportCell.Empty, "=СУММ(A1:A2)"],
            ["- пункт списка", ReportCell.Of(-3), new DateOnly(2024, 12, 31), ReportCell.Empty, "-1+2"],
        ]);

    [Fact]
    public void Csv_Sample_BomSemicolonsAndRfc4180RoundTrip()
    {
        var bytes = CsvWriter.ToBytes(Sample);

        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var rows = CsvTestParser.Parse(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3), ';');
        rows.Count.ShouldBe(4);
        rows[0].ShouldBe(["Текст", "Число", "Дата", "Время", "Пусто"]);
        rows[1].ShouldBe(["Школа № 277; «кавычки» \"двойные\"\nвторая строка", "45", "12.03.2025", "14.03.2025 12:30", ""]);
        rows[2].ShouldBe(["  с пробелами  ", "1,5", "", "", "'=СУММ(A1:A2)"]);
        rows[3].ShouldBe(["'- пункт списка", "-3", "31.12.2024", "", "'-1+2"]);
    }

    [Fact]
    public void Xlsx_Sample_ReadsBackWithTypedCellsStylesAndWidths()
    {
        var bytes = XlsxWriter.ToBytes(Sample);

        var sheet = XlsxTestReader.Read(bytes);
        sheet.SheetName.ShouldBe("Отчёт март");
        sheet.Rows.Count.ShouldBe(4);
        sheet.Rows[0].Select(c => c.Text).ShouldBe(["Текст", "Число", "Дата", "Время", "Пусто"]);
        sheet.Rows[0].ShouldAllBe(c => c.Bold);
        sheet.Rows[1][0].Text.ShouldBe("Школа № 277; «кавычки» \"двойные\"\nвторая строка");
        sheet.Rows[1][1].Number.ShouldBe(45);
        sheet.Rows[1][2].Date.ShouldBe(new DateTime(2025, 3, 12));
        sheet.Rows[1][2].NumberFormat.ShouldBe("dd.mm.yyyy");
        sheet.Rows[1][3].Date.ShouldBe(new DateTime(2025, 3, 14, 12, 30, 0));
        sheet.Rows[1][3].NumberFormat.ShouldBe("dd.mm.yyyy hh:mm");
        sheet.Rows[1][4].IsEmpty.ShouldBeTrue();
        sheet.Rows[2][0].Text.ShouldBe("  с пробелами  ");
        sheet.Rows[2][1].Number.ShouldBe(1.5);
        sheet.Rows[2][4].Text.ShouldBe("=СУММ(A1:A2)");
        sheet.Rows[3][2].Date.ShouldBe(new DateTime(2024, 12, 31));
        sheet.Widths.ShouldBe([30, 10, 12, 17, 8]);
        sheet.FrozenHeader.ShouldBeTrue();
    }

    [Fact]
    public void Xlsx_ControlCharactersAndHugeText_StillAValidFile()
    {
        var report = new TabularReport("Лист", [new("A")], [["до\u0001после"], [new string('я', 40_000)]]);

        var sheet = XlsxTestReader.Read(XlsxWriter.ToBytes(report));

        sheet.Rows[1][0].Text.ShouldBe("допосле");
        sheet.Rows[2][0].Text!.Length.ShouldBe(32_767);
    }

    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(701, "ZZ")]
    [InlineData(702, "AAA")]
    public void ColumnName_Index_ExcelLetters(int index, string expected) => XlsxWriter.ColumnName(index).ShouldBe(expected);
}

/// <summary>A strict RFC 4180 reader: quoted fields, doubled quotes, separators and line breaks inside quotes, CRLF rows.</summary>
internal static class CsvTestParser
{
    public static List<List<string>> Parse(string text, char separator)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"' && field.Length == 0)
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new FormatException("unterminated quoted field");
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(text[i++]);
                }

                if (i < text.Length && text[i] != separator && text[i] != '\r')
                {
                    throw new FormatException($"text after a closing quote at {i}");
                }
            }
            else if (text[i] == separator)
            {
                row.Add(field.ToString());
                field.Clear();
                i++;
            }
            else if (text[i] == '\r')
            {
                if (i + 1 >= text.Length || text[i + 1] != '\n')
                {
                    throw new FormatException("bare CR");
                }

                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i += 2;
            }
            else if (text[i] == '\n' || text[i] == '"')
            {
                throw new FormatException($"unquoted line break or quote at {i}");
            }
            else
            {
                field.Append(text[i++]);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            throw new FormatException("last row without CRLF");
        }

        return rows;
    }
}

/// <summary>Reads the first sheet of an XLSX the way a spreadsheet program would: shared strings, styles, number formats.</summary>
internal static class XlsxTestReader
{
    public sealed record CellValue(string? Text, double? Number, DateTime? Date, string? NumberFormat, bool Bold)
    {
        public bool IsEmpty => Text is null && Number is null && Date is null;
    }

    public sealed record Sheet(string SheetName, List<List<CellValue>> Rows, List<double> Widths, bool FrozenHeader);

    public static Sheet Read(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        var sheetEntry = workbook.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Single();
        var worksheet = ((WorksheetPart)workbook.GetPartById(sheetEntry.Id!)).Worksheet;
        var strings = workbook.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList();
        var stylesheet = workbook.WorkbookStylesPart!.Stylesheet;
        var formats = stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        var fonts = stylesheet.Fonts!.Elements<Font>().ToList();
        var customFormats = stylesheet.NumberingFormats?.Elements<NumberingFormat>().ToDictionary(n => n.NumberFormatId!.Value, n => n.FormatCode!.Value!) ?? [];

        var width = worksheet.Elements<Columns>().Single().Elements<Column>().Select(c => c.Width!.Value).ToList();
        var pane = worksheet.Descendants<Pane>().SingleOrDefault();
        var rows = new List<List<CellValue>>();
        foreach (var row in worksheet.GetFirstChild<SheetData>()!.Elements<Row>())
        {
            var cells = Enumerable.Range(0, width.Count).Select(_ => new CellValue(null, null, null, null, false)).ToList();
            foreach (var cell in row.Elements<Cell>())
            {
                var column = ColumnIndex(cell.CellReference!.Value!);
                var format = formats[(int)(cell.StyleIndex?.Value ?? 0)];
                var numberFormat = format.NumberFormatId?.Value is { } id && customFormats.TryGetValue(id, out var code) ? code : null;
                var bold = fonts[(int)(format.FontId?.Value ?? 0)].Bold is not null;
                var raw = cell.CellValue?.Text;
                if (cell.DataType?.Value == CellValues.SharedString)
                {
                    cells[column] = new CellValue(strings[int.Parse(raw!, System.Globalization.CultureInfo.InvariantCulture)], null, null, numberFormat, bold);
                }
                else if (raw is not null)
                {
                    var number = double.Parse(raw, System.Globalization.CultureInfo.InvariantCulture);
                    cells[column] = numberFormat is not null && numberFormat.Contains("yyyy", StringComparison.Ordinal)
                        ? new CellValue(null, null, DateTime.FromOADate(number), numberFormat, bold)
                        : new CellValue(null, number, null, numberFormat, bold);
                }
            }

            rows.Add(cells);
        }

        return new Sheet(sheetEntry.Name!.Value!, rows, width, pane?.State?.Value == PaneStateValues.Frozen && pane.VerticalSplit?.Value == 1);
    }

    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var ch in reference.TakeWhile(char.IsLetter))
        {
            index = (index * 26) + (ch - 'A' + 1);
        }

        return index - 1;
    }
}
