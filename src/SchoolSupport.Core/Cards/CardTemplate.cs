using System.Buffers;
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
    public JsonNode? Expand(JsonNode? data) => ToNode(ExpandToUtf8(JsValue.FromNode(data)));

    /// <inheritdoc cref="Expand(JsonNode?)"/>
    public JsonNode? Expand(JsonElement data) => ToNode(ExpandToUtf8(JsValue.FromElement(data)));

    /// <summary>Expands straight to compact UTF-8 JSON (Cyrillic unescaped): the cheapest form to send or measure.</summary>
    public byte[] ExpandToUtf8(JsonElement data) => ExpandToUtf8(JsValue.FromElement(data));

    private static JsonNode? ToNode(byte[] json) =>
        // Parsing is lazy: nodes materialize only where the caller looks or edits.
        JsonNode.Parse(json);

    private byte[] ExpandToUtf8(object? root)
    {
        object? expanded;
        try
        {
            expanded = _root.Expand(new Scope(root, root, JsUndefined.Value));
        }
        catch (CardTemplateException ex)
        {
            throw new CardTemplateException($"Card template '{Name}' could not be expanded: {ex.Message}", ex);
        }

        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            JsValue.Write(writer, expanded);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };
}
