using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SchoolSupport.Cards;
using SchoolSupport.Data;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;
using SchoolSupport.Schools;

namespace SchoolSupport.Conversation;

/// <summary>
/// The use-case entry point of a turn: refresh the person's address, find who is asking, then run the card action
/// named by the verb or the chat command the text matches. Channel code only translates to and from this.
/// </summary>
public sealed class ConversationRouter(
    SchoolSupportDbContext db,
    CommandCatalog catalog,
    TimeProvider time,
    IOptions<DemoOptions> demo,
    IServiceProvider services,
    ILogger<ConversationRouter> logger,
    LanguageModelResolver languageModel,
    IUnderstandingObserver? observer = null)
{
    // The card actions are resolved only on a turn that carries one: a message turn does not build all sixteen.
    private IReadOnlyDictionary<string, ICardAction>? actions;

    private IReadOnlyDictionary<string, ICardAction> Actions => actions ??= services.GetServices<ICardAction>()
        .SelectMany(a => a.Verbs.Select(v => (v, a)))
        .ToDictionary(x => x.v, x => x.a, StringComparer.Ordinal);

    public const int MaxTextLength = 4000;

    /// <summary>The verb of «Вы имели в виду…» buttons: <c>data.name</c> is the command, <c>data.text</c> the message.</summary>
    public const string CommandVerb = "command";

    /// <summary>The verb of buttons that say something for the person: <c>data.text</c> is understood like a message.</summary>
    public const string SayVerb = "say";

    /// <param name="lookupEmail">
    /// Asks the channel for the user's e-mail/UPN; called only when nothing else identifies the person, since on Teams
    /// it costs a connector request.
    /// </param>
    public async Task<TurnOutput> HandleAsync(TurnInput input, CancellationToken ct, Func<CancellationToken, Task<string?>>? lookupEmail = null)
    {
        // One connection for the whole turn: a turn runs ten-odd small queries, and opening a pooled SQLite connection
        // for each (EF re-registers its SQL functions on every open) cost as much as the queries themselves.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            return await HandleOpenAsync(input, ct, lookupEmail);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<TurnOutput> HandleOpenAsync(TurnInput input, CancellationToken ct, Func<CancellationToken, Task<string?>>? lookupEmail)
    {
        var utcNow = time.GetUtcNow().UtcDateTime;
        var address = await RefreshAddressAsync(input, utcNow, ct);
        var person = await IdentityResolver.ResolveAsync(db, input, address, demo.Value.Enabled, ct);
        if (person is null && lookupEmail is not null && string.IsNullOrEmpty(input.Email))
        {
            var email = await lookupEmail(ct);
            if (!string.IsNullOrWhiteSpace(email))
            {
                input = input with { Email = email };
                person = await IdentityResolver.ResolveAsync(db, input, address, demo.Value.Enabled, ct);
            }
        }

        if (person is not null)
        {
            await AddressBook.MarkUsedAsync(db, address, person.Id, utcNow, ct);
        }

        await db.SaveChangesAsync(ct);

        Caller? caller = null;
        var timeZone = RegionClock.DefaultTimeZone;
        if (person is not null)
        {
            // The first role's region sets the calendar, as before; one round trip instead of two.
            var personId = person.Id;
            timeZone = await db.RoleAssignments
                .Where(r => r.PersonId == personId)
                .Join(db.Regions, r => r.RegionId, g => g.Id, (r, g) => new { r.Id, g.TimeZone })
                .OrderBy(x => x.Id)
                .Select(x => x.TimeZone)
                .FirstOrDefaultAsync(ct) ?? timeZone;

            caller = await CallerLoader.LoadAsync(db, person, RegionClock.Today(time, timeZone), ct);
        }

        // Buttons that run a chat command: its declared verb («Статус»), «say» with a message, or a suggestion.
        CommandRegistration? chosen = null;
        if (input.Verb is { } verb)
        {
            var dataText = input.Data?["text"] is JsonValue t && t.TryGetValue(out string? said) ? said : null;
            if (catalog.ByVerb(verb) is { } byVerb)
            {
                (chosen, input) = (byVerb, input with { Verb = null, Text = byVerb.Declaration.Example });
            }
            else if (verb == SayVerb && dataText is not null)
            {
                input = input with { Verb = null, Text = dataText };
            }
            else if (verb == CommandVerb && input.Data?["name"] is JsonValue n && n.TryGetValue(out string? name) && catalog.Find(name) is { } named)
            {
                (chosen, input) = (named, input with { Verb = null, Text = dataText ?? named.Declaration.Example });
            }
        }

        var scope = new TurnScope(input, caller, db, RegionClock.Today(time, timeZone), utcNow, services);
        scope.Output.PersonId = person?.Id;
        if (!string.IsNullOrEmpty(input.Verb))
        {
            // A card acted on in a group chat or channel: whatever it answers is the asker's business only.
            scope.Output.Private = !input.IsPersonalChat;
            await RunActionAsync(scope, input.Verb, ct);
        }
        else
        {
            await RunCommandAsync(scope, chosen, ct);
        }

        return scope.Output;
    }

    /// <summary>
    /// Two first turns of a new user can arrive together (a double click, a redelivery); the loser of the insert race
    /// takes the row the winner stored instead of failing the turn.
    /// </summary>
    private async Task<ConversationAddress> RefreshAddressAsync(TurnInput input, DateTime utcNow, CancellationToken ct)
    {
        var address = await AddressBook.RefreshAsync(db, input, utcNow, ct);
        if (db.Entry(address).State != EntityState.Added)
        {
            return address;
        }

        try
        {
            await db.SaveChangesAsync(ct);
            return address;
        }
        catch (DbUpdateException)
        {
            db.Entry(address).State = EntityState.Detached;
            return await AddressBook.RefreshAsync(db, input, utcNow, ct);
        }
    }

    private async Task RunActionAsync(TurnScope scope, string verb, CancellationToken ct)
    {
        if (!Actions.TryGetValue(verb, out var action))
        {
            logger.LogWarning("Unknown card verb {Verb}", verb);
            scope.Output.Command = "unknown-verb";
            scope.Refuse(Texts.UnknownAction);
            return;
        }

        scope.Output.Command = verb;
        if (scope.Caller is null)
        {
            scope.Refuse(Texts.UnknownPerson);
            return;
        }

        await action.HandleAsync(scope, ct);
    }

    private async Task RunCommandAsync(TurnScope scope, CommandRegistration? chosen, CancellationToken ct)
    {
        if (scope.Input.Files.Count > 0)
        {
            scope.Output.Command = "import";
            scope.Output.Private = !scope.Input.IsPersonalChat;
            if (scope.Caller is null)
            {
                scope.Say(Texts.UnknownPerson);
                return;
            }

            await services.GetRequiredService<Imports.ChatImports>().HandleAsync(scope, ct);
            return;
        }

        var raw = scope.Input.Text ?? "";
        if (raw.Length > MaxTextLength)
        {
            scope.Output.Command = "too-long";
            scope.Say(Texts.TooLong(MaxTextLength));
            return;
        }

        var meaning = catalog.Understander.Understand(raw, scope.Today);
        if (chosen is not null)
        {
            meaning = catalog.Understander.As(meaning, chosen.Declaration) with { Confidence = 1 };
        }

        if (meaning.Kind != UnderstandingKind.Command && scope.Caller is { } asking && languageModel.Enabled)
        {
            // Only where the answer would otherwise be «Вы имели в виду…» or «не понял»; the command it picks still
            // meets the same role check and handler below as a typed one.
            meaning = await languageModel.ResolveAsync(raw, asking.RoleMask, meaning, scope.Today, ct) ?? meaning;
        }

        observer?.Understood(raw, meaning);
        if (meaning.Kind != UnderstandingKind.Command || meaning.Command is null)
        {
            if (scope.Caller is null)
            {
                scope.Output.Command = "unknown-person";
                scope.Say(Texts.UnknownPerson);
                return;
            }

            scope.Output.Command = meaning.Kind == UnderstandingKind.Unsure ? "unsure" : "not-understood";
            Suggest(scope, raw, meaning);
            return;
        }

        var command = meaning.Command;
        scope.Output.Command = command.Name;
        scope.Output.Private = !scope.Input.IsPersonalChat && !command.SafeInGroupChat;
        if (scope.Caller is null && !command.AllowsUnknownCaller)
        {
            scope.Say(Texts.UnknownPerson);
            return;
        }

        if (scope.Caller is { } caller && !command.AllowsUnknownCaller && (caller.RoleMask & command.Roles) == RoleMask.None)
        {
            scope.Say(command.NotAllowed ?? Texts.CommandNotForRole(command.Example));
            return;
        }

        var registration = chosen ?? catalog.Find(command.Name)!;
        var handler = (IChatCommand)services.GetRequiredService(registration.Handler);
        observer?.Handled(raw, command, registration.Handler);
        await handler.HandleAsync(scope, new ChatText(raw) { Meaning = meaning }, ct);
    }

    /// <summary>
    /// Never a dead end: when unsure, the candidates as buttons («Вы имели в виду…»); when nothing fits, the closest
    /// commands of the person's role, or the main ones.
    /// </summary>
    private void Suggest(TurnScope scope, string raw, Understanding meaning)
    {
        var roles = scope.Caller!.RoleMask;
        var candidates = meaning.Candidates.Where(c => (c.Roles & roles) != RoleMask.None).Take(3).ToList();
        var unsure = meaning.Kind == UnderstandingKind.Unsure && candidates.Count > 0;
        if (candidates.Count == 0)
        {
            candidates = catalog.Declarations.Where(d => (d.Roles & roles) != RoleMask.None && d.Places.HasFlag(CommandPlaces.Menu)).Take(3).ToList();
        }

        var keep = unsure && raw.Length <= 200 ? raw : null;
        scope.Show(CardNames.Suggestions, new SuggestionsCard(
            unsure ? Texts.DidYouMean : Texts.NotUnderstoodTitle,
            unsure ? null : Texts.NotUnderstoodHint,
            candidates.Select(c => new SuggestionButton(c.ButtonTitle, c.Name, keep ?? c.Example)).ToList()));
    }
}
