using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Common;
using SchoolSupport.Data;
using SchoolSupport.People;

namespace SchoolSupport.Consultations;

/// <summary>Writes consultations: create once per source key, edit and delete with a revision each time.</summary>
internal static class ConsultationStore
{
    public static Task<Consultation?> FindBySourceKeyAsync(SchoolSupportDbContext db, string sourceKey, CancellationToken ct) =>
        db.Consultations.Include(c => c.Actions).Include(c => c.Topics).FirstOrDefaultAsync(c => c.SourceKey == sourceKey, ct);

    public static Task<Consultation?> LoadAsync(SchoolSupportDbContext db, int id, CancellationToken ct) =>
        db.Consultations.Include(c => c.Actions).Include(c => c.Topics).FirstOrDefaultAsync(c => c.Id == id, ct);

    /// <summary>
    /// Inserts the consultation unless one with the same source key exists; returns the stored row and whether it was
    /// new. A racing duplicate loses on the unique index and gets the winner's row.
    /// </summary>
    public static async Task<(Consultation Row, bool Created)> CreateAsync(
        SchoolSupportDbContext db, ValidConsultation valid, int authorId, string sourceKey, DateTime utcNow, CancellationToken ct)
    {
        if (await FindBySourceKeyAsync(db, sourceKey, ct) is { } existing)
        {
            return (existing, false);
        }

        var school = await db.Schools.AsNoTracking().FirstAsync(s => s.Id == valid.SchoolId, ct);
        var row = new Consultation
        {
            SchoolId = school.Id,
            RegionId = school.RegionId,
            MunicipalityId = school.MunicipalityId,
            AuthorPersonId = authorId,
            Topic = valid.Topic,
            Decisions = valid.Decisions,
            SourceKey = sourceKey,
            CreatedAt = utcNow,
            UpdatedAt = utcNow,
        };
        Apply(row, valid);
        db.Consultations.Add(row);
        try
        {
            // The revision needs the row's id; one transaction keeps the row and its first revision together.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            db.ConsultationRevisions.Add(Revision(row, RevisionKind.Created, authorId, utcNow, sourceKey));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return (row, true);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await FindBySourceKeyAsync(db, sourceKey, ct) is { } winner)
            {
                return (winner, false);
            }

            throw;
        }
    }

    /// <summary>True when this person already applied this form to this record (a redelivered or repeated edit).</summary>
    public static Task<bool> IsAppliedEditAsync(SchoolSupportDbContext db, int consultationId, int personId, string sourceKey, CancellationToken ct) =>
        db.ConsultationRevisions.AnyAsync(r => r.SourceKey == sourceKey && r.ConsultationId == consultationId && r.ChangedByPersonId == personId, ct);

    /// <summary>Applies an edit unless this edit (by its source key) was already applied.</summary>
    public static async Task<bool> UpdateAsync(
        SchoolSupportDbContext db, Consultation row, ValidConsultation valid, int editorId, string sourceKey, DateTime utcNow, CancellationToken ct)
    {
        if (await IsAppliedEditAsync(db, row.Id, editorId, sourceKey, ct))
        {
            return false;
        }

        if (valid.SchoolId != row.SchoolId)
        {
            var school = await db.Schools.AsNoTracking().FirstAsync(s => s.Id == valid.SchoolId, ct);
            row.SchoolId = school.Id;
            row.RegionId = school.RegionId;
            row.MunicipalityId = school.MunicipalityId;
        }

        Apply(row, valid);
        row.UpdatedAt = utcNow;
        row.Version++;
        db.ConsultationRevisions.Add(Revision(row, RevisionKind.Edited, editorId, utcNow, sourceKey));
        await db.SaveChangesAsync(ct);
        return true;
    }

