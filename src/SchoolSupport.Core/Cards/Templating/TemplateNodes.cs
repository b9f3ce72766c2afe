using System.Text;
using System.Text.Json;

namespace SchoolSupport.Cards.Templating;

/// <summary>A prepared template node, expanded by mirroring adaptivecards-templating's internalExpand.</summary>
internal abstract class TemplateNode
{
    public abstract object? Expand(in Scope scope);

    public static TemplateNode Compile(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => ObjectNode.CompileObject(element),
        JsonValueKind.Array => ArrayNode.CompileArray(element),
        JsonValueKind.String => StringTemplate.Compile(element.GetString()!),
        _ => new LiteralNode(JsValue.FromElement(element)),
    };

    /// <summary>Evaluates a binding; a whole-value binding that fails aborts the expansion, as the JS package throws.</summary>
    protected static object? EvaluateOrThrow(Expr expr, in Scope scope)
    {
        var result = expr.Evaluate(scope, substitute: true);
        if (result.Error is not null)
        {
            throw new CardTemplateException($"Cannot evaluate ${{{expr}}}: {result.Error}");
        }

        return result.Value;
    }
}

internal sealed class LiteralNode(object? value) : TemplateNode
{
    public object? Value { get; } = value;

    public override object? Expand(in Scope scope) => Value;
}

/// <summary>A string that is exactly one non-constant <c>${...}</c>: it keeps the JSON type of its value.</summary>
internal sealed class BindingNode(Expr expr) : TemplateNode
{
    public Expr Expr { get; } = expr;

    public override object? Expand(in Scope scope) => EvaluateOrThrow(Expr, scope);
}

/// <summary>A string with text around or between bindings: always a string; a failing part is left as <c>${...}</c>.</summary>
internal sealed class ConcatNode(Expr[] parts) : TemplateNode
{
    public override object? Expand(in Scope scope)
    {
        var sb = new StringBuilder();
        foreach (var part in parts)
        {
            if (part is ConstantExpr constant && constant.Value is string text)
            {
                sb.Append(text);
                continue;
            }

            var result = part.Evaluate(scope, substitute: true);
            sb.Append(result.Error is null ? JsFormat.ToJsString(result.Value) : "${" + part + "}");
        }

        return sb.ToString();
    }
}

internal sealed class ArrayNode(TemplateNode[] items) : TemplateNode
{
    /// <summary>
    /// An array of plain values expands to itself, so it is built once and shared (expanded values are never mutated);
    /// nulls and nested arrays are excluded because expansion drops or splices them.
    /// </summary>
    public static TemplateNode CompileArray(JsonElement element)
    {
        var items = element.EnumerateArray().Select(Compile).ToArray();
        if (items.All(i => i is LiteralNode { Value: not (null or List<object?>) }))
        {
            return new LiteralNode(items.Select(i => ((LiteralNode)i).Value).ToList());
        }

        return new ArrayNode(items);
    }

    public override object? Expand(in Scope scope)
    {
        var result = new List<object?>(items.Length);
        foreach (var item in items)
        {
            var value = item.Expand(scope);
            switch (value)
            {
                case null:
                    break; // dropped: $when false, empty $data, or a null element
                case List<object?> list:
                    result.AddRange(list); // repeated elements, and any array value, are spliced in
                    break;
                default:
                    result.Add(value);
                    break;
            }
        }

        return result;
    }
}

internal sealed class ObjectNode : TemplateNode
{
    private static readonly string[] ReservedFields = ["$data", "$when", "$root", "$index", "$host", "$_acTemplateVersion"];

    private readonly KeyValuePair<string, TemplateNode>[] _properties;
    private readonly TemplateNode? _data;
    private readonly TemplateNode? _when;

    private ObjectNode(KeyValuePair<string, TemplateNode>[] properties, TemplateNode? data, TemplateNode? when)
    {
        _properties = properties;
        _data = data;
        _when = when;
    }

