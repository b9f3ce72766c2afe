using System.Text.Json;
using System.Text.Json.Nodes;
using SchoolSupport.Cards.Templating;

namespace SchoolSupport.Cards;

/// <summary>
/// A parsed Adaptive Card template. Parse once (parsing compiles every <c>${...}</c>), expand many times; instances are
/// immutable and safe to share between threads.
/// </summary>
public sealed class CardTemplate
{
    private readonly TemplateNode _root;

    private CardTemplate(string name, TemplateNode root)
    {
        Name = name;
        _root = root;
    }

    /// <summary>The template's name, used in error messages.</summary>
    public string Name { get; }

    /// <summary>Parses template JSON. Throws <see cref="CardTemplateException"/> for invalid JSON or expressions.</summary>
    public static CardTemplate Parse(string templateJson, string name = "template")
    {
        ArgumentNullException.ThrowIfNull(templateJson);
        try
        {
            using var document = JsonDocument.Parse(templateJson, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            return new CardTemplate(name, TemplateNode.Compile(document.RootElement));
        }
        catch (JsonException ex)
        {
            throw new CardTemplateException($"Card template '{name}' is not valid JSON: {ex.Message}", ex);
        }
        catch (CardTemplateException ex)
        {
            throw new CardTemplateException($"Card template '{name}': {ex.Message}", ex);
        }
    }

    /// <summary>Expands the template with <paramref name="data"/> as <c>$root</c>. Returns null when the root element is dropped.</summary>
    public JsonNode? Expand(JsonNode? data) => Expand(JsValue.FromNode(data));

    /// <inheritdoc cref="Expand(JsonNode?)"/>
    public JsonNode? Expand(JsonElement data) => Expand(JsValue.FromElement(data));

    private JsonNode? Expand(object? root)
    {
        try
        {
            return JsValue.ToNode(_root.Expand(new Scope(root, root, JsUndefined.Value)));
        }
        catch (CardTemplateException ex)
        {
            throw new CardTemplateException($"Card template '{Name}' could not be expanded: {ex.Message}", ex);
        }
    }
}
