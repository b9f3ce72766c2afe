using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace SchoolSupport.Reports;

/// <summary>
/// One-sheet XLSX: bold frozen header row with a filter, shared strings, dates as real dates (serial numbers with a
/// dd.mm.yyyy format), wrapped text aligned to the top, column widths from the report.
/// </summary>
public static partial class XlsxWriter
{
    // Style indexes into the cell formats below.
    internal const uint TextStyle = 1;
    internal const uint HeaderStyle = 2;
    internal const uint DateStyle = 3;
    internal const uint DateTimeStyle = 4;
    internal const uint NumberStyle = 5;
    internal const uint DateFormatId = 164;
    internal const uint DateTimeFormatId = 165;

    /// <summary>Excel's limit for one cell.</summary>
    private const int MaxCellText = 32_767;

    public static byte[] ToBytes(TabularReport report)
    {
        using var stream = new MemoryStream();
        Write(report, stream);
        return stream.ToArray();
    }

    public static void Write(TabularReport report, Stream stream)
    {
        using var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        var workbookPart = document.AddWorkbookPart();
        workbookPart.Workbook = new Workbook();
        workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();

        var strings = new Dictionary<string, int>(StringComparer.Ordinal);
        var sharedStrings = new SharedStringTable();

        var sheetData = new SheetData();
        var header = new Row { RowIndex = 1 };
        for (var c = 0; c < report.Columns.Count; c++)
        {
            header.Append(TextCell(Reference(c, 1), report.Columns[c].Header, HeaderStyle, strings, sharedStrings));
        }

        sheetData.Append(header);
        for (var r = 0; r < report.Rows.Count; r++)
        {
            var rowIndex = (uint)(r + 2);
            var row = new Row { RowIndex = rowIndex };
            var values = report.Rows[r];
            for (var c = 0; c < report.Columns.Count && c < values.Count; c++)
            {
                if (ToCell(values[c], Reference(c, rowIndex), strings, sharedStrings) is { } cell)
                {
                    row.Append(cell);
                }
            }

            sheetData.Append(row);
        }

        var columns = new Columns();
        for (var c = 0; c < report.Columns.Count; c++)
        {
            var index = (uint)(c + 1);
            columns.Append(new Column { Min = index, Max = index, Width = report.Columns[c].Width, CustomWidth = true });
        }

        var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
        var lastColumn = ColumnName(Math.Max(report.Columns.Count, 1) - 1);
        worksheetPart.Worksheet = new Worksheet(
            new SheetViews(new SheetView(
                new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
            { TabSelected = true, WorkbookViewId = 0 }),
            columns,
            sheetData,
            new AutoFilter { Reference = $"A1:{lastColumn}{report.Rows.Count + 1}" });

        sharedStrings.Count = (uint)strings.Count;
        sharedStrings.UniqueCount = (uint)strings.Count;
        workbookPart.AddNewPart<SharedStringTablePart>().SharedStringTable = sharedStrings;

        var sheetName = SheetName(report.SheetName);
        workbookPart.Workbook.Append(new Sheets(new Sheet { Name = sheetName, SheetId = 1, Id = workbookPart.GetIdOfPart(worksheetPart) }));
        workbookPart.Workbook.Append(new DefinedNames(new DefinedName($"'{sheetName.Replace("'", "''", StringComparison.Ordinal)}'!$A$1:${lastColumn}${report.Rows.Count + 1}")
        {
            Name = "_xlnm._FilterDatabase",
            LocalSheetId = 0,
            Hidden = true,
        }));
        workbookPart.Workbook.Save();
    }

    private static Cell? ToCell(ReportCell value, string reference, Dictionary<string, int> strings, SharedStringTable table) => value.Kind switch
    {
        CellKind.Text => TextCell(reference, value.Text ?? "", TextStyle, strings, table),
        CellKind.Number => new Cell { CellReference = reference, StyleIndex = NumberStyle, CellValue = new CellValue(value.Number) },
        CellKind.Date => new Cell
        {
            CellReference = reference,
            StyleIndex = DateStyle,
            CellValue = new CellValue(value.Date.ToDateTime(TimeOnly.MinValue).ToOADate()),
        },
        CellKind.DateTime => new Cell { CellReference = reference, StyleIndex = DateTimeStyle, CellValue = new CellValue(value.DateTime.ToOADate()) },
        _ => null,
    };

    private static Cell TextCell(string reference, string text, uint style, Dictionary<string, int> strings, SharedStringTable table)
    {
        var clean = Clean(text);
        if (!strings.TryGetValue(clean, out var index))
        {
            index = strings.Count;
            strings[clean] = index;
            var t = new Text(clean);
            if (clean.Length > 0 && (char.IsWhiteSpace(clean[0]) || char.IsWhiteSpace(clean[^1])))
            {
                t.Space = SpaceProcessingModeValues.Preserve;
            }

            table.Append(new SharedStringItem(t));
        }

        return new Cell { CellReference = reference, DataType = CellValues.SharedString, StyleIndex = style, CellValue = new CellValue(index) };
    }

    /// <summary>XML cannot carry most control characters; a stray one from a pasted text must not break the file.</summary>
    internal static string Clean(string text)
    {
        var sb = new StringBuilder(Math.Min(text.Length, MaxCellText));
        foreach (var ch in text)
        {
            if (sb.Length == MaxCellText)
            {
                break;
            }

            if (ch >= 0x20 || ch is '\t' or '\n' or '\r')
            {
                sb.Append(ch is '\uFFFE' or '\uFFFF' ? ' ' : ch);
            }
        }

        return sb.ToString();
    }

    internal static Stylesheet Styles() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = DateFormatId, FormatCode = "dd.mm.yyyy" },
            new NumberingFormat { NumberFormatId = DateTimeFormatId, FormatCode = "dd.mm.yyyy hh:mm" })
        { Count = 2 },
        new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" }))
        { Count = 2 },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }))
        { Count = 2 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { FontId = 0, FormatId = 0, ApplyAlignment = true },
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { FontId = 1, FormatId = 0, ApplyFont = true, ApplyAlignment = true },
            new CellFormat(new Alignment { Vertical = VerticalAlignmentValues.Top }) { NumberFormatId = DateFormatId, FormatId = 0, ApplyNumberFormat = true, ApplyAlignment = true },
            new CellFormat(new Alignment { Vertical = VerticalAlignmentValues.Top }) { NumberFormatId = DateTimeFormatId, FormatId = 0, ApplyNumberFormat = true, ApplyAlignment = true },
            new CellFormat(new Alignment { Vertical = VerticalAlignmentValues.Top }) { NumberFormatId = 0, FormatId = 0, ApplyAlignment = true })
        { Count = 6 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });

    private static string Reference(int column, uint row) => ColumnName(column) + row.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal static string ColumnName(int index)
    {
        var name = "";
        for (var i = index + 1; i > 0; i = (i - 1) / 26)
        {
            name = (char)('A' + ((i - 1) % 26)) + name;
        }

        return name;
    }

    internal static string SheetName(string name)
    {
        var clean = new string(name.Where(ch => ch is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\')).ToArray()).Trim('\'', ' ');
        if (clean.Length == 0)
        {
            clean = "Лист1";
        }

        return clean.Length <= 31 ? clean : clean[..31];
    }
}
