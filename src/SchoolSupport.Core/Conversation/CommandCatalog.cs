using SchoolSupport.Roadmaps;

namespace SchoolSupport.Conversation;

/// <summary>
/// Every declared chat command, in registration order. Built once at start; a phrase claimed by two commands, a verb
/// used twice or a menu Teams would refuse stops the host here rather than misrouting people later.
/// </summary>
public sealed class CommandCatalog
{
    /// <summary>Teams shows at most ten commands per menu, with titles up to 32 and descriptions up to 128 characters.</summary>
    public const int MaxMenuCommands = 10;

    public const int MaxMenuTitle = 32;
    public const int MaxMenuDescription = 128;

    public CommandCatalog(IEnumerable<CommandRegistration> registrations)
    {
        Registrations = registrations.ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var verbs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in Registrations)
        {
            var d = r.Declaration;
            if (!names.Add(d.Name))
            {
                throw new InvalidOperationException($"Two chat commands are named '{d.Name}'.");
            }

            if (d.Verb is { } verb && !verbs.Add(verb))
            {
                throw new InvalidOperationException($"Two chat commands use the button verb '{verb}'.");
            }

            if (d.Roles == RoleMask.None || string.IsNullOrWhiteSpace(d.Example) || string.IsNullOrWhiteSpace(d.Help))
            {
                throw new InvalidOperationException($"Chat command '{d.Name}' needs roles, an example and a help line.");
            }

            if (d.Places.HasFlag(CommandPlaces.WelcomeButton) && d.Verb is null)
            {
                throw new InvalidOperationException($"Chat command '{d.Name}' is a welcome button but has no verb.");
            }
        }

        CheckMenu(CommandPlaces.Menu);
        CheckMenu(CommandPlaces.TeamMenu);
        Understander = new Understander(Registrations.Select(r => r.Declaration).ToList());
    }

    public IReadOnlyList<CommandRegistration> Registrations { get; }

    public IEnumerable<CommandDeclaration> Declarations => Registrations.Select(r => r.Declaration);

    public Understander Understander { get; }

    public CommandRegistration? Find(string name) => Registrations.FirstOrDefault(r => r.Declaration.Name == name);

    public CommandRegistration? ByVerb(string verb) => Registrations.FirstOrDefault(r => r.Declaration.Verb == verb);

    /// <summary>The help lines of a role: each command's example first, then its further examples.</summary>
    public IReadOnlyList<(CommandDeclaration Command, string Phrase, string Help)> HelpFor(RoleMask roles) =>
        Declarations.Where(d => d.InHelp && (d.Roles & roles) != RoleMask.None)
            .SelectMany(d => d.MoreHelp.Select(h => (d, h.Phrase, h.Help)).Prepend((d, d.Example, d.Help)))
            .ToList();

    public IReadOnlyList<CommandDeclaration> In(CommandPlaces place) => Declarations.Where(d => d.Places.HasFlag(place)).ToList();

    private void CheckMenu(CommandPlaces place)
    {
        var menu = In(place);
        if (menu.Count > MaxMenuCommands)
        {
            throw new InvalidOperationException($"The {place} command list has {menu.Count} commands; Teams shows at most {MaxMenuCommands}.");
        }

        foreach (var d in menu.Where(d => d.Example.Length > MaxMenuTitle || d.Help.Length > MaxMenuDescription))
        {
            throw new InvalidOperationException($"Chat command '{d.Name}' is too long for the Teams command menu.");
        }
    }
}
