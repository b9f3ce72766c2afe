using System.Globalization;

namespace SchoolSupport.Cards.Templating;

internal enum FunctionId
{
    Unknown,
    Add,
    Subtract,
    Multiply,
    Divide,
    Mod,
    Power,
    Equal,
    NotEqual,
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
    And,
    Or,
    Not,
    If,
    Exists,
    Empty,
    Count,
    Length,
    Concat,
    Coalesce,
    String,
    Int,
    Float,
    FormatNumber,
    Join,
    First,
    Last,
    ToUpper,
    ToLower,
    Trim,
    Substring,
    Contains,
    StartsWith,
    EndsWith,
    Replace,
    CreateArray,
}

/// <summary>The supported subset of adaptive-expressions' built-in functions, with the package's exact quirks.</summary>
internal static class Functions
{
    private readonly record struct Signature(string Type, FunctionId Id, int MinArgs, int MaxArgs);

    // Number.EPSILON, the tolerance commonEquals uses for numbers.
    private const double JsNumberEpsilon = 2.220446049250313e-16;

    private static readonly Dictionary<string, Signature> ByName = CreateTable();

    // Every name adaptive-expressions 4.23 knows. A template using one we do not implement fails at parse time
    // with a clear message instead of silently differing from the JS output.
    private static readonly HashSet<string> AdaptiveExpressionsBuiltins = new(StringComparer.Ordinal)
    {
        "+", "-", "*", "/", "min", "max", "^", "%", "average", "sum", "count", "range", "floor", "ceiling", "round", "abs",
        "sqrt", "<", "<=", "==", "!=", ">", ">=", "exists", "contains", "empty", "&&", "||", "!", "concat", "length",
        "replace", "replaceIgnoreCase", "split", "substring", "toLower", "toUpper", "trim", "join", "endsWith", "startsWith",
        "countWord", "addOrdinal", "newGuid", "indexOf", "lastIndexOf", "EOL", "sentenceCase", "titleCase", "addDays",
        "addHours", "addMinutes", "addSeconds", "dayOfMonth", "dayOfWeek", "dayOfYear", "month", "date", "year", "utcNow",
        "formatDateTime", "formatEpoch", "formatTicks", "subtractFromTime", "dateReadBack", "getTimeOfDay", "getFutureTime",
        "getPastTime", "convertFromUTC", "convertToUTC", "addToTime", "startOfDay", "startOfHour", "startOfMonth", "ticks",
        "ticksToDays", "ticksToHours", "ticksToMinutes", "dateTimeDiff", "isDefinite", "isTime", "isDuration", "isDate",
        "isTimeRange", "isDateRange", "isPresent", "getNextViableDate", "getPreviousViableDate", "getNextViableTime",
        "getPreviousViableTime", "resolve", "float", "int", "string", "bool", "binary", "base64", "base64ToBinary",
        "base64ToString", "dataUri", "dataUriToBinary", "dataUriToString", "uriComponent", "uriComponentToString",
        "formatNumber", "jsonStringify", "createArray", "first", "last", "foreach", "select", "where", "union",
        "intersection", "skip", "take", "filterNotEqual", "subArray", "sortBy", "sortByDescending", "indicesAndValues",
        "flatten", "unique", "reverse", "any", "all", "if", "rand", "json", "addProperty", "removeProperty", "setProperty",
        "getProperty", "coalesce", "jPath", "setPathToValue", "merge", "xml", "xPath", "uriHost", "uriPath",
        "uriPathAndQuery", "uriPort", "uriQuery", "uriScheme", "isMatch", "isString", "isInteger", "isArray", "isObject",
        "isFloat", "isDateTime", "isBoolean", "stringOrValue", "ignore", "optional", "add", "mul", "div", "sub", "exp",
        "mod", "and", "equals", "greater", "greaterOrEquals", "less", "lessOrEquals", "not", "or", "&", "??",
    };

