using System.Globalization;
using System.Text;
using ExcelDataReader;
using Sylvan.Data.Csv;

namespace SchoolSupport.Imports;

/// <summary>A spreadsheet read into text: the header row and the data rows, each with its row number in the file.</summary>
public sealed record ImportTable(IReadOnlyList<string> Headers, IReadOnlyList<ImportRow> Rows);

public sealed record ImportRow(int Number, IReadOnlyList<string> Cells)
{
    public string this[int column] => column >= 0 && column < Cells.Count ? Cells[column] : "";

    public bool IsEmpty => Cells.All(c => c.Length == 0);
}

/// <summary>The file cannot be read as a table at all (wrong type, damaged, no header); nothing was imported.</summary>
public sealed class ImportFormatException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads the lists regions keep in Excel: CSV in UTF-8 (with or without a byte-order mark) or Windows-1251, separated
/// by «;» or «,», and the first sheet of an .xlsx workbook. Cells are trimmed text; Excel's formula guard («'+7…»,
/// written by our own exports) is removed so an exported file imports back unchanged.
/// </summary>
public static class TabularFile
{
    public const long MaxFileSize = 10 * 1024 * 1024;
    public const int MaxRows = 50_000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static TabularFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static bool IsSupported(string fileName) =>
        Path.GetExtension(fileName).ToLowerInvariant() is ".csv" or ".xlsx";

    public static ImportTable Read(byte[] content, string fileName)
    {
        if (content.Length == 0)
        {
            throw new ImportFormatException($"Файл «{fileName}» пуст.");
        }

        if (content.Length > MaxFileSize)
        {
            throw new ImportFormatException($"Файл «{fileName}» слишком большой: не более {MaxFileSize / (1024 * 1024)} МБ.");
        }

        return Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".csv" => ReadCsv(content, fileName),
            ".xlsx" => ReadXlsx(content, fileName),
            var other => throw new ImportFormatException(
                $"Формат «{(other.Length > 0 ? other : fileName)}» не поддерживается: загрузите таблицу .xlsx или .csv."),
        };
    }

    private static ImportTable ReadCsv(byte[] content, string fileName)
    {
        var text = Decode(content);
        if (text.Contains('\0'))
        {
            throw new ImportFormatException($"Файл «{fileName}» не похож на CSV: в нём двоичные данные. Сохраните таблицу как .xlsx или CSV.");
        }

        var newline = text.IndexOfAny(['\r', '\n']);
        var firstLine = newline >= 0 ? text[..newline] : text;
        var delimiter = firstLine.Count(c => c == ';') >= firstLine.Count(c => c == ',') ? ';' : ',';
        var options = new CsvDataReaderOptions { HasHeaders = false, Delimiter = delimiter, BufferSize = 1 << 16 };
        var records = new List<(int Line, string[] Cells)>();
        try
        {
            using var reader = new StringReader(text);
            using var csv = CsvDataReader.Create(reader, options);
            var record = 0;
            while (csv.Read())
            {
                var cells = new string[csv.RowFieldCount];
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = csv.GetString(i);
                }

                records.Add((++record, cells));
                if (records.Count > MaxRows + 1)
                {
                    throw new ImportFormatException($"В файле «{fileName}» больше {MaxRows} строк.");
                }
            }
        }
        catch (CsvFormatException ex)
        {
            throw new ImportFormatException($"Не удалось прочитать «{fileName}» как CSV: строка {ex.RowNumber} повреждена.", ex);
        }

        return Build(records, fileName);
    }

    private static ImportTable ReadXlsx(byte[] content, string fileName)
    {
        if (content.Length < 4 || content[0] != 'P' || content[1] != 'K')
        {
            throw new ImportFormatException($"Файл «{fileName}» не является книгой Excel (.xlsx): возможно, это .xls или повреждённый файл.");
        }

        var records = new List<(int Line, string[] Cells)>();
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            using var reader = ExcelReaderFactory.CreateOpenXmlReader(stream);
            var line = 0;
            while (reader.Read())
            {
                line++;
                var cells = new string[reader.FieldCount];
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = CellText(reader.GetValue(i));
                }

                records.Add((line, cells));
                if (records.Count > MaxRows + 1)
                {
                    throw new ImportFormatException($"В файле «{fileName}» больше {MaxRows} строк.");
                }
            }
        }
        catch (Exception ex) when (ex is not ImportFormatException and not OutOfMemoryException)
        {
            throw new ImportFormatException($"Не удалось открыть «{fileName}» как книгу Excel (.xlsx): файл повреждён или имеет другой формат.", ex);
        }

        return Build(records, fileName);
    }

    private static string CellText(object? value) => value switch
    {
        null => "",
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => ((long)d).ToString(CultureInfo.InvariantCulture),
        double d => d.ToString(CultureInfo.InvariantCulture),
        DateTime t => t.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static ImportTable Build(List<(int Line, string[] Cells)> records, string fileName)
    {
        var headerAt = records.FindIndex(r => r.Cells.Count(c => c.Trim().Length > 0) >= 2);
        if (headerAt < 0)
        {
            throw new ImportFormatException($"В файле «{fileName}» не найдена строка заголовков (например: «ФИО», «E-mail», «Роль»).");
        }

        var headers = records[headerAt].Cells.Select(Clean).ToList();
        var rows = new List<ImportRow>();
        foreach (var (line, cells) in records.Skip(headerAt + 1))
        {
            var row = new ImportRow(line, cells.Select(Clean).ToList());
            if (!row.IsEmpty)
            {
                rows.Add(row);
            }
        }

        return new ImportTable(headers, rows);
    }

    /// <summary>Trims, and removes the apostrophe our CSV export puts before «=», «+», «-», «@» so Excel does not run them.</summary>
    private static string Clean(string? cell)
    {
        var text = (cell ?? "").Replace('\u00A0', ' ').Trim();
        return text.Length > 1 && text[0] == '\'' && text[1] is '=' or '+' or '-' or '@' ? text[1..] : text;
    }

    internal static string Decode(byte[] bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            // Excel in a Russian Windows saves «CSV (разделители — запятые)» in Windows-1251.
            return Encoding.GetEncoding(1251).GetString(bytes);
        }
    }
}
