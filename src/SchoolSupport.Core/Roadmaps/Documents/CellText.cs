using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace SchoolSupport.Roadmaps.Documents;

/// <summary>
/// Turns a raw cell into plain text: exports of the same Word file carry HTML (<c>&lt;p&gt;</c>, <c>&lt;ul&gt;&lt;li&gt;</c>,
/// <c>&amp;nbsp;</c>) or Markdown (<c>**bold**</c>, escaped punctuation) depending on the tool that produced them.
/// Paragraphs and list items become lines; whitespace inside a line is collapsed.
/// </summary>
internal static partial class CellText
{
    public static string Clean(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return "";
        }

        var text = raw;
        if (text.Contains('<'))
        {
            text = BlockTag().Replace(text, "\n");
            text = AnyTag().Replace(text, "");
        }

        if (text.Contains('&'))
        {
            text = WebUtility.HtmlDecode(text);
        }

        if (text.Contains('*') || text.Contains('_') || text.Contains('\\'))
        {
            text = text.Replace("**", "").Replace("__", "");
            text = MarkdownEscape().Replace(text, "$1");
        }

        var result = new StringBuilder(text.Length);
        foreach (var line in text.Split('\n'))
        {
            var collapsed = CollapseSpaces(line);
            if (collapsed.Length == 0)
            {
                continue;
            }

            if (result.Length > 0)
            {
                result.Append('\n');
            }

            result.Append(collapsed);
        }

        return result.ToString();
    }

    public static string OneLine(string text) => text.Contains('\n') ? text.Replace('\n', ' ') : text;

    /// <summary>Whitespace-insensitive form used to compare the same text coming from different exports.</summary>
    public static string Normalise(string text) => CollapseSpaces(text.Replace('\n', ' '));

    /// <summary>A Markdown table ruler («--- | ---») left between two tables by the export.</summary>
    public static bool IsRuler(IReadOnlyList<string> cells)
    {
        var any = false;
        foreach (var cell in cells)
        {
            var trimmed = cell.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            if (!RulerCell().IsMatch(trimmed))
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    private static string CollapseSpaces(string line)
    {
        var builder = new StringBuilder(line.Length);
        var pendingSpace = false;
        foreach (var c in line)
        {
            if (char.IsWhiteSpace(c) || c == '\u00A0' || c == '\u200B' || c == '\uFEFF')
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"</?(?:p|div|br|li|ul|ol|tr|table|h[1-6])\b[^<>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockTag();

    [GeneratedRegex(@"</?[a-zA-Z][^<>]*>")]
    private static partial Regex AnyTag();

    [GeneratedRegex(@"\\([\\`*_{}\[\]()#+\-.!|<>])")]
    private static partial Regex MarkdownEscape();

    [GeneratedRegex(@"^[\-–—:=|+\s]*-{2,}[\-–—:=|+\s]*$")]
    private static partial Regex RulerCell();
}
