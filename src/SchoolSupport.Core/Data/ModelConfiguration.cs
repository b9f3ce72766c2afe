using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SchoolSupport.Conversation;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;
using SchoolSupport.Schools;

namespace SchoolSupport.Data;

internal static class Lengths
{
    public const int Name = 400;
    public const int Text = 4000;
    public const int Url = 2000;
}

internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> b)
    {
        b.HasIndex(x => x.Name).IsUnique();
        b.Property(x => x.TimeZone).HasMaxLength(64);
        b.Property(x => x.DeliverOnEveryChannel).HasDefaultValue(false);
        b.HasMany(x => x.Municipalities).WithOne(x => x.Region).HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Schools).WithOne(x => x.Region).HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MunicipalityConfiguration : IEntityTypeConfiguration<Municipality>
{
    public void Configure(EntityTypeBuilder<Municipality> b) => b.HasIndex(x => new { x.RegionId, x.Name }).IsUnique();
}

internal sealed class SchoolConfiguration : IEntityTypeConfiguration<School>
{
    public void Configure(EntityTypeBuilder<School> b)
    {
        b.HasIndex(x => new { x.RegionId, x.Name }).IsUnique();
        b.HasIndex(x => x.MunicipalityId);
        b.Property(x => x.Number).HasMaxLength(32);
        b.Property(x => x.Code).HasMaxLength(32);
        b.HasIndex(x => new { x.RegionId, x.Code });
        b.Property(x => x.Program).HasMaxLength(100);
        b.HasOne(x => x.Municipality).WithMany().HasForeignKey(x => x.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> b)
    {
        b.HasIndex(x => new { x.RegionId, x.Name }).IsUnique();
        b.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> b)
    {
        b.HasIndex(x => x.Email).IsUnique();
        b.HasIndex(x => x.AadObjectId).IsUnique();
        b.Property(x => x.AadObjectId).HasMaxLength(64);
        b.Property(x => x.Phone).HasMaxLength(32);
        b.HasMany(x => x.Roles).WithOne(x => x.Person).HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RoleAssignmentConfiguration : IEntityTypeConfiguration<RoleAssignment>
{
    public void Configure(EntityTypeBuilder<RoleAssignment> b)
    {
        b.HasIndex(x => new { x.PersonId, x.Role, x.SchoolId });
        b.HasIndex(x => new { x.SchoolId, x.Role });
        b.HasIndex(x => new { x.MunicipalityId, x.Role });
        b.HasIndex(x => new { x.RegionId, x.Role });
        b.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Municipality>().WithMany().HasForeignKey(x => x.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RoadmapConfiguration : IEntityTypeConfiguration<Roadmap>
{
    public void Configure(EntityTypeBuilder<Roadmap> b)
    {
        b.Property(x => x.Title).HasMaxLength(Lengths.Text);
        b.Property(x => x.Program).HasMaxLength(100);
        b.Property(x => x.SourceHash).HasMaxLength(64);
        b.HasIndex(x => new { x.RegionId, x.Year });
        b.Property(x => x.DocumentKey).HasMaxLength(64);
        b.HasIndex(x => new { x.RegionId, x.DocumentKey }).IsUnique();
        b.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Municipality>().WithMany().HasForeignKey(x => x.MunicipalityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Sections).WithOne().HasForeignKey(x => x.RoadmapId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Items).WithOne(x => x.Roadmap).HasForeignKey(x => x.RoadmapId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RoadmapSectionConfiguration : IEntityTypeConfiguration<RoadmapSection>
{
    public void Configure(EntityTypeBuilder<RoadmapSection> b)
    {
        b.Property(x => x.Number).HasMaxLength(32);
        b.Property(x => x.ParentNumber).HasMaxLength(32);
        b.Property(x => x.Title).HasMaxLength(Lengths.Text);
        b.HasIndex(x => new { x.RoadmapId, x.Number }).IsUnique();
    }
}

internal sealed class RoadmapItemConfiguration : IEntityTypeConfiguration<RoadmapItem>
{
    public void Configure(EntityTypeBuilder<RoadmapItem> b)
    {
        b.Property(x => x.Number).HasMaxLength(32);
        b.Property(x => x.Title).HasMaxLength(Lengths.Text);
        b.Property(x => x.TimeframeText).HasMaxLength(Lengths.Name);
        b.Property(x => x.TimeframeDetails).HasMaxLength(Lengths.Text);
        b.Property(x => x.Responsible).HasMaxLength(Lengths.Text);
        b.Property(x => x.ExpectedResult).HasMaxLength(Lengths.Text);
        b.Property(x => x.InformationSupport).HasMaxLength(Lengths.Text);
        b.Property(x => x.ResponsibleRoles).HasConversion<int>();
        b.HasIndex(x => new { x.RoadmapId, x.Number }).IsUnique();
        b.HasIndex(x => new { x.RoadmapId, x.DueDate });
        b.HasOne(x => x.Section).WithMany().HasForeignKey(x => x.SectionId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Responsibilities).WithOne().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ItemResponsibilityConfiguration : IEntityTypeConfiguration<ItemResponsibility>
{
    public void Configure(EntityTypeBuilder<ItemResponsibility> b)
    {
        b.Property(x => x.Level).HasMaxLength(32);
        b.Property(x => x.Text).HasMaxLength(Lengths.Text);
        b.HasOne(x => x.Organisation).WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ItemProgressConfiguration : IEntityTypeConfiguration<ItemProgress>
{
    public void Configure(EntityTypeBuilder<ItemProgress> b)
    {
        b.HasIndex(x => new { x.SchoolId, x.ItemId }).IsUnique();
        b.HasIndex(x => x.ItemId);
        b.Property(x => x.EvidenceUrl).HasMaxLength(Lengths.Url);
        b.Property(x => x.Note).HasMaxLength(Lengths.Text);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne(x => x.Item).WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.ChangedByPersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ItemProgressChangeConfiguration : IEntityTypeConfiguration<ItemProgressChange>
{
    public void Configure(EntityTypeBuilder<ItemProgressChange> b)
    {
        b.HasIndex(x => new { x.SchoolId, x.ItemId, x.ChangedAt });
        b.HasIndex(x => x.SourceKey).IsUnique();
        b.Property(x => x.EvidenceUrl).HasMaxLength(Lengths.Url);
        b.Property(x => x.Note).HasMaxLength(Lengths.Text);
        b.Property(x => x.SourceKey).HasMaxLength(200);
        b.HasOne<RoadmapItem>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.ChangedByPersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ConversationAddressConfiguration : IEntityTypeConfiguration<ConversationAddress>
{
    public void Configure(EntityTypeBuilder<ConversationAddress> b)
    {
        b.Property(x => x.ChannelId).HasMaxLength(64);
        b.Property(x => x.UserId).HasMaxLength(200);
        b.Property(x => x.AadObjectId).HasMaxLength(64);
        b.Property(x => x.TenantId).HasMaxLength(64);
        b.Property(x => x.ConversationType).HasMaxLength(32);
        b.Property(x => x.ServiceUrl).HasMaxLength(Lengths.Url);
        b.Property(x => x.Locale).HasMaxLength(32);
        b.HasIndex(x => new { x.ChannelId, x.UserId, x.ConversationId }).IsUnique();
        b.HasIndex(x => new { x.PersonId, x.IsActive });
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class ProcessedActivityConfiguration : IEntityTypeConfiguration<ProcessedActivity>
{
    public void Configure(EntityTypeBuilder<ProcessedActivity> b)
    {
        b.HasKey(x => x.Key);
        b.Property(x => x.Key).HasMaxLength(200);
        b.HasIndex(x => x.ProcessedAt);
    }
}
