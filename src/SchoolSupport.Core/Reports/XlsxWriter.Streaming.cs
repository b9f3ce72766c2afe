using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace SchoolSupport.Reports;

public static partial class XlsxWriter
{
    private const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /// <summary>
    /// The same sheet as <see cref="Write"/> (bold frozen header with a filter, typed cells, column widths) for rows that
    /// arrive one by one. The package is written straight into a zip stream with inline strings instead of a shared
    /// string table, so memory stays flat however many rows there are (the Open XML SDK keeps whole parts in memory).
    /// </summary>
    public static async Task<long> WriteAsync(string sheetName, IReadOnlyList<ReportColumn> columns, IAsyncEnumerable<IReadOnlyList<ReportCell>> rows, Stream stream, CancellationToken ct)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: Encoding.UTF8);
        var name = SheetName(sheetName);
        Entry(zip, "[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>""");
        Entry(zip, "_rels/.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
        Entry(zip, "xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>""");
        Entry(zip, "xl/styles.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" + Styles().OuterXml);

        long count = 0;
        var lastColumn = ColumnName(Math.Max(columns.Count, 1) - 1);
        await using (var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open())
        await using (var xml = XmlWriter.Create(sheet, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Async = true }))
        {
            await xml.WriteStartDocumentAsync(true);
            xml.WriteStartElement("worksheet", MainNs);
            xml.WriteAttributeString("xmlns", "r", null, RelNs);
            xml.WriteRaw("""<sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>""");
            xml.WriteStartElement("cols", MainNs);
            for (var c = 0; c < columns.Count; c++)
            {
                xml.WriteStartElement("col", MainNs);
                xml.WriteAttributeString("min", N(c + 1));
                xml.WriteAttributeString("max", N(c + 1));
                xml.WriteAttributeString("width", columns[c].Width.ToString(CultureInfo.InvariantCulture));
                xml.WriteAttributeString("customWidth", "1");
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteStartElement("sheetData", MainNs);
            WriteRow(xml, 1, columns.Select(c => ReportCell.Of(c.Header)).ToList(), HeaderStyle);
            await foreach (var row in rows.WithCancellation(ct))
            {
                WriteRow(xml, count + 2, row.Take(columns.Count).ToList(), null);
                count++;
                if (count % 1000 == 0)
                {
                    await xml.FlushAsync();
                }
            }

            xml.WriteEndElement();
            xml.WriteStartElement("autoFilter", MainNs);
            xml.WriteAttributeString("ref", $"A1:{lastColumn}{count + 1}");
            xml.WriteEndElement();
            xml.WriteEndElement();
            await xml.WriteEndDocumentAsync();
        }

        var quoted = name.Replace("'", "''", StringComparison.Ordinal);
        var workbook = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>""");
        workbook.Append($"""<workbook xmlns="{MainNs}" xmlns:r="{RelNs}"><sheets><sheet name="{Escape(name)}" sheetId="1" r:id="rId1"/></sheets>""");
        workbook.Append($"""<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">{Escape($"'{quoted}'!$A$1:${lastColumn}${count + 1}")}</definedName></definedNames></workbook>""");
        Entry(zip, "xl/workbook.xml", workbook.ToString());
        return count;
    }

    private static void WriteRow(XmlWriter xml, long rowIndex, IReadOnlyList<ReportCell> cells, uint? style)
    {
        xml.WriteStartElement("row", MainNs);
        xml.WriteAttributeString("r", rowIndex.ToString(CultureInfo.InvariantCulture));
        for (var c = 0; c < cells.Count; c++)
        {
            var cell = cells[c];
            if (cell.Kind == CellKind.Empty)
            {
                continue;
            }

            xml.WriteStartElement("c", MainNs);
            xml.WriteAttributeString("r", ColumnName(c) + rowIndex.ToString(CultureInfo.InvariantCulture));
            switch (cell.Kind)
            {
                case CellKind.Text:
                    xml.WriteAttributeString("s", N((int)(style ?? TextStyle)));
                    xml.WriteAttributeString("t", "inlineStr");
                    xml.WriteStartElement("is", MainNs);
                    xml.WriteStartElement("t", MainNs);
                    var text = Clean(cell.Text ?? "");
                    if (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])))
                    {
                        xml.WriteAttributeString("xml", "space", null, "preserve");
                    }

                    xml.WriteString(text);
                    xml.WriteEndElement();
                    xml.WriteEndElement();
                    break;
                case CellKind.Number:
                    xml.WriteAttributeString("s", N((int)NumberStyle));
                    xml.WriteElementString("v", MainNs, cell.Number.ToString("R", CultureInfo.InvariantCulture));
                    break;
                case CellKind.Date:
                    xml.WriteAttributeString("s", N((int)DateStyle));
                    xml.WriteElementString("v", MainNs, cell.Date.ToDateTime(TimeOnly.MinValue).ToOADate().ToString("R", CultureInfo.InvariantCulture));
                    break;
                case CellKind.DateTime:
                    xml.WriteAttributeString("s", N((int)DateTimeStyle));
                    xml.WriteElementString("v", MainNs, cell.DateTime.ToOADate().ToString("R", CultureInfo.InvariantCulture));
                    break;
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void Entry(ZipArchive zip, string path, string content)
    {
        using var stream = zip.CreateEntry(path, CompressionLevel.Fastest).Open();
        var bytes = new UTF8Encoding(false).GetBytes(content);
        stream.Write(bytes);
    }

    private static string Escape(string s) => System.Security.SecurityElement.Escape(s) ?? "";

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}
