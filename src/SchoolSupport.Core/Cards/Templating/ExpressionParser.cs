using System.Globalization;
using System.Text;

namespace SchoolSupport.Cards.Templating;

/// <summary>
/// Parser for the adaptive-expressions grammar we support. Precedence, from loosest: <c>?:</c>, <c>??</c>, <c>||</c>,
/// <c>&amp;&amp;</c>, <c>&lt; &lt;= &gt; &gt;=</c>, <c>&amp;</c>, <c>== != &lt;&gt;</c>, <c>+ -</c>, <c>* / %</c>,
/// <c>^</c> (right-associative), unary <c>! - +</c>, then member access, indexing and calls.
/// </summary>
internal sealed class ExpressionParser
{
    private readonly string _text;
    private int _pos;
    private Token _current;

    private ExpressionParser(string text)
    {
        _text = text;
        _current = Next();
    }

    public static Expr Parse(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return new ConstantExpr(string.Empty);
        }

        var parser = new ExpressionParser(text);
        var expr = parser.ParseTernary();
        if (parser._current.Kind != TokenKind.End)
        {
            throw parser.Error($"unexpected '{parser._current.Text}'");
        }

        return expr;
    }

    private static readonly string[][] BinaryLevels =
    [
        ["??"],
        ["||"],
        ["&&"],
        ["<", "<=", ">", ">="],
        ["&"],
        ["==", "!=", "<>"],
        ["+", "-"],
        ["*", "/", "%"],
    ];

    private Expr ParseTernary()
    {
        var condition = ParseBinary(0);
        if (IsOperator("?"))
        {
            Advance();
            var whenTrue = ParseTernary();
            Expect(":");
            var whenFalse = ParseTernary();
            return Functions.MakeCall("if", [condition, whenTrue, whenFalse]);
        }

        return condition;
    }

    private Expr ParseBinary(int level)
    {
        if (level == BinaryLevels.Length)
        {
            return ParsePower();
        }

        var left = ParseBinary(level + 1);
        while (_current.Kind == TokenKind.Operator && Array.IndexOf(BinaryLevels[level], _current.Text) >= 0)
        {
            var op = _current.Text;
            Advance();
            var right = ParseBinary(level + 1);
            left = Functions.MakeCall(op, [left, right]);
        }

        return left;
    }

    private Expr ParsePower()
    {
        var left = ParseUnary();
        if (IsOperator("^"))
        {
            Advance();
            var right = ParsePower();
            return Functions.MakeCall("^", [left, right]);
        }

        return left;
    }

    private Expr ParseUnary()
    {
        if (IsOperator("!"))
        {
            Advance();
            return Functions.MakeCall("!", [ParseUnary()]);
        }

        if (IsOperator("-") || IsOperator("+"))
        {
            var op = _current.Text;
            Advance();
            return Functions.MakeCall(op, [new ConstantExpr(0d), ParseUnary()]);
        }

        return ParsePostfix(ParsePrimary());
    }

    private Expr ParsePrimary()
    {
        var token = _current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                Advance();
                return new ConstantExpr(token.Number);
            case TokenKind.String:
                Advance();
                return new ConstantExpr(token.Text);
            case TokenKind.Identifier:
                Advance();
                return token.Text switch
                {
                    "true" => new ConstantExpr(JsValue.True),
                    "false" => new ConstantExpr(JsValue.False),
                    "null" => new ConstantExpr(null),
                    "undefined" => new ConstantExpr(JsUndefined.Value),
                    _ => IsOperator("(") ? ParseCall(token.Text) : Member(null, token.Text),
                };
            case TokenKind.Operator when token.Text == "(":
                {
                    Advance();
                    var inner = ParseTernary();
                    Expect(")");
                    return inner;
                }

            case TokenKind.Operator when token.Text == "[":
                {
                    Advance();
                    var items = ParseArguments("]");
                    return Functions.MakeCall("createArray", items);
                }

            case TokenKind.Operator when token.Text == "{":
                throw Error("object literals are not supported by the card template engine");
            default:
                throw Error(token.Kind == TokenKind.End ? "unexpected end of expression" : $"unexpected '{token.Text}'");
        }
    }

    private Expr ParsePostfix(Expr expr)
    {
        while (true)
        {
            if (IsOperator("."))
            {
                Advance();
                if (_current.Kind != TokenKind.Identifier)
                {
                    throw Error("a property name must follow '.'");
                }

                var name = _current.Text;
                Advance();
                if (IsOperator("("))
                {
                    // adaptive-expressions takes "a.b(...)" as a call of a function named "a.b".
                    expr = ParseCall(expr + "." + name);
                    continue;
                }

                expr = Member(expr, name);
            }
            else if (IsOperator("["))
            {
                Advance();
                var index = ParseTernary();
                Expect("]");
                expr = new ElementExpr(expr, index);
            }
            else if (IsOperator("=>"))
            {
                throw Error("lambda expressions are not supported by the card template engine");
            }
            else
            {
                return expr;
            }
        }
    }

    private Expr ParseCall(string name)
    {
        Expect("(");
        var arguments = ParseArguments(")");
        return Functions.MakeCall(name, arguments);
    }

    private Expr[] ParseArguments(string close)
    {
        var items = new List<Expr>();
        if (IsOperator(close))
        {
            Advance();
            return [.. items];
        }

        while (true)
        {
            items.Add(ParseTernary());
            if (IsOperator(","))
            {
                Advance();
                continue;
            }

            Expect(close);
            return [.. items];
        }
    }

    // Member access folds into one path, so a.b[0].c resolves as a single memory path like in adaptive-expressions.
    private static PathExpr Member(Expr? instance, string name)
    {
        var (left, segments) = Flatten(instance);
        segments.Add(new PathSegment(name, null));
        return new PathExpr(left, [.. segments]);
    }

    private static (Expr? Left, List<PathSegment> Segments) Flatten(Expr? expr)
    {
        switch (expr)
        {
            case null:
                return (null, []);
            case PathExpr path:
                return (path.Left, [.. path.Segments]);
            case ElementExpr element:
                var (left, segments) = Flatten(element.Instance);
                segments.Add(new PathSegment(null, element.Index));
                return (left, segments);
            default:
                return (expr, []);
        }
    }

    private bool IsOperator(string text) => _current.Kind == TokenKind.Operator && _current.Text == text;

    private void Advance() => _current = Next();

    private void Expect(string text)
    {
        if (!IsOperator(text))
        {
            throw Error(_current.Kind == TokenKind.End ? $"expected '{text}' before the end" : $"expected '{text}' but found '{_current.Text}'");
        }

        Advance();
    }

    private CardTemplateException Error(string message) =>
        new($"Invalid expression '{_text}': {message}.");

    private static readonly string[] Operators =
        ["&&", "||", "==", "!=", "<>", "<=", ">=", "=>", "??", "+", "-", "!", "^", "*", "/", "%", "&", "<", ">", "(", ")", ".", "[", "]", "{", "}", ",", ":", "?"];

    private Token Next()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }

        if (_pos >= _text.Length)
        {
            return new Token(TokenKind.End, string.Empty, 0);
        }

        var c = _text[_pos];
        if (char.IsAsciiDigit(c))
        {
            var start = _pos;
            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
            {
                _pos++;
            }

            if (_pos + 1 < _text.Length && _text[_pos] == '.' && char.IsAsciiDigit(_text[_pos + 1]))
            {
                _pos++;
                while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
                {
                    _pos++;
                }
            }

            if (_pos < _text.Length && (char.IsAsciiLetter(_text[_pos]) || _text[_pos] == '_' || _text[_pos] == '.'))
            {
                throw Error($"invalid number '{_text[start..(_pos + 1)]}'");
            }

            var literal = _text[start.._pos];
            return new Token(TokenKind.Number, literal, double.Parse(literal, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture));
        }

        if (c is '\'' or '"')
        {
            return new Token(TokenKind.String, ReadString(c), 0);
        }

        if (char.IsAsciiLetter(c) || c is '_' or '#' or '@' or '$' or '%')
        {
            // '%' starts an identifier only when a name follows; alone it is the modulo operator.
            var isIdentifier = c != '%' || (_pos + 1 < _text.Length && (char.IsAsciiLetter(_text[_pos + 1]) || _text[_pos + 1] == '_'));
            if (isIdentifier)
            {
                var start = _pos;
                _pos++;
                if (c == '@' && _pos < _text.Length && _text[_pos] == '@')
                {
                    _pos++;
                }

                while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
                {
                    _pos++;
                }

                return new Token(TokenKind.Identifier, _text[start.._pos], 0);
            }
        }

        foreach (var op in Operators)
        {
            if (string.CompareOrdinal(_text, _pos, op, 0, op.Length) == 0)
            {
                _pos += op.Length;
                return new Token(TokenKind.Operator, op, 0);
            }
        }

        throw Error($"unexpected character '{c}'");
    }

    // A quoted literal: \' (or \") and \\ are the quote's escapes, then \r \n \t \\ are unescaped; other backslashes stay.
    private string ReadString(char quote)
    {
        var start = _pos;
        _pos++;
        var raw = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error($"unterminated string starting at {start}");
            }

            var c = _text[_pos];
            if (c == '\\' && _pos + 1 < _text.Length && (_text[_pos + 1] == quote || _text[_pos + 1] == '\\'))
            {
                raw.Append(c).Append(_text[_pos + 1]);
                _pos += 2;
                continue;
            }

            if (c == quote)
            {
                _pos++;
                break;
            }

            raw.Append(c);
            _pos++;
        }

        var body = raw.ToString().Replace("\\" + quote, quote.ToString(), StringComparison.Ordinal);
        return Unescape(body);
    }

    private static string Unescape(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (i + 1 >= text.Length || text[i + 1] is '\r' or '\n')
            {
                sb.Append(c);
                continue;
            }

            var next = text[i + 1];
            switch (next)
            {
                case 'r': sb.Append('\r'); break;
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case '\\': sb.Append('\\'); break;
                default: sb.Append(c).Append(next); break;
            }

            i++;
        }

        return sb.ToString();
    }

    private enum TokenKind
    {
        End,
        Number,
        String,
        Identifier,
        Operator,
    }

    private readonly record struct Token(TokenKind Kind, string Text, double Number);
}
