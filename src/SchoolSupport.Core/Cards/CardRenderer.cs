using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

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
    public JsonObject Render(string templateName, object model)
    {
        var template = _catalog.Get(templateName);
        var data = model switch
        {
            null => default,
            JsonElement element => element,
            _ => JsonSerializer.SerializeToElement(model, model.GetType(), ModelOptions),
        };
        var card = template.Expand(data);
        return card as JsonObject
            ?? throw new CardTemplateException($"Card template '{templateName}' expanded to {(card is null ? "nothing" : card.GetValueKind().ToString())}, not a card object.");
    }

    /// <summary>Same as <see cref="Render"/>, as compact JSON with Cyrillic unescaped.</summary>
    public string RenderJson(string templateName, object model) =>
        Render(templateName, model).ToJsonString(CardTemplateEngine.OutputOptions);

    private static JsonSerializerOptions CreateModelOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
