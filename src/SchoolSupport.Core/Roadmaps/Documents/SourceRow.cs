namespace SchoolSupport.Roadmaps.Documents;

/// <summary>
/// One line of a text export or one paragraph / table row of a Word file, before any interpretation.
/// <paramref name="MergedFromAbove"/> holds, for a Word cell that continues a vertical merge, the text of the cell
/// it continues (null for ordinary cells); text exports have no such information. <paramref name="Emphasised"/> marks
/// a paragraph formatted as a heading: a Markdown heading, a line in bold, a Word heading style or an all-bold paragraph.
/// </summary>
internal sealed record SourceRow(IReadOnlyList<string> Cells, bool IsTableRow, IReadOnlyList<string?>? MergedFromAbove = null, bool Emphasised = false)
{
    public static SourceRow Paragraph(string text, bool emphasised = false) => new([text], false, null, emphasised);
}
