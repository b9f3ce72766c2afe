using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SchoolSupport.Cards;
using SchoolSupport.Conversation;
using SchoolSupport.Data;
using SchoolSupport.Outbox;

namespace SchoolSupport.People;

/// <summary>
/// «привязать KX7M-P4QH-R9TB-W3NC»: links the Teams account to the person a coordinator issued the code for. Failed
/// attempts are counted per account and per code; an account over the limit is refused for a while even with the
/// right code. Re-linking a person who already has another account needs «подтвердить привязку».
/// </summary>
public sealed partial class LinkCommand : IChatCommand, IDeclaredCommand
{
    public static IReadOnlyList<CommandDeclaration> Declarations { get; } =
    [
        new()
        {
            Name = "link",
            Roles = CommandRoles.Everyone,
            Example = "привязать код",
            Help = "привязать учётную запись Teams по коду от координатора",
            Prefixes = ["привязать", "привязка", "код"],
            Phrases = ["привяжи меня", "ввести код"],
            Slots = CommandSlots.Text,
            AllowsUnknownCaller = true,
            InHelp = false,
        },
    ];

    public async Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct)
    {
        var linking = LinkingContext.From(scope);
        var normalized = InviteCodeHasher.Normalize(CommandWords().Replace(text.Original, ""));
        if (normalized is null)
        {
            scope.Say(LinkTexts.HowTo);
            return;
        }

        if (await linking.LockedOutAsync(ct) is { } locked)
        {
            scope.Say(locked);
            return;
        }

        var selector = InviteCodeHasher.SelectorOf(normalized);
        var invite = await scope.Db.InviteCodes.AsNoTracking().FirstOrDefaultAsync(i => i.Selector == selector, ct);
        if (invite is null || !linking.Hasher.Matches(normalized, invite.CodeHash))
        {
            scope.Say(await linking.FailAsync(invite, ct));
            return;
        }

        if (invite.UsedAt is not null || invite.ExpiresAt < scope.UtcNow || invite.FailedAttempts >= linking.Options.MaxFailuresPerCode)
        {
            await linking.FailAsync(invite, ct);
            scope.Say(LinkTexts.Void);
            return;
        }

        await linking.BeginAsync(invite, ct);
    }

    /// <summary>The words before the code («привязать», «код»), whatever the case.</summary>
    [GeneratedRegex(@"^[\s\p{IsCyrillic}:«»""'.,]+")]
    private static partial Regex CommandWords();
}

/// <summary>«подтвердить привязку» / «отменить привязку»: the answer to the re-link confirmation card.</summary>
public sealed class ConfirmLinkCommand : IChatCommand, IDeclaredCommand
{
    public const string Confirm = "подтвердить привязку";
    public const string Cancel = "отменить привязку";

    /// <summary>How long the confirmation card stays valid.</summary>
    public static readonly TimeSpan PendingFor = TimeSpan.FromMinutes(30);

    public static IReadOnlyList<CommandDeclaration> Declarations { get; } =
    [
        new()
        {
            Name = "link.confirm",
            Roles = CommandRoles.Everyone,
            Example = Confirm,
            Help = "ответ на вопрос о повторной привязке: подтвердить или «отменить привязку»",
            Phrases = [Cancel],
            AllowsUnknownCaller = true,
            InHelp = false,
        },
    ];

    public async Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct)
    {
        var linking = LinkingContext.From(scope);
        var account = linking.AccountKey;
        var invite = await scope.Db.InviteCodes.AsNoTracking()
            .Where(i => i.PendingAccount == account && i.UsedAt == null && i.ExpiresAt >= scope.UtcNow)
            .OrderByDescending(i => i.Id)
            .FirstOrDefaultAsync(ct);
        if (invite is null)
        {
            scope.Say("Нечего подтверждать: напишите «привязать» и код, который выдал координатор.");
            return;
        }

        if (text.Is(Cancel) || text.HasStem("отмен", "отказ"))
        {
            await scope.Db.InviteCodes.Where(i => i.Id == invite.Id && i.PendingAccount == account)
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.PendingAccount, (string?)null), ct);
            scope.Say("Привязка отменена, ничего не изменено. Код можно использовать, пока он не истёк.");
            return;
        }

        if (await linking.LockedOutAsync(ct) is { } locked)
        {
            scope.Say(locked);
            return;
        }

        await linking.RedeemAsync(invite, ct);
    }
}

