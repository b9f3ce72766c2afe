using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SchoolSupport.Conversation;

namespace SchoolSupport.Cli.Teams;

/// <summary>
/// Builds the Teams app package: a zip with manifest.json and the two icons at its root, ready for
/// "Upload a custom app" (Загрузить пользовательское приложение) or the Teams admin centre.
/// </summary>
public static partial class TeamsAppPackage
{
    public const string BotIdPlaceholder = "{{BOT_ID}}";
    public const int ColorIconSize = 192;
    public const int OutlineIconSize = 32;

    // A fixed entry time makes two builds of the same input byte-identical.
    private static readonly DateTimeOffset EntryTime = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly JsonSerializerOptions ManifestJson = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// Writes the package to <paramref name="outZipPath"/>, replacing a file that is already there.
    /// </summary>
    /// <param name="manifestTemplatePath">manifest.json with <see cref="BotIdPlaceholder"/> where the bot id goes.</param>
    /// <param name="iconsFolder">Folder holding the icon files the manifest names (color.png, outline.png).</param>
    /// <param name="botAppId">The bot's Microsoft App ID (the Azure Bot resource's app registration), a GUID.</param>
    /// <param name="outZipPath">Where to write the zip; missing folders are created.</param>
    /// <param name="version">Replaces the manifest's version (semver, e.g. 1.0.3); Teams wants a higher one per upload.</param>
    /// <param name="commands">The declared chat commands; the manifest's command menus are generated from them.</param>
    /// <exception cref="ArgumentException">The bot id is not a GUID or the version is not semver.</exception>
    /// <exception cref="InvalidDataException">The template or an icon is unusable for Teams.</exception>
    public static void Build(
        string manifestTemplatePath,
        string iconsFolder,
        string botAppId,
        string outZipPath,
        CommandCatalog commands,
        string? version = null)
    {
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentException.ThrowIfNullOrWhiteSpace(manifestTemplatePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(iconsFolder);
        ArgumentException.ThrowIfNullOrWhiteSpace(outZipPath);
        if (!Guid.TryParse(botAppId, out var botGuid) || botGuid == Guid.Empty)
        {
            throw new ArgumentException($"Bot id '{botAppId}' is not a GUID (the bot's Microsoft App ID).", nameof(botAppId));
        }

        if (version is not null && !SemVer().IsMatch(version))
        {
            throw new ArgumentException($"Version '{version}' is not semver (for example 1.0.3).", nameof(version));
        }

        var manifest = Instantiate(File.ReadAllText(manifestTemplatePath), botGuid.ToString("D"), version, manifestTemplatePath);
        WriteCommandLists(manifest, commands);
        var colorIcon = ReadIcon(manifest, "color", iconsFolder, ColorIconSize);
        var outlineIcon = ReadIcon(manifest, "outline", iconsFolder, OutlineIconSize);
        if (colorIcon.Name == outlineIcon.Name || colorIcon.Name == "manifest.json" || outlineIcon.Name == "manifest.json")
        {
            throw new InvalidDataException("icons.color and icons.outline must be two different files besides manifest.json.");
        }

        var manifestBytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)
            .GetBytes(manifest.ToJsonString(ManifestJson) + "\n");

        var fullOut = Path.GetFullPath(outZipPath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullOut)!);
        // Written aside first so a failed build never leaves a half-written package where the old one was.
        var temp = fullOut + ".tmp";
        using (var file = File.Create(temp))
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
        {
            AddEntry(zip, "manifest.json", manifestBytes);
            AddEntry(zip, colorIcon.Name, colorIcon.Bytes);
            AddEntry(zip, outlineIcon.Name, outlineIcon.Bytes);
        }

        File.Move(temp, fullOut, overwrite: true);
    }

    /// <summary>Width and height from a PNG's IHDR chunk.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a PNG.</exception>
    public static (int Width, int Height) ReadPngSize(ReadOnlySpan<byte> png)
    {
        // Signature (8) + IHDR length (4) + "IHDR" (4) + width (4) + height (4).
        if (png.Length < 24 || !png[..8].SequenceEqual(PngSignature) || !png[12..16].SequenceEqual("IHDR"u8))
        {
            throw new InvalidDataException("Not a PNG file.");
        }

        return (BinaryPrimitives.ReadInt32BigEndian(png[16..20]), BinaryPrimitives.ReadInt32BigEndian(png[20..24]));
    }

    private static JsonObject Instantiate(string template, string botId, string? version, string templatePath)
    {
        if (!template.Contains(BotIdPlaceholder, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{templatePath} has no {BotIdPlaceholder} placeholder for the bot id.");
        }

        var manifest = JsonNode.Parse(template.Replace(BotIdPlaceholder, botId, StringComparison.Ordinal)) as JsonObject
            ?? throw new InvalidDataException($"{templatePath} is not a JSON object.");
        if (version is not null)
        {
            manifest["version"] = version;
        }

        var leftOver = manifest.ToJsonString().IndexOf("{{", StringComparison.Ordinal);
        if (leftOver >= 0)
        {
            throw new InvalidDataException($"{templatePath} has a placeholder other than {BotIdPlaceholder} left unfilled.");
        }

        return manifest;
    }

    /// <summary>The personal and team menus of the bot, from the commands declared for them.</summary>
    public static JsonArray CommandLists(CommandCatalog commands)
    {
        static JsonObject List(IEnumerable<CommandDeclaration> menu, params string[] scopes) => new()
        {
            ["scopes"] = new JsonArray(scopes.Select(s => (JsonNode)s).ToArray()),
            ["commands"] = new JsonArray(menu.Select(d => (JsonNode)new JsonObject
            {
                ["title"] = d.Example,
                ["description"] = char.ToUpperInvariant(d.Help[0]) + d.Help[1..],
            }).ToArray()),
        };

        var lists = new JsonArray();
        var personal = commands.In(CommandPlaces.Menu);
        var team = commands.In(CommandPlaces.TeamMenu);
        if (personal.Count > 0)
        {
            lists.Add(List(personal, "personal"));
        }

        if (team.Count > 0)
        {
            lists.Add(List(team, "team", "groupChat"));
        }

        return lists;
    }

    private static void WriteCommandLists(JsonObject manifest, CommandCatalog commands)
    {
        if (manifest["bots"] is not JsonArray { Count: > 0 } bots || bots[0] is not JsonObject bot)
        {
            throw new InvalidDataException("The manifest has no bot to give the command menu to.");
        }

        bot["commandLists"] = CommandLists(commands);
    }

    private static (string Name, byte[] Bytes) ReadIcon(JsonObject manifest, string kind, string iconsFolder, int size)
    {
        var name = manifest["icons"]?[kind]?.GetValue<string>()
            ?? throw new InvalidDataException($"The manifest names no icons.{kind}.");
        // Teams reads the package flat: an icon path with a folder would not be found after upload.
        if (name != Path.GetFileName(name) || name.Contains('\\', StringComparison.Ordinal))
        {
            throw new InvalidDataException($"icons.{kind} must be a file name at the package root, not '{name}'.");
        }

        var bytes = File.ReadAllBytes(Path.Combine(iconsFolder, name));
        var (width, height) = ReadPngSize(bytes);
        if (width != size || height != size)
        {
            throw new InvalidDataException($"{name} is {width}×{height}; Teams needs the {kind} icon at {size}×{size}.");
        }

        return (name, bytes);
    }

    private static void AddEntry(ZipArchive zip, string name, byte[] bytes)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTime;
        using var stream = entry.Open();
        stream.Write(bytes);
    }

    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemVer();
}
