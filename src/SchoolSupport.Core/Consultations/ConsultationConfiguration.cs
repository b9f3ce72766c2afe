using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;
using SchoolSupport.Schools;

namespace SchoolSupport.Consultations;

internal sealed class ConsultationConfiguration : IEntityTypeConfiguration<Consultation>
{
    public void Configure(EntityTypeBuilder<Consultation> b)
    {
        b.Property(x => x.Topic).HasMaxLength(ConsultationLimits.Topic);
        b.Property(x => x.Decisions).HasMaxLength(ConsultationLimits.LongText);
        b.Property(x => x.Plan).HasMaxLength(ConsultationLimits.LongText);
        b.Property(x => x.Participants).HasMaxLength(ConsultationLimits.LongText);
        b.Property(x => x.ParticipantRoles).HasConversion<int>();
        b.Property(x => x.SourceKey).HasMaxLength(200);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.SourceKey).IsUnique();
        b.HasIndex(x => new { x.SchoolId, x.Date });
        b.HasIndex(x => new { x.AuthorPersonId, x.Date });
        b.HasIndex(x => new { x.RegionId, x.Date });
        b.HasOne<School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Municipality>().WithMany().HasForeignKey(x => x.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.AuthorPersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.DeletedByPersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Actions).WithOne(x => x.Consultation).HasForeignKey(x => x.ConsultationId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Topics).WithOne().HasForeignKey(x => x.ConsultationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ConsultationActionConfiguration : IEntityTypeConfiguration<ConsultationAction>
{
    public void Configure(EntityTypeBuilder<ConsultationAction> b)
    {
        b.Property(x => x.Text).HasMaxLength(ConsultationLimits.ActionText);
        b.Property(x => x.AssigneeText).HasMaxLength(ConsultationLimits.Assignee);
        b.HasIndex(x => new { x.DueDate, x.Done });
        b.HasIndex(x => x.ConsultationId);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.AssigneePersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ConsultationTopicLinkConfiguration : IEntityTypeConfiguration<ConsultationTopicLink>
{
    public void Configure(EntityTypeBuilder<ConsultationTopicLink> b)
    {
        b.HasIndex(x => x.ConsultationId);
        b.HasOne<RiskDirection>().WithMany().HasForeignKey(x => x.RiskDirectionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<RoadmapItem>().WithMany().HasForeignKey(x => x.RoadmapItemId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ConsultationRevisionConfiguration : IEntityTypeConfiguration<ConsultationRevision>
{
    public void Configure(EntityTypeBuilder<ConsultationRevision> b)
    {
        // Topic, three long texts and ten actions, JSON-escaped, fit comfortably.
        b.Property(x => x.Snapshot).HasMaxLength(64_000);
        b.Property(x => x.SourceKey).HasMaxLength(200);
        b.HasIndex(x => new { x.ConsultationId, x.ChangedAt });
        b.HasIndex(x => x.SourceKey).IsUnique();
        b.HasOne<Consultation>().WithMany().HasForeignKey(x => x.ConsultationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.ChangedByPersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RiskDirectionConfiguration : IEntityTypeConfiguration<RiskDirection>
{
    public void Configure(EntityTypeBuilder<RiskDirection> b)
    {
        b.HasIndex(x => new { x.RegionId, x.Name }).IsUnique();
        b.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
    }
}
