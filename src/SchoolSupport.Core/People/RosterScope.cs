using Microsoft.EntityFrameworkCore;
using SchoolSupport.Conversation;
using SchoolSupport.Data;
using SchoolSupport.Schools;

namespace SchoolSupport.People;

/// <summary>
/// Who a coordinator may change on the roster. Used both when the command is understood and again when its card is
/// confirmed, so a card whose ids were edited is judged exactly like a command naming those people and schools.
/// </summary>
public static class RosterScope
{
    /// <summary>Schools the caller reaches as a coordinator; a coordinator who is also a curator gains nothing from that.</summary>
    public static bool ManagesSchool(Caller caller, int schoolId) =>
        caller.Schools.TryGetValue(schoolId, out var school)
        && school.Via.Any(r => r is Role.RegionalCoordinator or Role.MunicipalCoordinator);

    public static IEnumerable<SchoolScope> ManagedSchools(Caller caller) =>
        caller.Schools.Values.Where(s => s.Via.Any(r => r is Role.RegionalCoordinator or Role.MunicipalCoordinator));

    /// <summary>
    /// A person may be switched off by a coordinator who covers every role they hold: a regional coordinator their
    /// region, a municipal coordinator only people whose schools all lie in the district. Nobody switches off themselves.
    /// </summary>
    public static bool CanDeactivate(Caller caller, Person person, IReadOnlyList<RoleAssignment> roles)
    {
        if (person.Id == caller.Person.Id || roles.Count == 0)
        {
            return false;
        }

        return roles.All(r => caller.CoversRegion(r.RegionId)
                              || (r.Role is Role.Curator or Role.Director or Role.Consultant
                                  && r.SchoolId is { } schoolId && ManagesSchool(caller, schoolId)));
    }

    /// <summary>An active curator of the school's region: who can be assigned there.</summary>
    public static Task<bool> IsCuratorInRegionAsync(SchoolSupportDbContext db, int personId, int regionId, CancellationToken ct) =>
        db.RoleAssignments.AsNoTracking().AnyAsync(
            r => r.PersonId == personId && r.Role == Role.Curator && r.RegionId == regionId
                 && db.People.Any(p => p.Id == personId && p.IsActive), ct);

    /// <summary>
    /// The school a coordinator names in chat («ЛО-002», «277», «Толмачёвская СОШ»), among the schools they manage:
    /// by code, by the number in its name, or by words of its name. Several matches are reported, never guessed.
    /// </summary>
    public static async Task<(School? School, string? Problem)> FindSchoolAsync(
        SchoolSupportDbContext db, Caller caller, string named, CancellationToken ct)
    {
        var ids = ManagedSchools(caller).Select(s => s.SchoolId).ToList();
        var schools = await db.Schools.AsNoTracking().Where(s => ids.Contains(s.Id)).ToListAsync(ct);
        var words = new ChatText(named).Words.Where(w => w is not ("№" or "n" or "no")).ToList();
        if (words.Count == 0)
        {
            return (null, "Укажите школу: код, номер или название, например «за школой ЛО-002».");
        }

        var wanted = string.Join(' ', words);
        var matches = schools.Where(s => s.Code is { } code && ChatText.Normalize(code) == wanted).ToList();
        if (matches.Count == 0 && words is [var only] && only.All(char.IsAsciiDigit))
        {
            matches = schools.Where(s => s.Number == only || ChatText.Normalize(s.Name).Split(' ').Contains(only)).ToList();
        }

        if (matches.Count == 0)
        {
            matches = schools.Where(s =>
            {
                var name = ChatText.Normalize(s.Name + " " + s.ShortName);
                return words.All(w => name.Contains(w, StringComparison.Ordinal));
            }).ToList();
        }

        return matches.Count switch
        {
            1 => (matches[0], null),
            0 => (null, $"Не нашёл школу «{named.Trim()}» среди школ, которые вы координируете."),
            _ => (null, $"Под «{named.Trim()}» подходят несколько школ: {string.Join(", ", matches.Take(5).Select(Label))}. Укажите код школы."),
        };
    }

    /// <summary>
    /// A person named by e-mail or by full name (a leading part of it is enough when it is unique) among the active
    /// people of the caller's regions.
    /// </summary>
    public static async Task<(Person? Person, string? Problem)> FindPersonAsync(
        SchoolSupportDbContext db, Caller caller, string named, Role? role, CancellationToken ct)
    {
        var regionIds = caller.RegionIds.ToList();
        var query = db.People.AsNoTracking().Where(p => p.IsActive
            && db.RoleAssignments.Any(r => r.PersonId == p.Id && regionIds.Contains(r.RegionId) && (role == null || r.Role == role)));
        var text = named.Trim();
        if (text.Contains('@', StringComparison.Ordinal))
        {
            var email = text.ToLowerInvariant();
            var byEmail = await query.FirstOrDefaultAsync(p => p.Email == email, ct);
            return byEmail is null ? (null, $"Не нашёл {email} среди {Whom(role)} вашего региона.") : (byEmail, null);
        }

        var wanted = ChatText.Normalize(text);
        if (wanted.Split(' ').Length < 2)
        {
            return (null, "Укажите фамилию и имя или рабочую почту, например «Петрова Анна» или «petrova@school.ru».");
        }

        var people = await query.ToListAsync(ct);
        var matches = people.Where(p =>
        {
            var name = ChatText.Normalize(p.FullName);
            return name == wanted || name.StartsWith(wanted + " ", StringComparison.Ordinal);
        }).ToList();
        return matches.Count switch
        {
            1 => (matches[0], null),
            0 => (null, $"Не нашёл «{text}» среди {Whom(role)} вашего региона."),
            _ => (null, $"«{text}» — таких несколько. Укажите рабочую почту."),
        };
    }

    public static string Label(School school) =>
        school.Code is { Length: > 0 } code ? $"{school.ShortName ?? school.Name} ({code})" : school.ShortName ?? school.Name;

    private static string Whom(Role? role) => role == Role.Curator ? "кураторов" : "участников";
}
