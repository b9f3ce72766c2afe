using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
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

/// <summary>«привязать 123456»: links the Teams account to the person a coordinator issued the code for.</summary>
public sealed partial class LinkCommand : IChatCommand, IDeclaredCommand
{
    public static IReadOnlyList<CommandDeclaration> Declarations { get; } =
    [
        new()
        {
            Name = "link",
            Roles = CommandRoles.Everyone,
            Example = "привязать 123456",
            Help = "привязать учётную запись Teams по коду от координатора",
            Prefixes = ["привязать", "привязка", "код"],
            Phrases = ["привяжи меня", "ввести код"],
            Slots = CommandSlots.Text,
            AllowsUnknownCaller = true,
        },
    ];

    public async Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct)
    {
        var match = CodePattern().Match(text.Normalized);
        if (!match.Success)
        {
            scope.Say("Напишите «привязать» и шестизначный код, который выдал координатор, например «привязать 123456».");
            return;
        }

        var hash = InviteCodes.Hash(match.Groups[1].Value);
        var invite = await scope.Db.InviteCodes.FirstOrDefaultAsync(i => i.CodeHash == hash, ct);
        if (invite is null || invite.UsedAt is not null || invite.ExpiresAt < scope.UtcNow)
        {
            scope.Say("Код не подошёл: он неверный, уже использован или истёк. Попросите координатора выдать новый.");
            return;
        }

        var person = await scope.Db.People.FirstAsync(p => p.Id == invite.PersonId, ct);
        if (scope.Caller is not null && scope.Caller.Person.Id != person.Id)
        {
            scope.Say("Эта учётная запись уже привязана к другому человеку. Обратитесь к координатору.");
            return;
        }

        invite.UsedAt = scope.UtcNow;
        var addresses = await scope.Db.ConversationAddresses
            .Where(a => a.ChannelId == scope.Input.ChannelId && a.UserId == scope.Input.UserId)
            .ToListAsync(ct);
        foreach (var a in addresses)
        {
            a.PersonId = person.Id;
        }

        if (person.AadObjectId is null && !string.IsNullOrEmpty(scope.Input.AadObjectId)
            && !await scope.Db.People.AnyAsync(p => p.AadObjectId == scope.Input.AadObjectId, ct))
        {
            person.AadObjectId = scope.Input.AadObjectId;
        }

        await scope.Db.SaveChangesAsync(ct);
        scope.Say($"Готово, {person.FullName}: учётная запись привязана. Напишите «помощь», чтобы начать.");
    }

    [GeneratedRegex(@"(\d{6})")]
    private static partial Regex CodePattern();
}

public static class InviteCodes
{
    public static string Hash(string code) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("schoolsupport-invite:" + code.Trim())));

    /// <summary>Issues a fresh six-digit code for a person; only its hash is stored.</summary>
    public static (string Code, InviteCode Row) Issue(int personId, int? issuedBy, DateTime utcNow, TimeSpan lifetime)
    {
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        return (code, new InviteCode
        {
            PersonId = personId,
            CodeHash = Hash(code),
            CreatedByPersonId = issuedBy,
            ExpiresAt = utcNow + lifetime,
        });
    }
}

/// <summary>
/// «код привязки ivanova@school.ru»: a coordinator issues a one-time code for a person in their scope, who then
/// writes «привязать 123456» from their own Teams account.
/// </summary>
public sealed partial class IssueInviteCommand : IChatCommand, IDeclaredCommand
{
    public const string CoordinatorsOnly = "Коды привязки выдают региональные и муниципальные координаторы.";

    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

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
        var person = await scope.Db.People.Include(p => p.Roles).FirstOrDefaultAsync(p => p.Email == address, ct);
        var inScope = person is not null && person.Roles.Any(r =>
            caller.CoversRegion(r.RegionId)
            || (r.MunicipalityId is { } m && caller.CoversMunicipality(m))
            || (r.SchoolId is { } s && caller.Schools.ContainsKey(s) && caller.Schools[s].Via.Any(v => v is Role.RegionalCoordinator or Role.MunicipalCoordinator)));
        if (person is null || !inScope)
        {
            scope.Say($"Не нашёл {address} среди участников вашего региона или района. Проверьте адрес или добавьте человека.");
            return;
        }

        var (code, row) = InviteCodes.Issue(person.Id, caller.Person.Id, scope.UtcNow, Lifetime);
        scope.Db.InviteCodes.Add(row);
        await scope.Db.SaveChangesAsync(ct);
        scope.Say($"Код привязки для {person.FullName}: {code}. Он действует 7 дней и подходит один раз: " +
                  $"пусть человек напишет боту «привязать {code}» из своей учётной записи Teams.");
    }

    [GeneratedRegex(@"[^\s<>()«»""',;:]+@[^\s<>()«»""',;:]+\.[^\s<>()«»""',;:]+")]
    private static partial Regex EmailPattern();
}
