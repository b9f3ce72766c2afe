using Microsoft.EntityFrameworkCore;
using SchoolSupport.Data;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;

namespace SchoolSupport.Audiences;

/// <summary>
/// Resolves an <see cref="Audience"/> to people within the author's scope: a regional coordinator reaches the whole
/// region, a municipal coordinator their municipality. Shared by announcements and surveys.
/// </summary>
public static class AudienceScope
{
    public static bool CanAddress(Caller caller) => caller.IsCoordinator;

    public static async Task<ResolvedAudience> ResolveAsync(
        SchoolSupportDbContext db, Caller author, Audience audience, DateOnly today, AudienceTexts texts, CancellationToken ct)
    {
        if (!CanAddress(author))
        {
            return ResolvedAudience.Refused(texts.OnlyCoordinators);
        }

        if ((audience.Roles & Audience.AllRoles) == RoleMask.None && audience.Emails.Count == 0)
        {
            return ResolvedAudience.Refused(texts.NoRoles);
        }

        var regionIds = author.Roles.Where(r => r.Role == Role.RegionalCoordinator).Select(r => r.RegionId).Distinct().ToList();
        var isRegional = regionIds.Count > 0;
        if (!isRegional && audience.Roles.HasFlag(RoleMask.RegionalCoordinator))
        {
            return ResolvedAudience.Refused(texts.NoRegionalFromMunicipal);
        }

        var allowedMunicipalities = isRegional
            ? await db.Municipalities.AsNoTracking().Where(m => regionIds.Contains(m.RegionId)).Select(m => m.Id).ToListAsync(ct)
            : author.Roles.Where(r => r.Role == Role.MunicipalCoordinator && r.MunicipalityId != null).Select(r => r.MunicipalityId!.Value).Distinct().ToList();
        if (isRegional)
        {
            // A person who is regional coordinator somewhere and municipal coordinator elsewhere keeps both scopes.
            allowedMunicipalities.AddRange(author.Roles.Where(r => r.Role == Role.MunicipalCoordinator && r.MunicipalityId != null).Select(r => r.MunicipalityId!.Value));
        }

        var foreignMunicipality = audience.MunicipalityIds.FirstOrDefault(id => !allowedMunicipalities.Contains(id));
        if (foreignMunicipality != 0)
        {
            return ResolvedAudience.Refused(texts.ForeignMunicipality);
        }

        var scopeSchools = author.Schools.Values
            .Where(s => s.Via.Contains(Role.RegionalCoordinator) || s.Via.Contains(Role.MunicipalCoordinator))
            .ToList();
        if (audience.SchoolIds.Any(id => scopeSchools.All(s => s.SchoolId != id)))
        {
            return ResolvedAudience.Refused(texts.ForeignSchool);
        }

        var schools = scopeSchools
            .Where(s => audience.MunicipalityIds.Count == 0 || (s.MunicipalityId is { } m && audience.MunicipalityIds.Contains(m)))
            .Where(s => audience.Cohorts.Count == 0 || audience.Cohorts.Contains(s.Cohort))
            .Where(s => audience.SchoolIds.Count == 0 || audience.SchoolIds.Contains(s.SchoolId))
            .ToList();
        var schoolIds = schools.Select(s => s.SchoolId).ToList();
        var narrowedBySchool = audience.Cohorts.Count > 0 || audience.SchoolIds.Count > 0;
        var municipalityIds = narrowedBySchool
            ? schools.Where(s => s.MunicipalityId != null).Select(s => s.MunicipalityId!.Value).Distinct().ToList()
            : audience.MunicipalityIds.Count > 0 ? audience.MunicipalityIds.ToList() : allowedMunicipalities.Distinct().ToList();

        var schoolRoles = new List<Role>();
        foreach (var (mask, role) in new[] { (RoleMask.Curator, Role.Curator), (RoleMask.Director, Role.Director), (RoleMask.Consultant, Role.Consultant) })
        {
            if (audience.Roles.HasFlag(mask))
            {
                schoolRoles.Add(role);
            }
        }

        var wantMunicipal = audience.Roles.HasFlag(RoleMask.MunicipalCoordinator);
        var wantRegional = audience.Roles.HasFlag(RoleMask.RegionalCoordinator) && isRegional && !narrowedBySchool && audience.MunicipalityIds.Count == 0;
        var rows = await ActiveRoles(db, today)
            .Where(r => (schoolRoles.Contains(r.Role) && r.SchoolId != null && schoolIds.Contains(r.SchoolId.Value))
                        || (wantMunicipal && r.Role == Role.MunicipalCoordinator && r.MunicipalityId != null && municipalityIds.Contains(r.MunicipalityId.Value))
                        || (wantRegional && r.Role == Role.RegionalCoordinator && regionIds.Contains(r.RegionId)))
            .Where(r => r.PersonId != author.Person.Id)
            .Join(db.People.Where(p => p.IsActive), r => r.PersonId, p => p.Id, (r, p) => new RoleRow(r.PersonId, r.Role, r.SchoolId, r.MunicipalityId))
            .Distinct()
            .ToListAsync(ct);

        var unknown = new List<string>();
        if (audience.Emails.Count > 0)
        {
            var (named, missing) = await ByEmailAsync(db, author, audience.Emails, scopeSchools.Select(s => s.SchoolId).ToHashSet(), allowedMunicipalities.ToHashSet(), regionIds, today, ct);
            rows.AddRange(named.Where(n => !rows.Contains(n)));
            unknown.AddRange(missing);
        }

        var schoolMunicipality = author.Schools.Values.ToDictionary(s => s.SchoolId, s => s.MunicipalityId);
        var byRole = rows.Select(r => (r.PersonId, r.Role)).Distinct().GroupBy(r => r.Role).ToDictionary(g => g.Key, g => g.Count());
        var members = rows
            .GroupBy(r => r.PersonId)
            .Select(g => Member(g.Key, g.ToList(), schoolMunicipality))
            .OrderBy(m => m.PersonId)
            .ToList();
        return new ResolvedAudience(members, byRole, unknown, null);
    }

