using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SchoolSupport.Status;

namespace SchoolSupport.Tests.Status;

/// <summary>
/// The sample data next to each template (cards/NAME.data.json, used by the card validator and previews) must have
/// the shape of the model the bot really sends. Set SCHOOLSUPPORT_WRITE_CARD_SAMPLES=1 to rewrite them from the fixture.
/// </summary>
public sealed class CardSampleTests(StatusFixture fixture) : IClassFixture<StatusFixture>
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };

    public static TheoryData<string> Templates => [StatusTemplates.Due, StatusTemplates.Status, StatusTemplates.Rollup, StatusTemplates.MarkForm];

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task SampleData_MatchesModelShape(string template)
    {
        var model = JsonSerializer.SerializeToNode(await ModelAsync(template), Options)!;
        var path = Path.Combine(RepositoryRoot(), "cards", template + ".data.json");
        if (Environment.GetEnvironmentVariable("SCHOOLSUPPORT_WRITE_CARD_SAMPLES") == "1")
        {
            await File.WriteAllTextAsync(path, model.ToJsonString(Options) + "\n");
        }

        File.Exists(Path.Combine(RepositoryRoot(), "cards", template + ".json")).ShouldBeTrue();
        var sample = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        Shape(sample).ShouldBe(Shape(model));
    }

    private async Task<object> ModelAsync(string template)
    {
        switch (template)
        {
            case StatusTemplates.Due:
                var due = await fixture.CardAsync<DueCard>("curator", "сроки в марте");
                return due with { HasNext = true };
            case StatusTemplates.Status:
                var status = await fixture.CardAsync<StatusCard>("curator", "статус 1");
                return status with { Notice = "Отмечено: п. 1.2 — выполнено.", HasNotice = true };
            case StatusTemplates.Rollup:
                return await fixture.CardAsync<RollupCard>("regional", "статус");
            default:
                var output = await fixture.ActAsync("director1", StatusVerbs.MarkForm, CardData.Obj(
                    ("schoolId", fixture.Id.School1), ("itemId", fixture.Id.Item("1.2")), ("roadmapId", fixture.Id.Roadmap)));
                return output.UpdatedCard!.Model;
        }
    }

    /// <summary>Every property path with its JSON kind; array elements are merged into one "[]" step.</summary>
    private static IReadOnlyList<string> Shape(JsonNode node)
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        void Walk(JsonNode? n, string path)
        {
            switch (n)
            {
                case JsonObject o:
                    paths.Add(path + ":object");
                    foreach (var (k, v) in o)
                    {
                        Walk(v, path + "." + k);
                    }

                    break;
                case JsonArray a:
                    paths.Add(path + ":array");
                    foreach (var item in a)
                    {
                        Walk(item, path + "[]");
                    }

                    break;
                case null:
                    paths.Add(path + ":null");
                    break;
                default:
                    var kind = n.GetValueKind();
                    paths.Add(path + ":" + (kind is JsonValueKind.True or JsonValueKind.False ? "bool" : kind.ToString()));
                    break;
            }
        }

        Walk(node, "$");
        return paths.ToList();
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SchoolSupport.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root (SchoolSupport.sln) not found above " + AppContext.BaseDirectory);
    }
}
