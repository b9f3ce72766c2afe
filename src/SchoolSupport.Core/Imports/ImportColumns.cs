using System.Text;

namespace SchoolSupport.Imports;

/// <summary>One column an import knows, with the Russian headers regions write for it (compared after normalising).</summary>
public sealed record ImportColumn(string Key, string Title, bool Required, params string[] Synonyms);

/// <summary>Where each known column is in a file's header row; headers may come in any order.</summary>
public sealed class ImportColumns
{
    private readonly Dictionary<string, int> positions;

    private ImportColumns(Dictionary<string, int> positions) => this.positions = positions;

    public int this[string key] => positions.GetValueOrDefault(key, -1);

    public bool Has(string key) => positions.ContainsKey(key);

    /// <exception cref="ImportFormatException">A required column is missing.</exception>
    public static ImportColumns Match(IReadOnlyList<string> headers, IReadOnlyList<ImportColumn> columns, string what)
    {
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var normalised = headers.Select(Normalise).ToList();

        // Exact synonyms first, so «Краткое наименование» is not taken by «наименование».
        foreach (var column in columns)
        {
            for (var i = 0; i < normalised.Count; i++)
            {
                if (!positions.ContainsValue(i) && column.Synonyms.Any(s => Normalise(s) == normalised[i]))
                {
                    positions[column.Key] = i;
                    break;
                }
            }
        }

        var missing = columns.Where(c => c.Required && !positions.ContainsKey(c.Key)).Select(c => $"«{c.Title}»").ToList();
        if (missing.Count > 0)
        {
            throw new ImportFormatException(
                $"В {what} нет столбцов {string.Join(", ", missing)}. Найдены столбцы: {string.Join(", ", headers.Where(h => h.Length > 0).Select(h => $"«{h}»"))}.");
        }

        return new ImportColumns(positions);
    }

    /// <summary>Lower case, «ё» as «е», punctuation and repeated spaces dropped: «E-mail» = «email», «Ф.И.О.» = «фио».</summary>
    public static string Normalise(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var raw in text.Trim().ToLowerInvariant())
        {
            var c = raw == 'ё' ? 'е' : raw;
            if (char.IsLetterOrDigit(c))
            {
                if (space && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                builder.Append(c);
                space = false;
            }
            else if (char.IsWhiteSpace(c) || c is '/' or '(' or ')' or ',')
            {
                space = true;
            }
        }

        return builder.ToString();
    }
}
