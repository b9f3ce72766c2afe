using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SchoolSupport.Data;
using SchoolSupport.People;
using SchoolSupport.Schools;

namespace SchoolSupport.Conversation;

/// <summary>
/// The use-case entry point of a turn: refresh the person's address, find who is asking, then run the card action
/// named by the verb or the chat command the text matches. Channel code only translates to and from this.
/// </summary>
public sealed class ConversationRouter(
    SchoolSupportDbContext db,
    IEnumerable<IChatCommand> commands,
    IEnumerable<ICardAction> actions,
    TimeProvider time,
    IOptions<DemoOptions> demo,
    IServiceProvider services,
    ILogger<ConversationRouter> logger)
{
    private readonly IReadOnlyList<IChatCommand> commands = commands.OrderByDescending(c => c.Priority).ToList();
    private readonly IReadOnlyDictionary<string, ICardAction> actions = actions
        .SelectMany(a => a.Verbs.Select(v => (v, a)))
        .ToDictionary(x => x.v, x => x.a, StringComparer.Ordinal);

    public const int MaxTextLength = 4000;

    /// <param name="lookupEmail">
    /// Asks the channel for the user's e-mail/UPN; called only when nothing else identifies the person, since on Teams
    /// it costs a connector request.
    /// </param>
    public async Task<TurnOutput> HandleAsync(TurnInput input, CancellationToken ct, Func<CancellationToken, Task<string?>>? lookupEmail = null)
    {
        var utcNow = time.GetUtcNow().UtcDateTime;
        var address = await AddressBook.RefreshAsync(db, input, utcNow, ct);
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

        await db.SaveChangesAsync(ct);

        Caller? caller = null;
        var timeZone = RegionClock.DefaultTimeZone;
        if (person is not null)
        {
            var regionId = await db.RoleAssignments.Where(r => r.PersonId == person.Id).Select(r => (int?)r.RegionId).FirstOrDefaultAsync(ct);
            if (regionId is not null)
            {
                timeZone = await db.Regions.Where(r => r.Id == regionId).Select(r => r.TimeZone).FirstOrDefaultAsync(ct) ?? timeZone;
            }

            caller = await CallerLoader.LoadAsync(db, person, RegionClock.Today(time, timeZone), ct);
        }

        var scope = new TurnScope(input, caller, db, RegionClock.Today(time, timeZone), utcNow, services);
        if (!string.IsNullOrEmpty(input.Verb))
        {
            await RunActionAsync(scope, input.Verb, ct);
        }
        else
        {
            await RunCommandAsync(scope, ct);
        }

        return scope.Output;
    }

    private async Task RunActionAsync(TurnScope scope, string verb, CancellationToken ct)
    {
        if (!actions.TryGetValue(verb, out var action))
        {
            logger.LogWarning("Unknown card verb {Verb}", verb);
            scope.Refuse(Texts.UnknownAction);
            return;
        }

        if (scope.Caller is null)
        {
            scope.Refuse(Texts.UnknownPerson);
            return;
        }

        await action.HandleAsync(scope, ct);
    }

    private async Task RunCommandAsync(TurnScope scope, CancellationToken ct)
    {
        var raw = scope.Input.Text ?? "";
        if (raw.Length > MaxTextLength)
        {
            scope.Say(Texts.TooLong(MaxTextLength));
            return;
        }

        var text = new ChatText(raw);
        var command = commands.FirstOrDefault(c => c.Matches(text));
        if (command is null)
        {
            scope.Say(scope.Caller is null ? Texts.UnknownPerson : Texts.NotUnderstood);
            return;
        }

        if (scope.Caller is null && !command.AllowsUnknownCaller)
        {
            scope.Say(Texts.UnknownPerson);
            return;
        }

        await command.HandleAsync(scope, text, ct);
    }
}
