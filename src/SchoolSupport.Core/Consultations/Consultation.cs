using SchoolSupport.Roadmaps;

namespace SchoolSupport.Consultations;

public enum ConsultationFormat
{
    InPerson,
    Remote,
    Phone,
    VideoCall,
}

/// <summary>
/// One consultation of a school by its curator or a consultant (roadmap item «Фиксация проведенных консультаций»):
/// topic, decisions taken and planned follow-up. Edits are kept in <see cref="ConsultationRevision"/>.
/// </summary>
public sealed class Consultation
{
    public int Id { get; set; }
    public int SchoolId { get; set; }

    /// <summary>Copied from the school so region and district reports need no join.</summary>
    public int RegionId { get; set; }

    public int? MunicipalityId { get; set; }
    public int AuthorPersonId { get; set; }

    /// <summary>The local date the consultation took place.</summary>
    public DateOnly Date { get; set; }

    public ConsultationFormat Format { get; set; }
    public int DurationMinutes { get; set; }
    public string? Participants { get; set; }
    public RoleMask ParticipantRoles { get; set; }
    public required string Topic { get; set; }
    public required string Decisions { get; set; }

    /// <summary>Planned follow-up as written; dated, assigned steps are in <see cref="Actions"/>.</summary>
    public string? Plan { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
    public int? DeletedByPersonId { get; set; }

    /// <summary>
    /// The card instance or activity that created the row. Unique, so a redelivered submission — even two racing
    /// ones — cannot create a second consultation.
    /// </summary>
    public required string SourceKey { get; set; }

    /// <summary>Optimistic concurrency between two edits of the same record.</summary>
    public int Version { get; set; }

    public List<ConsultationAction> Actions { get; set; } = [];
    public List<ConsultationTopicLink> Topics { get; set; } = [];
}

/// <summary>A planned step with an optional due date and who does it; dated ones become reminders.</summary>
public sealed class ConsultationAction
{
    public int Id { get; set; }
    public int ConsultationId { get; set; }
    public Consultation? Consultation { get; set; }
    public int Order { get; set; }
    public required string Text { get; set; }
    public DateOnly? DueDate { get; set; }

    /// <summary>A known person (the reminder goes to them); otherwise <see cref="AssigneeText"/> says who, and the author is reminded.</summary>
    public int? AssigneePersonId { get; set; }

    public string? AssigneeText { get; set; }
    public bool Done { get; set; }
    public DateTime? DoneAt { get; set; }
}

/// <summary>What a consultation concerns: a risk direction or a roadmap item.</summary>
public sealed class ConsultationTopicLink
{
    public int Id { get; set; }
    public int ConsultationId { get; set; }
    public int? RiskDirectionId { get; set; }
    public int? RoadmapItemId { get; set; }
}

public enum RevisionKind
{
    Created,
    Edited,
    Deleted,
}

/// <summary>Append-only history: the full consultation after each change, as JSON.</summary>
public sealed class ConsultationRevision
{
    public long Id { get; set; }
    public int ConsultationId { get; set; }
    public RevisionKind Kind { get; set; }
    public int ChangedByPersonId { get; set; }
    public DateTime ChangedAt { get; set; }
    public required string Snapshot { get; set; }

    /// <summary>The card instance or activity of the change: a redelivered edit is applied once.</summary>
    public string? SourceKey { get; set; }
}

/// <summary>A risk direction of the school risk profile (РПШ); reference data editable per region.</summary>
public sealed class RiskDirection
{
    public int Id { get; set; }
    public int RegionId { get; set; }
    public required string Name { get; set; }
    public int Order { get; set; }
    public bool IsActive { get; set; } = true;
}