    private static Dictionary<string, Signature> CreateTable()
    {
        var table = new Dictionary<string, Signature>(StringComparer.Ordinal);
        void Add(string type, FunctionId id, int min, int max, params string[] aliases)
        {
            var signature = new Signature(type, id, min, max);
            table[type] = signature;
            foreach (var alias in aliases)
            {
                table[alias] = signature;
            }
        }

        const int Many = int.MaxValue;
        Add("+", FunctionId.Add, 2, Many, "add");
        Add("-", FunctionId.Subtract, 2, Many, "sub");
        Add("*", FunctionId.Multiply, 2, Many, "mul");
        Add("/", FunctionId.Divide, 2, Many, "div");
        Add("%", FunctionId.Mod, 2, 2, "mod");
        Add("^", FunctionId.Power, 2, Many, "exp");
        Add("==", FunctionId.Equal, 2, 2, "equals");
        Add("!=", FunctionId.NotEqual, 2, 2);
        Add(">", FunctionId.GreaterThan, 2, 2, "greater");
        Add(">=", FunctionId.GreaterThanOrEqual, 2, 2, "greaterOrEquals");
        Add("<", FunctionId.LessThan, 2, 2, "less");
        Add("<=", FunctionId.LessThanOrEqual, 2, 2, "lessOrEquals");
        Add("&&", FunctionId.And, 1, Many, "and");
        Add("||", FunctionId.Or, 1, Many, "or");
        Add("!", FunctionId.Not, 1, 1, "not");
        Add("if", FunctionId.If, 3, 3);
        Add("exists", FunctionId.Exists, 1, 1);
        Add("empty", FunctionId.Empty, 1, 1);
        Add("count", FunctionId.Count, 1, 1);
        Add("length", FunctionId.Length, 1, 1);
        Add("concat", FunctionId.Concat, 1, Many, "&");
        Add("coalesce", FunctionId.Coalesce, 1, Many, "??");
        Add("string", FunctionId.String, 1, 2);
        Add("int", FunctionId.Int, 1, 1);
        Add("float", FunctionId.Float, 1, 1);
        Add("formatNumber", FunctionId.FormatNumber, 2, 3);
        Add("join", FunctionId.Join, 2, 3);
        Add("first", FunctionId.First, 1, 1);
        Add("last", FunctionId.Last, 1, 1);
        Add("toUpper", FunctionId.ToUpper, 1, 2);
        Add("toLower", FunctionId.ToLower, 1, 2);
        Add("trim", FunctionId.Trim, 1, 1);
        Add("substring", FunctionId.Substring, 2, 3);
        Add("contains", FunctionId.Contains, 2, 2);
        Add("startsWith", FunctionId.StartsWith, 2, 2);
        Add("endsWith", FunctionId.EndsWith, 2, 2);
        Add("replace", FunctionId.Replace, 3, 3);
        Add("createArray", FunctionId.CreateArray, 0, Many);
        return table;
    }

    /// <summary>Builds a call node, validating arity as adaptive-expressions does when it parses.</summary>
    public static CallExpr MakeCall(string name, Expr[] arguments)
    {
        if (ByName.TryGetValue(name, out var signature))
        {
            if (arguments.Length < signature.MinArgs || arguments.Length > signature.MaxArgs)
            {
                var expected = signature.MaxArgs == int.MaxValue
                    ? $"at least {signature.MinArgs}"
                    : signature.MinArgs == signature.MaxArgs ? $"{signature.MinArgs}" : $"{signature.MinArgs} to {signature.MaxArgs}";
                throw new CardTemplateException($"Function '{name}' takes {expected} argument(s), got {arguments.Length}.");
            }

            return new CallExpr(signature.Type, signature.Id, arguments);
        }

        if (AdaptiveExpressionsBuiltins.Contains(name))
        {
            throw new CardTemplateException(
                $"Function '{name}' of Adaptive Expressions is not supported by the card template engine; " +
                "use one of: " + string.Join(", ", ByName.Keys.Where(k => char.IsAsciiLetter(k[0])).Order(StringComparer.Ordinal)) + ".");
        }

        // Like the templating package: an unknown function parses, and fails when evaluated.
        return new CallExpr(name, FunctionId.Unknown, arguments);
    }

