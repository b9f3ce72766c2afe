using System.Text.Json;
using System.Text.Json.Nodes;

namespace SchoolSupport.Cards;

/// <summary>
/// The Adaptive Cards Templating language (the subset our cards use), implemented to give the same output as the
/// official JS package adaptivecards-templating 2.3.1: whole-string bindings keep the value's JSON type, missing
/// properties stay as <c>${path}</c>, <c>$data</c> arrays repeat elements, <c>$when</c> drops them.
/// </summary>
public static class CardTemplateEngine
{
    /// <summary>Options for JSON this engine writes: compact, Cyrillic and quotes not escaped.</summary>
    public static JsonSerializerOptions OutputOptions { get; } = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    /// <summary>Parses a template; keep the result and reuse it.</summary>
    public static CardTemplate Parse(string templateJson, string name = "template") => CardTemplate.Parse(templateJson, name);

    /// <summary>One-off expansion of template JSON with data JSON; returns the expanded JSON ("null" when dropped entirely).</summary>
    public static string Expand(string templateJson, string dataJson)
    {
        using var data = JsonDocument.Parse(dataJson);
        var result = Parse(templateJson).Expand(data.RootElement);
        return result?.ToJsonString(OutputOptions) ?? "null";
    }

    /// <summary>Expands parsed template with a data node.</summary>
    public static JsonNode? Expand(CardTemplate template, JsonNode? data)
    {
        ArgumentNullException.ThrowIfNull(template);
        return template.Expand(data);
    }
}
