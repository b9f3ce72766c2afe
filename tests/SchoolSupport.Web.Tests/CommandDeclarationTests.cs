using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SchoolSupport.Cli.Teams;
using SchoolSupport.Conversation;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests;

/// <summary>A feature adds a command by declaring it; help, welcome, buttons and the Teams menu follow without other edits.</summary>
public sealed class CommandDeclarationTests
{
    /// <summary>A command a feature might add, registered only by this test.</summary>
    public sealed class FakeCommand : IChatCommand, IDeclaredCommand
    {
        public const string Answer = "Проверочная команда ответила.";

        public static IReadOnlyList<CommandDeclaration> Declarations { get; } =
        [
            new()
            {
                Name = "test.fake",
                Roles = CommandRoles.Everyone,
                Example = "проверочная команда",
                Help = "команда, которую объявил только тест",
                Phrases = ["покажи проверочную команду"],
                Verb = "test.fake",
                Title = "Проверка",
                Places = CommandPlaces.Menu | CommandPlaces.Welcome | CommandPlaces.WelcomeButton,
            },
        ];

        public Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct)
        {
            scope.Say(Answer);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task FakeDeclaration_IsPickedUpByHelpWelcomeVerbAndManifest()
    {
        using var bot = new BotApp(configureServices: s => s.AddChatCommand<FakeCommand>());

        var help = BotApp.TextsOf(BotApp.CardOf((await bot.SayAsync("29:demo-director", "помощь")).Single()));
        help.ShouldContain("проверочная команда");
        help.ShouldContain("команда, которую объявил только тест");

        var joined = BotApp.Activity("29:fresh-person", type: "conversationUpdate");
        joined["membersAdded"] = new JsonArray(new JsonObject { ["id"] = (string?)joined["from"]!["id"] });
        var welcome = BotApp.CardOf((await BotApp.RepliesAsync(await bot.PostAsync(joined))).Single()).ShouldNotBeNull();
        BotApp.TextsOf(welcome).ShouldContain("• «проверочная команда» — команда, которую объявил только тест");
        var verbs = welcome["actions"]!.AsArray().Select(a => (string?)a!["verb"] ?? (string?)a["data"]?["verb"]).ToList();
        verbs.ShouldContain("test.fake");

        var pressed = await bot.SubmitAsync("29:demo-director", "test.fake");
        ((string?)pressed.Single()["text"]).ShouldBe(FakeCommand.Answer);
        var typed = await bot.SayAsync("29:demo-director", "Покажи, пожалуйста, проверочную команду!");
        ((string?)typed.Single()["text"]).ShouldBe(FakeCommand.Answer);

        var catalog = bot.Services.GetRequiredService<CommandCatalog>();
        var menu = TeamsAppPackage.CommandLists(catalog)[0]!["commands"]!.AsArray();
        menu.Select(c => (string?)c!["title"]).ShouldContain("проверочная команда");
        menu.Count.ShouldBeLessThanOrEqualTo(CommandCatalog.MaxMenuCommands);
    }

    [Fact]
    public void TwoCommandsClaimingOnePhrase_FailAtStart()
    {
        var clash = new BotApp(configureServices: s => s.AddChatCommand<ClashingCommand>());
        var error = Should.Throw<InvalidOperationException>(() => clash.CreateClient());
        error.Message.ShouldContain("«какой статус»");
        error.Message.ShouldContain("'status'");
        clash.Dispose();
    }

    [Fact]
    public void DeclaredCommands_OfTheRealFeatures_HaveNoClash()
    {
        var catalog = DeclaredCommands.Catalog();
        catalog.Declarations.Select(d => d.Name).ShouldBeUnique();
        catalog.In(CommandPlaces.Menu).Count.ShouldBeInRange(1, CommandCatalog.MaxMenuCommands);
    }

    [Fact]
    public void PackageCommands_AreTheHostsCommands_InTheSameOrder()
    {
        using var bot = new BotApp();
        var host = bot.Services.GetRequiredService<CommandCatalog>().Declarations.Select(d => d.Name).ToList();
        DeclaredCommands.Catalog().Declarations.Select(d => d.Name).ToList().ShouldBe(host);
    }

    /// <summary>Claims «какой статус», which reads as «статус» — the status command's own phrase.</summary>
    public sealed class ClashingCommand : IChatCommand, IDeclaredCommand
    {
        public static IReadOnlyList<CommandDeclaration> Declarations { get; } =
        [
            new() { Name = "test.clash", Roles = CommandRoles.Everyone, Example = "какой статус", Help = "повтор чужой фразы" },
        ];

        public Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct) => Task.CompletedTask;
    }
}