    public static EvalResult Evaluate(CallExpr call, in Scope scope, bool substitute)
    {
        var args = call.Arguments;
        switch (call.Id)
        {
            case FunctionId.If:
                {
                    var condition = args[0].Evaluate(scope, substitute: false);
                    return condition.Error is null && JsValue.IsLogicTrue(condition.Value)
                        ? args[1].Evaluate(scope, substitute)
                        : args[2].Evaluate(scope, substitute);
                }

            case FunctionId.And:
                {
                    foreach (var arg in args)
                    {
                        var r = arg.Evaluate(scope, substitute: false);
                        if (r.Error is not null || !JsValue.IsLogicTrue(r.Value))
                        {
                            return EvalResult.Ok(JsValue.False);
                        }
                    }

                    return EvalResult.Ok(JsValue.True);
                }

            case FunctionId.Or:
                {
                    object? last = JsValue.False;
                    foreach (var arg in args)
                    {
                        var r = arg.Evaluate(scope, substitute: false);
                        if (r.Error is null)
                        {
                            if (JsValue.IsLogicTrue(r.Value))
                            {
                                return EvalResult.Ok(JsValue.True);
                            }

                            last = r.Value;
                        }
                        else
                        {
                            // The JS evaluator leaves the failed child's (undefined) value as its running result.
                            last = JsUndefined.Value;
                        }
                    }

                    return EvalResult.Ok(last);
                }

            case FunctionId.Not:
                {
                    var r = args[0].Evaluate(scope, substitute: false);
                    return EvalResult.Ok(JsValue.Bool(r.Error is not null || !JsValue.IsLogicTrue(r.Value)));
                }

            case FunctionId.Equal:
            case FunctionId.NotEqual:
                {
                    var (values, error) = EvaluateAll(args, scope, substitute: false);
                    if (error is not null)
                    {
                        return EvalResult.Ok(JsValue.False);
                    }

                    var equal = CommonEquals(values[0], values[1]);
                    return EvalResult.Ok(JsValue.Bool(call.Id == FunctionId.Equal ? equal : !equal));
                }

            case FunctionId.GreaterThan:
            case FunctionId.GreaterThanOrEqual:
            case FunctionId.LessThan:
            case FunctionId.LessThanOrEqual:
                return Compare(call.Id, args, scope);

            case FunctionId.Exists:
                {
                    var r = args[0].Evaluate(scope, substitute: false);
                    return EvalResult.Ok(JsValue.Bool(r.Error is null && !JsValue.IsNullish(r.Value)));
                }

            case FunctionId.Empty:
                {
                    var r = args[0].Evaluate(scope, substitute: false);
                    if (r.Error is not null || r.Value is bool or double)
                    {
                        return EvalResult.Ok(JsValue.False);
                    }

                    return EvalResult.Ok(JsValue.Bool(r.Value switch
                    {
                        null or JsUndefined => true,
                        string s => s.Length == 0,
                        List<object?> list => list.Count == 0,
                        JsObject obj => obj.Count == 0,
                        _ => false,
                    }));
                }

            case FunctionId.Contains:
                {
                    var (values, error) = EvaluateAll(args, scope, substitute);
                    if (error is not null)
                    {
                        return EvalResult.Ok(JsValue.False);
                    }

                    var found = values[0] switch
                    {
                        string s when values[1] is string part => s.Contains(part, StringComparison.Ordinal),
                        List<object?> list => list.Any(item => CommonEquals(item, values[1])),
                        _ => values[1] is string key && AccessProperty(values[0], key) is not JsUndefined,
                    };
                    return EvalResult.Ok(JsValue.Bool(found));
                }

            case FunctionId.Substring:
                return Substring(args, scope, substitute);

            case FunctionId.Join:
                return Join(call, scope, substitute);

            case FunctionId.Unknown:
                {
                    var (_, error) = EvaluateAll(args, scope, substitute);
                    return EvalResult.Fail(error ?? $"Unknown function {call.Type}");
                }
        }

        var (argValues, argError) = EvaluateAll(args, scope, substitute);
        if (argError is not null)
        {
            return EvalResult.Fail(argError);
        }

        try
        {
            return Apply(call, argValues);
        }
        catch (CardTemplateException ex)
        {
            // The JS evaluators run in a try/catch that turns a thrown TypeError into an evaluation error.
            return EvalResult.Fail(ex.Message);
        }
    }