/// <summary>
/// «код привязки ivanova@school.ru»: a coordinator issues a one-time code for a person all of whose roles are in the
/// coordinator's scope, who then writes «привязать …» from their own Teams account.
/// </summary>
public sealed partial class IssueInviteCommand : IChatCommand, IDeclaredCommand
{
    public const string CoordinatorsOnly = "Коды привязки выдают региональные и муниципальные координаторы.";

    public static IReadOnlyList<CommandDeclaration> Declarations { get; } =
    [
        new()
        {
            Name = "invite.issue",
            Roles = CommandRoles.Coordinators,
            Example = "код привязки ivanova@school.ru",
            Help = "выдать участнику одноразовый код для входа в бота",
            Prefixes = ["код привязки", "выдать код", "выдать код привязки"],
            Phrases = ["выдай код привязки", "сгенерировать код привязки"],
            Slots = CommandSlots.Person,
            NotAllowed = CoordinatorsOnly,
        },
    ];

    public async Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct)
    {
        var caller = scope.Caller!;
        if (!caller.IsCoordinator)
        {
            scope.Say(CoordinatorsOnly);
            return;
        }

        var email = EmailPattern().Match(text.Original);
        if (!email.Success)
        {
            scope.Say("Напишите «код привязки» и рабочую почту человека, например «код привязки ivanova@school.ru».");
            return;
        }

        var address = email.Value.ToLowerInvariant();
        var person = await scope.Db.People.AsNoTracking().Include(p => p.Roles).FirstOrDefaultAsync(p => p.Email == address, ct);
        if (person is null || person.Roles.Count == 0 || !person.Roles.Any(r => InScope(caller, r)))
        {
            scope.Say($"Не нашёл {address} среди участников вашего региона или района. Проверьте адрес или добавьте человека.");
            return;
        }

        // Redeeming a code grants every role of the person: a coordinator may only hand out what is theirs to give.
        if (!person.Roles.All(r => InScope(caller, r)))
        {
            scope.Services.GetRequiredService<ILoggerFactory>().CreateLogger<IssueInviteCommand>()
                .LogWarning("Invite code for person {PersonId} refused to {IssuerId}: some roles are outside the issuer's scope", person.Id, caller.Person.Id);
            scope.Say($"{person.FullName} работает и за пределами вашего района или региона, поэтому выдать код может только " +
                      "координатор, в ведении которого все роли этого человека (обычно региональный координатор).");
            return;
        }

        if (!person.IsActive)
        {
            scope.Say($"{person.FullName} деактивирован(а) в списке участников: код не выдан.");
            return;
        }

        var options = scope.Services.GetRequiredService<IOptions<InviteCodeOptions>>().Value;
        var hasher = scope.Services.GetRequiredService<InviteCodeHasher>();
        await InviteCodePruning.PruneAsync(scope.Db, scope.UtcNow, options, ct);

        string code;
        for (var attempt = 0; ; attempt++)
        {
            code = InviteCodeHasher.NewCode();
            var normalized = InviteCodeHasher.Normalize(code)!;
            var selector = InviteCodeHasher.SelectorOf(normalized);
            if (await scope.Db.InviteCodes.AnyAsync(i => i.Selector == selector, ct) && attempt < 20)
            {
                continue;
            }

            scope.Db.InviteCodes.Add(new InviteCode
            {
                PersonId = person.Id,
                CodeHash = hasher.Hash(normalized),
                Selector = selector,
                CreatedAt = scope.UtcNow,
                CreatedByPersonId = caller.Person.Id,
                ExpiresAt = scope.UtcNow + options.Lifetime,
            });
            try
            {
                await scope.Db.SaveChangesAsync(ct);
                break;
            }
            catch (DbUpdateException) when (attempt < 20)
            {
                // Another code with the same first group was issued at the same moment: draw again.
                scope.Db.ChangeTracker.Clear();
            }
        }

        var hours = (int)Math.Round(options.Lifetime.TotalHours);
        scope.Say($"Код привязки для {person.FullName}: {code}. Он действует {hours.ToString(CultureInfo.InvariantCulture)} ч и подходит один раз: " +
                  $"пусть человек напишет боту «привязать {code}» из своей учётной записи Teams. Никому больше код не сообщайте.");
    }

    /// <summary>Whether one role of the target lies inside the issuer's scope.</summary>
    internal static bool InScope(Caller issuer, RoleAssignment role) => role switch
    {
        { Role: Role.RegionalCoordinator } => issuer.CoversRegion(role.RegionId),
        { Role: Role.MunicipalCoordinator, MunicipalityId: { } m } => issuer.CoversMunicipality(m),
        { SchoolId: { } s } => issuer.Schools.TryGetValue(s, out var school)
                               && school.Via.Any(v => v is Role.RegionalCoordinator or Role.MunicipalCoordinator),
        { MunicipalityId: { } m } => issuer.CoversMunicipality(m),
        _ => issuer.CoversRegion(role.RegionId),
    };

    [GeneratedRegex(@"[^\s<>()«»""',;:]+@[^\s<>()«»""',;:]+\.[^\s<>()«»""',;:]+")]
    private static partial Regex EmailPattern();
}

