using System.Globalization;
using System.Text;

namespace SchoolSupport.Reports;

/// <summary>
/// CSV for Russian Excel: UTF-8 with a byte-order mark (without it Excel reads Cyrillic as cp1251), «;» between
/// fields (Excel in the ru-RU locale expects it, since «,» is the decimal separator there), CRLF line ends, and
/// RFC 4180 quoting. Dates are written as dd.MM.yyyy, which Excel in ru-RU recognises as dates.
/// </summary>
public static partial class CsvWriter
{
    public const char Separator = ';';

    private static readonly CultureInfo Russian = CultureInfo.GetCultureInfo("ru-RU");

    public static byte[] ToBytes(TabularReport report)
    {
        using var stream = new MemoryStream();
        Write(report, stream);
        return stream.ToArray();
    }

    public static void Write(TabularReport report, Stream stream)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 64 * 1024, leaveOpen: true);
        writer.NewLine = "\r\n";
        WriteLine(writer, report.Columns.Select(c => Escape(c.Header)));
        foreach (var row in report.Rows)
        {
            WriteLine(writer, Enumerable.Range(0, report.Columns.Count).Select(i => Escape(Format(i < row.Count ? row[i] : ReportCell.Empty))));
        }
    }

    internal static void WriteLine(StreamWriter writer, IEnumerable<string> fields)
    {
        writer.Write(string.Join(Separator, fields));
        writer.Write(writer.NewLine);
    }

    public static string Format(ReportCell cell) => cell.Kind switch
    {
        CellKind.Text => Neutralise(cell.Text ?? ""),
        CellKind.Number => cell.Number.ToString("0.##########", Russian).Replace('\u00A0', ' '),
        CellKind.Date => cell.Date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
        CellKind.DateTime => cell.DateTime.ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture),
        _ => "",
    };

    /// <summary>
    /// Text that Excel (or LibreOffice) would evaluate gets a leading apostrophe: a first character of «=», «+», «-»,
    /// «@», tab or carriage return. That includes «- пункт списка»: Excel reads «- 1+2» as a formula too, so a list item
    /// is quoted rather than risk it.
    /// </summary>
    private static string Neutralise(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    internal static string Escape(string field) =>
        field.IndexOfAny([Separator, '"', '\r', '\n']) >= 0 || (field.Length > 0 && (char.IsWhiteSpace(field[0]) || char.IsWhiteSpace(field[^1])))
            ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : field;
}
