using System.Globalization;
using SchoolSupport.Cli.Teams;
using SchoolSupport.Conversation;

namespace SchoolSupport.Core.Tests.Conversation;

/// <summary>
/// The labelled corpus (tests/SchoolSupport.Core.Tests/Conversation/understanding-corpus.tsv): phrasings as people in
/// each role type them, with the command and slots they mean. Asking back is allowed for a few; a wrong command never.
/// </summary>
public sealed class UnderstandingCorpusTests
{
    /// <summary>Wednesday 18 March 2026, the date the corpus's periods are written against.</summary>
    public static readonly DateOnly Today = new(2026, 3, 18);

    public const double MinUnderstood = 0.95;

    public sealed record Labelled(int Line, string Role, string Text, string Command, string Slots);

    public static IReadOnlyList<Labelled> Corpus() =>
        File.ReadAllLines(Path.Combine(SchoolSupport.Cards.RepositoryPaths.Root, "tests", "SchoolSupport.Core.Tests", "Conversation", "understanding-corpus.tsv"))
            .Select((line, i) => (line, i))
            .Where(x => x.line.Length > 0 && !x.line.StartsWith('#'))
            .Select(x => x.line.Split('\t'))
            .Select((c, i) => new Labelled(i + 2, c[0], c[1], c[2], c.Length > 3 ? c[3] : ""))
            .ToList();

    [Fact]
    public void Corpus_HasAtLeastFourHundredPhrasingsForEveryRole()
    {
        var corpus = Corpus();
        corpus.Count.ShouldBeGreaterThanOrEqualTo(400);
        corpus.Select(c => c.Role).Distinct().Order().ShouldBe(["consultant", "curator", "director", "municipal", "regional"]);
    }

    [Fact]
    public void Corpus_NoPhrasingIsRoutedToAWrongCommand_AndNearlyAllAreUnderstoodWithTheirSlots()
    {
        var understander = DeclaredCommands.Catalog().Understander;
        var wrong = new List<string>();
        var missed = new List<string>();
        var understood = 0;
        var expected = 0;
        foreach (var row in Corpus())
        {
            var meaning = understander.Understand(row.Text, Today);
            var got = meaning.Kind == UnderstandingKind.Command ? meaning.Command!.Name : null;
            if (row.Command == "-")
            {
                if (got is not null)
                {
                    wrong.Add($"«{row.Text}» should be asked back, went to {got}");
                }

                continue;
            }

            expected++;
            if (got is null)
            {
                missed.Add($"«{row.Text}» ({row.Role}, {row.Command}): {meaning.Kind}");
                continue;
            }

            if (got != row.Command)
            {
                wrong.Add($"«{row.Text}» ({row.Role}) went to {got}, means {row.Command}");
                continue;
            }

            var slotProblem = SlotProblem(row.Slots, meaning.Slots);
            if (slotProblem is not null)
            {
                wrong.Add($"«{row.Text}»: {slotProblem}");
                continue;
            }

            understood++;
        }

        wrong.ShouldBeEmpty();
        ((double)understood / expected).ShouldBeGreaterThanOrEqualTo(MinUnderstood, $"{understood} of {expected} understood; asked back or not understood: {string.Join("; ", missed.Distinct())}");
    }

    [Theory]
    [InlineData("статус консультаций")]
    [InlineData("статус школы и консультации и объявления")]
    [InlineData("покажи прогресс и что-нибудь ещё про погоду и всякое")]
    public void Understand_LooseOrTiedFit_IsAskedBackBelowTheThreshold(string text)
    {
        var meaning = DeclaredCommands.Catalog().Understander.Understand(text, Today);

        meaning.Kind.ShouldBe(UnderstandingKind.Unsure);
        meaning.Candidates.Count.ShouldBeInRange(1, 3);
        meaning.Command.ShouldBeNull();
    }

