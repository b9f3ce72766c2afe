using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;

namespace SchoolSupport.Conversation;

public sealed record HelpCard(string Title, string Intro, IReadOnlyList<HelpCard.Line> Commands)
{
    public sealed record Line(string Command, string Description);
}

public sealed record WhoAmICard(bool Linked, string Name, string? Email, IReadOnlyList<WhoAmICard.RoleLine> Roles, IReadOnlyList<string> Schools, string Hint)
{
    public sealed record RoleLine(string Role, string Scope);
}

public sealed class HelpCommand : IChatCommand
{
    public bool AllowsUnknownCaller => true;

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
        var lines = HelpCatalog.For(scope.Caller.RoleMask).Select(e => new HelpCard.Line(e.Command, e.Description)).ToList();
        scope.Show("help", new HelpCard(
            "Что я умею",
            $"{scope.Caller.Person.FullName}, вы — {roles}. Напишите команду или нажмите кнопку:",
            lines));
        return Task.CompletedTask;
    }
}

public sealed class WhoAmICommand : IChatCommand
{
    public bool AllowsUnknownCaller => true;

    public bool Matches(ChatText text) => text.Is("кто я", "whoami", "who am i", "мой профиль", "профиль");

    public async Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct)
    {
        if (scope.Caller is not { } caller)
        {
            scope.Show("whoami", new WhoAmICard(false, scope.Input.UserName ?? "", null, [], [], Texts.UnknownPerson));
            return;
        }

        var regionIds = caller.Roles.Select(r => r.RegionId).Distinct().ToList();
        var regions = await scope.Db.Regions.AsNoTracking().Where(r => regionIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        var municipalityIds = caller.Roles.Where(r => r.MunicipalityId != null).Select(r => r.MunicipalityId!.Value).Distinct().ToList();
        var municipalities = await scope.Db.Municipalities.AsNoTracking().Where(m => municipalityIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);

        var roles = caller.Roles
            .GroupBy(r => (r.Role, r.RegionId, r.MunicipalityId, IsSchoolRole: r.SchoolId != null))
            .Select(g => new WhoAmICard.RoleLine(
                Capitalize(RoleNames.Russian(g.Key.Role)),
                g.Key.Role switch
                {
                    Role.RegionalCoordinator => regions.GetValueOrDefault(g.Key.RegionId, ""),
                    Role.MunicipalCoordinator => g.Key.MunicipalityId is { } m ? municipalities.GetValueOrDefault(m, "") : "",
                    _ => string.Join(", ", g.Select(r => r.SchoolId is { } s && caller.Schools.TryGetValue(s, out var sc) ? sc.Name : "").Where(n => n.Length > 0)),
                }))
            .ToList();

        var schools = caller.Schools.Values.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => s.Name).ToList();
        const int shown = 20;
        var schoolLines = schools.Count <= shown ? schools : [.. schools.Take(shown), $"… и ещё {schools.Count - shown}"];
        scope.Show("whoami", new WhoAmICard(true, caller.Person.FullName, caller.Person.Email, roles, schoolLines,
            "Если здесь что-то неверно, напишите координатору проекта."));
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}

/// <summary>«привязать 123456»: links the Teams account to the person a coordinator issued the code for.</summary>
public sealed partial class LinkCommand : IChatCommand
{
    public bool AllowsUnknownCaller => true;
    public int Priority => 10;

    public bool Matches(ChatText text) => text.StartsWith("привязать", "привязка", "код");

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
