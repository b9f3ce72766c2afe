using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SchoolSupport.Cards;

public sealed class CardTemplateEngineTests
{
    private static JsonNode? Expand(string template, string data) =>
        JsonNode.Parse(CardTemplateEngine.Expand(template, data));

    private static string Json(JsonNode? node) => node?.ToJsonString(CardTemplateEngine.OutputOptions) ?? "null";

    [Fact]
    public void Expand_WholeStringBinding_KeepsJsonTypeOfValue()
    {
        var result = Expand(
            """{"n":"${n}","f":"${f}","b":"${b}","o":"${o}","a":"${a}","z":"${nothing}"}""",
            """{"n":5,"f":1.5,"b":false,"o":{"x":1},"a":[1,"два"],"nothing":null}""");

        Json(result).ShouldBe("""{"n":5,"f":1.5,"b":false,"o":{"x":1},"a":[1,"два"],"z":null}""");
    }

    [Fact]
    public void Expand_BindingInsideLongerString_StringifiesLikeJavaScript()
    {
        var result = Expand(
            """{"t":"n=${n}; f=${f}; b=${b}; a=${a}; o=${o}; tiny=${tiny}"}""",
            """{"n":5,"f":1.5,"b":true,"a":[1,2],"o":{"x":1},"tiny":0.0000001}""");

        result!["t"]!.GetValue<string>().ShouldBe("n=5; f=1.5; b=true; a=1,2; o=[object Object]; tiny=1e-7");
    }

    [Fact]
    public void Expand_ConstantBinding_BecomesString()
    {
        var result = Expand("""{"a":"${1.0}","b":"${true}","c":"${-2}"}""", "{}");

        Json(result).ShouldBe("""{"a":"1","b":"true","c":-2}""");
    }

    [Fact]
    public void Expand_DataArray_RepeatsElementPerItemWithIndex()
    {
        var result = Expand(
            """{"body":[{"type":"TextBlock","$data":"${items}","text":"${$index}: ${name}"}]}""",
            """{"items":[{"name":"первый"},{"name":"второй"}]}""");

        Json(result).ShouldBe("""{"body":[{"type":"TextBlock","text":"0: первый"},{"type":"TextBlock","text":"1: второй"}]}""");
    }

    [Fact]
    public void Expand_EmptyDataArray_DropsElementInArrayAndNullsProperty()
    {
        var result = Expand("""{"body":[{"$data":"${items}","t":"x"}],"single":{"$data":"${items}","t":"x"}}""", """{"items":[]}""");

        Json(result).ShouldBe("""{"body":[],"single":null}""");
    }

    [Fact]
    public void Expand_SingleItemDataArrayAsProperty_GivesObjectNotArray()
    {
        var result = Expand("""{"p":{"$data":"${items}","t":"${name}"}}""", """{"items":[{"name":"один"}]}""");

        Json(result).ShouldBe("""{"p":{"t":"один"}}""");
    }

    [Fact]
    public void Expand_DataObject_ChangesScope()
    {
        var result = Expand("""{"c":{"$data":"${school}","name":"${name}","root":"${$root.region}"}}""", """{"region":"Смоленская область","school":{"name":"СОШ № 1"}}""");

        Json(result).ShouldBe("""{"c":{"name":"СОШ № 1","root":"Смоленская область"}}""");
    }

    [Fact]
    public void Expand_NestedDataScopes_ResolveInnermostFirstAndRootExplicitly()
    {
        var result = Expand(
            """[{"$data":"${groups}","items":[{"$data":"${rows}","t":"${$root.prefix}${name}/${$index}"}]}]""",
            """{"prefix":"#","groups":[{"rows":[{"name":"a"},{"name":"b"}]},{"rows":[{"name":"c"}]}]}""");

        Json(result).ShouldBe("""[{"items":[{"t":"#a/0"},{"t":"#b/1"}]},{"items":[{"t":"#c/0"}]}]""");
    }

    [Fact]
    public void Expand_WhenFalseOrNotBoolean_DropsElement()
    {
        var result = Expand(
            """{"body":[{"$when":"${show}","t":1},{"$when":"${!show}","t":2},{"$when":"${text}","t":3},{"$when":"${missing}","t":4}]}""",
            """{"show":false,"text":"yes"}""");

        Json(result).ShouldBe("""{"body":[{"t":2}]}""");
    }

    [Fact]
    public void Expand_WhenEvaluatedPerRepeatedItem_FiltersItems()
    {
        var result = Expand("""[{"$data":"${rows}","$when":"${done}","n":"${n}"}]""", """{"rows":[{"n":1,"done":true},{"n":2,"done":false},{"n":3,"done":true}]}""");

        Json(result).ShouldBe("""[{"n":1},{"n":3}]""");
    }

    [Fact]
    public void Expand_MissingProperty_LeftAsBindingText()
    {
        var result = Expand("""{"a":"${missing}","b":"x ${missing.deep} y","c":"${'a' + missing}","d":"${$index}"}""", "{}");

        Json(result).ShouldBe("""{"a":"${missing}","b":"x ${missing.deep} y","c":"a${missing}","d":"${$index}"}""");
    }

