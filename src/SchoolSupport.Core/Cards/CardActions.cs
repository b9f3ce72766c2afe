using System.Text.Json.Nodes;

namespace SchoolSupport.Cards;

/// <summary>
/// Templates declare buttons as <c>Action.Execute</c> with a <c>verb</c> (Universal Actions, handled as an
/// <c>adaptiveCard/action</c> invoke on Teams). Channels without Execute get <c>Action.Submit</c> carrying the verb in
/// <c>data.verb</c>, so one handler keyed by verb serves both.
/// </summary>
public static class CardActions
{
    public const string Execute = "Action.Execute";
    public const string Submit = "Action.Submit";

    /// <summary>The property of Action.Submit data that carries the verb.</summary>
    public const string VerbProperty = "verb";

    /// <summary>
    /// Returns <paramref name="card"/> (changed in place) ready for a channel: untouched when it supports
    /// Action.Execute (Teams); otherwise every Action.Execute anywhere in the card (actions, ActionSet,
    /// selectAction, ShowCard cards, fallbacks) becomes Action.Submit with <c>data.verb</c>, and <c>refresh</c> is removed.
    /// </summary>
    public static JsonObject ForChannel(JsonObject card, bool supportsExecute)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (supportsExecute)
        {
            return card;
        }

        card.Remove("refresh");
        Rewrite(card);
        return card;
    }

    private static void Rewrite(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var isExecute = obj["type"] is JsonValue type && type.TryGetValue<string>(out var typeName) && typeName == Execute;
                if (isExecute)
                {
                    ToSubmit(obj);
                }

                foreach (var property in obj.ToArray())
                {
                    // An action's data is the bot's own payload, not card structure.
                    if (isExecute && property.Key == "data")
                    {
                        continue;
                    }

                    Rewrite(property.Value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Rewrite(item);
                }

                break;
        }
    }

    private static void ToSubmit(JsonObject action)
    {
        var verb = action[VerbProperty]?.DeepClone();
        action.Remove(VerbProperty);
        action["type"] = Submit;

        JsonObject data;
        switch (action["data"])
        {
            case JsonObject existing:
                data = existing;
                break;
            case null:
                data = [];
                action["data"] = data;
                break;
            default:
                // Execute data should be an object; keep any other value next to the verb rather than losing it.
                var value = action["data"]!.DeepClone();
                data = new JsonObject { ["value"] = value };
                action["data"] = data;
                break;
        }

        if (verb is not null)
        {
            data[VerbProperty] = verb;
        }
    }
}
