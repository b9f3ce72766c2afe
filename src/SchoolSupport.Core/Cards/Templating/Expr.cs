using System.Text;

namespace SchoolSupport.Cards.Templating;

/// <summary>The data an expression can see: <c>$root</c>, the current <c>$data</c> scope and <c>$index</c> inside a repeat.</summary>
internal readonly record struct Scope(object? Root, object? Data, object? Index);

/// <summary>A value or an evaluation error message, like adaptive-expressions' <c>{ value, error }</c>.</summary>
internal readonly record struct EvalResult(object? Value, string? Error)
{
    public static EvalResult Ok(object? value) => new(value, null);

    public static EvalResult Fail(string error) => new(JsUndefined.Value, error);
}

internal abstract class Expr
{
    /// <summary>
    /// Evaluates the expression. <paramref name="substitute"/> mirrors the templating package's nullSubstitution option:
    /// when set, an undefined property path evaluates to the text <c>${path}</c>.
    /// </summary>
    public abstract EvalResult Evaluate(in Scope scope, bool substitute);

    /// <summary>adaptive-expressions' Expression.toString(), which the templating package prints for a failed binding.</summary>
    public abstract override string ToString();
}

internal sealed class ConstantExpr(object? value) : Expr
{
    public object? Value { get; } = value;

    public override EvalResult Evaluate(in Scope scope, bool substitute) => EvalResult.Ok(Value);

    public override string ToString() => Value switch
    {
        null => "null",
        JsUndefined => "undefined",
        string s => "'" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'",
        double d => JsFormat.Number(d),
        bool b => b ? "true" : "false",
        _ => JsFormat.Stringify(Value),
    };
}

/// <summary>
/// A property path such as <c>a.b[0]['c']</c>. Like adaptive-expressions, the chain is resolved as one path against
/// memory, so a missing link anywhere gives undefined (and, with substitution, the text <c>${a.b[0]['c']}</c>).
/// </summary>
internal sealed class PathExpr : Expr
{
    private static readonly JsObject TemplateVersion = CreateTemplateVersion();

    private readonly PathKey[]? _staticKeys;

    public PathExpr(Expr? left, PathSegment[] segments)
    {
        Left = left;
        Segments = segments;
        if (segments.All(s => s.Index is null))
        {
            _staticKeys = segments.Select(s => new PathKey(s.Name!, PathKeyForm.Name)).ToArray();
        }
    }

    /// <summary>The non-path expression the path starts from (e.g. a function call), or null to start from memory.</summary>
    public Expr? Left { get; }

    public PathSegment[] Segments { get; }

    public override EvalResult Evaluate(in Scope scope, bool substitute)
    {
        var keys = _staticKeys ?? new PathKey[Segments.Length];
        for (var i = 0; _staticKeys is null && i < Segments.Length; i++)
        {
            var segment = Segments[i];
            if (segment.Index is null)
            {
                keys[i] = new PathKey(segment.Name!, PathKeyForm.Name);
                continue;
            }

            var index = segment.Index.Evaluate(scope, substitute);
            if (index.Error is not null)
            {
                return index;
            }

            if (!double.IsNaN(JsFormat.ParseInt(JsFormat.StringOf(index.Value))))
            {
                keys[i] = new PathKey(JsFormat.StringOf(index.Value), PathKeyForm.Index);
            }
            else if (index.Value is string key)
            {
                keys[i] = new PathKey(key, PathKeyForm.Quoted);
            }
            else
            {
                return EvalResult.Fail($"{segment.Index} doesn't return an int or string");
            }
        }

        object? value;
        if (Left is null)
        {
            value = ResolveInMemory(scope, keys);
        }
        else
        {
            var start = Left.Evaluate(scope, substitute);
            if (start.Error is not null)
            {
                return start;
            }

            value = Resolve(start.Value, keys, 0);
        }

        if (value is JsUndefined && substitute)
        {
            return EvalResult.Ok("${" + PathText(keys) + "}");
        }

        return EvalResult.Ok(value);
    }

    private static object? ResolveInMemory(in Scope scope, PathKey[] keys)
    {
        var first = keys[0].Text;
        if (first.Length == 0 || first[0] != '$')
        {
            return Resolve(scope.Data, keys, 0);
        }

