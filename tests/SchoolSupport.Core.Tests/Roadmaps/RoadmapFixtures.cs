using SchoolSupport.Roadmaps.Documents;

namespace SchoolSupport.Core.Tests.Roadmaps;

internal static class RoadmapFixtures
{
    public const string LeningradText = "leningrad-oblast-500plus-2022.txt";
    public const string LeningradDocx = "leningrad-oblast-500plus-2022.docx";
    public const string SmolenskText = "smolensk-oblast-500plus-2022.txt";
    public const string SpbText = "spb-kirovsky-district-shnor-2022.txt";

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static ParsedRoadmap Read(string name) => RoadmapDocumentReader.Read(PathOf(name));

    public static ParsedItem Item(this ParsedRoadmap roadmap, string number) => roadmap.Items.Single(i => i.Number == number);

    /// <summary>«1.1» … «1.49» for (prefix «1.», 1, 49).</summary>
    public static IEnumerable<string> Range(string prefix, int first, int last) =>
        Enumerable.Range(first, last - first + 1).Select(n => $"{prefix}{n}");

    public static IReadOnlyList<string> LeningradNumbers { get; } =
    [
        .. Range("1.", 1, 49),
        .. Range("2.1.", 1, 30),
        .. Range("2.2.", 1, 17),
        .. Range("2.3.", 1, 6),
        .. Range("2.4.", 1, 8),
        .. Range("2.5.", 1, 7),
        .. Range("3.", 1, 3),
    ];
}
