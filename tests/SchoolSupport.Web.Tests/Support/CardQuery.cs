using System.Text.Json.Nodes;

namespace SchoolSupport.Web.Tests.Support;

/// <summary>Looks things up in a card's JSON as a person would see them: elements by id, by type, and the path to them.</summary>
internal static class CardQuery
{
    public static JsonObject? ById(JsonNode? card, string id) => All(card).FirstOrDefault(o => (string?)o["id"] == id);

    public static IEnumerable<JsonObject> OfType(JsonNode? card, string type) => All(card).Where(o => (string?)o["type"] == type);

    /// <summary>Every element's ancestors, so a test can tell whether an input sits in a folded container.</summary>
    public static IReadOnlyList<JsonObject> AncestorsOf(JsonNode? card, JsonObject element)
    {
        var path = new List<JsonObject>();
        bool Walk(JsonNode? n)
        {
            if (ReferenceEquals(n, element))
            {
                return true;
            }

            var children = n switch
            {
                JsonObject o => o.Select(kv => kv.Value),
                JsonArray a => a.AsEnumerable(),
                _ => [],
            };
            if (n is JsonObject self)
            {
                path.Add(self);
            }

            if (children.Any(Walk))
            {
                return true;
            }

            if (n is JsonObject)
            {
                path.RemoveAt(path.Count - 1);
            }

            return false;
        }

        Walk(card);
        return path;
    }

    public static IEnumerable<JsonObject> All(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                yield return o;
                foreach (var (_, child) in o)
                {
                    foreach (var x in All(child))
                    {
                        yield return x;
                    }
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    foreach (var x in All(child))
                    {
                        yield return x;
                    }
                }

                break;
        }
    }

    /// <summary>The values offered by a choice set.</summary>
    public static IReadOnlyList<string> ChoiceValues(JsonObject choiceSet) =>
        choiceSet["choices"]!.AsArray().Select(c => (string)c!["value"]!).ToList();

    /// <summary>The text of a reply: its text, or every text of its card.</summary>
    public static string TextOf(JsonObject reply) =>
        ((string?)reply["text"] ?? "") + " " + string.Join(" ", BotApp.TextsOf(BotApp.CardOf(reply)));
}
