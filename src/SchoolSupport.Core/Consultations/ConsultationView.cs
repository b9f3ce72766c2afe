using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Data;
using SchoolSupport.People;

namespace SchoolSupport.Consultations;

/// <summary>Builds the card of one consultation.</summary>
internal static class ConsultationView
{
    public static async Task<ConsultationCard> DetailsAsync(
        SchoolSupportDbContext db, Caller caller, Consultation row, DateTime utcNow, string status, CancellationToken ct)
    {
        var school = await db.Schools.AsNoTracking().Where(s => s.Id == row.SchoolId).Select(s => s.Name).FirstAsync(ct);
        var personIds = row.Actions.Where(a => a.AssigneePersonId != null).Select(a => a.AssigneePersonId!.Value)
            .Append(row.AuthorPersonId).Distinct().ToList();
        var names = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.FullName, ct);
        var concerns = await ConcernsAsync(db, [row], ct);

        var facts = new List<ConsultationCard.Fact>
        {
            new("Школа", school),
            new("Дата", ConsultationText.Day(row.Date)),
            new("Формат", $"{ConsultationText.Format(row.Format)}, {ConsultationText.Duration(row.DurationMinutes)}"),
        };
        var participants = string.Join("; ", new[] { ConsultationText.Roles(row.ParticipantRoles), row.Participants ?? "" }.Where(x => x.Length > 0));
        if (participants.Length > 0)
        {
            facts.Add(new("Участники", participants));
        }

        if (concerns.TryGetValue(row.Id, out var c) && c.Length > 0)
        {
            facts.Add(new("Касается", c));
        }

        var canChange = ConsultationStore.CheckAuthorWindow(row, caller, utcNow) is null;
        var actions = row.Actions.OrderBy(a => a.Order).Select(a => new ConsultationCard.ActionLine(
            ConsultationDraft.Id(a.Id),
            a.Text,
            ActionDetails(a, names),
            a.Done,
            !a.Done && row.DeletedAt is null && (a.AssigneePersonId == caller.Person.Id || row.AuthorPersonId == caller.Person.Id))).ToList();

        var footer = $"Записал(а): {names.GetValueOrDefault(row.AuthorPersonId, "—")}, {row.CreatedAt:dd.MM.yyyy}";
        if (row.UpdatedAt > row.CreatedAt.AddMinutes(1))
        {
            footer += $"; изменено {row.UpdatedAt:dd.MM.yyyy}";
        }

        if (row.DeletedAt is { } deleted)
        {
            footer += $"; удалено {deleted:dd.MM.yyyy}";
        }

        return new ConsultationCard
        {
            Title = $"Консультация {ConsultationText.Day(row.Date)}",
            Status = row.DeletedAt is not null ? "Запись удалена (видна координаторам)." : status,
            StatusColor = row.DeletedAt is not null ? "attention" : "good",
            ConsultationId = ConsultationDraft.Id(row.Id),
            Facts = facts,
            Topic = row.Topic,
            Decisions = row.Decisions,
            HasPlan = !string.IsNullOrEmpty(row.Plan),
            Plan = row.Plan ?? "",
            HasActions = actions.Count > 0,
            Actions = actions,
            Footer = footer,
            CanEdit = canChange,
            IsDeleted = row.DeletedAt is not null,
        };
    }

    /// <summary>«Риск: …; п. 1.18 …» per consultation.</summary>
    public static async Task<Dictionary<int, string>> ConcernsAsync(SchoolSupportDbContext db, IReadOnlyCollection<Consultation> rows, CancellationToken ct)
    {
        var links = rows.SelectMany(r => r.Topics).ToList();
        var riskIds = links.Where(l => l.RiskDirectionId != null).Select(l => l.RiskDirectionId!.Value).Distinct().ToList();
        var itemIds = links.Where(l => l.RoadmapItemId != null).Select(l => l.RoadmapItemId!.Value).Distinct().ToList();
        var risks = riskIds.Count == 0 ? [] : await db.RiskDirections.AsNoTracking().Where(r => riskIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        var items = itemIds.Count == 0 ? [] : await db.RoadmapItems.AsNoTracking().Where(i => itemIds.Contains(i.Id))
            .ToDictionaryAsync(i => i.Id, i => $"п. {i.Number} {i.Title}", ct);
        return rows.ToDictionary(r => r.Id, r => string.Join("; ", r.Topics
            .Select(t => t.RiskDirectionId is { } rid ? "риск: " + risks.GetValueOrDefault(rid, "?") : items.GetValueOrDefault(t.RoadmapItemId ?? 0, "?"))));
    }

    public static string ActionDetails(ConsultationAction a, IReadOnlyDictionary<int, string> names)
    {
        var parts = new List<string>();
        if (a.DueDate is { } due)
        {
            parts.Add("срок " + ConsultationText.Day(due));
        }

        var who = string.Join(", ", new[] { a.AssigneePersonId is { } p ? names.GetValueOrDefault(p, "") : "", a.AssigneeText ?? "" }.Where(x => x.Length > 0));
        if (who.Length > 0)
        {
            parts.Add(who);
        }

        if (a.Done)
        {
            parts.Add("выполнено");
        }

        return string.Join(" · ", parts);
    }

    public static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
