using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace SchoolSupport.Cards;

[CollectionDefinition(nameof(CardTemplatePerformanceTests), DisableParallelization = true)]
public sealed class CardTemplatePerformanceCollection;

/// <summary>
/// Runs alone (no parallel tests) and measures process CPU time rather than wall time, so other processes
/// competing for the CI machine's 2 cores do not make it flaky.
/// </summary>
[Collection(nameof(CardTemplatePerformanceTests))]
public sealed class CardTemplatePerformanceTests(ITestOutputHelper output)
{
    [Fact]
    public void ExpandToUtf8_StatusCardWith150Rows_CostsAboutAMillisecondOfCpu()
    {
        var template = CardTemplate.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Cases, "status-rows.json")), "status-rows");
        using var data = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Cases, "status-rows.data.json")));
        // Rounds rather than one long loop: the first rounds still run code the tiered JIT has not optimized yet.
        const int Rounds = 12;
        const int RunsPerRound = 40;
        var process = Process.GetCurrentProcess();
        var perCard = double.MaxValue;
        byte[] card = [];
        for (var round = 0; round < Rounds; round++)
        {
            process.Refresh();
            var before = process.TotalProcessorTime;
            for (var i = 0; i < RunsPerRound; i++)
            {
                card = template.ExpandToUtf8(data.RootElement);
            }

            process.Refresh();
            perCard = Math.Min(perCard, (process.TotalProcessorTime - before).TotalMilliseconds / RunsPerRound);
        }

        JsonNode.Parse(card)!["body"]!.AsArray().Count.ShouldBe(152);

        // ~92 KB of output. Optimized builds spend well under a millisecond on an idle machine; a Debug build of
        // Core runs without JIT optimizations and is several times slower, so it gets a looser bound.
        var optimized = typeof(CardTemplate).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled != true;
        output.WriteLine($"{perCard:F3} ms CPU per expansion of 150 rows (optimized: {optimized})");
        perCard.ShouldBeLessThan(optimized ? 3.0 : 15.0, $"{perCard:F3} ms CPU per expansion of 150 rows (optimized: {optimized})");
    }
}
