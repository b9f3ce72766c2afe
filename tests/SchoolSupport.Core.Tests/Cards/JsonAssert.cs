using System.Text.Json;
using System.Text.Json.Nodes;

namespace SchoolSupport.Cards;

internal static class JsonAssert
{
    /// <summary>
    /// Deep JSON equality: object keys in any order, arrays in order, numbers by value. Returns the first difference
    /// as a JSON path with both values, or null when equal.
    /// </summary>
    public static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected)
        {
            case null:
                return actual is null ? null : $"{path}: expected null, got {actual.ToJsonString()}";
            case JsonObject eo:
                if (actual is not JsonObject ao)
                {
                    return $"{path}: expected object, got {Show(actual)}";
                }

                foreach (var property in eo)
                {
                    if (!ao.TryGetPropertyValue(property.Key, out var other))
                    {
                        return $"{path}.{property.Key}: missing (expected {Show(property.Value)})";
                    }

                    var diff = FirstDifference(property.Value, other, $"{path}.{property.Key}");
                    if (diff is not null)
                    {
                        return diff;
                    }
                }

                var extra = ao.Select(p => p.Key).FirstOrDefault(k => !eo.ContainsKey(k));
                return extra is null ? null : $"{path}.{extra}: unexpected property {Show(ao[extra])}";
            case JsonArray ea:
                if (actual is not JsonArray aa)
                {
                    return $"{path}: expected array, got {Show(actual)}";
                }

                for (var i = 0; i < Math.Min(ea.Count, aa.Count); i++)
                {
                    var diff = FirstDifference(ea[i], aa[i], $"{path}[{i}]");
                    if (diff is not null)
                    {
                        return diff;
                    }
                }

                return ea.Count == aa.Count ? null : $"{path}: expected {ea.Count} items, got {aa.Count}";
            default:
                if (actual is not JsonValue av)
                {
                    return $"{path}: expected {Show(expected)}, got {Show(actual)}";
                }

                var ev = expected.AsValue();
                if (ev.GetValueKind() == JsonValueKind.Number && av.GetValueKind() == JsonValueKind.Number)
                {
                    return Number(ev) == Number(av) ? null : $"{path}: expected {Show(ev)}, got {Show(av)}";
                }

                return ev.ToJsonString() == av.ToJsonString() ? null : $"{path}: expected {Show(ev)}, got {Show(av)}";
        }
    }

    private static double Number(JsonValue value) =>
        double.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    private static string Show(JsonNode? node) => node?.ToJsonString(CardTemplateEngine.OutputOptions) ?? "null";
}
