using Microsoft.EntityFrameworkCore;
using SchoolSupport.Cards;
using SchoolSupport.Conversation;
using SchoolSupport.Status;

namespace SchoolSupport.People;

/// <summary>«кто я»: how the bot sees the person — roles, region, district and assigned schools.</summary>
public sealed class WhoAmICommand : IChatCommand, IDeclaredCommand
{
    public static IReadOnlyList<CommandDeclaration> Declarations { get; } =
    [
        new()
        {
            Name = "whoami",
            Roles = CommandRoles.Everyone,
            Example = "кто я",
            Help = "как бот вас видит: роль, регион, школы",
            Phrases = ["whoami", "who am i", "мой профиль", "профиль", "мои данные", "моя роль", "какая у меня роль"],
            AllowsUnknownCaller = true,
            Verb = "whoami",
            Places = CommandPlaces.WelcomeButton,
        },
    ];

    public async Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct)
    {
        if (scope.Caller is not { } caller)
        {
            scope.Show(CardNames.WhoAmI, new WhoAmICard(scope.Input.UserName ?? "Гость", false, [], null, null, [], Texts.UnknownPerson));
            return;
        }

        var regionIds = caller.Roles.Select(r => r.RegionId).Distinct().ToList();
        var regions = await scope.Db.Regions.AsNoTracking().Where(r => regionIds.Contains(r.Id)).Select(r => r.Name).ToListAsync(ct);
        var municipalityIds = caller.Roles.Where(r => r.Role == Role.MunicipalCoordinator && r.MunicipalityId != null)
            .Select(r => r.MunicipalityId!.Value).Distinct().ToList();
        // A municipal coordinator sees the district they answer for and how many schools the bot counts in it.
        var municipalities = await scope.Db.Municipalities.AsNoTracking().Where(m => municipalityIds.Contains(m.Id))
            .OrderBy(m => m.Name)
            .Select(m => new { m.Name, Schools = scope.Db.Schools.Count(s => s.MunicipalityId == m.Id) })
            .ToListAsync(ct);
        var roles = caller.Roles.Select(r => r.Role).Distinct().OrderBy(r => r).Select(r => Capitalize(RoleNames.Russian(r))).ToList();

        // Coordinators reach whole districts or regions; listing every school there would say nothing.
        var schools = caller.Roles.Where(r => r.SchoolId is not null && r.Role is not (Role.RegionalCoordinator or Role.MunicipalCoordinator))
            .Select(r => caller.Schools.TryGetValue(r.SchoolId!.Value, out var s) ? s.Name : null)
            .OfType<string>().Distinct().OrderBy(n => n, StringComparer.Ordinal).Select(n => new WhoAmISchool(n)).ToList();
        scope.Show(CardNames.WhoAmI, new WhoAmICard(
            caller.Person.FullName,
            true,
            roles,
            regions.Count == 0 ? null : string.Join(", ", regions),
            municipalities.Count == 0 ? null : string.Join(", ", municipalities.Select(m => $"{m.Name} — {RussianFormat.Schools(m.Schools)}")),
            schools));
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