    [Fact]
    public void Understand_OneUnexplainedWordOfTwo_IsAtTheThresholdAndRuns()
    {
        var meaning = DeclaredCommands.Catalog().Understander.Understand("помощь срочно", Today);

        meaning.Confidence.ShouldBe(Understander.Threshold);
        meaning.Command!.Name.ShouldBe("help");
    }

    [Fact]
    public void Understand_OneUnexplainedWordOfThree_IsAskedBack()
    {
        var meaning = DeclaredCommands.Catalog().Understander.Understand("помощь срочно быстрее", Today);

        meaning.Kind.ShouldBe(UnderstandingKind.Unsure);
        meaning.Candidates.Select(c => c.Name).ShouldBe(["help"]);
    }

    [Theory]
    [InlineData("статус Шуваловская", "status", "шуваловская")]
    [InlineData("покажи прогресс Лужской школы", "status", "лужской")]
    [InlineData("покажи прогресс по Ленинскому району", "status.districts", "ленинскому")]
    public void Understand_AnUnknownNameAfterACommandThatTakesASchool_IsLeftForTheHandler(string text, string command, string rest)
    {
        var meaning = DeclaredCommands.Catalog().Understander.Understand(text, Today);

        meaning.Command?.Name.ShouldBe(command);
        string.Join(' ', meaning.Rest).ShouldBe(rest);
    }

    [Theory]
    [InlineData("1.18 выполнено", "1.18")]
    [InlineData("отметь 2.3.1 в работе", "2.3.1")]
    [InlineData("пункт 1.4", "1.4")]
    public void Understand_ItemNumberWithAStatusWord_IsTheItemCommand(string text, string item)
    {
        var meaning = DeclaredCommands.Catalog().Understander.Understand(text, Today);

        meaning.Command?.Name.ShouldBe("item");
        meaning.Slots.Item.ShouldBe(item);
    }

    [Fact]
    public void Understand_StatusWordWithoutAnItemNumber_IsNotTheItemCommand()
    {
        var meaning = DeclaredCommands.Catalog().Understander.Understand("сколько выполнено", Today);

        meaning.Command?.Name.ShouldBe("status");
    }

    [Fact]
    public void Understand_EveryHelpLine_IsUnderstoodAsItsOwnCommand()
    {
        var catalog = DeclaredCommands.Catalog();
        foreach (var role in new[] { SchoolSupport.Roadmaps.RoleMask.Director, SchoolSupport.Roadmaps.RoleMask.Curator, SchoolSupport.Roadmaps.RoleMask.Consultant, SchoolSupport.Roadmaps.RoleMask.MunicipalCoordinator, SchoolSupport.Roadmaps.RoleMask.RegionalCoordinator })
        {
            foreach (var (command, phrase, _) in catalog.HelpFor(role))
            {
                var meaning = catalog.Understander.Understand(phrase, Today);
                meaning.Command?.Name.ShouldBe(command.Name, $"«{phrase}»");
            }
        }
    }

    private static string? SlotProblem(string labels, MessageSlots slots)
    {
        foreach (var label in labels.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = label.Contains('=') ? (label[..label.IndexOf('=')], label[(label.IndexOf('=') + 1)..]) : (label, "");
            switch (key)
            {
                case "period":
                    var parts = value.Split("..");
                    var from = DateOnly.ParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture);
                    var to = DateOnly.ParseExact(parts[1], "yyyy-MM-dd", CultureInfo.InvariantCulture);
                    if (slots.From != from || slots.To != to)
                    {
                        return $"period {slots.From}..{slots.To}, expected {value}";
                    }

                    break;
                case "school" when slots.SchoolNumber != value:
                    return $"school {slots.SchoolNumber}, expected {value}";
                case "mine" when !slots.MySchool:
                    return "«my school» not seen";
                case "email" when slots.Email != value:
                    return $"e-mail {slots.Email}, expected {value}";
                case "item" when slots.Item != value:
                    return $"item {slots.Item}, expected {value}";
            }
        }

        return null;
    }
}
