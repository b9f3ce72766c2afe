using System.Globalization;
using System.Text;

namespace SchoolSupport.Cards.Templating;

/// <summary>JavaScript's string conversions, reproduced so that C# expansion prints exactly what the JS package prints.</summary>
internal static class JsFormat
{
    /// <summary>ECMAScript Number::toString: shortest round-trip digits, exponent only below 1e-6 or from 1e21.</summary>
    public static string Number(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        if (value == 0)
        {
            return "0";
        }

        if (Math.Floor(value) == value && Math.Abs(value) < 1e15)
        {
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        }

        var negative = value < 0;
        var (digits, pointPosition) = ShortestDigits(Math.Abs(value));
        var k = digits.Length;
        var n = pointPosition;
        var sb = new StringBuilder(k + 8);
        if (negative)
        {
            sb.Append('-');
        }

        if (k <= n && n <= 21)
        {
            sb.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            sb.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            sb.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            sb.Append(digits[0]);
            if (k > 1)
            {
                sb.Append('.').Append(digits, 1, k - 1);
            }

            var e = n - 1;
            sb.Append('e').Append(e >= 0 ? '+' : '-').Append(Math.Abs(e).ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    // Digits without leading/trailing zeros and the position of the decimal point relative to them (value = 0.d1d2... × 10^n).
    private static (string Digits, int PointPosition) ShortestDigits(double positive)
    {
        var shortest = positive.ToString("R", CultureInfo.InvariantCulture);
        string mantissa;
        int exponent;
        var e = shortest.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            mantissa = shortest[..e];
            exponent = int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        else
        {
            mantissa = shortest;
            exponent = 0;
        }

        var dot = mantissa.IndexOf('.');
        var intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var fracPart = dot >= 0 ? mantissa[(dot + 1)..] : string.Empty;
        var all = intPart + fracPart;
        var point = intPart.Length + exponent;
        var lead = 0;
        while (lead < all.Length - 1 && all[lead] == '0')
        {
            lead++;
        }

        all = all[lead..];
        point -= lead;
        all = all.TrimEnd('0');
        return (all.Length == 0 ? "0" : all, point);
    }

    /// <summary>
    /// <c>value.toString()</c> as the templating package calls it on each part of an interpolated string;
    /// null and undefined throw, as in JavaScript.
    /// </summary>
    public static string ToJsString(object? value) => value switch
    {
        string s => s,
        double d => Number(d),
        bool b => b ? "true" : "false",
        JsObject => "[object Object]",
        List<object?> list => JoinArray(list, ","),
        null => throw new CardTemplateException("Cannot read properties of null (reading 'toString')"),
        _ => throw new CardTemplateException("Cannot read properties of undefined (reading 'toString')"),
    };

    /// <summary>Array.prototype.join: null and undefined elements become empty strings.</summary>
    public static string JoinArray(List<object?> list, string separator)
    {
        if (list.Count == 0)
        {
            return string.Empty;
        }

        var sb = new StringBuilder();
        for (var i = 0; i < list.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(separator);
            }

            if (!JsValue.IsNullish(list[i]))
            {
                sb.Append(ToJsString(list[i]));
            }
        }

        return sb.ToString();
    }

    /// <summary>Template-literal / String() conversion, which unlike toString() accepts null and undefined.</summary>
    public static string StringOf(object? value) => value switch
    {
        null => "null",
        JsUndefined => "undefined",
        _ => ToJsString(value),
    };

    /// <summary>adaptive-expressions' commonStringify: JSON for objects and arrays (outer quotes trimmed), '' for null.</summary>
    public static string CommonStringify(object? value)
    {
        if (JsValue.IsNullish(value))
        {
            return string.Empty;
        }

        if (value is JsObject or List<object?>)
        {
            return Stringify(value).Trim('\'', '"');
        }

        return ToJsString(value);
    }

    /// <summary>JSON.stringify without indentation.</summary>
    public static string Stringify(object? value)
    {
        var sb = new StringBuilder();
        WriteJson(sb, value);
        return sb.ToString();
    }

    private static void WriteJson(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null or JsUndefined:
                sb.Append("null");
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case double d:
                sb.Append(double.IsFinite(d) ? Number(d) : "null");
                break;
            case string s:
                WriteJsonString(sb, s);
                break;
            case JsObject obj:
                sb.Append('{');
                var first = true;
                foreach (var item in obj.Items)
                {
                    if (item.Value is JsUndefined)
                    {
                        continue;
                    }

                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    WriteJsonString(sb, item.Key);
                    sb.Append(':');
                    WriteJson(sb, item.Value);
                }

                sb.Append('}');
                break;
            case List<object?> list:
                sb.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    WriteJson(sb, list[i]);
                }

                sb.Append(']');
                break;
        }

    }

