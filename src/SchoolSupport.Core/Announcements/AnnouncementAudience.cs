using SchoolSupport.Audiences;
using SchoolSupport.Data;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;

namespace SchoolSupport.Announcements;

/// <summary>
/// Who an announcement goes to: roles, narrowed by municipalities, cohorts and schools (all combinable; an empty list
/// does not narrow). Always limited to the author's own scope. Resolved by the shared <see cref="AudienceScope"/>.
/// </summary>
public sealed record AnnouncementAudience(
    RoleMask Roles,
    IReadOnlyList<int> MunicipalityIds,
    IReadOnlyList<int> Cohorts,
    IReadOnlyList<int> SchoolIds)
{
    public const RoleMask AnnouncementRoles = Audience.AllRoles;

    public Audience ToAudience() => new(Roles, MunicipalityIds, Cohorts, SchoolIds);
}

/// <summary>The resolved recipients, or why the audience is not allowed.</summary>
public sealed record AudienceResult(IReadOnlyList<int> PersonIds, IReadOnlyDictionary<Role, int> ByRole, string? Refusal)
{
    public static AudienceResult Refused(string reason) => new([], new Dictionary<Role, int>(), reason);
}

/// <summary>Announcement wording over the shared audience resolution.</summary>
public static class AudienceResolver
{
    public const string OnlyCoordinators = "Рассылать объявления могут только региональные и муниципальные координаторы.";

    public static readonly AudienceTexts Texts = new(
        OnlyCoordinators,
        "Выберите, кому отправить: кураторам, руководителям школ, консультантам или координаторам.",
        "Муниципальный координатор не может рассылать объявления региональным координаторам.",
        "Этот муниципалитет вне вашей зоны ответственности: объявление можно разослать только в своём районе.",
        "Среди выбранных есть школа вне вашей зоны ответственности.");

    public static bool CanAnnounce(Caller caller) => AudienceScope.CanAddress(caller);

    public static async Task<AudienceResult> ResolveAsync(
        SchoolSupportDbContext db, Caller author, AnnouncementAudience audience, DateOnly today, CancellationToken ct)
    {
        var resolved = await AudienceScope.ResolveAsync(db, author, audience.ToAudience(), today, Texts, ct);
        return resolved.Refusal is { } refusal ? AudienceResult.Refused(refusal) : new AudienceResult(resolved.PersonIds, resolved.ByRole, null);
    }
}