    private static EvalResult Apply(CallExpr call, object?[] a)
    {
        switch (call.Id)
        {
            case FunctionId.Add:
                return Sequence(call, a, VerifyNumberOrStringOrNull, AddPair);
            case FunctionId.Subtract:
                return Sequence(call, a, VerifyNumber, static (x, y) => EvalResult.Ok((double)x! - (double)y!));
            case FunctionId.Multiply:
                return Sequence(call, a, VerifyNumber, static (x, y) => EvalResult.Ok((double)x! * (double)y!));
            case FunctionId.Power:
                return Sequence(call, a, VerifyNumber, static (x, y) => EvalResult.Ok(Math.Pow((double)x!, (double)y!)));
            case FunctionId.Divide:
                for (var i = 1; i < a.Length; i++)
                {
                    if (a[i] is double d && d == 0)
                    {
                        return EvalResult.Fail($"Cannot divide by 0 from {call}");
                    }
                }

                return Sequence(call, a, VerifyNumber, static (x, y) =>
                {
                    var result = (double)x! / (double)y!;
                    return EvalResult.Ok(JsValue.IsInteger(x) && JsValue.IsInteger(y) ? Math.Floor(result) : result);
                });
            case FunctionId.Mod:
                for (var i = 0; i < 2; i++)
                {
                    if (!JsValue.IsInteger(a[i]))
                    {
                        return EvalResult.Fail($"{call.Arguments[i]} is not a integer.");
                    }
                }

                return (double)a[1]! == 0
                    ? EvalResult.Fail("Cannot mod by 0.")
                    : EvalResult.Ok((double)a[0]! % (double)a[1]!);
            case FunctionId.Count:
                return a[0] switch
                {
                    string s => EvalResult.Ok((double)s.Length),
                    List<object?> list => EvalResult.Ok((double)list.Count),
                    JsObject obj => EvalResult.Ok((double)obj.Count),
                    null => EvalResult.Fail("Cannot convert undefined or null to object"),
                    _ => EvalResult.Fail($"{call.Arguments[0]} must be a string, list, map or object."),
                };
            case FunctionId.Length:
                return a[0] switch
                {
                    string s => EvalResult.Ok((double)s.Length),
                    JsUndefined => EvalResult.Ok(0d),
                    _ => EvalResult.Fail($"{call.Arguments[0]} is neither a string nor a null object."),
                };
            case FunctionId.Concat:
                {
                    var soFar = a[0];
                    for (var i = 1; i < a.Length; i++)
                    {
                        soFar = ConcatPair(soFar, a[i]);
                    }

                    return EvalResult.Ok(soFar);
                }

            case FunctionId.Coalesce:
                foreach (var value in a)
                {
                    if (!JsValue.IsNullish(value))
                    {
                        return EvalResult.Ok(value);
                    }
                }

                return EvalResult.Ok(JsUndefined.Value);
            case FunctionId.String:
                {
                    var locale = a.Length == 2 && a[1] is string l ? l : null;
                    return a[0] switch
                    {
                        string s => EvalResult.Ok(s),
                        double d when !double.IsNaN(d) => EvalResult.Ok(JsFormat.GroupedFixed(d, DecimalsOf(d), locale)),
                        _ => EvalResult.Ok(JsFormat.CommonStringify(a[0])),
                    };
                }

            case FunctionId.Int:
                if (a[0] is string intText)
                {
                    var parsed = JsFormat.ParseInt(intText);
                    return double.IsNaN(parsed) ? EvalResult.Fail($"parameter {intText} is not a valid number string.") : EvalResult.Ok(parsed);
                }

                return a[0] is double number && !double.IsNaN(number)
                    ? EvalResult.Ok(JsFormat.ParseInt(JsFormat.Number(number)))
                    : EvalResult.Ok(JsUndefined.Value);
            case FunctionId.Float:
                if (a[0] is string floatText)
                {
                    var parsed = JsFormat.ParseFloat(floatText);
                    return double.IsNaN(parsed) ? EvalResult.Fail($"parameter {floatText} is not a valid number string.") : EvalResult.Ok(parsed);
                }

                return EvalResult.Ok(JsValue.IsNumber(a[0]) ? a[0] : JsUndefined.Value);
            case FunctionId.FormatNumber:
                {
                    if (!JsValue.IsNumber(a[0]))
                    {
                        return EvalResult.Fail($"formatNumber first argument {JsFormat.StringOf(a[0])} must be a number");
                    }

                    if (!JsValue.IsNumber(a[1]))
                    {
                        return EvalResult.Fail($"formatNumber second argument {JsFormat.StringOf(a[1])} must be a number");
                    }

                    var value = (double)a[0]!;
                    var precision = (double)a[1]!;
                    var scale = Math.Pow(10, precision);
                    var rounded = JsFormat.RoundHalfUp(value * scale) / scale;
                    var locale = a.Length == 3 && a[2] is string l ? l : null;
                    return EvalResult.Ok(JsFormat.GroupedFixed(rounded, (int)precision, locale));
                }

            case FunctionId.First:
                return EvalResult.Ok(a[0] switch
                {
                    string { Length: > 0 } s => s[..1],
                    List<object?> { Count: > 0 } list => list[0],
                    _ => JsUndefined.Value,
                });
            case FunctionId.Last:
                return EvalResult.Ok(a[0] switch
                {
                    string { Length: > 0 } s => s[^1..],
                    List<object?> { Count: > 0 } list => list[^1],
                    _ => JsUndefined.Value,
                });
            case FunctionId.ToUpper:
            case FunctionId.ToLower:
            case FunctionId.Trim:
                {
                    if (a[0] is not (string or JsUndefined))
                    {
                        return EvalResult.Fail($"{call.Arguments[0]} is neither a string nor a null object.");
                    }

                    var text = a[0] as string ?? string.Empty;
                    return EvalResult.Ok(call.Id switch
                    {
                        FunctionId.ToUpper => text.ToUpperInvariant(),
                        FunctionId.ToLower => text.ToLowerInvariant(),
                        _ => text.Trim(),
                    });
                }

            case FunctionId.StartsWith:
            case FunctionId.EndsWith:
            case FunctionId.Replace:
                {
                    for (var i = 0; i < a.Length; i++)
                    {
                        if (a[i] is not (string or JsUndefined))
                        {
                            return EvalResult.Fail($"{call.Arguments[i]} is neither a string nor a null object.");
                        }
                    }

                    var s0 = a[0] as string ?? string.Empty;
                    var s1 = a[1] as string ?? string.Empty;
                    if (call.Id == FunctionId.StartsWith)
                    {
                        return EvalResult.Ok(JsValue.Bool(s0.StartsWith(s1, StringComparison.Ordinal)));
                    }

                    if (call.Id == FunctionId.EndsWith)
                    {
                        return EvalResult.Ok(JsValue.Bool(s0.EndsWith(s1, StringComparison.Ordinal)));
                    }

                    if (s1.Length == 0)
                    {
                        return EvalResult.Fail($"{JsFormat.StringOf(a[1])} should be a string with length at least 1");
                    }

                    return EvalResult.Ok(s0.Replace(s1, a[2] as string ?? string.Empty, StringComparison.Ordinal));
                }

            case FunctionId.CreateArray:
                return EvalResult.Ok(new List<object?>(a));
            default:
                throw new InvalidOperationException($"Function {call.Type} has no evaluator.");
        }
    }

