using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using SchoolSupport.Cli.Teams;

namespace SchoolSupport.Core.Tests.Teams;

public sealed class TeamsAppPackageTests : IDisposable
{
    private const string BotId = "6f1c2a9e-3b7d-4c58-9e21-0a4b8d7c5f13";

    private readonly string _temp = Directory.CreateTempSubdirectory("teams-package-").FullName;

    private static string TeamsFolder => Path.Combine(RepoRoot.Path, "deploymentTemplates", "teams");

    private static string TemplatePath => Path.Combine(TeamsFolder, "manifest.json");

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public void Build_RepositoryTemplate_ZipHoldsExactlyManifestAndIconsAtRoot()
    {
        var zipPath = BuildPackage();

        using var zip = ZipFile.OpenRead(zipPath);
        zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal)
            .ShouldBe(["color.png", "manifest.json", "outline.png"]);
    }

    [Fact]
    public void Build_BotId_ReplacesPlaceholderInBotAndKeepsAppId()
    {
        var template = JsonNode.Parse(File.ReadAllText(TemplatePath))!;

        var manifest = ReadManifest(BuildPackage());

        manifest["bots"]![0]!["botId"]!.GetValue<string>().ShouldBe(BotId);
        manifest["id"]!.GetValue<string>().ShouldBe(template["id"]!.GetValue<string>());
        manifest.ToJsonString().ShouldNotContain("{{");
    }

    [Fact]
    public void Build_VersionGiven_OverridesTemplateVersion()
    {
        ReadManifest(BuildPackage(version: "2.3.4"))["version"]!.GetValue<string>().ShouldBe("2.3.4");
    }

    [Fact]
    public void Build_NoVersion_KeepsTemplateVersion()
    {
        var templateVersion = JsonNode.Parse(File.ReadAllText(TemplatePath))!["version"]!.GetValue<string>();

        ReadManifest(BuildPackage())["version"]!.GetValue<string>().ShouldBe(templateVersion);
    }

    [Fact]
    public void Build_ManifestText_KeepsCyrillicReadable()
    {
        using var zip = ZipFile.OpenRead(BuildPackage());
        using var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
        var text = reader.ReadToEnd();

        text.ShouldContain("\"short\": \"Школа 500+\"");
        text.ShouldNotContain("\\u04");
    }

    [Fact]
    public void Build_Icons_HaveTheSizesTeamsRequires()
    {
        using var zip = ZipFile.OpenRead(BuildPackage());

        TeamsAppPackage.ReadPngSize(ReadEntry(zip, "color.png")).ShouldBe((192, 192));
        TeamsAppPackage.ReadPngSize(ReadEntry(zip, "outline.png")).ShouldBe((32, 32));
    }

    [Fact]
    public void Build_SameInputTwice_ProducesIdenticalBytes()
    {
        var first = File.ReadAllBytes(BuildPackage("first.zip"));
        var second = File.ReadAllBytes(BuildPackage("second.zip"));

        second.ShouldBe(first);
    }

    [Fact]
    public void Build_ExistingZip_IsReplaced()
    {
        var zipPath = Path.Combine(_temp, "app.zip");
        File.WriteAllText(zipPath, "old");

        BuildPackage("app.zip");

        using var zip = ZipFile.OpenRead(zipPath);
        zip.Entries.Count.ShouldBe(3);
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("")]
    public void Build_BotIdNotAGuid_Throws(string botId)
    {
        Should.Throw<ArgumentException>(() =>
            TeamsAppPackage.Build(TemplatePath, TeamsFolder, botId, Path.Combine(_temp, "app.zip"), DeclaredCommands.Catalog()));
        File.Exists(Path.Combine(_temp, "app.zip")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("v1.0.0")]
    [InlineData("1.0.0.0")]
    public void Build_VersionNotSemver_Throws(string version)
    {
        Should.Throw<ArgumentException>(() => BuildPackage(version: version)).ParamName.ShouldBe("version");
    }

    [Fact]
    public void Build_TemplateWithoutPlaceholder_Throws()
    {
        var template = Path.Combine(_temp, "manifest.json");
        File.WriteAllText(template, File.ReadAllText(TemplatePath).Replace("{{BOT_ID}}", BotId, StringComparison.Ordinal));

        Should.Throw<InvalidDataException>(() =>
            TeamsAppPackage.Build(template, TeamsFolder, BotId, Path.Combine(_temp, "app.zip"), DeclaredCommands.Catalog()))
            .Message.ShouldContain("{{BOT_ID}}");
    }

    [Fact]
    public void Build_OutlineIconOfWrongSize_ThrowsAndWritesNothing()
    {
        var icons = Directory.CreateDirectory(Path.Combine(_temp, "icons")).FullName;
        File.Copy(Path.Combine(TeamsFolder, "color.png"), Path.Combine(icons, "color.png"));
        File.Copy(Path.Combine(TeamsFolder, "color.png"), Path.Combine(icons, "outline.png"));
        var zipPath = Path.Combine(_temp, "app.zip");

        Should.Throw<InvalidDataException>(() => TeamsAppPackage.Build(TemplatePath, icons, BotId, zipPath, DeclaredCommands.Catalog()))
            .Message.ShouldContain("32×32");
        File.Exists(zipPath).ShouldBeFalse();
    }

    [Fact]
    public void ReadPngSize_NotAPng_Throws()
    {
        Should.Throw<InvalidDataException>(() => TeamsAppPackage.ReadPngSize("GIF89a not a png at all...."u8));
    }

    [Fact]
    public void Build_BuiltManifest_PassesOfficialTeamsSchema()
    {
        using var zip = ZipFile.OpenRead(BuildPackage());
        var extracted = Path.Combine(_temp, "extracted");
        zip.ExtractToDirectory(extracted);

        var (exitCode, output) = ManifestValidator.Run(Path.Combine(extracted, "manifest.json"));

        exitCode.ShouldBe(0, output);
        output.ShouldContain("valid against manifestVersion 1.17");
    }

    [Fact]
    public void Validate_ShortNameOver30Characters_Fails()
    {
        var manifest = ReadManifest(BuildPackage());
        manifest["name"]!["short"] = "Адресная поддержка школ проекта 500+";
        var path = Path.Combine(_temp, "too-long.json");
        File.WriteAllText(path, manifest.ToJsonString());

        var (exitCode, output) = ManifestValidator.Run(path);

        exitCode.ShouldBe(1, output);
        output.ShouldContain("/name/short");
    }

    private string BuildPackage(string fileName = "app.zip", string? version = null)
    {
        var zipPath = Path.Combine(_temp, fileName);
        TeamsAppPackage.Build(TemplatePath, TeamsFolder, BotId, zipPath, DeclaredCommands.Catalog(), version);
        return zipPath;
    }

    private static JsonNode ReadManifest(string zipPath)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        using var stream = zip.GetEntry("manifest.json")!.Open();
        return JsonNode.Parse(stream)!;
    }

    private static byte[] ReadEntry(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static class ManifestValidator
    {
        public static (int ExitCode, string Output) Run(string manifestPath)
        {
            var folder = Path.Combine(RepoRoot.Path, "tests", "manifest");
            if (!Directory.Exists(Path.Combine(folder, "node_modules", "@microsoft", "app-manifest")))
            {
                throw new InvalidOperationException(
                    "tests/manifest/node_modules is missing: run `npm ci --prefix tests/manifest` before the .NET tests.");
            }

            var start = new ProcessStartInfo("node")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = folder,
            };
            start.ArgumentList.Add(Path.Combine(folder, "validate.js"));
            start.ArgumentList.Add(manifestPath);

            using var process = Process.Start(start)
                ?? throw new InvalidOperationException("Could not start node; Node 20 must be on PATH.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("validate.js did not finish within 60 seconds.");
            }

            return (process.ExitCode, stdout.Result + stderr.Result);
        }
    }

    private static class RepoRoot
    {
        public static string Path { get; } = Find();

        private static string Find()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "SchoolSupport.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("SchoolSupport.sln not found above the test output folder.");
        }
    }
}
