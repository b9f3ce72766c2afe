using SchoolSupport.People;
using SchoolSupport.Roadmaps;

namespace SchoolSupport.Audiences;

/// <summary>
/// Who a message or a survey goes to: roles, narrowed by municipalities, cohorts and schools (all combinable; an empty
/// list does not narrow), plus people named by e-mail. Always limited to the author's own scope.
/// </summary>
public sealed record Audience(
    RoleMask Roles,
    IReadOnlyList<int> MunicipalityIds,
    IReadOnlyList<int> Cohorts,
    IReadOnlyList<int> SchoolIds)
{
    public const RoleMask AllRoles =
        RoleMask.Curator | RoleMask.Director | RoleMask.Consultant | RoleMask.MunicipalCoordinator | RoleMask.RegionalCoordinator;

    /// <summary>Work e-mails pasted by the author (lower case); each must belong to someone within the author's scope.</summary>
    public IReadOnlyList<string> Emails { get; init; } = [];
}

/// <summary>One recipient: the role they are reached through and, when it is one, their school and municipality.</summary>
public sealed record AudienceMember(int PersonId, Role Role, int? SchoolId, int? MunicipalityId);

/// <summary>The resolved recipients, or why the audience is not allowed.</summary>
public sealed record ResolvedAudience(
    IReadOnlyList<AudienceMember> Members,
    IReadOnlyDictionary<Role, int> ByRole,
    IReadOnlyList<string> UnknownEmails,
    string? Refusal)
{
    public IReadOnlyList<int> PersonIds { get; } = Members.Select(m => m.PersonId).Distinct().Order().ToList();

    public static ResolvedAudience Refused(string reason) => new([], new Dictionary<Role, int>(), [], reason);
}

/// <summary>The refusals in the words of the feature that resolves the audience («объявление», «опрос»).</summary>
public sealed record AudienceTexts(
    string OnlyCoordinators,
    string NoRoles,
    string NoRegionalFromMunicipal,
    string ForeignMunicipality,
    string ForeignSchool);