    private sealed record RoleRow(int PersonId, Role Role, int? SchoolId, int? MunicipalityId);

    private static IQueryable<RoleAssignment> ActiveRoles(SchoolSupportDbContext db, DateOnly today) =>
        db.RoleAssignments.AsNoTracking().Where(r => (r.ValidFrom == null || r.ValidFrom <= today) && (r.ValidTo == null || r.ValidTo >= today));

    /// <summary>A person counts once, through their highest role; their school and municipality when there is just one.</summary>
    private static AudienceMember Member(int personId, IReadOnlyList<RoleRow> roles, IReadOnlyDictionary<int, int?> schoolMunicipality)
    {
        var role = roles.Select(r => r.Role).OrderBy(Rank).First();
        var own = roles.Where(r => r.Role == role).ToList();
        var schools = own.Where(r => r.SchoolId != null).Select(r => r.SchoolId!.Value).Distinct().ToList();
        int? school = schools.Count == 1 ? schools[0] : null;
        var municipalities = own
            .Select(r => r.MunicipalityId ?? (r.SchoolId is { } s && schoolMunicipality.TryGetValue(s, out var m) ? m : null))
            .Where(m => m != null).Distinct().ToList();
        return new AudienceMember(personId, role, school, municipalities.Count == 1 ? municipalities[0] : null);
    }

    private static async Task<(List<RoleRow> Named, List<string> Missing)> ByEmailAsync(
        SchoolSupportDbContext db, Caller author, IReadOnlyList<string> emails, HashSet<int> schools, HashSet<int> municipalities, List<int> regions, DateOnly today, CancellationToken ct)
    {
        var wanted = emails.Select(e => e.Trim().ToLowerInvariant()).Where(e => e.Length > 0).Distinct().ToList();
        var people = await db.People.AsNoTracking().Where(p => p.IsActive && p.Email != null && wanted.Contains(p.Email) && p.Id != author.Person.Id)
            .Select(p => new { p.Id, p.Email }).ToListAsync(ct);
        var ids = people.Select(p => p.Id).ToList();
        var roles = await ActiveRoles(db, today).Where(r => ids.Contains(r.PersonId)).ToListAsync(ct);
        var named = roles
            .Where(r => (r.SchoolId is { } s && schools.Contains(s))
                        || (r.Role == Role.MunicipalCoordinator && r.MunicipalityId is { } m && municipalities.Contains(m))
                        || (r.Role == Role.RegionalCoordinator && regions.Contains(r.RegionId)))
            .Select(r => new RoleRow(r.PersonId, r.Role, r.SchoolId, r.MunicipalityId))
            .Distinct()
            .ToList();
        var found = named.Select(n => n.PersonId).ToHashSet();
        var missing = wanted.Where(e => people.FirstOrDefault(p => p.Email == e) is not { } p || !found.Contains(p.Id)).ToList();
        return (named, missing);
    }

    private static int Rank(Role role) => role switch
    {
        Role.Director => 0,
        Role.Curator => 1,
        Role.Consultant => 2,
        Role.MunicipalCoordinator => 3,
        _ => 4,
    };
}
