namespace SchoolSupport.Conversation;

/// <summary>«спасибо»: a polite answer with a way on, instead of «Не понял».</summary>
public sealed class ThanksCommand : IChatCommand
{
    public const string Answer =
        "Пожалуйста! Обращайтесь: например, «что на этой неделе», «статус» или «помощь» — список всего, что я умею.";

    private static readonly string[] Thanks =
        ["спасибо", "спс", "благодарю", "thanks", "thank you", "спасибо большое", "большое спасибо", "спасибо огромное"];

    private static readonly string[] Lead = ["", "ок ", "хорошо ", "понятно ", "отлично ", "ясно "];

    public bool AllowsUnknownCaller => true;

    public bool Matches(ChatText text) =>
        Lead.Any(l => Thanks.Any(t => text.Is(l + t)))
        || (text.Words.Count <= 4 && text.Words.Count > 0 && text.Words[0] == "спасибо" && !text.Words.Skip(1).Any(IsRequestWord));

    public Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct)
    {
        scope.Say(Answer);
        return Task.CompletedTask;
    }

    // «спасибо, а что просрочено» is a request; the polite word alone is not.
    private static bool IsRequestWord(string w) => w is "а" or "что" or "как" or "где" or "когда" or "покажи" or "статус" or "сроки";
}
