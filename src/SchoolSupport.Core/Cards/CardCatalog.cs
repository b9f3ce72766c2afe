using System.Collections.Concurrent;
using System.Reflection;

namespace SchoolSupport.Cards;

/// <summary>
/// The card templates embedded from the top-level <c>cards/</c> folder (resource names <c>cards/NAME.json</c>).
/// Each template is parsed on first use and cached.
/// </summary>
public sealed class CardCatalog
{
    private const string ResourcePrefix = "cards/";
    private const string ResourceSuffix = ".json";

    private readonly Func<string, string?> _loadJson;
    private readonly ConcurrentDictionary<string, Lazy<CardTemplate>> _cache = new(StringComparer.Ordinal);

    /// <param name="names">Template names (kebab-case, without ".json").</param>
    /// <param name="loadJson">Returns the template JSON for a name, or null when there is none.</param>
    public CardCatalog(IEnumerable<string> names, Func<string, string?> loadJson)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(loadJson);
        Names = names.Order(StringComparer.Ordinal).ToArray();
        _loadJson = loadJson;
    }

    /// <summary>The templates built into SchoolSupport.Core.</summary>
    public static CardCatalog Default { get; } = FromAssembly(typeof(CardCatalog).Assembly);

    /// <summary>Names of all templates, sorted.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>A catalog over the <c>cards/*.json</c> resources embedded in <paramref name="assembly"/>.</summary>
    public static CardCatalog FromAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var names = assembly.GetManifestResourceNames()
            .Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal) && r.EndsWith(ResourceSuffix, StringComparison.Ordinal))
            .Select(r => r[ResourcePrefix.Length..^ResourceSuffix.Length])
            .ToArray();
        return new CardCatalog(names, name =>
        {
            using var stream = assembly.GetManifestResourceStream(ResourcePrefix + name + ResourceSuffix);
            if (stream is null)
            {
                return null;
            }

            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        });
    }

    /// <summary>A catalog over <c>*.json</c> files of a folder (excluding <c>*.data.json</c>), e.g. for previews of unsaved edits.</summary>
    public static CardCatalog FromDirectory(string directory)
    {
        var names = Directory.EnumerateFiles(directory, "*.json")
            .Select(Path.GetFileName)
            .Where(f => !f!.EndsWith(".data.json", StringComparison.Ordinal))
            .Select(f => f![..^ResourceSuffix.Length])
            .ToArray();
        return new CardCatalog(names, name =>
        {
            var path = Path.Combine(directory, name + ResourceSuffix);
            return File.Exists(path) ? File.ReadAllText(path) : null;
        });
    }

    public bool Contains(string name) => Names.Contains(name, StringComparer.Ordinal);

    /// <summary>The parsed template; throws <see cref="CardTemplateException"/> naming the known templates when unknown.</summary>
    public CardTemplate Get(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!Contains(name))
        {
            throw new CardTemplateException(
                $"Unknown card template '{name}'. Known templates: {string.Join(", ", Names)}. " +
                "Add cards/" + name + ".json (with a sample cards/" + name + ".data.json) to the repository.");
        }

        var lazy = _cache.GetOrAdd(name, n => new Lazy<CardTemplate>(() => Load(n)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _cache.TryRemove(new KeyValuePair<string, Lazy<CardTemplate>>(name, lazy));
            throw;
        }
    }

    private CardTemplate Load(string name)
    {
        var json = _loadJson(name) ?? throw new CardTemplateException($"Card template '{name}' has no content.");
        return CardTemplate.Parse(json, name);
    }
}
