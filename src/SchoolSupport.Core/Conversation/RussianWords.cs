using System.Collections.Concurrent;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace SchoolSupport.Conversation;

/// <summary>Word stems (Snowball's Russian stemmer) and the small edit distance typos are measured with.</summary>
public static class RussianWords
{
    [ThreadStatic]
    private static RussianStemmer? stemmer;

    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    /// <summary>People write anything; only this many distinct words are remembered.</summary>
    private const int CacheLimit = 50_000;

    /// <summary>The stem of a lower-case word («консультации» → «консультац»); words without letters come back as they are.</summary>
    public static string Stem(string word)
    {
        if (Cache.TryGetValue(word, out var cached))
        {
            return cached;
        }

        var stem = word;
        if (word.Any(IsCyrillic))
        {
            var s = stemmer ??= new RussianStemmer();
            s.SetCurrent(word);
            s.Stem();
            stem = s.Current;
        }

        if (Cache.Count < CacheLimit)
        {
            Cache.TryAdd(word, stem);
        }

        return stem;
    }

    public static bool IsCyrillic(char c) => c is >= 'а' and <= 'я' or 'ё';

    /// <summary>
    /// Optimal-string-alignment distance (insertions, deletions, substitutions and swaps of neighbours) when it is
    /// at most <paramref name="max"/>, otherwise <c>max + 1</c>.
    /// </summary>
    public static int Distance(string a, string b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max)
        {
            return max + 1;
        }

        var prev2 = new int[b.Length + 1];
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            var rowMin = cur[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var d = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d = Math.Min(d, prev2[j - 2] + 1);
                }

                cur[j] = d;
                rowMin = Math.Min(rowMin, d);
            }

            if (rowMin > max)
            {
                return max + 1;
            }

            (prev2, prev, cur) = (prev, cur, prev2);
        }

        return Math.Min(prev[b.Length], max + 1);
    }
}
