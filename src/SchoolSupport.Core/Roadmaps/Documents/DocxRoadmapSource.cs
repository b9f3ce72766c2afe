using System.Text;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;

namespace SchoolSupport.Roadmaps.Documents;

/// <summary>
/// Reads a .docx body in order: paragraphs and table rows. Horizontal merges (gridSpan) are expanded to empty cells so
/// every row has one cell per grid column, the same shape a text export has; vertical merges are reported per cell.
/// </summary>
/// <remarks>
/// The main part is streamed with an <see cref="XmlReader"/> instead of loading the Open XML object model: a
/// roadmap only needs text and merge marks, and the object model costs several times more than the rest of the import.
/// Nested tables are flattened into the text of the cell that holds them.
/// </remarks>
internal static class DocxRoadmapSource
{
    private const string Transitional = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    private const string Strict = "http://purl.oclc.org/ooxml/wordprocessingml/main";

    public static IReadOnlyList<SourceRow> Read(Stream stream)
    {
        using var document = WordprocessingDocument.Open(stream, false);
        var part = document.MainDocumentPart ?? throw new RoadmapFormatException("В файле .docx нет основного текста документа.");
        using var partStream = part.GetStream(FileMode.Open, FileAccess.Read);
        using var xml = XmlReader.Create(partStream, new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        });

        var walker = new Walker();
        walker.Run(xml);
        if (walker.Tables == 0)
        {
            throw new RoadmapFormatException(
                "В документе нет ни одной таблицы. Дорожная карта должна быть таблицей мероприятий (№, мероприятие, сроки, ответственные).");
        }

        return walker.Rows;
    }

    private sealed class Walker
    {
        private readonly StringBuilder paragraph = new();
        private readonly List<string> cellParagraphs = [];
        private readonly List<string> cells = [];
        private readonly List<string?> above = [];
        private readonly List<string> resolved = [];
        private string[] previousRow = [];
        private int tableDepth;
        private int paragraphDepth;
        private int runDepth;
        private bool inText;
        private bool inCell;
        private int cellSpan;
        private bool cellContinuesMerge;
        private bool runBold;
        private int boldChars;
        private int textChars;
        private int cellBoldChars;
        private int cellTextChars;
        private string? paragraphStyle;

        public List<SourceRow> Rows { get; } = [];
        public int Tables { get; private set; }

        public void Run(XmlReader xml)
        {
            while (xml.Read())
            {
                switch (xml.NodeType)
                {
                    case XmlNodeType.Element when IsWord(xml):
                        Start(xml);
                        break;
                    case XmlNodeType.EndElement when IsWord(xml):
                        End(xml.LocalName);
                        break;
                    case XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace when inText:
                        paragraph.Append(xml.Value);
                        var visible = xml.Value.Count(c => !char.IsWhiteSpace(c));
                        textChars += visible;
                        boldChars += runBold ? visible : 0;
                        break;
                }
            }
        }

        private static bool IsWord(XmlReader xml) => xml.NamespaceURI is Transitional or Strict;

        private static string? Val(XmlReader xml) => xml.GetAttribute("val", xml.NamespaceURI);

        private void Start(XmlReader xml)
        {
            var empty = xml.IsEmptyElement;
            switch (xml.LocalName)
            {
                case "tbl":
                    if (tableDepth++ == 0)
                    {
                        Tables++;
                        previousRow = [];
                    }

                    break;
                case "tr" when tableDepth == 1:
                    cells.Clear();
                    above.Clear();
                    resolved.Clear();
                    break;
                case "gridBefore" when tableDepth == 1 && !inCell && int.TryParse(Val(xml), out var skipped):
                    for (var i = 0; i < skipped; i++)
                    {
                        AddCell("", null);
                    }

                    break;
                case "tc" when tableDepth == 1:
                    inCell = true;
                    cellSpan = 1;
                    cellContinuesMerge = false;
                    cellParagraphs.Clear();
                    cellBoldChars = 0;
                    cellTextChars = 0;
                    break;
                case "gridSpan" when tableDepth == 1 && inCell && int.TryParse(Val(xml), out var span):
                    cellSpan = Math.Max(1, span);
                    break;
                case "vMerge" when tableDepth == 1 && inCell:
                    cellContinuesMerge = Val(xml) is null or "continue";
                    break;
                case "p":
                    if (paragraphDepth++ == 0)
                    {
                        paragraph.Clear();
                        paragraphStyle = null;
                        boldChars = 0;
                        textChars = 0;
                    }

                    if (empty)
                    {
                        End("p");
                    }

                    break;
                case "r":
                    if (!empty)
                    {
                        runDepth++;
                        runBold = false;
                    }

                    break;
                case "b" when runDepth > 0:
                    runBold = Val(xml) is not ("0" or "false" or "off");
                    break;
                case "pStyle" when paragraphDepth == 1:
                    paragraphStyle = Val(xml);
                    break;
                case "t" when runDepth > 0 && !empty:
                    inText = true;
                    break;
                case "tab" when runDepth > 0:
                    paragraph.Append(' ');
                    break;
                case "br" or "cr" when runDepth > 0:
                    paragraph.Append('\n');
                    break;
                case "noBreakHyphen" when runDepth > 0:
                    paragraph.Append('-');
                    break;
            }
        }

        private void End(string name)
        {
            switch (name)
            {
                case "tbl":
                    tableDepth--;
                    break;
                case "tr" when tableDepth == 1:
                    previousRow = [.. resolved];
                    Rows.Add(new SourceRow([.. cells], true, above.Any(a => a is not null) ? [.. above] : null));
                    break;
                case "tc" when tableDepth == 1:
                    inCell = false;
                    var column = cells.Count;
                    if (cellContinuesMerge)
                    {
                        AddCell("", column < previousRow.Length ? previousRow[column] : "");
                    }
                    else
                    {
                        // A cell wholly in bold (a full-width section row) keeps that mark as Markdown, like a text export.
                        var cellText = string.Join("\n", cellParagraphs);
                        var bold = cellTextChars > 0 && cellBoldChars == cellTextChars && !cellText.Contains("**", StringComparison.Ordinal);
                        AddCell(bold ? $"**{cellText.Trim()}**" : cellText, null);
                    }

                    for (var i = 1; i < cellSpan; i++)
                    {
                        AddCell("", cellContinuesMerge ? "" : null);
                    }

                    break;
                case "p":
                    if (--paragraphDepth > 0)
                    {
                        paragraph.Append(' ');
                        break;
                    }

                    var text = paragraph.ToString();
                    if (tableDepth > 0 && inCell)
                    {
                        if (text.Trim().Length > 0)
                        {
                            cellParagraphs.Add(text);
                            cellBoldChars += boldChars;
                            cellTextChars += textChars;
                        }
                    }
                    else if (tableDepth == 0)
                    {
                        var heading = paragraphStyle is { } style
                            && (style.StartsWith("Heading", StringComparison.OrdinalIgnoreCase) || style.StartsWith("Заголовок", StringComparison.OrdinalIgnoreCase)
                                || style.Equals("Title", StringComparison.OrdinalIgnoreCase));
                        Rows.Add(SourceRow.Paragraph(text, heading || (textChars > 0 && boldChars == textChars)));
                    }

                    break;
                case "r":
                    runDepth = Math.Max(0, runDepth - 1);
                    break;
                case "t":
                    inText = false;
                    break;
            }
        }

        private void AddCell(string text, string? mergedFromAbove)
        {
            cells.Add(text);
            above.Add(mergedFromAbove);
            resolved.Add(mergedFromAbove ?? text);
        }
    }
}
