using System.Text;

namespace SchoolSupport.Reports;

public static partial class CsvWriter
{
    /// <summary>
    /// The same CSV as <see cref="Write"/>, for rows that arrive one by one (a database reader): each row is written
    /// as it comes, so memory does not grow with the number of rows. Returns the rows written.
    /// </summary>
    public static async Task<long> WriteAsync(IReadOnlyList<ReportColumn> columns, IAsyncEnumerable<IReadOnlyList<ReportCell>> rows, Stream stream, CancellationToken ct)
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 64 * 1024, leaveOpen: true);
        writer.NewLine = "\r\n";
        WriteLine(writer, columns.Select(c => Escape(c.Header)));
        long count = 0;
        await foreach (var row in rows.WithCancellation(ct))
        {
            WriteLine(writer, Enumerable.Range(0, columns.Count).Select(i => Escape(Format(i < row.Count ? row[i] : ReportCell.Empty))));
            count++;
        }

        await writer.FlushAsync(ct);
        return count;
    }
}
