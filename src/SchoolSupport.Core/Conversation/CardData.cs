using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SchoolSupport.Conversation;

/// <summary>
/// The one reader of what a card sends back (the <c>data</c> of Action.Submit / Action.Execute with the form's inputs):
/// each value is read as the type the card wrote it, and a value of any other type makes the whole submission
/// broken rather than coerced into something else. Read every field, then check <see cref="IsValid"/> once.
/// </summary>
public sealed class CardData(JsonObject? data)
{
    public const string Broken = "Карточка повреждена или устарела. Откройте её заново командой из меню. Ничего не изменено.";

    private const int MaxIdDigits = 10;

    public JsonObject? Raw => data;

    public bool IsValid { get; private set; } = true;

    /// <summary>The Russian refusal to show when <see cref="IsValid"/> is false.</summary>
    public string Refusal => IsValid ? "" : Broken;

    /// <summary>A positive id that must be there: a JSON integer from our own cards, or the same digits as a string.</summary>
    public int? Id(string name) => Required(OptionalId(name));

    /// <summary>A positive id, or null when the field is absent, null or empty.</summary>
    public int? OptionalId(string name) => OptionalInt(name) switch
    {
        null => null,
        > 0 and var id => id,
        _ => Fail<int?>(),
    };

    /// <summary>An integer (zero and negatives included), or null when absent, null or empty.</summary>
    public int? OptionalInt(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        switch (value.GetValueKind())
        {
            case JsonValueKind.Number when value.TryGetValue(out int n):
                return n;
            case JsonValueKind.String:
                var s = value.GetValue<string>();
                if (s.Length == 0)
                {
                    return null;
                }

                var digits = s[0] == '-' ? s[1..] : s;
                return digits.Length is > 0 and <= MaxIdDigits && digits.All(char.IsAsciiDigit)
                       && int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
                    ? parsed
                    : Fail<int?>();
            default:
                return Fail<int?>();
        }
    }

    /// <summary>A string, or null when absent or null; any other JSON type is broken.</summary>
    public string? Text(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        return value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : Fail<string?>();
    }

    /// <summary>A non-empty string that must be there.</summary>
    public string? RequiredText(string name) => Text(name) is { Length: > 0 } text ? text : Required<string>(null);

    /// <summary>A date as Input.Date sends it (<c>yyyy-MM-dd</c>), or null when absent or empty.</summary>
    public DateOnly? Date(string name) => Text(name) switch
    {
        null or "" => null,
        var s when DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) => date,
        _ => Fail<DateOnly?>(),
    };

    /// <summary>A JSON boolean, or Input.Toggle's "true" / "false"; false when absent.</summary>
    public bool Flag(string name)
    {
        if (!TryGet(name, out var value))
        {
            return false;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when value.GetValue<string>() is "true" => true,
            JsonValueKind.String when value.GetValue<string>() is "false" or "" => false,
            _ => Fail<bool>(),
        };
    }

    private bool TryGet(string name, out JsonValue value)
    {
        value = null!;
        if (data is null || !data.TryGetPropertyValue(name, out var node) || node is null)
        {
            return false;
        }

        if (node is JsonValue v)
        {
            value = v;
            return true;
        }

        // An object or array where a single value belongs.
        IsValid = false;
        return false;
    }

    private T? Required<T>(T? value)
    {
        if (value is null)
        {
            IsValid = false;
        }

        return value;
    }

    private T Fail<T>()
    {
        IsValid = false;
        return default!;
    }
}