        object? start;
        if (first.Equals("$data", StringComparison.OrdinalIgnoreCase))
        {
            start = scope.Data;
        }
        else if (first.Equals("$root", StringComparison.OrdinalIgnoreCase))
        {
            start = scope.Root;
        }
        else if (first.Equals("$index", StringComparison.OrdinalIgnoreCase))
        {
            start = scope.Index;
        }
        else if (first.Equals("$_acTemplateVersion", StringComparison.OrdinalIgnoreCase))
        {
            start = TemplateVersion;
        }
        else
        {
            return JsUndefined.Value;
        }

        return Resolve(start, keys, 1);
    }

    // SimpleObjectMemory.getValue: numeric keys index arrays, everything else is a case-insensitive property lookup.
    private static object? Resolve(object? current, PathKey[] keys, int from)
    {
        for (var i = from; i < keys.Length; i++)
        {
            var text = keys[i].Text;
            if (current is List<object?> list && keys[i].Form != PathKeyForm.Name)
            {
                var n = JsFormat.ParseInt(text);
                if (!double.IsNaN(n))
                {
                    if (n < 0 || n >= list.Count)
                    {
                        return JsUndefined.Value;
                    }

                    current = list[(int)n];
                    continue;
                }
            }

            current = Functions.AccessProperty(current, text);
        }

        return current;
    }

    private static string PathText(PathKey[] keys)
    {
        var sb = new StringBuilder();
        foreach (var key in keys)
        {
            switch (key.Form)
            {
                case PathKeyForm.Name:
                    if (sb.Length > 0)
                    {
                        sb.Append('.');
                    }

                    sb.Append(key.Text);
                    break;
                case PathKeyForm.Index:
                    sb.Append('[').Append(key.Text).Append(']');
                    break;
                default:
                    sb.Append("['").Append(key.Text).Append("']");
                    break;
            }
        }

        return sb.ToString();
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Left is not null)
        {
            sb.Append(Left);
        }

        foreach (var segment in Segments)
        {
            if (segment.Index is not null)
            {
                sb.Append('[').Append(segment.Index).Append(']');
            }
            else
            {
                if (sb.Length > 0)
                {
                    sb.Append('.');
                }

                sb.Append(segment.Name);
            }
        }

        return sb.ToString();
    }

    private static JsObject CreateTemplateVersion()
    {
        var version = new JsObject();
        version.AddUnique("major", 2d);
        version.AddUnique("minor", 3d);
        version.AddUnique("patch", 1d);
        version.AddUnique("suffix", string.Empty);
        return version;
    }

    private enum PathKeyForm
    {
        Name,
        Index,
        Quoted,
    }

    private readonly record struct PathKey(string Text, PathKeyForm Form);
}

/// <summary>One link of a <see cref="PathExpr"/>: a property name, or an index expression in brackets.</summary>
internal readonly record struct PathSegment(string? Name, Expr? Index);

/// <summary><c>instance[index]</c> at the top of an expression (inside a path the brackets are part of the path).</summary>
internal sealed class ElementExpr(Expr instance, Expr index) : Expr
{
    public Expr Instance { get; } = instance;

    public Expr Index { get; } = index;

    public override EvalResult Evaluate(in Scope scope, bool substitute)
    {
        var instance = Instance.Evaluate(scope, substitute);
        if (instance.Error is not null)
        {
            return instance;
        }

        var index = Index.Evaluate(scope, substitute: false);
        if (index.Error is not null)
        {
            return index;
        }

        if (JsValue.IsInteger(index.Value))
        {
            return Functions.AccessIndex(instance.Value, (double)index.Value!);
        }

        if (index.Value is string key)
        {
            return EvalResult.Ok(Functions.AccessProperty(instance.Value, key));
        }

        return EvalResult.Fail($"Could not coerce {Index} to an int or string.");
    }

    public override string ToString() => $"{Instance}[{Index}]";
}

/// <summary>A function or operator application; operators are stored under their function type ("+", "==", ...).</summary>
internal sealed class CallExpr(string type, FunctionId id, Expr[] arguments) : Expr
{
    public string Type { get; } = type;

    public FunctionId Id { get; } = id;

    public Expr[] Arguments { get; } = arguments;

    public override EvalResult Evaluate(in Scope scope, bool substitute) => Functions.Evaluate(this, scope, substitute);

    public override string ToString()
    {
        var infix = Type.Length > 0 && !char.IsAsciiLetter(Type[0]) && Arguments.Length >= 2;
        var sb = new StringBuilder();
        if (!infix)
        {
            sb.Append(Type);
        }

        sb.Append('(');
        for (var i = 0; i < Arguments.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(infix ? " " + Type + " " : ", ");
            }

            sb.Append(Arguments[i]);
        }

        return sb.Append(')').ToString();
    }
}