internal static class LinkTexts
{
    public const string HowTo =
        "Напишите «привязать» и код из 16 знаков, который выдал координатор, например «привязать KX7M-P4QH-R9TB-W3NC».";

    public const string Wrong = "Код не подошёл. Проверьте его (буквы латинские, без 0, O, 1, I, L) или попросите координатора выдать новый.";

    public const string Void = "Код не подошёл: он уже использован, истёк или заблокирован после неверных попыток. Попросите координатора выдать новый.";

    public static string LockedOut(TimeSpan wait) =>
        $"Слишком много неверных попыток привязки. С этой учётной записи можно будет попробовать снова через {Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes)).ToString(CultureInfo.InvariantCulture)} мин. " +
        "Если код у вас верный, подождите; если нет — попросите координатора выдать новый.";
}

/// <summary>The steps of a link shared by the commands: attempt limits, the confirmation, the redemption itself.</summary>
internal sealed class LinkingContext
{
    private readonly TurnScope scope;
    private readonly ILogger logger;

    private LinkingContext(TurnScope scope)
    {
        this.scope = scope;
        Options = scope.Services.GetRequiredService<IOptions<InviteCodeOptions>>().Value;
        Hasher = scope.Services.GetRequiredService<InviteCodeHasher>();
        logger = scope.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SchoolSupport.People.Linking");
    }

    public InviteCodeOptions Options { get; }
    public InviteCodeHasher Hasher { get; }

    public string AccountKey => AccountOf(scope.Input.ChannelId, scope.Input.UserId);

    public static LinkingContext From(TurnScope scope) => new(scope);

    public static string AccountOf(string channelId, string userId)
    {
        var key = channelId + "|" + userId;
        return key.Length <= 300 ? key : key[..300];
    }

    private string ChannelId => Fit(scope.Input.ChannelId, 50);
    private string UserId => Fit(scope.Input.UserId, 200);

    /// <summary>The refusal while the account is over the failure limit, else null.</summary>
    public async Task<string?> LockedOutAsync(CancellationToken ct)
    {
        var since = scope.UtcNow - Options.LockoutWindow;
        var recent = await scope.Db.InviteCodeAttempts.AsNoTracking()
            .Where(a => a.ChannelId == ChannelId && a.UserId == UserId && a.At > since)
            .OrderByDescending(a => a.At)
            .Select(a => a.At)
            .Take(Options.MaxFailuresPerAccount)
            .ToListAsync(ct);
        if (recent.Count < Options.MaxFailuresPerAccount)
        {
            return null;
        }

        logger.LogWarning("Invite code refused to locked-out account {ChannelId} {UserId}: {Failures} failures within {Window}",
            ChannelId, UserId, recent.Count, Options.LockoutWindow);
        return LinkTexts.LockedOut(recent[^1] + Options.LockoutWindow - scope.UtcNow);
    }

    /// <summary>Counts a failed attempt for the account and, when the first group matched a code, for that code.</summary>
    public async Task<string> FailAsync(InviteCode? invite, CancellationToken ct)
    {
        scope.Db.InviteCodeAttempts.Add(new InviteCodeAttempt { ChannelId = ChannelId, UserId = UserId, At = scope.UtcNow, InviteCodeId = invite?.Id });
        await scope.Db.SaveChangesAsync(ct);
        if (invite is not null)
        {
            await scope.Db.InviteCodes.Where(i => i.Id == invite.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.FailedAttempts, i => i.FailedAttempts + 1), ct);
        }