    private static (object?[] Values, string? Error) EvaluateAll(Expr[] args, in Scope scope, bool substitute)
    {
        var values = new object?[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            var r = args[i].Evaluate(scope, substitute);
            if (r.Error is not null)
            {
                return (values, r.Error);
            }

            values[i] = r.Value;
        }

        return (values, null);
    }

    private static EvalResult Sequence(CallExpr call, object?[] a, Func<object?, Expr, string?> verify, Func<object?, object?, EvalResult> pair)
    {
        for (var i = 0; i < a.Length; i++)
        {
            var error = verify(a[i], call.Arguments[i]);
            if (error is not null)
            {
                return EvalResult.Fail(error);
            }
        }

        var soFar = a[0];
        for (var i = 1; i < a.Length; i++)
        {
            var r = pair(soFar, a[i]);
            if (r.Error is not null)
            {
                return r;
            }

            soFar = r.Value;
        }

        return EvalResult.Ok(soFar);
    }

    private static string? VerifyNumber(object? value, Expr expr) => JsValue.IsNumber(value) ? null : $"{expr} is not a number.";

    private static string? VerifyNumberOrStringOrNull(object? value, Expr expr) =>
        value is string or JsUndefined || JsValue.IsNumber(value) ? null : $"{expr} is neither a number nor string";

    private static EvalResult AddPair(object? x, object? y)
    {
        if ((JsValue.IsNullish(x) && JsValue.IsNumber(y)) || (JsValue.IsNullish(y) && JsValue.IsNumber(x)))
        {
            return EvalResult.Fail("Operator '+' or add cannot be applied to operands of type 'number' and null object.");
        }

        if (JsValue.IsNumber(x) && JsValue.IsNumber(y))
        {
            return EvalResult.Ok((double)x! + (double)y!);
        }

        if (JsValue.IsNullish(x) && JsValue.IsNullish(y))
        {
            return EvalResult.Ok(string.Empty);
        }

        if (JsValue.IsNullish(x))
        {
            return EvalResult.Ok(JsFormat.ToJsString(y));
        }

        return JsValue.IsNullish(y)
            ? EvalResult.Ok(JsFormat.ToJsString(x))
            : EvalResult.Ok(JsFormat.ToJsString(x) + JsFormat.ToJsString(y));
    }

