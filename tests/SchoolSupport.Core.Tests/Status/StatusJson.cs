using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SchoolSupport.Tests.Status;

/// <summary>Card data as the channel returns it: the model's camelCase JSON.</summary>
public static class StatusJson
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject ToData(object model) => JsonSerializer.SerializeToNode(model, model.GetType(), Web)!.AsObject();

    public static string Serialize(object model) => JsonSerializer.Serialize(model, model.GetType(), Web);
}
