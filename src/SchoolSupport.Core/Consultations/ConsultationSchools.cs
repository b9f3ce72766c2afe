using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Conversation;
using SchoolSupport.Data;
using SchoolSupport.People;

namespace SchoolSupport.Consultations;

/// <summary>Finds the school a person means by number («277») or by words of its name («Сосновская»).</summary>
internal static partial class ConsultationSchools
{
    public sealed record Match(SchoolScope? School, IReadOnlyList<SchoolScope> Candidates);

    public static async Task<Match> FindAsync(SchoolSupportDbContext db, IReadOnlyCollection<SchoolScope> among, string text, CancellationToken ct)
    {
        if (among.Count == 0 || string.IsNullOrWhiteSpace(text))
        {
            return new Match(null, []);
        }

        var ids = among.Select(s => s.SchoolId).ToList();
        var numbers = await db.Schools.AsNoTracking().Where(s => ids.Contains(s.Id) && s.Number != null)
            .Select(s => new { s.Id, s.Number }).ToListAsync(ct);
        var byId = among.ToDictionary(s => s.SchoolId);

        var number = Number().Match(text);
        if (number.Success)
        {
            var hits = numbers.Where(n => string.Equals(n.Number, number.Value, StringComparison.OrdinalIgnoreCase)).Select(n => byId[n.Id]).ToList();
            if (hits.Count == 0)
            {
                // Some names carry the number but the Number column was not filled («МОУ СОШ № 5»).
                hits = among.Where(s => Number().Matches(s.Name).Any(m => m.Value == number.Value)).ToList();
            }

            return new Match(hits.Count == 1 ? hits[0] : null, hits);
        }

        var words = ChatText.Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length >= 3 && !char.IsDigit(w[0])).Select(Stem).ToList();
        if (words.Count == 0)
        {
            return new Match(null, []);
        }

        var scored = among
            .Select(s => (School: s, Score: words.Count(w => ChatText.Normalize(s.Name).Split(' ').Any(n => n.StartsWith(w, StringComparison.Ordinal)))))
            .Where(x => x.Score > 0)
            .ToList();
        if (scored.Count == 0)
        {
            return new Match(null, []);
        }

        var best = scored.Max(x => x.Score);
        var top = scored.Where(x => x.Score == best).Select(x => x.School).ToList();
        return new Match(top.Count == 1 ? top[0] : null, top);
    }

    /// <summary>Russian endings vary («Сосновская», «Сосновской»): compare the first letters only.</summary>
    private static string Stem(string word) => word.Length <= 5 ? word[..Math.Max(3, word.Length - 1)] : word[..5];

    [GeneratedRegex(@"(?<![\d.])\d{1,4}(?![\d.])")]
    private static partial Regex Number();
}
