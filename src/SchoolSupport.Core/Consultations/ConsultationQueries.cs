using Microsoft.EntityFrameworkCore;
using SchoolSupport.Data;

namespace SchoolSupport.Consultations;

/// <summary>A planned action that falls due, with whom to remind: the named person, or else the author.</summary>
public sealed record PlannedActionDue(
    int ActionId,
    int ConsultationId,
    int SchoolId,
    string SchoolName,
    DateOnly ConsultationDate,
    string Topic,
    string Text,
    DateOnly DueDate,
    int? AssigneePersonId,
    string? AssigneeText,
    int AuthorPersonId)
{
    public int RecipientPersonId => AssigneePersonId ?? AuthorPersonId;
}

/// <summary>An open planned action for a school's status.</summary>
public sealed record OpenConsultationAction(int ActionId, int ConsultationId, int SchoolId, string Text, DateOnly? DueDate, string? Assignee, bool Overdue);

/// <summary>Last consultation per school and how many this month — for the status and roll-up cards.</summary>
public static class ConsultationStats
{
    /// <summary>Every requested school is in the result; one without consultations has (null, 0). Deleted ones do not count.</summary>
    public static async Task<IReadOnlyDictionary<int, (DateOnly? Last, int ThisMonth)>> ForSchoolsAsync(
        SchoolSupportDbContext db, IReadOnlyCollection<int> schoolIds, DateOnly today, CancellationToken ct)
    {
        var ids = schoolIds.Distinct().ToList();
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var monthEnd = monthStart.AddMonths(1);
        var rows = await db.Consultations.AsNoTracking()
            .Where(c => ids.Contains(c.SchoolId) && c.DeletedAt == null)
            .GroupBy(c => c.SchoolId)
            .Select(g => new
            {
                SchoolId = g.Key,
                Last = g.Max(c => c.Date),
                ThisMonth = g.Count(c => c.Date >= monthStart && c.Date < monthEnd),
            })
            .ToListAsync(ct);
        var found = rows.ToDictionary(r => r.SchoolId, r => ((DateOnly?)r.Last, r.ThisMonth));
        return ids.ToDictionary(id => id, id => found.TryGetValue(id, out var v) ? v : ((DateOnly?)null, 0));
    }
}

public static class ConsultationQueries
{
    /// <summary>Open planned actions of live consultations due between the two dates, inclusive (for reminders).</summary>
    public static async Task<IReadOnlyList<PlannedActionDue>> PlannedActionsDue(
        SchoolSupportDbContext db, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var rows = await db.ConsultationActions.AsNoTracking()
            .Where(a => !a.Done && a.DueDate != null && a.DueDate >= from && a.DueDate <= to && a.Consultation!.DeletedAt == null)
            .Join(db.Schools, a => a.Consultation!.SchoolId, s => s.Id, (a, s) => new
            {
                a.Id,
                a.ConsultationId,
                s.Name,
                a.Consultation!.SchoolId,
                a.Consultation.Date,
                a.Consultation.Topic,
                a.Text,
                a.DueDate,
                a.AssigneePersonId,
                a.AssigneeText,
                a.Consultation.AuthorPersonId,
            })
            .ToListAsync(ct);
        return rows
            .OrderBy(r => r.DueDate).ThenBy(r => r.Id)
            .Select(r => new PlannedActionDue(r.Id, r.ConsultationId, r.SchoolId, r.Name, r.Date, r.Topic, r.Text, r.DueDate!.Value,
                r.AssigneePersonId, r.AssigneeText, r.AuthorPersonId))
            .ToList();
    }

    /// <summary>Open planned actions per school (soonest due first, undated last), for the school's status card.</summary>
    public static async Task<IReadOnlyDictionary<int, IReadOnlyList<OpenConsultationAction>>> OpenActionsAsync(
        SchoolSupportDbContext db, IReadOnlyCollection<int> schoolIds, DateOnly today, int perSchool = 5, CancellationToken ct = default)
    {
        var ids = schoolIds.Distinct().ToList();
        var rows = await db.ConsultationActions.AsNoTracking()
            .Where(a => !a.Done && a.Consultation!.DeletedAt == null && ids.Contains(a.Consultation.SchoolId))
            .Select(a => new
            {
                a.Id,
                a.ConsultationId,
                a.Consultation!.SchoolId,
                a.Text,
                a.DueDate,
                a.AssigneeText,
                Person = db.People.Where(p => p.Id == a.AssigneePersonId).Select(p => p.FullName).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var result = rows
            .GroupBy(r => r.SchoolId)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<OpenConsultationAction>)g
                    .OrderBy(r => r.DueDate is null).ThenBy(r => r.DueDate).ThenBy(r => r.Id)
                    .Take(perSchool)
                    .Select(r => new OpenConsultationAction(r.Id, r.ConsultationId, r.SchoolId, r.Text, r.DueDate,
                        string.Join(", ", new[] { r.Person ?? "", r.AssigneeText ?? "" }.Where(x => x.Length > 0)) is { Length: > 0 } who ? who : null,
                        r.DueDate < today))
                    .ToList());
        foreach (var id in ids)
        {
            result.TryAdd(id, []);
        }

        return result;
    }
}
