using SchoolSupport.Roadmaps;

namespace SchoolSupport.Conversation;

/// <summary>The arguments a command takes from the message; the understanding extracts them before routing.</summary>
[Flags]
public enum CommandSlots
{
    None = 0,

    /// <summary>A school by number («277»), by name or short name, or «моя школа».</summary>
    School = 1,

    /// <summary>A period («на этой неделе», «до пятницы», «в марте», «к концу четверти»).</summary>
    Period = 2,

    /// <summary>A roadmap item number («1.18», «пункт 2.3.1»).</summary>
    Item = 4,

    /// <summary>A person by e-mail.</summary>
    Person = 8,

    /// <summary>A survey.</summary>
    Survey = 16,

    /// <summary>Free text after the command words (a consultation written in one message, a code).</summary>
    Text = 32,
}

/// <summary>Where a command is offered besides «помощь» (which lists every command of the person's role).</summary>
[Flags]
public enum CommandPlaces
{
    None = 0,

    /// <summary>The command menu of the personal chat in Teams (the manifest's command list, at most ten).</summary>
    Menu = 1,

    /// <summary>The command menu in a team or group chat.</summary>
    TeamMenu = 2,

    /// <summary>A line of the welcome card.</summary>
    Welcome = 4,

    /// <summary>A button of the welcome card (needs <see cref="CommandDeclaration.Verb"/>).</summary>
    WelcomeButton = 8,
}

/// <summary>
/// What a feature tells the conversation about one of its chat commands. The router, «помощь», the welcome card, the
/// command buttons and the Teams command menu are all built from these; nothing else lists commands.
/// </summary>
public sealed record CommandDeclaration
{
    /// <summary>Stable name (<c>status</c>, <c>consultation.new</c>); buttons and logs refer to the command by it.</summary>
    public required string Name { get; init; }

    /// <summary>Who may use the command; «помощь» shows it to these roles only.</summary>
    public required RoleMask Roles { get; init; }

    /// <summary>The phrase shown in help and menus («статус»); it is also understood as written.</summary>
    public required string Example { get; init; }

    /// <summary>One line for help and menus: what the command gives.</summary>
    public required string Help { get; init; }

    /// <summary>
    /// Further phrasings people use. Each is understood by its word stems in any order, with the command's slots
    /// around it: «покажи прогресс», «какой процент выполнения». Two commands may not claim the same phrasing.
    /// </summary>
    public IReadOnlyList<string> Phrases { get; init; } = [];

    /// <summary>More lines for «помощь», each with its own example («сроки в марте»); understood like phrasings.</summary>
    public IReadOnlyList<HelpExample> MoreHelp { get; init; } = [];

    /// <summary>
    /// Exact word forms a message may start with, followed by arguments («консультация 277 вчера: тема …»). They win
    /// over phrasings, because an exact form is more specific than a stem («консультация» vs «консультации»).
    /// </summary>
    public IReadOnlyList<string> Prefixes { get; init; } = [];

    public CommandSlots Slots { get; init; }

    /// <summary>Slots without which the message is not this command («отключить» + an e-mail, not «отключить напоминания»).</summary>
    public CommandSlots Requires { get; init; }

    /// <summary>A message that is only a period («на этой неделе», «что в марте») goes to this command.</summary>
    public bool TakesBarePeriod { get; init; }

    /// <summary>True when people the bot does not know yet may use it (help, linking).</summary>
    public bool AllowsUnknownCaller { get; init; }

    /// <summary>The verb of a button that runs this command (<c>status</c>), if it has one.</summary>
    public string? Verb { get; init; }

    /// <summary>Button title («Статус»); defaults to the example with a capital letter.</summary>
    public string? Title { get; init; }

    public CommandPlaces Places { get; init; }

    /// <summary>False for commands that only answer a card or a message of the bot («подтвердить привязку»): «помощь» leaves them out.</summary>
    public bool InHelp { get; init; } = true;

    /// <summary>What a person outside <see cref="Roles"/> is told; nothing runs.</summary>
    public string? NotAllowed { get; init; }

    public string ButtonTitle => Title ?? (Example.Length == 0 ? Name : char.ToUpperInvariant(Example[0]) + Example[1..]);

    /// <summary>The example first, then the phrasings: everything this command is understood by.</summary>
    public IEnumerable<string> AllPhrases => Phrases.Prepend(Example).Concat(MoreHelp.Select(h => h.Phrase));
}

/// <summary>An extra line of help: an example phrase and what it gives.</summary>
public sealed record HelpExample(string Phrase, string Help);

/// <summary>Role sets commands are declared for.</summary>
public static class CommandRoles
{
    public const RoleMask Everyone = RoleMask.RegionalCoordinator | RoleMask.MunicipalCoordinator | RoleMask.Curator | RoleMask.Director | RoleMask.Consultant;
    public const RoleMask Coordinators = RoleMask.RegionalCoordinator | RoleMask.MunicipalCoordinator;
    public const RoleMask Consulting = RoleMask.Curator | RoleMask.Consultant | Coordinators;
}

/// <summary>A chat command handler that says, next to itself, which commands it answers.</summary>
public interface IDeclaredCommand
{
    static abstract IReadOnlyList<CommandDeclaration> Declarations { get; }
}

/// <summary>One registered command: its declaration and the handler type that runs it.</summary>
public sealed record CommandRegistration(CommandDeclaration Declaration, Type Handler);
