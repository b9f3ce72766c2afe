using Microsoft.EntityFrameworkCore;
using SchoolSupport.Cards;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;

namespace SchoolSupport.Conversation;

public sealed class HelpCommand : IChatCommand
{
    public bool AllowsUnknownCaller => true;

    /// <summary>The list of commands says nothing about schools or people.</summary>
    public bool SafeInGroupChat => true;

    public bool Matches(ChatText text) =>
        text.Is("помощь", "help", "/help", "справка", "меню", "что ты умеешь", "что умеешь", "помоги", "start", "/start", "привет", "здравствуйте");

    public Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct)
    {
        if (scope.Caller is null)
        {
            scope.Say(Texts.UnknownPerson);
            return Task.CompletedTask;
        }

        var roles = string.Join(", ", scope.Caller.Roles.Select(r => r.Role).Distinct().Select(RoleNames.Russian));
        var lines = HelpCatalog.For(scope.Caller.RoleMask).Select(e => new HelpLine(e.Command, e.Description)).ToList();
        scope.Show(CardNames.Help, new HelpCard(
            "Что я умею",
            lines,
            $"{scope.Caller.Person.FullName}, вы — {roles}. Напишите команду, например:"));
        return Task.CompletedTask;
    }
}