    private static void WriteJsonString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    /// <summary>
    /// d3-format's <c>",.{precision}f"</c> as adaptive-expressions uses it for string() and formatNumber():
    /// grouped thousands, fixed decimals, U+2212 as the minus sign, sign dropped when the result is zero.
    /// </summary>
    public static string GroupedFixed(double value, int precision, string? locale)
    {
        var (decimalSeparator, thousands) = LocaleSeparators(locale);
        var negative = value < 0 || (value == 0 && double.IsNegative(value));
        var fixedText = ToFixed(Math.Abs(value), precision);
        if (negative && fixedText.All(c => c is '0' or '.'))
        {
            negative = false;
        }

        var dot = fixedText.IndexOf('.');
        var intPart = dot >= 0 ? fixedText[..dot] : fixedText;
        var sb = new StringBuilder(fixedText.Length + 8);
        if (negative)
        {
            sb.Append('\u2212');
        }

        for (var i = 0; i < intPart.Length; i++)
        {
            if (i > 0 && (intPart.Length - i) % 3 == 0)
            {
                sb.Append(thousands);
            }

            sb.Append(intPart[i]);
        }

        if (dot >= 0)
        {
            sb.Append(decimalSeparator).Append(fixedText, dot + 1, fixedText.Length - dot - 1);
        }

        return sb.ToString();
    }

    // Number.prototype.toFixed for finite non-negative values below 1e21: exact value rounded half up.
    private static string ToFixed(double positive, int precision)
    {
        precision = Math.Clamp(precision, 0, 100);
        if (positive >= 1e21)
        {
            return Number(positive);
        }

        return positive.ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    // Only the locales a Russian school bot plausibly asks for; others fall back to d3's default (en-US) like unknown locales in JS.
    private static (string Decimal, string Thousands) LocaleSeparators(string? locale) => locale switch
    {
        "ru-RU" => (",", "\u00a0"),
        "de-DE" => (",", "."),
        "fr-FR" => (",", "\u00a0"),
        _ => (".", ","),
    };

    /// <summary>Math.round: nearest integer, halves toward +∞.</summary>
    public static double RoundHalfUp(double value)
    {
        if (!double.IsFinite(value))
        {
            return value;
        }

        var floor = Math.Floor(value);
        return value - floor >= 0.5 ? floor + 1 : floor;
    }

    /// <summary>parseInt(text, 10); NaN when no digits lead the text.</summary>
    public static double ParseInt(string text)
    {
        var i = 0;
        while (i < text.Length && IsJsWhitespace(text[i]))
        {
            i++;
        }

        var negative = false;
        if (i < text.Length && (text[i] == '+' || text[i] == '-'))
        {
            negative = text[i] == '-';
            i++;
        }

        var start = i;
        double result = 0;
        while (i < text.Length && text[i] is >= '0' and <= '9')
        {
            result = (result * 10) + (text[i] - '0');
            i++;
        }

        if (i == start)
        {
            return double.NaN;
        }

        return negative ? -result : result;
    }

    /// <summary>parseFloat(text): the longest leading decimal literal (with optional exponent) or Infinity.</summary>
    public static double ParseFloat(string text)
    {
        var i = 0;
        while (i < text.Length && IsJsWhitespace(text[i]))
        {
            i++;
        }

        var start = i;
        if (i < text.Length && (text[i] == '+' || text[i] == '-'))
        {
            i++;
        }

        if (string.CompareOrdinal(text, i, "Infinity", 0, 8) == 0)
        {
            return text[start] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
        }

        var digits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
            digits++;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                digits++;
            }
        }

        if (digits == 0)
        {
            return double.NaN;
        }

        var end = i;
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            var j = i + 1;
            if (j < text.Length && (text[j] == '+' || text[j] == '-'))
            {
                j++;
            }

            var expStart = j;
            while (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                j++;
            }

            if (j > expStart)
            {
                end = j;
            }
        }

        var literal = text[start..end];
        if (literal.EndsWith('.'))
        {
            literal = literal[..^1];
        }

        return double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private static bool IsJsWhitespace(char c) => char.IsWhiteSpace(c) || c == '\uFEFF';
}