    private static object? ConcatPair(object? x, object? y)
    {
        var xList = x as List<object?>;
        var yList = y as List<object?>;
        if (JsValue.IsNullish(x) && JsValue.IsNullish(y))
        {
            return JsUndefined.Value;
        }

        if (JsValue.IsNullish(x) && yList is not null)
        {
            return yList;
        }

        if (JsValue.IsNullish(y) && xList is not null)
        {
            return xList;
        }

        if (xList is not null && yList is not null)
        {
            var joined = new List<object?>(xList.Count + yList.Count);
            joined.AddRange(xList);
            joined.AddRange(yList);
            return joined;
        }

        return JsFormat.CommonStringify(x) + JsFormat.CommonStringify(y);
    }

    private static EvalResult Compare(FunctionId id, Expr[] args, in Scope scope)
    {
        var (values, error) = EvaluateAll(args, scope, substitute: false);
        if (error is not null || JsValue.IsNullish(values[0]) || JsValue.IsNullish(values[1]))
        {
            return EvalResult.Ok(JsValue.False);
        }

        int order;
        if (JsValue.IsNumber(values[0]) && JsValue.IsNumber(values[1]))
        {
            order = ((double)values[0]!).CompareTo((double)values[1]!);
        }
        else if (values[0] is string s0 && values[1] is string s1)
        {
            order = string.CompareOrdinal(s0, s1);
        }
        else
        {
            return EvalResult.Fail($"{JsFormat.StringOf(values[0])} and {JsFormat.StringOf(values[1])} must be comparable.");
        }

        return EvalResult.Ok(JsValue.Bool(id switch
        {
            FunctionId.GreaterThan => order > 0,
            FunctionId.GreaterThanOrEqual => order >= 0,
            FunctionId.LessThan => order < 0,
            _ => order <= 0,
        }));
    }

    private static EvalResult Substring(Expr[] args, in Scope scope, bool substitute)
    {
        var str = args[0].Evaluate(scope, substitute);
        if (str.Error is not null)
        {
            return str;
        }

        if (str.Value is JsUndefined)
        {
            return EvalResult.Ok(string.Empty);
        }

        if (str.Value is not string s)
        {
            return EvalResult.Fail($"{args[0]} is neither a string nor a null object.");
        }

        var start = args[1].Evaluate(scope, substitute);
        if (start.Error is not null)
        {
            return start;
        }

        if (!JsValue.IsInteger(start.Value))
        {
            return EvalResult.Fail($"{args[1]} is not an integer.");
        }

        var from = (double)start.Value!;
        if (from < 0 || from > s.Length)
        {
            return EvalResult.Fail($"{args[1]}={JsFormat.Number(from)} which is out of range for {s}");
        }

        var length = s.Length - from;
        if (args.Length == 3)
        {
            var len = args[2].Evaluate(scope, substitute);
            if (len.Error is not null)
            {
                return len;
            }

            if (!JsValue.IsInteger(len.Value))
            {
                return EvalResult.Fail($"{args[2]} is not an integer");
            }

            length = (double)len.Value!;
            if (length < 0 || from + length > s.Length)
            {
                return EvalResult.Fail($"{args[2]}={JsFormat.Number(length)} which is out of range for {s}");
            }
        }

        return EvalResult.Ok(s.Substring((int)from, (int)length));
    }

    private static EvalResult Join(CallExpr call, in Scope scope, bool substitute)
    {
        var (a, error) = EvaluateAll(call.Arguments, scope, substitute);
        if (error is not null)
        {
            return EvalResult.Fail(error);
        }

        if (a[0] is not List<object?> list)
        {
            return EvalResult.Fail($"{call.Arguments[0]} evaluates to {JsFormat.StringOf(a[0])} which is not a list.");
        }

        try
        {
            if (a.Length == 2)
            {
                return EvalResult.Ok(JsFormat.JoinArray(list, Separator(a[1])));
            }

            if (list.Count < 3)
            {
                return EvalResult.Ok(JsFormat.JoinArray(list, Separator(a[2])));
            }

            var head = JsFormat.JoinArray(list.GetRange(0, list.Count - 1), Separator(a[1]));
            return EvalResult.Ok(head + JsFormat.StringOf(a[2]) + JsFormat.StringOf(list[^1]));
        }
        catch (CardTemplateException ex)
        {
            return EvalResult.Fail(ex.Message);
        }
    }

