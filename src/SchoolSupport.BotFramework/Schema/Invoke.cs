using System.Text.Json;
using System.Text.Json.Serialization;

namespace SchoolSupport.BotFramework.Schema;

/// <summary>The synchronous HTTP answer to an invoke activity: status code and JSON body.</summary>
public class InvokeResponse
{
    public InvokeResponse()
    {
    }

    public InvokeResponse(int status, object? body = null)
    {
        Status = status;
        Body = body;
    }

    public int Status { get; set; }
    public object? Body { get; set; }

    [JsonIgnore]
    public bool IsSuccessStatusCode => Status is >= 200 and <= 299;
}

/// <summary>The <c>value</c> of an <c>adaptiveCard/action</c> invoke (Universal Actions).</summary>
public class AdaptiveCardInvokeValue
{
    public AdaptiveCardInvokeAction? Action { get; set; }
    public JsonElement? Authentication { get; set; }
    public string? State { get; set; }

    /// <summary><c>manual</c>, or <c>automatic</c> for a refresh.</summary>
    public string? Trigger { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}

public class AdaptiveCardInvokeAction
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public string? Verb { get; set; }
    public JsonElement? Data { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}

public class AdaptiveCardInvokeResponse
{
    public int StatusCode { get; set; }
    public string? Type { get; set; }
    public object? Value { get; set; }

    /// <summary>Replaces the card for the invoking user.</summary>
    public static AdaptiveCardInvokeResponse Card(object card) =>
        new() { StatusCode = 200, Type = ContentTypes.AdaptiveCard, Value = BotJson.ToElement(card) };

    /// <summary>Shows a short text to the invoking user.</summary>
    public static AdaptiveCardInvokeResponse Message(string text) =>
        new() { StatusCode = 200, Type = ContentTypes.ActivityMessage, Value = text };

    public static AdaptiveCardInvokeResponse Error(int statusCode, string code, string message) =>
        new() { StatusCode = statusCode, Type = ContentTypes.Error, Value = new { code, message } };
}