    [Fact]
    public void Expand_PropertyPaths_SupportDotsIndexesQuotedKeysAndIgnoreCase()
    {
        var result = Expand(
            """{"a":"${s.address.city}","b":"${list[1]}","c":"${s['name']}","d":"${rows[0].name}","e":"${S.NAME}"}""",
            """{"s":{"name":"Школа","address":{"city":"Луга"}},"list":["x","y"],"rows":[{"name":"r0"}]}""");

        Json(result).ShouldBe("""{"a":"Луга","b":"y","c":"Школа","d":"r0","e":"Школа"}""");
    }

    [Theory]
    [InlineData("${if(n > 3, 'много', 'мало')}", "много")]
    [InlineData("${n > 3 ? 'да' : 'нет'}", "да")]
    [InlineData("${concat('№', n, ' ', name)}", "№5 Школа")]
    [InlineData("${join(tags, ', ', ' и ')}", "a, b и c")]
    [InlineData("${string(count(tags))}", "3")]
    [InlineData("${toUpper(name)}/${toLower('ШКОЛА')}", "ШКОЛА/школа")]
    [InlineData("${substring(name, 0, 3)}", "Шко")]
    [InlineData("${formatNumber(1234.5, 1)}", "1,234.5")]
    [InlineData("${formatNumber(1234.5, 1, 'ru-RU')}", "1\u00a0234,5")]
    [InlineData("${string(-1234.5)}", "\u22121,234.5")]
    [InlineData("${first(tags)}${last(tags)}", "ac")]
    [InlineData("${contains(tags, 'b')} ${empty(none)} ${exists(missing)}", "true true false")]
    [InlineData("${n / 2} ${7 % 3} ${f * 2}", "2 1 3")]
    [InlineData("${equals(n, 5) && not(empty(name)) || false}", "true")]
    [InlineData("${int('42') + float('0.5')}", "42.5")]
    [InlineData("${count(missing)}", "10")]
    public void Expand_Functions_MatchAdaptiveExpressions(string expression, string expected)
    {
        var result = Expand($$"""{"v":"{{expression}}"}""", """{"n":5,"f":1.5,"name":"Школа","tags":["a","b","c"],"none":[]}""");

        JsFormatValue(result!["v"]).ShouldBe(expected);
    }

    [Fact]
    public void Expand_FailingPartOfInterpolation_LeftAsExpressionText()
    {
        var result = Expand("""{"v":"x${s > 1}y ${foo(n)}"}""", """{"s":"a","n":1}""");

        result!["v"]!.GetValue<string>().ShouldBe("x${(s > 1)}y ${foo(n)}");
    }

    [Theory]
    [InlineData("""{"v":"${s > 1}"}""")]
    [InlineData("""{"v":"x${nothing}y"}""")]
    [InlineData("""{"v":"${foo(1)}"}""")]
    public void Expand_JsPackageThrows_ThrowsCardTemplateException(string template)
    {
        var ex = Should.Throw<CardTemplateException>(() => CardTemplateEngine.Expand(template, """{"s":"a","nothing":null}"""));

        ex.Message.ShouldContain("template");
    }

    [Fact]
    public void Parse_UnsupportedAdaptiveExpressionsFunction_FailsAtParseWithClearMessage()
    {
        var ex = Should.Throw<CardTemplateException>(() => CardTemplate.Parse("""{"v":"${formatDateTime(d, 'dd.MM')}"}""", "dates"));

        ex.Message.ShouldContain("formatDateTime");
        ex.Message.ShouldContain("not supported");
        ex.Message.ShouldContain("dates");
    }

    [Fact]
    public void Parse_WrongArity_FailsAtParse()
    {
        Should.Throw<CardTemplateException>(() => CardTemplate.Parse("""{"v":"${if(a, 1)}"}"""))
            .Message.ShouldContain("'if' takes 3 argument(s)");
    }

    [Fact]
    public void Expand_StringsWithQuotesNewlinesAndCyrillic_EscapedOnlyWhereJsonRequires()
    {
        var json = CardTemplateEngine.Expand("""{"t":"«${q}»"}""", """{"q":"Школа \"Ромашка\"\nстрока 2 <b>&</b>"}""");

        json.ShouldBe("""{"t":"«Школа \"Ромашка\"\nстрока 2 <b>&</b>»"}""".Replace("\n", "\\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Expand_EscapedDollarAndBacktick_Unescaped()
    {
        var result = Expand("""{"t":"цена \\${n} и \\` ${n}"}""", """{"n":5}""");

        result!["t"]!.GetValue<string>().ShouldBe("цена ${n} и ` 5");
    }

    [Fact]
    public void Expand_ReservedKeys_RemovedAndOtherKeysKeepOrder()
    {
        var json = CardTemplateEngine.Expand("""{"z":1,"$schema":"s","$root":1,"$index":2,"$host":3,"a":"${a}","m":2}""", """{"a":"x"}""");

        json.ShouldBe("""{"z":1,"$schema":"s","a":"x","m":2}""");
    }

    [Fact]
    public void Expand_SameTemplateTwice_IndependentResults()
    {
        var template = CardTemplate.Parse("""{"t":"${name}","rows":[{"$data":"${rows}","v":"${$data}"}]}""");

        var first = template.Expand(JsonNode.Parse("""{"name":"a","rows":[1,2]}"""));
        var second = template.Expand(JsonNode.Parse("""{"name":"b","rows":[]}"""));

        Json(first).ShouldBe("""{"t":"a","rows":[{"v":1},{"v":2}]}""");
        Json(second).ShouldBe("""{"t":"b","rows":[]}""");
    }

    private static string JsFormatValue(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => Json(node),
    };
}