    private static string Separator(object? value) => value is JsUndefined ? "," : JsFormat.StringOf(value);

    private static int DecimalsOf(double value)
    {
        var text = JsFormat.Number(value);
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? 0 : text.Length - dot - 1;
    }

    /// <summary>adaptive-expressions' accessProperty: falsy instances give undefined, names match case-insensitively.</summary>
    public static object? AccessProperty(object? instance, string property)
    {
        if (!JsValue.IsTruthy(instance))
        {
            return JsUndefined.Value;
        }

        switch (instance)
        {
            case JsObject obj:
                return obj.TryGetIgnoreCase(property, out var value) ? value : JsUndefined.Value;
            case List<object?> list:
                return TryCanonicalIndex(property, list.Count, out var i) ? list[i] : JsUndefined.Value;
            case string s:
                return TryCanonicalIndex(property, s.Length, out var c) ? s[c].ToString() : JsUndefined.Value;
            default:
                return JsUndefined.Value;
        }
    }

    // Object.keys of an array or string lists "0", "1", ...: only canonical index strings match.
    private static bool TryCanonicalIndex(string property, int count, out int index)
    {
        index = -1;
        if (property.Length == 0 || (property.Length > 1 && property[0] == '0'))
        {
            return false;
        }

        return int.TryParse(property, NumberStyles.None, CultureInfo.InvariantCulture, out index) && index < count;
    }

    public static EvalResult AccessIndex(object? instance, double index)
    {
        if (JsValue.IsNullish(instance))
        {
            return EvalResult.Ok(JsUndefined.Value);
        }

        if (instance is List<object?> list)
        {
            return index >= 0 && index < list.Count
                ? EvalResult.Ok(list[(int)index])
                : EvalResult.Fail($"{JsFormat.Number(index)} is out of range for {JsFormat.ToJsString(list)}");
        }

        return EvalResult.Fail($"{JsFormat.StringOf(instance)} is not a collection.");
    }

    /// <summary>adaptive-expressions' commonEquals: deep for arrays and objects, epsilon for numbers, strict otherwise.</summary>
    public static bool CommonEquals(object? x, object? y)
    {
        if (JsValue.IsNullish(x) || JsValue.IsNullish(y))
        {
            return JsValue.IsNullish(x) && JsValue.IsNullish(y);
        }

        switch (x)
        {
            case List<object?> xl when y is List<object?> yl:
                if (xl.Count != yl.Count)
                {
                    return false;
                }

                for (var i = 0; i < xl.Count; i++)
                {
                    if (!CommonEquals(xl[i], yl[i]))
                    {
                        return false;
                    }
                }

                return true;
            case JsObject xo when y is JsObject yo:
                return DeepEqual(xo, yo);
            case double dx when y is double dy:
                return dx == dy || Math.Abs(dx - dy) < JsNumberEpsilon;
            case string sx when y is string sy:
                return string.Equals(sx, sy, StringComparison.Ordinal);
            case bool bx when y is bool by:
                return bx == by;
            default:
                return false;
        }
    }

    // lodash isEqual as used on plain JSON data: same key set, deeply equal values (numbers compared exactly).
    private static bool DeepEqual(object? x, object? y)
    {
        switch (x)
        {
            case JsObject xo when y is JsObject yo:
                if (xo.Count != yo.Count)
                {
                    return false;
                }

                foreach (var item in xo.Items)
                {
                    if (!TryGetExact(yo, item.Key, out var other) || !DeepEqual(item.Value, other))
                    {
                        return false;
                    }
                }

                return true;
            case List<object?> xl when y is List<object?> yl:
                return xl.Count == yl.Count && xl.Zip(yl).All(p => DeepEqual(p.First, p.Second));
            case double dx when y is double dy:
                return dx == dy || (double.IsNaN(dx) && double.IsNaN(dy));
            default:
                return Equals(x, y) || (JsValue.IsUndefined(x) && JsValue.IsUndefined(y));
        }
    }

    private static bool TryGetExact(JsObject obj, string key, out object? value)
    {
        foreach (var item in obj.Items)
        {
            if (string.Equals(item.Key, key, StringComparison.Ordinal))
            {
                value = item.Value;
                return true;
            }
        }

        value = null;
        return false;
    }
}
