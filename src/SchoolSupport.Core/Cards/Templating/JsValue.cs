using System.Text.Json;
using System.Text.Json.Nodes;

namespace SchoolSupport.Cards.Templating;

/// <summary>JavaScript's <c>undefined</c>: a missing property, as opposed to an explicit JSON <c>null</c>.</summary>
internal sealed class JsUndefined
{
    public static readonly JsUndefined Value = new();

    private JsUndefined()
    {
    }

    public override string ToString() => "undefined";
}

/// <summary>
/// A JSON object as the expression language sees it: insertion-ordered, looked up case-insensitively
/// (adaptive-expressions matches property names with <c>toLowerCase()</c>, first match in key order wins).
/// </summary>
internal sealed class JsObject
{
    private const int IndexThreshold = 8;
    private readonly List<KeyValuePair<string, object?>> _items;
    private Dictionary<string, int>? _index;

    public JsObject(int capacity = 4) => _items = new List<KeyValuePair<string, object?>>(capacity);

    public int Count => _items.Count;

    public IReadOnlyList<KeyValuePair<string, object?>> Items => _items;

    /// <summary>Adds a key; a repeated key keeps its first position and takes the last value, like <c>JSON.parse</c>.</summary>
    public void Set(string key, object? value)
    {
        for (var i = 0; i < _items.Count; i++)
        {
            if (string.Equals(_items[i].Key, key, StringComparison.Ordinal))
            {
                _items[i] = new KeyValuePair<string, object?>(key, value);
                return;
            }
        }

        _items.Add(new KeyValuePair<string, object?>(key, value));
        _index = null;
    }

    /// <summary>Appends without the duplicate check; for keys already known to be distinct.</summary>
    public void AddUnique(string key, object? value) => _items.Add(new KeyValuePair<string, object?>(key, value));

    public bool TryGetIgnoreCase(string key, out object? value)
    {
        if (_items.Count > IndexThreshold)
        {
            if (_index is null)
            {
                var index = new Dictionary<string, int>(_items.Count, StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i < _items.Count; i++)
                {
                    index.TryAdd(_items[i].Key, i);
                }

                _index = index;
            }

            if (_index.TryGetValue(key, out var at))
            {
                value = _items[at].Value;
                return true;
            }

            value = null;
            return false;
        }

        foreach (var item in _items)
        {
            if (string.Equals(item.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                value = item.Value;
                return true;
            }
        }

        value = null;
        return false;
    }
}

/// <summary>
/// Conversions between JSON and the value model of the evaluator, which mirrors JavaScript:
/// <see cref="JsUndefined"/>, <c>null</c>, <see cref="bool"/>, <see cref="double"/>, <see cref="string"/>,
/// <see cref="JsObject"/> and <see cref="List{T}"/> of values for arrays.
/// </summary>
internal static class JsValue
{
    public static readonly object Undefined = JsUndefined.Value;
    public static readonly object True = true;
    public static readonly object False = false;

    public static bool IsUndefined(object? value) => ReferenceEquals(value, JsUndefined.Value);

    /// <summary>JavaScript's <c>value == null</c>: true for both null and undefined.</summary>
    public static bool IsNullish(object? value) => value is null || value is JsUndefined;

    public static object Bool(bool value) => value ? True : False;

    public static bool IsNumber(object? value) => value is double d && !double.IsNaN(d);

    public static bool IsInteger(object? value) => value is double d && double.IsFinite(d) && Math.Floor(d) == d;

    /// <summary>JavaScript truthiness, used where the templating package tests <c>!instance</c>.</summary>
    public static bool IsTruthy(object? value) => value switch
    {
        null or JsUndefined => false,
        bool b => b,
        double d => d != 0 && !double.IsNaN(d),
        string s => s.Length > 0,
        _ => true,
    };

    /// <summary>adaptive-expressions' isLogicTrue: booleans are themselves, null and undefined are false, everything else is true.</summary>
    public static bool IsLogicTrue(object? value) => value switch
    {
        bool b => b,
        null or JsUndefined => false,
        _ => true,
    };

    public static object? FromElement(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsObject();
                foreach (var property in element.EnumerateObject())
                {
                    obj.Set(property.Name, FromElement(property.Value));
                }

                return obj;
            case JsonValueKind.Array:
                var list = new List<object?>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    list.Add(FromElement(item));
                }

                return list;
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                return element.GetDouble();
            case JsonValueKind.True:
                return True;
            case JsonValueKind.False:
                return False;
            case JsonValueKind.Undefined:
                return Undefined;
            default:
                return null;
        }
    }

    public static object? FromNode(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                var result = new JsObject(obj.Count);
                foreach (var property in obj)
                {
                    result.Set(property.Key, FromNode(property.Value));
                }

                return result;
            case JsonArray array:
                var list = new List<object?>(array.Count);
                foreach (var item in array)
                {
                    list.Add(FromNode(item));
                }

                return list;
            default:
                var value = node.AsValue();
                return value.GetValueKind() switch
                {
                    JsonValueKind.String => value.GetValue<string>(),
                    JsonValueKind.True => True,
                    JsonValueKind.False => False,
                    JsonValueKind.Number => value.TryGetValue<double>(out var d)
                        ? d
                        : double.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture),
                    _ => null,
                };
        }
    }

    /// <summary>
    /// Writes the output JSON. Undefined inside objects is skipped and inside arrays becomes null, as <c>JSON.stringify</c> does.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null or JsUndefined:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case double d:
                WriteNumber(writer, d);
                break;
            case JsObject obj:
                writer.WriteStartObject();
                foreach (var item in obj.Items)
                {
                    if (item.Value is not JsUndefined)
                    {
                        writer.WritePropertyName(item.Key);
                        Write(writer, item.Value);
                    }
                }

                writer.WriteEndObject();
                break;
            case List<object?> list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new InvalidOperationException($"Unexpected value of type {value.GetType()} in template expansion.");
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, double d)
    {
        if (!double.IsFinite(d))
        {
            writer.WriteNullValue(); // JSON.stringify writes NaN and Infinity as null
        }
        else if (Math.Floor(d) == d && Math.Abs(d) < 9007199254740992d)
        {
            writer.WriteNumberValue(d == 0 ? 0L : (long)d);
        }
        else
        {
            writer.WriteNumberValue(d);
        }
    }
}
