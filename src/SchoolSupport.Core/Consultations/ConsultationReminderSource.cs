using SchoolSupport.Data;
using SchoolSupport.Reminders;
using Reminder = SchoolSupport.Reminders.PlannedActionDue;

namespace SchoolSupport.Consultations;

/// <summary>Planned actions with a due date, from consultations, for the daily reminder digest of whoever was named.</summary>
internal sealed class ConsultationReminderSource(SchoolSupportDbContext db) : IPlannedActionSource
{
    public async Task<IReadOnlyList<Reminder>> DueAsync(IReadOnlyCollection<int> personIds, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var people = personIds as IReadOnlySet<int> ?? personIds.ToHashSet();
        var due = await ConsultationQueries.PlannedActionsDue(db, from, to, ct);
        return due.Where(a => people.Contains(a.RecipientPersonId))
            .Select(a => new Reminder(a.RecipientPersonId, a.Text, a.DueDate, a.SchoolName))
            .ToList();
    }
}
