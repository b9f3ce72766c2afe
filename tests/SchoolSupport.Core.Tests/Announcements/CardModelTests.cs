using System.Text.Json;
using System.Text.Json.Nodes;
using SchoolSupport.Announcements;
using SchoolSupport.Common;
using SchoolSupport.Reminders;

namespace SchoolSupport.Tests.Announcements;

/// <summary>
/// The sample data next to each template (what the card validator expands) must have exactly the shape the C# model
/// serializes to, so a template never binds a name the code does not send.
/// </summary>
public sealed class CardModelTests
{
    public static TheoryData<string, Type> Templates => new()
    {
        { "announcement", typeof(AnnouncementCard) },
        { "announcement-form", typeof(AnnouncementForm) },
        { "announcement-preview", typeof(AnnouncementPreview) },
        { "announcement-status", typeof(AnnouncementStatusCard) },
        { "announcement-pending", typeof(AnnouncementPendingCard) },
        { "announcement-list", typeof(AnnouncementListCard) },
        { "digest", typeof(DigestCard) },
    };

    [Theory]
    [MemberData(nameof(Templates))]
    public void SampleData_RoundTripsThroughTheModel_WithTheSameShape(string template, Type model)
    {
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(CardsFolder(), template + ".data.json")))!;

        var typed = sample.Deserialize(model, RelaxedJson.Options)!;
        var again = JsonSerializer.SerializeToNode(typed, model, RelaxedJson.Options)!;

        Shape(again).ShouldBe(Shape(sample));
        File.Exists(Path.Combine(CardsFolder(), template + ".json")).ShouldBeTrue();
    }

    private static string Shape(JsonNode? node, string path = "$") => node switch
    {
        JsonObject o => string.Join("\n", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Shape(p.Value, path + "." + p.Key)).Prepend(path + ":{}")),
        JsonArray a => a.Count == 0 ? path + ":[]" : Shape(a[0], path + "[]"),
        _ => path,
    };

    internal static string CardsFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SchoolSupport.sln")))
            {
                return Path.Combine(dir.FullName, "cards");
            }
        }

        throw new DirectoryNotFoundException("The repository root (SchoolSupport.sln) was not found above the test output.");
    }
}
