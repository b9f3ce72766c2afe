using System.Text.Json;
using System.Text.Json.Nodes;

namespace SchoolSupport.Cards;

public sealed class CardCatalogTests
{
    private static IEnumerable<string> TemplateFiles => Directory.GetFiles(RepositoryPaths.Cards, "*.json")
        .Select(Path.GetFileName)
        .Where(f => !f!.EndsWith(".data.json", StringComparison.Ordinal))
        .Select(f => f![..^".json".Length]);

    public static TheoryData<string> TemplateNames => new(TemplateFiles);

    [Fact]
    public void Default_EmbedsEveryTemplateOfCardsFolderButNoSampleData()
    {
        var expected = TemplateFiles.Order(StringComparer.Ordinal).ToList();

        CardCatalog.Default.Names.ShouldBe(expected);
        CardCatalog.Default.Names.ShouldNotContain(n => n.EndsWith(".data", StringComparison.Ordinal));
        CardCatalog.Default.Names.ShouldContain(CardNames.Welcome);
        CardCatalog.Default.Names.ShouldContain(CardNames.Help);
        CardCatalog.Default.Names.ShouldContain(CardNames.WhoAmI);
        CardCatalog.Default.Names.ShouldContain(CardNames.Message);
    }

    [Fact]
    public void Get_SameName_ReturnsCachedTemplate()
    {
        CardCatalog.Default.Get(CardNames.Help).ShouldBeSameAs(CardCatalog.Default.Get(CardNames.Help));
    }

    [Fact]
    public void Get_UnknownName_ThrowsListingKnownTemplates()
    {
        var ex = Should.Throw<CardTemplateException>(() => CardCatalog.Default.Get("no-such-card"));

        ex.Message.ShouldContain("Unknown card template 'no-such-card'");
        ex.Message.ShouldContain(CardNames.Welcome);
    }

    [Fact]
    public void Get_BrokenTemplate_ThrowsNamingIt()
    {
        var catalog = new CardCatalog(["broken"], _ => """{"text":"${if(a)}"}""");

        Should.Throw<CardTemplateException>(() => catalog.Get("broken")).Message.ShouldContain("'broken'");
    }

    [Fact]
    public void FromDirectory_CardsFolder_SameNamesAsEmbedded()
    {
        CardCatalog.FromDirectory(RepositoryPaths.Cards).Names.ShouldBe(CardCatalog.Default.Names);
    }

    [Theory]
    [MemberData(nameof(TemplateNames))]
    public void Render_SampleData_FitsTeamsBudgetAndLeavesNoBindings(string name)
    {
        using var data = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Cards, name + ".data.json")));

        var card = new CardRenderer().Render(name, data.RootElement);

        CardSize.Utf8Bytes(card).ShouldBeLessThanOrEqualTo(CardSize.TeamsBudgetBytes);
        CardSize.FitsTeams(card).ShouldBeTrue();
        card.ToJsonString().ShouldNotContain("${");
        card["type"]!.GetValue<string>().ShouldBe("AdaptiveCard");
        card["version"]!.GetValue<string>().ShouldBe("1.5");
    }

    [Theory]
    [MemberData(nameof(TemplateNames))]
    public void Render_SampleData_ActionsBecomeSubmitOutsideTeams(string name)
    {
        using var data = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Cards, name + ".data.json")));

        var card = CardActions.ForChannel(new CardRenderer().Render(name, data.RootElement), supportsExecute: false);

        card.ToJsonString().ShouldNotContain(CardActions.Execute);
    }
}

public sealed class CardSizeTests
{
    [Fact]
    public void TeamsBudgetBytes_Is28KiB()
    {
        CardSize.TeamsBudgetBytes.ShouldBe(28672);
    }

    [Fact]
    public void Utf8Bytes_Cyrillic_CountsTwoBytesPerLetterCompact()
    {
        var card = new JsonObject { ["text"] = "Школа" };

        // {"text":"Школа"}: 11 ASCII bytes + 5 Cyrillic letters × 2 bytes; not \u-escaped, no indentation.
        CardSize.Utf8Bytes(card).ShouldBe(21);
    }

    [Fact]
    public void FitsTeams_OverBudget_False()
    {
        var card = new JsonObject { ["text"] = new string('ж', CardSize.TeamsBudgetBytes / 2) };

        CardSize.FitsTeams(card).ShouldBeFalse();
    }
}
