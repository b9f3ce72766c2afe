namespace SchoolSupport.Cards;

internal static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The repository root (the folder holding SchoolSupport.sln), found from the test binaries upwards.</summary>
    public static string Root => RootPath.Value;

    public static string Cards => Path.Combine(Root, "cards");

    public static string Templating => Path.Combine(Root, "tests", "templating");

    public static string Cases => Path.Combine(Templating, "cases");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SchoolSupport.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"SchoolSupport.sln not found above {AppContext.BaseDirectory}.");
    }
}
