using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace SchoolSupport.Roadmaps.Documents;

/// <summary>
/// Reads a .docx body in order: paragraphs and table rows. Horizontal merges (gridSpan) are expanded to empty cells so
/// every row has one cell per grid column, the same shape a text export has; vertical merges are reported per cell.
/// </summary>
internal static class DocxRoadmapSource
{
    public static IReadOnlyList<SourceRow> Read(Stream stream)
    {
        using var document = WordprocessingDocument.Open(stream, false);
        var body = document.MainDocumentPart?.Document?.Body
            ?? throw new RoadmapFormatException("В файле .docx нет основного текста документа.");

        var rows = new List<SourceRow>();
        var tables = 0;
        foreach (var element in Blocks(body))
        {
            if (element is Paragraph paragraph)
            {
                rows.Add(SourceRow.Paragraph(ParagraphText(paragraph)));
            }
            else if (element is Table table)
            {
                tables++;
                AddTable(table, rows);
            }
        }

        if (tables == 0)
        {
            throw new RoadmapFormatException(
                "В документе нет ни одной таблицы. Дорожная карта должна быть таблицей мероприятий (№, мероприятие, сроки, ответственные).");
        }

        return rows;
    }

    private static IEnumerable<OpenXmlElement> Blocks(OpenXmlElement container)
    {
        foreach (var child in container.ChildElements)
        {
            switch (child)
            {
                case Paragraph or Table:
                    yield return child;
                    break;
                case SdtBlock sdt when sdt.SdtContentBlock is { } content:
                    foreach (var inner in Blocks(content))
                    {
                        yield return inner;
                    }

                    break;
                case CustomXmlBlock custom:
                    foreach (var inner in Blocks(custom))
                    {
                        yield return inner;
                    }

                    break;
            }
        }
    }

    private static void AddTable(Table table, List<SourceRow> rows)
    {
        string[] previous = [];
        foreach (var tableRow in table.Elements<TableRow>())
        {
            var cells = new List<string>();
            var above = new List<string?>();
            var resolved = new List<string>();
            var skipped = tableRow.TableRowProperties?.GetFirstChild<GridBefore>()?.Val?.Value ?? 0;
            for (var i = 0; i < skipped; i++)
            {
                cells.Add("");
                above.Add(null);
                resolved.Add("");
            }

            foreach (var cell in tableRow.Elements<TableCell>())
            {
                var properties = cell.TableCellProperties;
                var span = Math.Max(1, properties?.GridSpan?.Val?.Value ?? 1);
                var merge = properties?.VerticalMerge;
                var continues = merge is not null && (merge.Val is null || merge.Val.Value == MergedCellValues.Continue);
                var column = cells.Count;
                if (continues)
                {
                    var upper = column < previous.Length ? previous[column] : "";
                    cells.Add("");
                    above.Add(upper);
                    resolved.Add(upper);
                }
                else
                {
                    var text = CellText(cell);
                    cells.Add(text);
                    above.Add(null);
                    resolved.Add(text);
                }

                for (var i = 1; i < span; i++)
                {
                    cells.Add("");
                    above.Add(continues ? "" : null);
                    resolved.Add("");
                }
            }

            previous = [.. resolved];
            rows.Add(new SourceRow(cells, true, above.Any(a => a is not null) ? above : null));
        }
    }

    private static string CellText(TableCell cell) =>
        string.Join("\n", cell.Descendants<Paragraph>().Select(ParagraphText).Where(t => t.Length > 0));

    private static string ParagraphText(Paragraph paragraph)
    {
        var builder = new StringBuilder();
        foreach (var element in paragraph.Descendants())
        {
            switch (element)
            {
                case Text text:
                    builder.Append(text.Text);
                    break;
                case TabChar:
                    builder.Append(' ');
                    break;
                case Break or CarriageReturn:
                    builder.Append('\n');
                    break;
                case NoBreakHyphen:
                    builder.Append('-');
                    break;
            }
        }

        return builder.ToString();
    }
}
