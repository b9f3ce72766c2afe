using System.Diagnostics;
using System.Globalization;
using SchoolSupport.Cli.Teams;
using SchoolSupport.Conversation;

namespace SchoolSupport.Benchmarks.Understanding;

/// <summary>
/// The rule-based understanding against the labelled corpus (tests/SchoolSupport.Core.Tests/Conversation/
/// understanding-corpus.tsv): accuracy per command, the confusion pairs, and what understanding one phrase costs
/// in-process (no language model, no database). <c>--explain "text"</c> prints how one message is read.
/// </summary>
public static class UnderstandingBenchmark
{
    public const double TargetP99Microseconds = 1000;

    /// <summary>The date the corpus's periods are written against (Wednesday 18 March 2026).</summary>
    private static readonly DateOnly Today = new(2026, 3, 18);

    public static Task<int> RunAsync(string[] args)
    {
        var understander = DeclaredCommands.Catalog().Understander;
        if (Args.String(args, "--explain") is { } message)
        {
            Explain(understander, message);
            return Task.FromResult(0);
        }

        var quick = args.Contains("--quick");
        var rounds = Args.Int(args, "--rounds", quick ? 20 : 200);
        var corpus = ReadCorpus(Args.String(args, "--corpus") ?? Path.Combine(FindRoot(), "tests", "SchoolSupport.Core.Tests", "Conversation", "understanding-corpus.tsv"));
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"understanding benchmark: {corpus.Count} labelled phrasings, {understander.Commands.Count} declared commands, {rounds} timed rounds"));
        Console.WriteLine();

        var perCommand = new SortedDictionary<string, (int Total, int Right, int Asked, int Wrong)>(StringComparer.Ordinal);
        var confusion = new Dictionary<(string Expected, string Got), int>();
        var misses = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (_, text, expected) in corpus)
        {
            var meaning = understander.Understand(text, Today);
            var got = meaning.Kind == UnderstandingKind.Command ? meaning.Command!.Name : "-";
            perCommand.TryGetValue(expected, out var c);
            c.Total++;
            if (got == expected)
            {
                c.Right++;
            }
            else if (got == "-")
            {
                c.Asked++;
            }
            else
            {
                c.Wrong++;
            }

            perCommand[expected] = c;
            if (got != expected)
            {
                misses.Add($"«{text}» means {expected}, read as {got}");
                confusion[(expected, got)] = confusion.GetValueOrDefault((expected, got)) + 1;
            }
        }

        Console.WriteLine("command                  phrasings  right  asked back  wrong   accuracy");
        foreach (var (name, c) in perCommand)
        {
            Console.WriteLine(string.Create(inv, $"{(name == "-" ? "- (ask back)" : name),-24} {c.Total,9} {c.Right,6} {c.Asked,11} {c.Wrong,6} {100.0 * c.Right / c.Total,9:F1} %"));
        }

        var labelled = perCommand.Where(p => p.Key != "-").Select(p => p.Value).ToList();
        var right = labelled.Sum(c => c.Right);
        var total = labelled.Sum(c => c.Total);
        var wrong = perCommand.Sum(p => p.Value.Wrong);
        Console.WriteLine(string.Create(inv, $"understood {right} of {total} ({100.0 * right / total:F1} %), wrongly routed {wrong}, asked back {labelled.Sum(c => c.Asked)}"));
        Console.WriteLine();
        Console.WriteLine("confusion pairs (expected → got, «-» = asked back or not understood):");
        foreach (var ((expected, got), n) in confusion.OrderByDescending(x => x.Value).ThenBy(x => x.Key.Expected, StringComparer.Ordinal))
        {
            Console.WriteLine(string.Create(inv, $"  {expected,-22} → {got,-22} {n,4}"));
        }

        if (confusion.Count == 0)
        {
            Console.WriteLine("  none");
        }

        foreach (var miss in misses.Take(40))
        {
            Console.WriteLine("  " + miss);
        }

        // Cost: every phrasing understood once per round, after a warm-up round; each call timed on its own.
        foreach (var (_, text, _) in corpus)
        {
            understander.Understand(text, Today);
        }

        var times = new double[corpus.Count * rounds];
        var k = 0;
        var tick = 1_000_000.0 / Stopwatch.Frequency;
        for (var r = 0; r < rounds; r++)
        {
            foreach (var (_, text, _) in corpus)
            {
                var start = Stopwatch.GetTimestamp();
                understander.Understand(text, Today);
                times[k++] = (Stopwatch.GetTimestamp() - start) * tick;
            }
        }

        Array.Sort(times);
        double P(double q) => times[Math.Min(times.Length - 1, (int)(q * times.Length))];
        Console.WriteLine();
        Console.WriteLine(string.Create(inv, $"cost per phrase (µs, {times.Length} calls): mean {times.Average():F1}  p50 {P(0.5):F1}  p90 {P(0.9):F1}  p99 {P(0.99):F1}  max {times[^1]:F1}"));
        Console.WriteLine(P(0.99) < TargetP99Microseconds && wrong == 0 && right >= 0.95 * total
            ? "target met (p99 < 1 ms, 0 wrongly routed, ≥ 95 % understood)"
            : "target missed (p99 < 1 ms, 0 wrongly routed, ≥ 95 % understood)");
        return Task.FromResult(0);
    }

    private static void Explain(Understander understander, string text)
    {
        var m = understander.Understand(text, Today);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{m.Kind} {m.Command?.Name ?? "-"} confidence {m.Confidence:F2}; candidates: {string.Join(", ", m.Candidates.Select(c => c.Name))}"));
        Console.WriteLine($"slots: period {m.Slots.From}..{m.Slots.To}, school {m.Slots.SchoolNumber}, mine {m.Slots.MySchool}, item {m.Slots.Item}, e-mail {m.Slots.Email}");
        Console.WriteLine($"rest: {string.Join(' ', m.Rest)}");
    }

    private static List<(string Role, string Text, string Command)> ReadCorpus(string path) =>
        File.ReadAllLines(path)
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Select(c => (c[0], c[1], c[2]))
            .ToList();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SchoolSupport.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
