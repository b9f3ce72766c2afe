using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SchoolSupport.BotFramework.Schema;

/// <summary>The serializer settings for everything on the wire.</summary>
public static class BotJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options);

    /// <summary>Turns any object (or an existing element) into a detached <see cref="JsonElement"/>.</summary>
    public static JsonElement ToElement(object? value) =>
        value is JsonElement element ? element.Clone() : JsonSerializer.SerializeToElement(value, Options);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            // Cyrillic stays readable and a Russian message is not six times larger on the wire.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
            // Two copies of one property ("schoolId" twice) mean different things to different readers; no channel
            // sends them, so such an activity is malformed rather than read one way here and another way later.
            AllowDuplicateProperties = false,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>Reads booleans sent as <c>true</c> or <c>"true"</c> (channels are not consistent).</summary>
public sealed class LenientBooleanConverter : JsonConverter<bool?>
{
    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.String => bool.TryParse(reader.GetString(), out var b) ? b : null,
            JsonTokenType.Number => reader.TryGetInt32(out var n) ? n != 0 : null,
            _ => SkipAndReturnNull(ref reader),
        };

    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        if (value is { } b)
        {
            writer.WriteBooleanValue(b);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static bool? SkipAndReturnNull(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }
}
