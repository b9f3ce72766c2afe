using Microsoft.EntityFrameworkCore;
using SchoolSupport.Data;
using SchoolSupport.Roadmaps;

namespace SchoolSupport.People;

/// <summary>A roadmap within a caller's reach, with what decides which schools it binds.</summary>
public sealed record ReachRoadmap(int Id, RoadmapLevel Level, int RegionId, int? MunicipalityId, int? SchoolId, int Year, DateOnly? PeriodStart, DateOnly? PeriodEnd)
{
    public bool AppliesTo(SchoolScope school) => Level switch
    {
        RoadmapLevel.Region => RegionId == school.RegionId,
        RoadmapLevel.Municipality => MunicipalityId != null && MunicipalityId == school.MunicipalityId,
        _ => SchoolId == school.SchoolId,
    };

    public bool Covers(DateOnly day) =>
        (PeriodStart ?? new DateOnly(Year, 1, 1)) <= day && day <= (PeriodEnd ?? new DateOnly(Year, 12, 31));
}

/// <summary>
/// Which schools and roadmaps one question covers. Built from <see cref="Caller"/> only, so a card action is answered
/// from the same scope as the chat command that produced the card, whatever the card data says.
/// </summary>
public sealed class Reach
{
    private Reach(Caller caller, IReadOnlyList<SchoolScope> schools, IReadOnlyList<ReachRoadmap> roadmaps, bool coordinator)
    {
        Caller = caller;
        Schools = schools;
        Roadmaps = roadmaps;
        IsCoordinator = coordinator;
        RoadmapsById = roadmaps.ToDictionary(r => r.Id);
    }

    public Caller Caller { get; }

    /// <summary>Schools the answer is about, ordered by name.</summary>
    public IReadOnlyList<SchoolScope> Schools { get; }

    public IReadOnlyList<ReachRoadmap> Roadmaps { get; }
    public IReadOnlyDictionary<int, ReachRoadmap> RoadmapsById { get; }

    /// <summary>Coordinators see every item in scope summarised across schools; others see their schools' rows.</summary>
    public bool IsCoordinator { get; }

    public RoleMask Mask => Caller.RoleMask;

    /// <summary>The caller's whole reach, or just one school of it (null when the school is out of reach).</summary>
    public static async Task<Reach?> LoadAsync(SchoolSupportDbContext db, Caller caller, int? schoolId, CancellationToken ct)
    {
        IReadOnlyList<SchoolScope> schools;
        bool coordinator;
        if (schoolId is { } id)
        {
            if (!caller.Schools.TryGetValue(id, out var one))
            {
                return null;
            }

            schools = [one];
            coordinator = false;
        }
        else
        {
            schools = caller.Schools.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.SchoolId).ToList();
            coordinator = caller.PrimaryRole is Role.RegionalCoordinator or Role.MunicipalCoordinator;
        }

        var regionIds = schools.Select(s => s.RegionId).ToHashSet();
        var municipalityIds = schools.Where(s => s.MunicipalityId != null).Select(s => s.MunicipalityId!.Value).ToHashSet();
        if (schoolId is null)
        {
            // A coordinator of a region or municipality without schools yet still sees its roadmap's events.
            regionIds.UnionWith(caller.Roles.Where(r => r.Role is Role.RegionalCoordinator or Role.MunicipalCoordinator).Select(r => r.RegionId));
            municipalityIds.UnionWith(caller.Roles.Where(r => r.Role == Role.MunicipalCoordinator && r.MunicipalityId != null).Select(r => r.MunicipalityId!.Value));
        }

        var schoolIds = schools.Select(s => s.SchoolId).ToList();
        var regions = regionIds.ToList();
        var municipalities = municipalityIds.ToList();
        var roadmaps = await db.Roadmaps.AsNoTracking()
            .Where(r => (r.Level == RoadmapLevel.Region && regions.Contains(r.RegionId))
                        || (r.Level == RoadmapLevel.Municipality && r.MunicipalityId != null && municipalities.Contains(r.MunicipalityId.Value))
                        || (r.Level == RoadmapLevel.School && r.SchoolId != null && schoolIds.Contains(r.SchoolId.Value)))
            .Select(r => new ReachRoadmap(r.Id, r.Level, r.RegionId, r.MunicipalityId, r.SchoolId, r.Year, r.PeriodStart, r.PeriodEnd))
            .ToListAsync(ct);

        // A region may run a municipality's roadmap through a regional coordinator: keep only roadmaps of the scope.
        roadmaps = roadmaps.Where(r => r.Level == RoadmapLevel.Region || schools.Any(r.AppliesTo) || municipalityIds.Contains(r.MunicipalityId ?? -1)).ToList();
        return new Reach(caller, schools, roadmaps, coordinator);
    }

    /// <summary>
    /// Roadmaps in force today: those whose period covers today; when none does (between school years), the latest year's.
    /// </summary>
    public IReadOnlyList<ReachRoadmap> Current(DateOnly today)
    {
        var covering = Roadmaps.Where(r => r.Covers(today)).ToList();
        if (covering.Count > 0 || Roadmaps.Count == 0)
        {
            return covering;
        }

        var latest = Roadmaps.Max(r => r.Year);
        return Roadmaps.Where(r => r.Year == latest).ToList();
    }

    public bool Applies(int roadmapId, int? cohort, SchoolScope school) =>
        RoadmapsById.TryGetValue(roadmapId, out var roadmap) && roadmap.AppliesTo(school) && (cohort is null || cohort == school.Cohort);

    public static int LevelRank(RoadmapLevel level) => level switch
    {
        RoadmapLevel.Region => 0,
        RoadmapLevel.Municipality => 1,
        _ => 2,
    };
}
