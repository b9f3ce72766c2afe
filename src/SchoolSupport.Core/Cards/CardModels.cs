namespace SchoolSupport.Cards;

/// <summary>Names of the templates in cards/ that SchoolSupport.Core ships, for <see cref="CardRenderer"/>.</summary>
public static class CardNames
{
    public const string Welcome = "welcome";
    public const string Help = "help";
    public const string WhoAmI = "whoami";
    public const string Message = "message";
    public const string Suggestions = "suggestions";
}

/// <summary>A button: the verb selects the handler, <paramref name="Data"/> is passed back with it.</summary>
public sealed record CardAction(string Title, string Verb, IReadOnlyDictionary<string, object?>? Data = null)
{
    /// <summary>Always an object in the card, even when the model has no data.</summary>
    public IReadOnlyDictionary<string, object?> Data { get; init; } = Data ?? new Dictionary<string, object?>();
}

public sealed record CardFact(string Title, string Value);

/// <summary>Model of cards/welcome.json, sent after the app is installed; lines and buttons come from the command declarations.</summary>
public sealed record WelcomeCard(string Title, string Intro, IReadOnlyList<string> Features, string? Hint = null)
{
    public IReadOnlyList<WelcomeButton> Buttons { get; init; } = [];
}

public sealed record WelcomeButton(string Title, string Verb);

/// <summary>Model of cards/suggestions.json: «Вы имели в виду…» or the closest commands, as buttons.</summary>
public sealed record SuggestionsCard(string Title, string? Hint, IReadOnlyList<SuggestionButton> Buttons);

/// <summary>A button that runs command <paramref name="Name"/> on <paramref name="Text"/>.</summary>
public sealed record SuggestionButton(string Title, string Name, string Text);

/// <summary>Model of cards/help.json; list only the commands the user's role may use.</summary>
public sealed record HelpCard(string Title, IReadOnlyList<HelpLine> Commands, string? Intro = null);

public sealed record HelpLine(string Command, string Description);

/// <summary>Model of cards/whoami.json. When <paramref name="Linked"/> is false only the hint is shown.</summary>
public sealed record WhoAmICard(
    string Name,
    bool Linked,
    IReadOnlyList<string> Roles,
    string? Region,
    string? Municipality,
    IReadOnlyList<WhoAmISchool> Schools,
    string UnlinkedHint = "");

public sealed record WhoAmISchool(string Name);

/// <summary>Container styles of cards/message.json's header.</summary>
public enum MessageStyle
{
    Default,
    Emphasis,
    Good,
    Attention,
    Warning,
    Accent,
}

/// <summary>Model of cards/message.json: a titled answer or error with optional facts and buttons.</summary>
public sealed record MessageCard(string Title, string? Text = null, MessageStyle Style = MessageStyle.Default)
{
    public IReadOnlyList<CardFact> Facts { get; init; } = [];

    public IReadOnlyList<CardAction> Actions { get; init; } = [];
}
