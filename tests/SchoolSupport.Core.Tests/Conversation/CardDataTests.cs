using System.Text.Json.Nodes;
using SchoolSupport.Conversation;

namespace SchoolSupport.Core.Tests.Conversation;

public sealed class CardDataTests
{
    private static CardData Read(string json) => new(JsonNode.Parse(json) as JsonObject);

    [Theory]
    [InlineData("""{"id": 17}""", 17)]
    [InlineData("""{"id": "17"}""", 17)]
    public void Id_NumberOrDigits_IsRead(string json, int expected)
    {
        var form = Read(json);

        Assert.Equal(expected, form.Id("id"));
        Assert.True(form.IsValid);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"id": null}""")]
    [InlineData("""{"id": 0}""")]
    [InlineData("""{"id": -3}""")]
    [InlineData("""{"id": "-3"}""")]
    [InlineData("""{"id": "+3"}""")]
    [InlineData("""{"id": 1.5}""")]
    [InlineData("""{"id": "1e3"}""")]
    [InlineData("""{"id": "12345678901"}""")]
    [InlineData("""{"id": true}""")]
    [InlineData("""{"id": [1]}""")]
    [InlineData("""{"id": {"v": 1}}""")]
    public void Id_MissingOrNotAPositiveInteger_IsRefusedInRussian(string json)
    {
        var form = Read(json);

        Assert.Null(form.Id("id"));
        Assert.False(form.IsValid);
        Assert.Contains("Ничего не изменено", form.Refusal);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"id": null}""")]
    [InlineData("""{"id": ""}""")]
    public void OptionalId_Absent_IsNullAndValid(string json)
    {
        var form = Read(json);

        Assert.Null(form.OptionalId("id"));
        Assert.True(form.IsValid);
        Assert.Equal("", form.Refusal);
    }

    [Fact]
    public void OptionalInt_ZeroAndNegative_AreReadButNotAsIds()
    {
        var form = Read("""{"page": 0, "shift": "-2"}""");

        Assert.Equal(0, form.OptionalInt("page"));
        Assert.Equal(-2, form.OptionalInt("shift"));
        Assert.True(form.IsValid);
        Assert.Null(form.OptionalId("page"));
        Assert.False(form.IsValid);
    }

    [Theory]
    [InlineData("""{"note": 5}""")]
    [InlineData("""{"note": false}""")]
    [InlineData("""{"note": ["a"]}""")]
    public void Text_OfAnotherType_IsNotCoerced(string json)
    {
        var form = Read(json);

        Assert.Null(form.Text("note"));
        Assert.False(form.IsValid);
    }

    [Fact]
    public void Text_StringAbsentOrNull_IsValid()
    {
        var form = Read("""{"note": "Готово", "empty": null}""");

        Assert.Equal("Готово", form.Text("note"));
        Assert.Null(form.Text("empty"));
        Assert.Null(form.Text("missing"));
        Assert.True(form.IsValid);
        Assert.Null(form.RequiredText("missing"));
        Assert.False(form.IsValid);
    }

    [Theory]
    [InlineData("""{"d": "2026-03-09"}""", true)]
    [InlineData("""{"d": ""}""", true)]
    [InlineData("""{"d": "09.03.2026"}""", false)]
    [InlineData("""{"d": "2026-02-30"}""", false)]
    [InlineData("""{"d": 20260309}""", false)]
    public void Date_OnlyIsoDatesAreRead(string json, bool valid)
    {
        var form = Read(json);

        var date = form.Date("d");

        Assert.Equal(valid, form.IsValid);
        if (json.Contains("2026-03-09", StringComparison.Ordinal))
        {
            Assert.Equal(new DateOnly(2026, 3, 9), date);
        }
        else
        {
            Assert.Null(date);
        }
    }

    [Theory]
    [InlineData("""{"f": true}""", true, true)]
    [InlineData("""{"f": "true"}""", true, true)]
    [InlineData("""{"f": "false"}""", false, true)]
    [InlineData("""{}""", false, true)]
    [InlineData("""{"f": "yes"}""", false, false)]
    [InlineData("""{"f": 1}""", false, false)]
    public void Flag_BooleanOrToggleText(string json, bool expected, bool valid)
    {
        var form = Read(json);

        Assert.Equal(expected, form.Flag("f"));
        Assert.Equal(valid, form.IsValid);
    }

    [Fact]
    public void NoData_EveryRequiredFieldIsMissing()
    {
        var form = new CardData(null);

        Assert.Null(form.OptionalId("id"));
        Assert.True(form.IsValid);
        Assert.Null(form.Id("id"));
        Assert.False(form.IsValid);
    }
}
