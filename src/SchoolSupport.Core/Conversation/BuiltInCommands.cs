using Microsoft.EntityFrameworkCore;
using SchoolSupport.Cards;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;

namespace SchoolSupport.Conversation;

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
        var lines = HelpCatalog.For(scope.Caller.RoleMask).Select(e => new HelpLine(e.Command, e.Description)).ToList();
        scope.Show(CardNames.Help, new HelpCard(
            "Что я умею",
            lines,
            $"{scope.Caller.Person.FullName}, вы — {roles}. Напишите команду, например:"));
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
            scope.Show(CardNames.WhoAmI, new WhoAmICard(scope.Input.UserName ?? "Гость", false, [], null, null, [], Texts.UnknownPerson));
            return;
        }

        var regionIds = caller.Roles.Select(r => r.RegionId).Distinct().ToList();
        var regions = await scope.Db.Regions.AsNoTracking().Where(r => regionIds.Contains(r.Id)).Select(r => r.Name).ToListAsync(ct);
        var municipalityIds = caller.Roles.Where(r => r.Role == Role.MunicipalCoordinator && r.MunicipalityId != null)
            .Select(r => r.MunicipalityId!.Value).Distinct().ToList();
        var municipalities = await scope.Db.Municipalities.AsNoTracking().Where(m => municipalityIds.Contains(m.Id)).Select(m => m.Name).ToListAsync(ct);
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
            municipalities.Count == 0 ? null : string.Join(", ", municipalities),
            schools));
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
