namespace SchoolSupport.Roadmaps.Documents;

/// <summary>
/// One line of a text export or one paragraph / table row of a Word file, before any interpretation.
/// <paramref name="MergedFromAbove"/> holds, for a Word cell that continues a vertical merge, the text of the cell
/// it continues (null for ordinary cells); text exports have no such information.
/// </summary>
internal sealed record SourceRow(IReadOnlyList<string> Cells, bool IsTableRow, IReadOnlyList<string?>? MergedFromAbove = null)
{
    public static SourceRow Paragraph(string text) => new([text], false);
}
