using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using SchoolSupport.Data;
using SchoolSupport.Roadmaps.Documents;
using SchoolSupport.Roadmaps.Import;

namespace SchoolSupport.Benchmarks.Import;

/// <summary>
/// How long parsing and importing each real seed roadmap takes in-process: <see cref="RoadmapDocumentReader.Read(string)"/>
/// from disk, <see cref="RoadmapImporter.ImportAsync"/> into a fresh SQLite file (schema applied beforehand, not timed),
/// and a second import of the same document into that database (the update path: items matched by number).
/// </summary>
public static class ImportBenchmark
{
    public const double TargetMs = 200;

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var warmup = Args.Int(args, "--warmup", quick ? 2 : 5);
        var repetitions = Args.Int(args, "--repetitions", quick ? 8 : 30);
        var seeds = Args.String(args, "--seeds") ?? FindSeeds();
        var files = Directory.GetFiles(seeds).Where(f => f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".docx", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"import benchmark: {files.Count} seed files from {seeds}, {warmup} warm-up + {repetitions} measured repetitions each, SQLite file per repetition"));
        Console.WriteLine();
        Console.WriteLine("file                                   KB  items   step       mean ms   p50 ms   max ms");

        var folder = Path.Combine(Path.GetTempPath(), "schoolsupport-bench", "import-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var worst = 0.0;
        var worstName = "";
        try
        {
            foreach (var file in files)
            {
                var parse = new List<double>();
                var import = new List<double>();
                var reimport = new List<double>();
                ParsedRoadmap? parsed = null;
                for (var i = 0; i < warmup + repetitions; i++)
                {
                    var clock = Stopwatch.StartNew();
                    parsed = RoadmapDocumentReader.Read(file);
                    var parseMs = clock.Elapsed.TotalMilliseconds;

                    var options = new DatabaseOptions
                    {
                        Provider = DatabaseProvider.Sqlite,
                        ConnectionString = $"Data Source={Path.Combine(folder, $"import-{i}.db")}",
                    };
                    await using (var setup = DatabaseSetup.CreateContext(options))
                    {
                        await SchemaMigrator.MigrateAsync(setup);
                    }

                    var target = new ImportTarget(parsed.Region ?? "Регион бенчмарка");
                    var hash = "bench-" + Path.GetFileName(file);
                    clock.Restart();
                    await using (var db = DatabaseSetup.CreateContext(options))
                    {
                        await RoadmapImporter.ImportAsync(db, parsed, target, hash, DateTime.UtcNow, CancellationToken.None);
                    }

                    var importMs = clock.Elapsed.TotalMilliseconds;
                    clock.Restart();
                    await using (var db = DatabaseSetup.CreateContext(options))
                    {
                        await RoadmapImporter.ImportAsync(db, parsed, target, hash, DateTime.UtcNow, CancellationToken.None);
                    }

                    var reimportMs = clock.Elapsed.TotalMilliseconds;
                    if (i >= warmup)
                    {
                        parse.Add(parseMs);
                        import.Add(importMs);
                        reimport.Add(reimportMs);
                    }
                }

                var name = Path.GetFileName(file);
                var kb = new FileInfo(file).Length / 1024.0;
                foreach (var (step, values) in new[] { ("parse", parse), ("import", import), ("re-import", reimport), ("parse+import", parse.Zip(import, (a, b) => a + b).ToList()) })
                {
                    var sorted = values.Order().ToArray();
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{(step == "parse" ? name : ""),-36} {(step == "parse" ? kb.ToString("F0", CultureInfo.InvariantCulture) : ""),4} {(step == "parse" ? parsed!.Items.Count.ToString(CultureInfo.InvariantCulture) : ""),6}   {step,-12} {sorted.Average(),7:F1} {sorted[sorted.Length / 2],8:F1} {sorted[^1],8:F1}"));
                }

                var total = parse.Zip(import, (a, b) => a + b).Order().ToArray()[parse.Count / 2];
                if (total > worst)
                {
                    (worst, worstName) = (total, name);
                }
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Leftover temp files do not change the result.
            }
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"target (parse+import p50 of the slowest seed < {TargetMs:F0} ms): {worstName} {worst:F1} ms -> {(worst < TargetMs ? "target met" : "target missed")}"));
        return 0;
    }

    /// <summary>The shared seeds next to the repository, else the test fixtures' copies.</summary>
    private static string FindSeeds()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SchoolSupport.sln")) || Directory.Exists(Path.Combine(dir.FullName, ".git")))
            {
                var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "seeds"));
                return Directory.Exists(shared) ? shared : Path.Combine(dir.FullName, "tests", "SchoolSupport.Core.Tests", "Fixtures");
            }
        }

        throw new DirectoryNotFoundException("Seed roadmaps not found: pass --seeds <folder>.");
    }
}