    public static async Task DeleteAsync(SchoolSupportDbContext db, Consultation row, int personId, DateTime utcNow, CancellationToken ct)
    {
        row.DeletedAt = utcNow;
        row.DeletedByPersonId = personId;
        row.Version++;
        db.ConsultationRevisions.Add(Revision(row, RevisionKind.Deleted, personId, utcNow, null));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The author may edit or delete within the edit window; afterwards the record is part of reporting.</summary>
    public static string? CheckAuthorWindow(Consultation row, Caller caller, DateTime utcNow)
    {
        if (row.AuthorPersonId != caller.Person.Id)
        {
            return "Изменить или удалить консультацию может только тот, кто её записал.";
        }

        if (row.DeletedAt is not null)
        {
            return "Эта консультация удалена.";
        }

        if (utcNow - row.CreatedAt > ConsultationLimits.EditWindow)
        {
            return $"Консультацию можно изменить или удалить в течение {ConsultationLimits.EditWindow.Days} дней после записи. " +
                   "Срок прошёл: если нужна правка, напишите координатору.";
        }

        return null;
    }

    private static void Apply(Consultation row, ValidConsultation valid)
    {
        row.Date = valid.Date;
        row.Format = valid.Format;
        row.DurationMinutes = valid.DurationMinutes;
        row.Participants = valid.Participants;
        row.ParticipantRoles = valid.ParticipantRoles;
        row.Topic = valid.Topic;
        row.Decisions = valid.Decisions;
        row.Plan = valid.Plan;

        row.Topics.RemoveAll(t => (t.RiskDirectionId is { } r && !valid.RiskDirectionIds.Contains(r))
                                  || (t.RoadmapItemId is { } i && !valid.RoadmapItemIds.Contains(i)));
        foreach (var r in valid.RiskDirectionIds.Where(r => row.Topics.All(t => t.RiskDirectionId != r)))
        {
            row.Topics.Add(new ConsultationTopicLink { RiskDirectionId = r });
        }

        foreach (var i in valid.RoadmapItemIds.Where(i => row.Topics.All(t => t.RoadmapItemId != i)))
        {
            row.Topics.Add(new ConsultationTopicLink { RoadmapItemId = i });
        }

        // Rows are matched by position so an action already marked done stays done when its wording is kept.
        var existing = row.Actions.OrderBy(a => a.Order).ToList();
        for (var n = 0; n < valid.Actions.Count; n++)
        {
            var v = valid.Actions[n];
            var a = n < existing.Count ? existing[n] : null;
            if (a is null)
            {
                a = new ConsultationAction { Text = v.Text };
                row.Actions.Add(a);
            }
            else if (a.Text != v.Text)
            {
                a.Done = false;
                a.DoneAt = null;
            }

            a.Order = n + 1;
            a.Text = v.Text;
            a.DueDate = v.DueDate;
            a.AssigneePersonId = v.AssigneePersonId;
            a.AssigneeText = v.AssigneeText;
        }

        foreach (var extra in existing.Skip(valid.Actions.Count))
        {
            row.Actions.Remove(extra);
        }
    }

    private static ConsultationRevision Revision(Consultation row, RevisionKind kind, int personId, DateTime utcNow, string? sourceKey) => new()
    {
        ConsultationId = row.Id,
        Kind = kind,
        ChangedByPersonId = personId,
        ChangedAt = utcNow,
        SourceKey = sourceKey,
        Snapshot = Snapshot(row),
    };

    public static string Snapshot(Consultation row) => JsonSerializer.Serialize(new
    {
        row.SchoolId,
        Date = ConsultationDraft.Iso(row.Date),
        Format = row.Format.ToString(),
        row.DurationMinutes,
        row.Participants,
        ParticipantRoles = (int)row.ParticipantRoles,
        row.Topic,
        row.Decisions,
        row.Plan,
        RiskDirections = row.Topics.Where(t => t.RiskDirectionId != null).Select(t => t.RiskDirectionId).Order().ToList(),
        RoadmapItems = row.Topics.Where(t => t.RoadmapItemId != null).Select(t => t.RoadmapItemId).Order().ToList(),
        Actions = row.Actions.OrderBy(a => a.Order).Select(a => new
        {
            a.Text,
            DueDate = a.DueDate is { } d ? ConsultationDraft.Iso(d) : null,
            a.AssigneePersonId,
            a.AssigneeText,
            a.Done,
        }).ToList(),
        Deleted = row.DeletedAt != null,
    }, RelaxedJson.Options);
}
