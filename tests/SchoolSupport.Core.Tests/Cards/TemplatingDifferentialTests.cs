using System.Text.Json;
using System.Text.Json.Nodes;

namespace SchoolSupport.Cards;

/// <summary>
/// Every card template (and every extra case) expanded by the C# engine must equal what the official
/// JS adaptivecards-templating 2.3.1 produces for the same data, including when JS throws.
/// </summary>
public sealed class TemplatingDifferentialTests(TemplatingOracle oracle) : IClassFixture<TemplatingOracle>
{
    public static TheoryData<string> CaseIds => new(TemplatingCase.All.Select(c => c.Id));

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Expand_SameTemplateAndData_MatchesOfficialJsPackage(string caseId)
    {
        var testCase = TemplatingCase.All.Single(c => c.Id == caseId);
        var expected = oracle[caseId];

        JsonNode? actual = null;
        CardTemplateException? failure = null;
        try
        {
            var template = CardTemplate.Parse(File.ReadAllText(testCase.TemplatePath), caseId);
            using var data = JsonDocument.Parse(testCase.DataPath is null ? "{}" : File.ReadAllText(testCase.DataPath));
            actual = template.Expand(data.RootElement);
        }
        catch (CardTemplateException ex)
        {
            failure = ex;
        }

        if (!expected.Ok)
        {
            failure.ShouldNotBeNull($"JS threw \"{expected.Error}\" but C# expanded to {actual?.ToJsonString(CardTemplateEngine.OutputOptions)}");
            return;
        }

        failure.ShouldBeNull($"JS expanded the case but C# threw: {failure?.Message}");
        JsonAssert.FirstDifference(expected.Result, actual).ShouldBeNull();
    }

    [Fact]
    public void Cases_EveryCardTemplate_HasSampleData()
    {
        var templates = Directory.GetFiles(RepositoryPaths.Cards, "*.json").Where(f => !f.EndsWith(".data.json", StringComparison.Ordinal)).ToList();
        templates.ShouldNotBeEmpty();
        foreach (var template in templates)
        {
            File.Exists(Path.ChangeExtension(template, ".data.json")).ShouldBeTrue($"{Path.GetFileName(template)} needs a sample data file next to it");
        }
    }

    [Fact]
    public void Cases_EdgeCases_IncludeFailuresAndCardVariants()
    {
        var ids = TemplatingCase.All.Select(c => c.Id).ToList();
        ids.ShouldContain("cards/whoami.unlinked");
        ids.ShouldContain("cases/features");
        ids.Count(id => id.StartsWith("cases/throws-", StringComparison.Ordinal)).ShouldBeGreaterThanOrEqualTo(5);
        ids.Where(id => id.StartsWith("cases/throws-", StringComparison.Ordinal)).ShouldAllBe(id => !oracle[id].Ok);
    }
}
