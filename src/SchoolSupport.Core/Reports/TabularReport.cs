namespace SchoolSupport.Reports;

public enum CellKind
{
    Empty,
    Text,
    Number,
    Date,
    DateTime,
}

/// <summary>One typed cell: exports keep dates as dates and numbers as numbers so spreadsheets can sort and sum them.</summary>
public readonly record struct ReportCell(CellKind Kind, string? Text = null, double Number = 0, DateOnly Date = default, DateTime DateTime = default)
{
    public static readonly ReportCell Empty = new(CellKind.Empty);

    public static ReportCell Of(string? text) => string.IsNullOrEmpty(text) ? Empty : new(CellKind.Text, Text: text);

    public static ReportCell Of(double? number) => number is { } n ? new(CellKind.Number, Number: n) : Empty;

    public static ReportCell Of(DateOnly? date) => date is { } d ? new(CellKind.Date, Date: d) : Empty;

    public static ReportCell Of(DateTime? dateTime) => dateTime is { } t ? new(CellKind.DateTime, DateTime: t) : Empty;

    public static implicit operator ReportCell(string? text) => Of(text);

    public static implicit operator ReportCell(int number) => Of(number);

    public static implicit operator ReportCell(DateOnly date) => Of(date);
}

/// <summary>A column: its header and its width in characters (for XLSX).</summary>
public sealed record ReportColumn(string Header, double Width = 16);

/// <summary>A header row and rows of typed cells — what the CSV and XLSX writers take.</summary>
public sealed record TabularReport(string SheetName, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<IReadOnlyList<ReportCell>> Rows)
{
    public static class ContentTypes
    {
        public const string Csv = "text/csv; charset=utf-8";
        public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    }
}
