namespace SchoolSupport.Status;

/// <summary>
/// The date of each school's latest recorded consultation, for the coordinators' roll-up. The consultations feature
/// registers its own implementation; until then the roll-up shows «—».
/// </summary>
public interface ILastConsultationSource
{
    Task<IReadOnlyDictionary<int, DateOnly>> GetLastConsultationsAsync(IReadOnlyCollection<int> schoolIds, CancellationToken ct);
}

internal sealed class NoConsultationsYet : ILastConsultationSource
{
    public Task<IReadOnlyDictionary<int, DateOnly>> GetLastConsultationsAsync(IReadOnlyCollection<int> schoolIds, CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<int, DateOnly>>(new Dictionary<int, DateOnly>());
}
