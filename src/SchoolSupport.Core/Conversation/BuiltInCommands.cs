using Microsoft.EntityFrameworkCore;
using SchoolSupport.Cards;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;

namespace SchoolSupport.Conversation;

/// <summary>«помощь»: every help line of the caller's roles, generated from the command declarations.</summary>
public sealed class HelpCommand(CommandCatalog catalog) : IChatCommand, IDeclaredCommand
{
    public static IReadOnlyList<CommandDeclaration> Declarations { get; } =
    [
        new()
        {
            Name = "help",
            Roles = CommandRoles.Everyone,
            Example = "помощь",
            Help = "что я умею для вашей роли",
            Phrases = ["help", "справка", "меню", "что ты умеешь", "что умеешь", "помоги", "start", "привет", "здравствуйте",
                "список команд", "какие команды", "добрый день", "доброе утро"],
            AllowsUnknownCaller = true,
            Verb = "help",
            Places = CommandPlaces.Menu | CommandPlaces.TeamMenu | CommandPlaces.Welcome | CommandPlaces.WelcomeButton,
        },
    ];

    public Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct)
    {
        if (scope.Caller is null)
        {
            scope.Say(Texts.UnknownPerson);
            return Task.CompletedTask;
        }

        var roles = string.Join(", ", scope.Caller.Roles.Select(r => r.Role).Distinct().Select(RoleNames.Russian));
        var lines = catalog.HelpFor(scope.Caller.RoleMask).Select(e => new HelpLine(e.Phrase, e.Help)).ToList();
        scope.Show(CardNames.Help, new HelpCard(
            "Что я умею",
            lines,
            $"{scope.Caller.Person.FullName}, вы — {roles}. Напишите команду, например:"));
        return Task.CompletedTask;
    }
}
