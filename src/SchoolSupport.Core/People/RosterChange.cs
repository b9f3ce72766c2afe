using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SchoolSupport.Conversation;

namespace SchoolSupport.People;

/// <summary>
/// The audit trail of the roster: who imported a list, assigned or unassigned a curator, deactivated a person, when.
/// </summary>
public sealed class RosterChange
{
    public long Id { get; set; }
    public DateTime At { get; set; }

    /// <summary>Who made the change; null for the command line.</summary>
    public int? ActorPersonId { get; set; }

    public required string Action { get; set; }
    public int? PersonId { get; set; }
    public int? SchoolId { get; set; }
    public int? RegionId { get; set; }
    public required string Details { get; set; }

    /// <summary>
    /// For changes confirmed on a card: the key the card was issued with. Unique, so a second press of the same
    /// card (or two instances answering it at once) cannot apply the change twice.
    /// </summary>
    public string? RequestKey { get; set; }
}

public static class RosterActions
{
    public const string ImportPeople = "people.import";
    public const string ImportSchools = "schools.import";
    public const string Assign = "curator.assign";
    public const string Unassign = "curator.unassign";
    public const string Deactivate = "person.deactivate";
}

internal sealed class RosterChangeConfiguration : IEntityTypeConfiguration<RosterChange>
{
    public void Configure(EntityTypeBuilder<RosterChange> b)
    {
        b.Property(x => x.Action).HasMaxLength(32);
        b.Property(x => x.Details).HasMaxLength(4000);
        b.Property(x => x.RequestKey).HasMaxLength(SubmissionKeys.MaxLength);
        b.HasIndex(x => x.RequestKey).IsUnique();
        b.HasIndex(x => new { x.RegionId, x.At });
        b.HasIndex(x => new { x.PersonId, x.At });
    }
}