    public static TemplateNode CompileObject(JsonElement element)
    {
        var properties = new List<KeyValuePair<string, TemplateNode>>();
        TemplateNode? data = null;
        TemplateNode? when = null;
        foreach (var property in element.EnumerateObject())
        {
            var node = Compile(property.Value);
            switch (property.Name)
            {
                case "$data":
                    data = node;
                    break;
                case "$when":
                    when = node;
                    break;
                default:
                    if (Array.IndexOf(ReservedFields, property.Name) < 0)
                    {
                        var at = properties.FindIndex(p => p.Key == property.Name);
                        if (at >= 0)
                        {
                            properties[at] = new(property.Name, node);
                        }
                        else
                        {
                            properties.Add(new(property.Name, node));
                        }
                    }

                    break;
            }
        }

        if (data is null && when is null && properties.All(p => p.Value is LiteralNode))
        {
            var literal = new JsObject(properties.Count);
            foreach (var property in properties)
            {
                literal.AddUnique(property.Key, ((LiteralNode)property.Value).Value);
            }

            return new LiteralNode(literal);
        }

        return new ObjectNode([.. properties], data, when);
    }

    public override object? Expand(in Scope scope)
    {
        if (_data is null)
        {
            return Dropped(scope) ? null : ExpandProperties(scope);
        }

        var dataValue = _data switch
        {
            BindingNode binding => EvaluateOrThrow(binding.Expr, scope),
            LiteralNode literal => literal.Value,
            _ => _data.Expand(scope),
        };

        if (dataValue is List<object?> items)
        {
            List<object?>? repeated = null;
            object? single = null;
            var count = 0;
            for (var i = 0; i < items.Count; i++)
            {
                var itemScope = items[i] is JsUndefined
                    ? scope with { Index = (double)i }
                    : new Scope(scope.Root, items[i], (double)i);
                if (Dropped(itemScope))
                {
                    continue;
                }

                var expanded = ExpandProperties(itemScope);
                count++;
                if (count == 1)
                {
                    single = expanded;
                }
                else
                {
                    repeated ??= [single];
                    repeated.Add(expanded);
                }
            }

            // One surviving repetition is the object itself, none is null, several are an array to splice.
            return count switch
            {
                0 => null,
                1 => single,
                _ => repeated,
            };
        }

        var inner = dataValue is JsUndefined ? scope : scope with { Data = dataValue };
        return Dropped(inner) ? null : ExpandProperties(inner);
    }

    private bool Dropped(in Scope scope)
    {
        switch (_when)
        {
            case null:
                return false;
            case BindingNode binding:
                {
                    var result = binding.Expr.Evaluate(scope, substitute: false);
                    return !(result.Error is null && result.Value is bool b && b);
                }

            case ConcatNode:
                return true; // an interpolated $when ("x${a}") produces a string, never the boolean true

            case LiteralNode literal:
                // A $when that is not an expression drops the element when it is truthy (the package warns and drops).
                return JsValue.IsTruthy(literal.Value);
            default:
                return true; // objects and arrays are truthy
        }
    }

    private JsObject ExpandProperties(in Scope scope)
    {
        var result = new JsObject(_properties.Length);
        foreach (var property in _properties)
        {
            var value = property.Value.Expand(scope);
            if (value is not JsUndefined)
            {
                result.AddUnique(property.Key, value);
            }
        }

        return result;
    }
}

/// <summary>
/// Splits a JSON string into text and <c>${...}</c> bindings the way adaptive-expressions' string-interpolation lexer does.
/// </summary>
internal static class StringTemplate
{
    public static TemplateNode Compile(string text)
    {
        if (!text.Contains("${", StringComparison.Ordinal))
        {
            return new LiteralNode(text);
        }

        var parts = new List<Expr>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '`')
            {
                throw new CardTemplateException($"Invalid template string \"{text}\": a backtick cannot appear in a string with ${{...}} bindings (write \\` instead).");
            }