        var since = scope.UtcNow - Options.LockoutWindow;
        var failures = await scope.Db.InviteCodeAttempts.CountAsync(a => a.ChannelId == ChannelId && a.UserId == UserId && a.At > since, ct);
        logger.LogWarning("Failed invite code attempt from {ChannelId} {UserId} (code {InviteCodeId}): {Failures} of {Limit} within {Window}",
            ChannelId, UserId, invite?.Id, failures, Options.MaxFailuresPerAccount, Options.LockoutWindow);
        if (failures >= Options.MaxFailuresPerAccount)
        {
            return LinkTexts.LockedOut(Options.LockoutWindow);
        }

        var left = Options.MaxFailuresPerAccount - failures;
        return $"{LinkTexts.Wrong} Осталось попыток: {left.ToString(CultureInfo.InvariantCulture)}.";
    }

    /// <summary>A right, live code: link at once, or ask first when the person already has another account.</summary>
    public async Task BeginAsync(InviteCode invite, CancellationToken ct)
    {
        var person = await scope.Db.People.AsNoTracking().FirstAsync(p => p.Id == invite.PersonId, ct);
        if (scope.Caller is not null && scope.Caller.Person.Id != person.Id)
        {
            scope.Say("Эта учётная запись уже привязана к другому человеку. Обратитесь к координатору.");
            return;
        }

        if (await PreviousAccountsAsync(person, ct) is { Count: > 0 })
        {
            var account = AccountKey;
            await scope.Db.InviteCodes.Where(i => i.Id == invite.Id && i.UsedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.PendingAccount, account), ct);
            scope.Show(CardNames.Message, new MessageCard(
                "Подтвердите привязку",
                $"{person.FullName} уже привязан(а) к другой учётной записи Teams. Если привязать эту, прежняя учётная запись " +
                "перестанет действовать и получит уведомление. Подтвердите, только если это ваша учётная запись.",
                MessageStyle.Attention)
            {
                Actions =
                [
                    new CardAction("Привязать эту учётную запись", "say", new Dictionary<string, object?> { ["text"] = ConfirmLinkCommand.Confirm }),
                    new CardAction("Отмена", "say", new Dictionary<string, object?> { ["text"] = ConfirmLinkCommand.Cancel }),
                ],
            });
            return;
        }

        await RedeemAsync(invite, ct);
    }

    /// <summary>
    /// Uses the code (a conditional update: of two simultaneous redemptions exactly one wins), moves the person to
    /// this account, records the link and tells the account that was linked before.
    /// </summary>
    public async Task RedeemAsync(InviteCode invite, CancellationToken ct)
    {
        var db = scope.Db;
        var input = scope.Input;
        var now = scope.UtcNow;
        var maxFailures = Options.MaxFailuresPerCode;
        List<ConversationAddress> previous;
        Person person;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var claimed = await db.InviteCodes
                .Where(i => i.Id == invite.Id && i.UsedAt == null && i.ExpiresAt >= now && i.FailedAttempts < maxFailures)
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.UsedAt, now).SetProperty(i => i.PendingAccount, (string?)null), ct);
            if (claimed == 0)
            {
                await tx.RollbackAsync(ct);
                scope.Say(LinkTexts.Void);
                return;
            }

            person = await db.People.FirstAsync(p => p.Id == invite.PersonId, ct);
            previous = await PreviousAccountsAsync(person, ct);
            var mine = await db.ConversationAddresses.Where(a => a.ChannelId == input.ChannelId && a.UserId == input.UserId).ToListAsync(ct);
            foreach (var a in mine)
            {
                a.PersonId = person.Id;
            }

            foreach (var a in previous)
            {
                a.PersonId = null;
            }

            // The previous account must not be recognised again by its Entra object id.
            if (previous.Count > 0 && person.AadObjectId is not null && person.AadObjectId != input.AadObjectId)
            {
                person.AadObjectId = null;
            }

            if (person.AadObjectId is null && !string.IsNullOrEmpty(input.AadObjectId) && input.ChannelId == "msteams"
                && !await db.People.AnyAsync(p => p.AadObjectId == input.AadObjectId && p.Id != person.Id, ct))
            {
                person.AadObjectId = input.AadObjectId;
            }

            db.PersonLinks.Add(new PersonLink
            {
                PersonId = person.Id,
                InviteCodeId = invite.Id,
                IssuedByPersonId = invite.CreatedByPersonId,
                IssuedAt = invite.CreatedAt,
                LinkedAt = now,
                RedeemedByPersonId = scope.Caller?.Person.Id,
                ChannelId = ChannelId,
                UserId = UserId,
                AadObjectId = FitOrNull(input.AadObjectId, 100),
                TenantId = FitOrNull(input.TenantId, 100),
                PreviousUserId = previous.Count == 0 ? null : Fit(string.Join(", ", previous.Select(a => a.UserId).Distinct()), 200),
            });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }

        logger.LogInformation("Account {ChannelId} {UserId} linked to person {PersonId} with invite code {InviteCodeId} issued by {IssuerId}",
            ChannelId, UserId, person.Id, invite.Id, invite.CreatedByPersonId);
        await NotifyPreviousAsync(person, previous, ct);
        scope.Say($"Готово, {person.FullName}: учётная запись привязана. Напишите «помощь», чтобы начать.");
    }

    /// <summary>The person's addresses on other accounts than the one writing now.</summary>
    private Task<List<ConversationAddress>> PreviousAccountsAsync(Person person, CancellationToken ct)
    {
        var channel = scope.Input.ChannelId;
        var user = scope.Input.UserId;
        return scope.Db.ConversationAddresses
            .Where(a => a.PersonId == person.Id && !(a.ChannelId == channel && a.UserId == user))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Tells the account that was linked before, right away and directly: once unlinked it is no longer the person's
    /// address, so the outbox (which delivers to people) could not reach it. Best effort, bounded, logged.
    /// </summary>
    private async Task NotifyPreviousAsync(Person person, IReadOnlyList<ConversationAddress> previous, CancellationToken ct)
    {
        var sender = scope.Services.GetService<IProactiveSender>();
        if (sender is null)
        {
            return;
        }

        foreach (var a in previous.Where(a => a.IsActive))
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            try
            {
                var outcome = await sender.SendAsync(new ProactiveMessage
                {
                    Address = new ProactiveAddress
                    {
                        ChannelId = a.ChannelId,
                        ServiceUrl = a.ServiceUrl,
                        ConversationId = a.ConversationId,
                        UserId = a.UserId,
                        TenantId = a.TenantId,
                        BotId = a.BotId,
                        Locale = a.Locale,
                    },
                    IdempotencyKey = $"relink:{person.Id.ToString(CultureInfo.InvariantCulture)}:{a.Id.ToString(CultureInfo.InvariantCulture)}:{scope.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture)}",
                    Kind = DeliveryKind.Other,
                    Text = $"Учётная запись {person.FullName} в боте «500+» привязана к другой учётной записи Teams, эта больше не действует. " +
                           "Если это сделали не вы, сразу сообщите координатору.",
                }, timeout.Token);
                logger.LogInformation("Previous account {UserId} of person {PersonId} told about the re-link: {Outcome}", a.UserId, person.Id, outcome.GetType().Name);
            }
            catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or InvalidOperationException)
            {
                logger.LogWarning(ex, "Could not tell the previous account {UserId} of person {PersonId} about the re-link", a.UserId, person.Id);
            }
        }
    }

    private static string Fit(string value, int max) => value.Length <= max ? value : value[..max];

    private static string? FitOrNull(string? value, int max) => value is null ? null : Fit(value, max);
}

/// <summary>Removes used and expired codes and old failed attempts; run when a code is issued and periodically.</summary>
public static class InviteCodePruning
{
    public static async Task<int> PruneAsync(SchoolSupportDbContext db, DateTime utcNow, InviteCodeOptions options, CancellationToken ct)
    {
        var limit = options.MaxFailuresPerCode;
        var codes = await db.InviteCodes.Where(i => i.UsedAt != null || i.ExpiresAt < utcNow || i.FailedAttempts >= limit).ExecuteDeleteAsync(ct);
        var keepAttemptsFrom = utcNow - options.LockoutWindow - TimeSpan.FromDays(1);
        await db.InviteCodeAttempts.Where(a => a.At < keepAttemptsFrom).ExecuteDeleteAsync(ct);
        return codes;
    }
}
