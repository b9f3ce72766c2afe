using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SchoolSupport.Cards;

/// <summary>
/// One template + data pair expanded by both engines. Cards use cards/NAME.json with cards/NAME.data.json and every
/// tests/templating/cases/cards/NAME.VARIANT.data.json; engine cases are tests/templating/cases/NAME.json with
/// NAME.data.json and NAME.VARIANT.data.json.
/// </summary>
public sealed record TemplatingCase(string Id, string TemplatePath, string? DataPath)
{
    public override string ToString() => Id;

    public static IReadOnlyList<TemplatingCase> All { get; } = Discover();

    private static List<TemplatingCase> Discover()
    {
        var cases = new List<TemplatingCase>();
        AddFolder(cases, "cards", RepositoryPaths.Cards, RepositoryPaths.Cards, Path.Combine(RepositoryPaths.Cases, "cards"));
        AddFolder(cases, "cases", RepositoryPaths.Cases, RepositoryPaths.Cases);
        AddMutations(cases);
        return cases;
    }

    // Each card's sample data with one property removed or replaced by a value of another kind, so the engines are
    // compared on the shapes a careless model produces (missing, null, empty, wrong type), not only on good data.
    private static void AddMutations(List<TemplatingCase> cases)
    {
        var folder = Path.Combine(Path.GetTempPath(), "schoolsupport-templating-mutations", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        var replacements = new (string Label, Func<JsonNode?> Value)[]
        {
            ("null", () => null),
            ("empty-string", () => JsonValue.Create(string.Empty)),
            ("text", () => JsonValue.Create("Текст \"в кавычках\"\nвторая строка")),
            ("zero", () => JsonValue.Create(0)),
            ("number", () => JsonValue.Create(-1234.5)),
            ("false", () => JsonValue.Create(false)),
            ("true", () => JsonValue.Create(true)),
            ("empty-array", () => new JsonArray()),
            ("empty-object", () => new JsonObject()),
            ("strings", () => new JsonArray("а", "б")),
        };

        foreach (var template in Directory.GetFiles(RepositoryPaths.Cards, "*.json").Where(f => !f.EndsWith(".data.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(template);
            var dataPath = Path.Combine(RepositoryPaths.Cards, name + ".data.json");
            if (!File.Exists(dataPath) || JsonNode.Parse(File.ReadAllText(dataPath)) is not JsonObject sample)
            {
                continue;
            }

            foreach (var key in sample.Select(p => p.Key).ToList())
            {
                var removed = sample.DeepClone().AsObject();
                removed.Remove(key);
                Add($"{key}=missing", removed);
                foreach (var (label, value) in replacements)
                {
                    var changed = sample.DeepClone().AsObject();
                    changed[key] = value();
                    Add($"{key}={label}", changed);
                }

                if (sample[key] is JsonArray { Count: > 0 } list && list[0] is JsonObject item)
                {
                    foreach (var itemKey in item.Select(p => p.Key).ToList())
                    {
                        var withoutItemKey = sample.DeepClone().AsObject();
                        withoutItemKey[key]![0]!.AsObject().Remove(itemKey);
                        Add($"{key}[0].{itemKey}=missing", withoutItemKey);
                        var nullItemKey = sample.DeepClone().AsObject();
                        nullItemKey[key]![0]![itemKey] = null;
                        Add($"{key}[0].{itemKey}=null", nullItemKey);
                    }
                }
            }

            void Add(string label, JsonObject data)
            {
                var file = Path.Combine(folder, $"{name}.{cases.Count}.data.json");
                File.WriteAllText(file, data.ToJsonString());
                cases.Add(new TemplatingCase($"mutations/{name}/{label}", template, file));
            }
        }
    }

    private static void AddFolder(List<TemplatingCase> cases, string label, string templateDir, params string[] dataDirs)
    {
        foreach (var template in Directory.GetFiles(templateDir, "*.json").Where(f => !f.EndsWith(".data.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(template);
            var data = dataDirs
                .Where(Directory.Exists)
                .SelectMany(d => Directory.GetFiles(d, name + ".*data.json"))
                .Where(f => Path.GetFileName(f) == name + ".data.json" || Path.GetFileName(f).StartsWith(name + ".", StringComparison.Ordinal))
                .Distinct()
                .Order(StringComparer.Ordinal)
                .ToList();
            if (data.Count == 0)
            {
                cases.Add(new TemplatingCase($"{label}/{name}", template, null));
            }

            foreach (var file in data)
            {
                var fileName = Path.GetFileName(file);
                var variant = fileName == name + ".data.json" ? string.Empty : fileName[(name.Length + 1)..^".data.json".Length];
                cases.Add(new TemplatingCase(variant.Length == 0 ? $"{label}/{name}" : $"{label}/{name}.{variant}", template, file));
            }
        }
    }
}

/// <summary>What the official JS package produced for a case: a JSON result, or the message it threw.</summary>
public sealed record OracleResult(bool Ok, JsonNode? Result, string? Error);

/// <summary>
/// Runs tests/templating/expand.js once for all cases (one node process) and keeps the results for the tests.
/// </summary>
public sealed class TemplatingOracle
{
    private readonly Lazy<IReadOnlyDictionary<string, OracleResult>> _results = new(Run);

    public OracleResult this[string caseId] => _results.Value[caseId];

    private static IReadOnlyDictionary<string, OracleResult> Run()
    {
        var folder = RepositoryPaths.Templating;
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "adaptivecards-templating")))
        {
            throw new InvalidOperationException(
                "The JS templating oracle is not installed: run `npm ci --prefix tests/templating` from the repository root " +
                "(it installs adaptivecards-templating 2.3.1 and adaptive-expressions 4.23.3 from package-lock.json).");
        }

        var manifest = Path.Combine(Path.GetTempPath(), $"templating-cases-{Guid.NewGuid():N}.json");
        var entries = new JsonArray(TemplatingCase.All
            .Select(c => (JsonNode)new JsonObject { ["id"] = c.Id, ["template"] = c.TemplatePath, ["data"] = c.DataPath })
            .ToArray());
        File.WriteAllText(manifest, entries.ToJsonString());
        try
        {
            var start = new ProcessStartInfo(FindNode())
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(folder, "expand.js"));
            start.ArgumentList.Add("--batch");
            start.ArgumentList.Add(manifest);

            // string() and formatNumber() use the default locale; pin it to the one the C# engine reproduces (en-US).
            start.Environment["LC_ALL"] = "C.UTF-8";
            start.Environment["LANG"] = "C.UTF-8";

            using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"node expand.js failed with exit code {process.ExitCode}: {stderr.Result}");
            }

            var results = new Dictionary<string, OracleResult>(StringComparer.Ordinal);
            foreach (var item in JsonNode.Parse(stdout)!.AsArray())
            {
                var id = item!["id"]!.GetValue<string>();
                var ok = item["ok"]!.GetValue<bool>();
                results[id] = new OracleResult(ok, item["result"]?.DeepClone(), item["error"]?.GetValue<string>());
            }

            return results;
        }
        finally
        {
            File.Delete(manifest);
        }
    }

    private static string FindNode()
    {
        var names = OperatingSystem.IsWindows() ? new[] { "node.exe" } : ["node"];
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException("node was not found on PATH; the templating differential test needs Node.js 18+.");
    }
}
