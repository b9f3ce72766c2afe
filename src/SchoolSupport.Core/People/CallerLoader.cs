using Microsoft.EntityFrameworkCore;
using SchoolSupport.Data;

namespace SchoolSupport.People;

public static class CallerLoader
{
    /// <summary>Loads a person's active roles and resolves them to the set of schools they reach.</summary>
    public static async Task<Caller> LoadAsync(SchoolSupportDbContext db, Person person, DateOnly today, CancellationToken ct)
    {
        var roles = await db.RoleAssignments.AsNoTracking()
            .Where(r => r.PersonId == person.Id
                        && (r.ValidFrom == null || r.ValidFrom <= today)
                        && (r.ValidTo == null || r.ValidTo >= today))
            .ToListAsync(ct);

        var regionIds = roles.Where(r => r.Role == Role.RegionalCoordinator).Select(r => r.RegionId).Distinct().ToList();
        var municipalityIds = roles.Where(r => r.Role == Role.MunicipalCoordinator && r.MunicipalityId != null)
            .Select(r => r.MunicipalityId!.Value).Distinct().ToList();
        var schoolIds = roles.Where(r => r.SchoolId != null).Select(r => r.SchoolId!.Value).Distinct().ToList();

        var schools = await db.Schools.AsNoTracking()
            .Where(s => regionIds.Contains(s.RegionId)
                        || (s.MunicipalityId != null && municipalityIds.Contains(s.MunicipalityId.Value))
                        || schoolIds.Contains(s.Id))
            .Select(s => new { s.Id, s.Name, s.RegionId, s.MunicipalityId, s.Cohort })
            .ToListAsync(ct);

        var scopes = new Dictionary<int, SchoolScope>();
        foreach (var s in schools)
        {
            var via = new HashSet<Role>();
            foreach (var r in roles)
            {
                var reaches = r.Role switch
                {
                    Role.RegionalCoordinator => r.RegionId == s.RegionId,
                    Role.MunicipalCoordinator => r.MunicipalityId == s.MunicipalityId,
                    _ => r.SchoolId == s.Id,
                };
                if (reaches)
                {
                    via.Add(r.Role);
                }
            }

            scopes[s.Id] = new SchoolScope(s.Id, s.Name, s.RegionId, s.MunicipalityId, s.Cohort, via);
        }

        return new Caller(person, roles, scopes);
    }
}
