namespace SchoolSupport.Status;

/// <summary>What the status and roll-up cards show about consultations of a school.</summary>
public sealed record ConsultationSummary(DateOnly? Last, int ThisMonth, IReadOnlyList<PlannedActionLine> OpenActions)
{
    public static readonly ConsultationSummary None = new(null, 0, []);
}

/// <summary>An open follow-up action planned at a consultation.</summary>
public sealed record PlannedActionLine(string Text, DateOnly? Due, bool Overdue);

/// <summary>
/// Consultations of schools, for the status card (last date, count this month, open planned actions) and the
/// coordinators' roll-up. The consultations feature registers its implementation; without it the cards show «—».
/// </summary>
public interface ILastConsultationSource
{
    Task<IReadOnlyDictionary<int, ConsultationSummary>> SummariesAsync(
        IReadOnlyCollection<int> schoolIds, DateOnly today, bool withOpenActions, CancellationToken ct);
}

internal sealed class NoConsultationsYet : ILastConsultationSource
{
    public Task<IReadOnlyDictionary<int, ConsultationSummary>> SummariesAsync(
        IReadOnlyCollection<int> schoolIds, DateOnly today, bool withOpenActions, CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<int, ConsultationSummary>>(new Dictionary<int, ConsultationSummary>());
}
