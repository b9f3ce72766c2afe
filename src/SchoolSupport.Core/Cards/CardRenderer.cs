using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SchoolSupport.Common;

namespace SchoolSupport.Cards;

/// <summary>
/// Fills a card template from a typed model: the model is serialized with camelCase names (so <c>SchoolName</c> is
/// <c>${schoolName}</c> in the template) and becomes <c>$root</c>.
/// </summary>
public sealed class CardRenderer
{
    private readonly CardCatalog _catalog;

    public CardRenderer()
        : this(CardCatalog.Default)
    {
    }

    public CardRenderer(CardCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
    }

    /// <summary>How models are turned into template data: camelCase, enums as strings, nulls kept, Cyrillic unescaped.</summary>
    public static JsonSerializerOptions ModelOptions { get; } = CreateModelOptions();

    /// <summary>Expands <paramref name="templateName"/> (e.g. "welcome" for cards/welcome.json) with <paramref name="model"/>.</summary>
    /// <exception cref="CardTemplateException">Unknown template, or a template that does not expand to a JSON object.</exception>
    public JsonObject Render(string templateName, object model) =>
        (JsonObject)JsonNode.Parse(RenderUtf8(templateName, model))!;

    /// <summary>Same as <see cref="Render"/>, as compact JSON with Cyrillic unescaped.</summary>
    public string RenderJson(string templateName, object model) =>
        Encoding.UTF8.GetString(RenderUtf8(templateName, model));

    /// <summary>Same as <see cref="Render"/>, as compact UTF-8 JSON bytes (what goes on the wire).</summary>
    public byte[] RenderUtf8(string templateName, object model)
    {
        var template = _catalog.Get(templateName);
        var data = model switch
        {
            null => default,
            JsonElement element => element,
            _ => JsonSerializer.SerializeToElement(model, model.GetType(), ModelOptions),
        };
        var card = template.ExpandToUtf8(data);
        if (card.Length == 0 || card[0] != (byte)'{')
        {
            throw new CardTemplateException($"Card template '{templateName}' did not expand to a card object: {Encoding.UTF8.GetString(card)}");
        }

        return card;
    }

    private static JsonSerializerOptions CreateModelOptions()
    {
        var options = new JsonSerializerOptions(RelaxedJson.Options);
        options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