            if (c == '\\')
            {
                // ESCAPE_CHARACTER: a backslash and the next character (not a line break); only \` and \$ are unescaped.
                if (i + 1 < text.Length && text[i + 1] is not ('\r' or '\n'))
                {
                    var next = text[i + 1];
                    if (next is '`' or '$')
                    {
                        literal.Append(next);
                    }
                    else
                    {
                        literal.Append(c).Append(next);
                    }

                    i += 2;
                }
                else
                {
                    literal.Append(c);
                    i++;
                }

                continue;
            }

            if (c == '$' && i + 1 < text.Length && text[i + 1] == '{' && TryMatchBinding(text, i, out var end))
            {
                if (literal.Length > 0)
                {
                    parts.Add(new ConstantExpr(literal.ToString()));
                    literal.Clear();
                }

                parts.Add(ExpressionParser.Parse(TrimExpression(text[i..(end + 1)])));
                i = end + 1;
                continue;
            }

            literal.Append(c);
            i++;
        }

        if (literal.Length > 0)
        {
            parts.Add(new ConstantExpr(literal.ToString()));
        }

        // Exactly one binding and nothing else keeps the value's type; a constant (e.g. ${'a'} or ${1.0}) does not.
        if (parts.Count == 1 && parts[0] is not ConstantExpr)
        {
            // The package evaluates any top-level concat expression as string interpolation, so ${concat(a, b)}
            // (or ${a & b}) joins the toString() of each argument and never concatenates arrays.
            return parts[0] is CallExpr { Id: FunctionId.Concat } concat
                ? new ConcatNode(concat.Arguments)
                : new BindingNode(parts[0]);
        }

        if (parts.All(p => p is ConstantExpr))
        {
            var sb = new StringBuilder();
            foreach (var part in parts)
            {
                sb.Append(JsFormat.ToJsString(((ConstantExpr)part).Value));
            }

            return new LiteralNode(sb.ToString());
        }

        return new ConcatNode([.. parts]);
    }

    // TEMPLATE: '${' (STRING | OBJECT_DEFINITION | ~[\r\n{}'"`])+ '}'
    private static bool TryMatchBinding(string text, int start, out int end)
    {
        var i = start + 2;
        var elements = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '}')
            {
                end = i;
                return elements > 0;
            }

            if (c is '\'' or '"')
            {
                if (!SkipString(text, ref i))
                {
                    break;
                }
            }
            else if (c == '{')
            {
                if (!SkipBraces(text, ref i))
                {
                    break;
                }
            }
            else if (c is '\r' or '\n' or '`')
            {
                break;
            }
            else
            {
                i++;
            }

            elements++;
        }

        end = -1;
        return false;
    }

    private static bool SkipString(string text, ref int i)
    {
        var quote = text[i];
        var j = i + 1;
        while (j < text.Length)
        {
            if (text[j] == '\\' && j + 1 < text.Length && (text[j + 1] == quote || text[j + 1] == '\\'))
            {
                j += 2;
                continue;
            }

            if (text[j] == quote)
            {
                i = j + 1;
                return true;
            }

            j++;
        }

        return false;
    }

    private static bool SkipBraces(string text, ref int i)
    {
        var depth = 0;
        var j = i;
        while (j < text.Length)
        {
            var c = text[j];
            if (c is '\'' or '"')
            {
                if (!SkipString(text, ref j))
                {
                    return false;
                }

                continue;
            }

            if (c is '\r' or '\n' or '`')
            {
                return false;
            }

            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                depth--;
                if (depth == 0)
                {
                    i = j + 1;
                    return true;
                }
            }

            j++;
        }

        return false;
    }

    // adaptive-expressions' trimExpression: "${ body }" -> "body".
    private static string TrimExpression(string binding)
    {
        var result = binding.Trim();
        if (result.StartsWith('$'))
        {
            result = result[1..];
        }

        result = result.Trim();
        if (result.StartsWith('{') && result.EndsWith('}'))
        {
            result = result[1..^1];
        }

        return result.Trim();
    }
}
