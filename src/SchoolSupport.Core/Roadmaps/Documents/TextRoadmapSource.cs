using System.Text;
using System.Text.RegularExpressions;

namespace SchoolSupport.Roadmaps.Documents;

/// <summary>
/// Plain-text exports of Word roadmaps: one line per table row with tab-separated cells, other lines are paragraphs.
/// Markdown pipe rows («| a | b |») are read as table rows too.
/// </summary>
internal static partial class TextRoadmapSource
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static IReadOnlyList<SourceRow> Read(byte[] bytes)
    {
        var text = Decode(bytes);
        if (LooksBinary(text))
        {
            throw new RoadmapFormatException(
                "Файл не похож на текстовую выгрузку дорожной карты: в нём двоичные данные. Сохраните документ как .docx или как текст.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new RoadmapFormatException("Файл пуст: в нём нет текста дорожной карты.");
        }

        var rows = new List<SourceRow>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Contains('\t'))
            {
                rows.Add(new SourceRow(line.Split('\t'), true));
            }
            else if (IsPipeRow(line))
            {
                var inner = line.Trim();
                rows.Add(new SourceRow(inner[1..^1].Split('|'), true));
            }
            else if (MarkdownHeading().Match(line) is { Success: true } heading)
            {
                rows.Add(SourceRow.Paragraph(heading.Groups["text"].Value, emphasised: true));
            }
            else
            {
                rows.Add(SourceRow.Paragraph(line, IsEmphasised(line)));
            }
        }

        return rows;
    }

    internal static string Decode(byte[] bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            return Utf8OrCp1251(bytes, 3);
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
        }

        return Utf8OrCp1251(bytes, 0);
    }

    private static string Utf8OrCp1251(byte[] bytes, int offset)
    {
        try
        {
            return StrictUtf8.GetString(bytes, offset, bytes.Length - offset);
        }
        catch (DecoderFallbackException)
        {
            // Older Russian Windows tools save text as Windows-1251; it decodes any byte, so it can only be a fallback.
            return CodePagesEncodingProvider.Instance.GetEncoding(1251)!.GetString(bytes, offset, bytes.Length - offset);
        }
    }

    private static bool LooksBinary(string text)
    {
        var control = 0;
        foreach (var c in text)
        {
            if (c == '\0')
            {
                return true;
            }

            if ((c < ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || (c >= '\u007F' && c <= '\u009F'))
            {
                control++;
            }
        }

        return control > 0 && control * 200 > text.Length;
    }

    /// <summary>A whole line in bold or in a heading tag: «**Раздел 2**», «&lt;b&gt;2. Методика&lt;/b&gt;».</summary>
    internal static bool IsEmphasised(string text) => WholeBold().IsMatch(text) || WholeTag().IsMatch(text);

    private static bool IsPipeRow(string line)
    {
        var trimmed = line.Trim();
        return trimmed.Length > 2 && trimmed[0] == '|' && trimmed[^1] == '|' && trimmed.Count(c => c == '|') >= 3;
    }

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+(?<text>.*?)\s*#*\s*$")]
    private static partial Regex MarkdownHeading();

    [GeneratedRegex(@"^\s*(\*\*|__)(?=\S)(?:(?!\*\*|__).)+(?<=\S)\1\s*$")]
    private static partial Regex WholeBold();

    [GeneratedRegex(@"^\s*<(b|strong|h[1-6])\b[^>]*>.*</\1>\s*$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex WholeTag();
}
