using SchoolSupport.People;
using SchoolSupport.Schedules;

namespace SchoolSupport.Roadmaps;

public enum RoadmapLevel
{
    Region,
    Municipality,
    School,
}

public sealed class Roadmap
{
    public int Id { get; set; }
    public required string Title { get; set; }
    public RoadmapLevel Level { get; set; }
    public int RegionId { get; set; }
    public int? MunicipalityId { get; set; }
    public int? SchoolId { get; set; }
    public string Program { get; set; } = Schools.Programs.FiveHundredPlus;
    public int Year { get; set; }
    public DateOnly? PeriodStart { get; set; }
    public DateOnly? PeriodEnd { get; set; }
    public required string SourceFileName { get; set; }

    /// <summary>SHA-256 of the source document: importing the same file again updates, never duplicates.</summary>
    public string? SourceHash { get; set; }

    /// <summary>Region + year + normalised title hash: identifies the same roadmap across re-imports and formats.</summary>
    public required string DocumentKey { get; set; }

    public DateTime ImportedAt { get; set; }
    public List<RoadmapSection> Sections { get; set; } = [];
    public List<RoadmapItem> Items { get; set; } = [];
}

public sealed class RoadmapSection
{
    public int Id { get; set; }
    public int RoadmapId { get; set; }
    public required string Number { get; set; }
    public required string Title { get; set; }
    public string? ParentNumber { get; set; }
    public int Order { get; set; }
}

/// <summary>Which roles an item concerns, resolved from its «Ответственные» text.</summary>
[Flags]
public enum RoleMask
{
    None = 0,
    RegionalCoordinator = 1,
    MunicipalCoordinator = 2,
    Curator = 4,
    Director = 8,
    Consultant = 16,
}

public sealed class RoadmapItem
{
    public int Id { get; set; }
    public int RoadmapId { get; set; }
    public Roadmap? Roadmap { get; set; }
    public int? SectionId { get; set; }
    public RoadmapSection? Section { get; set; }

    /// <summary>Section-qualified number, unique within the roadmap («2.3.1»).</summary>
    public required string Number { get; set; }

    public int Order { get; set; }
    public required string Title { get; set; }

    public required string TimeframeText { get; set; }
    public TimeframeKind TimeframeKind { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }

    /// <summary>The date by which the item must be done, when it has one; indexed for "what is due".</summary>
    public DateOnly? DueDate { get; set; }

    /// <summary>Dates, month spans and recurrence rules of the timeframe, as JSON (see <see cref="TimeframeDetails"/>).</summary>
    public string? TimeframeDetails { get; set; }

    public string? Responsible { get; set; }
    public RoleMask ResponsibleRoles { get; set; }

    /// <summary>Per-school progress is tracked for items the schools themselves must do.</summary>
    public bool TrackedPerSchool { get; set; }

    /// <summary>The cohort (year of entry) an item targets, when it names one («школы 2022 года участия»).</summary>
    public int? Cohort { get; set; }

    public string? ExpectedResult { get; set; }
    public decimal? TargetPercent { get; set; }
    public int? TargetCount { get; set; }
    public string? InformationSupport { get; set; }

    /// <summary>The item vanished from a re-imported document but people had recorded progress on it, so it is kept.</summary>
    public bool IsWithdrawn { get; set; }

    public List<ItemResponsibility> Responsibilities { get; set; } = [];
}

/// <summary>One responsible party of an item: a role, an organisation, or just text (a named person).</summary>
public sealed class ItemResponsibility
{
    public int Id { get; set; }
    public int ItemId { get; set; }
    public Role? Role { get; set; }
    public int? OrganisationId { get; set; }
    public Schools.Organisation? Organisation { get; set; }

    /// <summary>For split responsibility columns: «Регион», «Район», «ОО».</summary>
    public string? Level { get; set; }

    public required string Text { get; set; }
}

public enum ProgressStatus
{
    NotStarted,
    InProgress,
    Done,
    NotApplicable,
}

/// <summary>The current state of one item at one school. Every change is also appended to <see cref="ItemProgressChange"/>.</summary>
public sealed class ItemProgress
{
    public int Id { get; set; }
    public int ItemId { get; set; }
    public RoadmapItem? Item { get; set; }
    public int SchoolId { get; set; }
    public ProgressStatus Status { get; set; }
    public DateOnly? CompletedOn { get; set; }
    public string? EvidenceUrl { get; set; }
    public string? Note { get; set; }
    public int? ChangedByPersonId { get; set; }
    public DateTime ChangedAt { get; set; }

    /// <summary>Optimistic concurrency: two people marking the same item at once cannot silently overwrite.</summary>
    public int Version { get; set; }
}

/// <summary>Append-only history of progress changes; never updated or deleted.</summary>
public sealed class ItemProgressChange
{
    public long Id { get; set; }
    public int ItemId { get; set; }
    public int SchoolId { get; set; }
    public ProgressStatus Status { get; set; }
    public DateOnly? CompletedOn { get; set; }
    public string? EvidenceUrl { get; set; }
    public string? Note { get; set; }
    public int? ChangedByPersonId { get; set; }
    public DateTime ChangedAt { get; set; }

    /// <summary>The activity or card instance that caused the change: a redelivery with the same key is ignored.</summary>
    public string? SourceKey { get; set; }
}
