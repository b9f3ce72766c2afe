namespace SchoolSupport.Conversation;

/// <summary>«спасибо»: a polite answer with a way on, instead of «Не понял».</summary>
public sealed class ThanksCommand : IChatCommand, IDeclaredCommand
{
    public const string Answer =
        "Пожалуйста! Обращайтесь: например, «что на этой неделе», «статус» или «помощь» — список всего, что я умею.";

    // «спасибо, а что просрочено» is a request: the overdue words are not explained by these, so it is asked back.
    public static IReadOnlyList<CommandDeclaration> Declarations { get; } =
    [
        new()
        {
            Name = "thanks",
            Roles = CommandRoles.Everyone,
            Example = "спасибо",
            Help = "вежливый ответ и подсказка, что ещё можно спросить",
            Phrases = ["спс", "благодарю", "thanks", "thank you", "спасибо большое", "спасибо огромное", "ок спасибо",
                "хорошо спасибо", "понятно спасибо", "отлично спасибо", "ясно спасибо"],
            AllowsUnknownCaller = true,
            InHelp = false,
        },
    ];

    public Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct)
    {
        scope.Say(Answer);
        return Task.CompletedTask;
    }
}
