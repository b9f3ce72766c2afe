using SchoolSupport.Data;
using SchoolSupport.Status;

namespace SchoolSupport.Consultations;

/// <summary>Feeds the status and roll-up cards from the recorded consultations.</summary>
internal sealed class ConsultationSummaries(SchoolSupportDbContext db) : ILastConsultationSource
{
    public const int ActionsPerSchool = 3;

    public async Task<IReadOnlyDictionary<int, ConsultationSummary>> SummariesAsync(
        IReadOnlyCollection<int> schoolIds, DateOnly today, bool withOpenActions, CancellationToken ct)
    {
        var stats = await ConsultationStats.ForSchoolsAsync(db, schoolIds, today, ct);
        var actions = withOpenActions
            ? await ConsultationQueries.OpenActionsAsync(db, schoolIds, today, ActionsPerSchool, ct)
            : new Dictionary<int, IReadOnlyList<OpenConsultationAction>>();
        return stats.ToDictionary(
            s => s.Key,
            s => new ConsultationSummary(
                s.Value.Last,
                s.Value.ThisMonth,
                actions.TryGetValue(s.Key, out var open)
                    ? open.Select(a => new PlannedActionLine(a.Assignee is { Length: > 0 } who ? $"{a.Text} ({who})" : a.Text, a.DueDate, a.Overdue)).ToList()
                    : []));
    }
}
