using Microsoft.EntityFrameworkCore;
using SchoolSupport.Data;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;

namespace SchoolSupport.Announcements;

/// <summary>
/// Who an announcement goes to: roles, narrowed by municipalities, cohorts and schools (all combinable; an empty list
/// does not narrow). Always limited to the author's own scope.
/// </summary>
public sealed record AnnouncementAudience(
    RoleMask Roles,
    IReadOnlyList<int> MunicipalityIds,
    IReadOnlyList<int> Cohorts,
    IReadOnlyList<int> SchoolIds)
{
    public const RoleMask AnnouncementRoles =
        RoleMask.Curator | RoleMask.Director | RoleMask.Consultant | RoleMask.MunicipalCoordinator | RoleMask.RegionalCoordinator;
}

/// <summary>The resolved recipients, or why the audience is not allowed.</summary>
public sealed record AudienceResult(IReadOnlyList<int> PersonIds, IReadOnlyDictionary<Role, int> ByRole, string? Refusal)
{
    public static AudienceResult Refused(string reason) => new([], new Dictionary<Role, int>(), reason);
}

public static class AudienceResolver
{
    public const string OnlyCoordinators = "Рассылать объявления могут только региональные и муниципальные координаторы.";

    public static bool CanAnnounce(Caller caller) => caller.IsCoordinator;

    public static async Task<AudienceResult> ResolveAsync(
        SchoolSupportDbContext db, Caller author, AnnouncementAudience audience, DateOnly today, CancellationToken ct)
    {
        if (!CanAnnounce(author))
        {
            return AudienceResult.Refused(OnlyCoordinators);
        }

        if ((audience.Roles & AnnouncementAudience.AnnouncementRoles) == RoleMask.None)
        {
            return AudienceResult.Refused("Выберите, кому отправить: кураторам, руководителям школ, консультантам или координаторам.");
        }

        var regionIds = author.Roles.Where(r => r.Role == Role.RegionalCoordinator).Select(r => r.RegionId).Distinct().ToList();
        var isRegional = regionIds.Count > 0;
        if (!isRegional && audience.Roles.HasFlag(RoleMask.RegionalCoordinator))
        {
            return AudienceResult.Refused("Муниципальный координатор не может рассылать объявления региональным координаторам.");
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
            return AudienceResult.Refused("Этот муниципалитет вне вашей зоны ответственности: объявление можно разослать только в своём районе.");
        }

        var scopeSchools = author.Schools.Values
            .Where(s => s.Via.Contains(Role.RegionalCoordinator) || s.Via.Contains(Role.MunicipalCoordinator))
            .ToList();
        if (audience.SchoolIds.Any(id => scopeSchools.All(s => s.SchoolId != id)))
        {
            return AudienceResult.Refused("Среди выбранных есть школа вне вашей зоны ответственности.");
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
        var rows = await db.RoleAssignments.AsNoTracking()
            .Where(r => (r.ValidFrom == null || r.ValidFrom <= today) && (r.ValidTo == null || r.ValidTo >= today))
            .Where(r => (schoolRoles.Contains(r.Role) && r.SchoolId != null && schoolIds.Contains(r.SchoolId.Value))
                        || (wantMunicipal && r.Role == Role.MunicipalCoordinator && r.MunicipalityId != null && municipalityIds.Contains(r.MunicipalityId.Value))
                        || (wantRegional && r.Role == Role.RegionalCoordinator && regionIds.Contains(r.RegionId)))
            .Where(r => r.PersonId != author.Person.Id)
            .Join(db.People.Where(p => p.IsActive), r => r.PersonId, p => p.Id, (r, p) => new { r.PersonId, r.Role })
            .Distinct()
            .ToListAsync(ct);

        var byRole = rows.GroupBy(r => r.Role).ToDictionary(g => g.Key, g => g.Select(r => r.PersonId).Distinct().Count());
        var people = rows.Select(r => r.PersonId).Distinct().Order().ToList();
        return new AudienceResult(people, byRole, null);
    }
}
