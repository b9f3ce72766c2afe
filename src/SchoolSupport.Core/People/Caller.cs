using SchoolSupport.Roadmaps;

namespace SchoolSupport.People;

/// <summary>
/// The person behind a turn with every role they hold and the schools those roles reach. All access decisions go
/// through here so that a card action is re-checked on the server exactly like the command that produced the card.
/// </summary>
public sealed class Caller
{
    public Caller(Person person, IReadOnlyList<RoleAssignment> roles, IReadOnlyDictionary<int, SchoolScope> schools)
    {
        Person = person;
        Roles = roles;
        Schools = schools;
    }

    public Person Person { get; }
    public IReadOnlyList<RoleAssignment> Roles { get; }

    /// <summary>Every school the person may see, with the school's region and municipality.</summary>
    public IReadOnlyDictionary<int, SchoolScope> Schools { get; }

    public bool Has(Role role) => Roles.Any(r => r.Role == role);

    public bool IsCoordinator => Has(Role.RegionalCoordinator) || Has(Role.MunicipalCoordinator);

    public RoleMask RoleMask => Roles.Aggregate(RoleMask.None, (m, r) => m | ToMask(r.Role));

    /// <summary>The role that decides how answers are shaped when a person holds several.</summary>
    public Role PrimaryRole => Roles.Select(r => r.Role).OrderBy(Rank).FirstOrDefault();

    public IEnumerable<int> RegionIds => Roles.Select(r => r.RegionId).Distinct();

    public bool CanView(int schoolId) => Schools.ContainsKey(schoolId);

    /// <summary>
    /// Directors change their own school's progress; curators and consultants the schools they are assigned to;
    /// coordinators any school in their scope.
    /// </summary>
    public bool CanEditProgress(int schoolId) => Schools.ContainsKey(schoolId);

    /// <summary>Curators and consultants log consultations for assigned schools; coordinators for their scope.</summary>
    public bool CanConsult(int schoolId) =>
        Schools.TryGetValue(schoolId, out var scope) && scope.Via.Any(r => r is not Role.Director);

    public bool CoversRegion(int regionId) => Roles.Any(r => r.Role == Role.RegionalCoordinator && r.RegionId == regionId);

    public bool CoversMunicipality(int municipalityId) =>
        Roles.Any(r => r.Role == Role.MunicipalCoordinator && r.MunicipalityId == municipalityId)
        || Schools.Values.Any(s => s.MunicipalityId == municipalityId && s.Via.Contains(Role.RegionalCoordinator));

    public static RoleMask ToMask(Role role) => role switch
    {
        Role.RegionalCoordinator => RoleMask.RegionalCoordinator,
        Role.MunicipalCoordinator => RoleMask.MunicipalCoordinator,
        Role.Curator => RoleMask.Curator,
        Role.Director => RoleMask.Director,
        Role.Consultant => RoleMask.Consultant,
        _ => RoleMask.None,
    };

    private static int Rank(Role role) => role switch
    {
        Role.RegionalCoordinator => 0,
        Role.MunicipalCoordinator => 1,
        Role.Curator => 2,
        Role.Consultant => 3,
        _ => 4,
    };
}

/// <summary>A school within a caller's reach and the roles through which they reach it.</summary>
public sealed record SchoolScope(int SchoolId, string Name, int RegionId, int? MunicipalityId, int Cohort, IReadOnlySet<Role> Via);
