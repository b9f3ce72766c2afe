using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SchoolSupport.Outbox;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;
using SchoolSupport.Schools;

namespace SchoolSupport.Announcements;

public enum AnnouncementStatus
{
    /// <summary>Filled in and previewed by the author, not sent.</summary>
    Draft,

    /// <summary>Confirmed: its deliveries are in the outbox (possibly not before <see cref="Announcement.ScheduledAt"/>).</summary>
    Confirmed,

    Cancelled,
}

/// <summary>A coordinator's message to a chosen audience of their region or municipality.</summary>
public sealed class Announcement
{
    public int Id { get; set; }
    public int RegionId { get; set; }
    public int AuthorPersonId { get; set; }
    public required string Title { get; set; }

    /// <summary>Markdown as Teams renders it in a TextBlock (bold, italic, lists, links).</summary>
    public required string Text { get; set; }

    public string? LinkUrl { get; set; }
    public string? ButtonTitle { get; set; }

    public RoleMask AudienceRoles { get; set; }

    /// <summary>Comma-separated ids; empty means «all within the author's scope».</summary>
    public string AudienceMunicipalities { get; set; } = "";

    public string AudienceCohorts { get; set; } = "";
    public string AudienceSchools { get; set; } = "";

    public bool RequireAcknowledgement { get; set; }

    /// <summary>Send not before this instant (UTC); null = at once.</summary>
    public DateTime? ScheduledAt { get; set; }

    public AnnouncementStatus Status { get; set; }
    public int RecipientCount { get; set; }

    /// <summary>The outbox message of the original send.</summary>
    public long? MessageId { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? ConfirmedAt { get; set; }
    public DateTime? CancelledAt { get; set; }

    public string Topic => TopicFor(Id);

    public static string TopicFor(int id) => "announcement:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public AnnouncementAudience Audience
    {
        get => new(AudienceRoles, Ids(AudienceMunicipalities), Ids(AudienceCohorts), Ids(AudienceSchools));
        set
        {
            AudienceRoles = value.Roles;
            AudienceMunicipalities = string.Join(",", value.MunicipalityIds);
            AudienceCohorts = string.Join(",", value.Cohorts);
            AudienceSchools = string.Join(",", value.SchoolIds);
        }
    }

    internal static IReadOnlyList<int> Ids(string? csv) =>
        (csv ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : (int?)null)
            .Where(n => n is not null).Select(n => n!.Value).Distinct().Order().ToList();
}

/// <summary>Who pressed «Ознакомлен(а)» and when; one row per person and announcement.</summary>
public sealed class AnnouncementAcknowledgement
{
    public int Id { get; set; }
    public int AnnouncementId { get; set; }
    public int PersonId { get; set; }
    public DateTime AcknowledgedAt { get; set; }
}

internal sealed class AnnouncementConfiguration : IEntityTypeConfiguration<Announcement>
{
    public void Configure(EntityTypeBuilder<Announcement> b)
    {
        b.Ignore(x => x.Audience);
        b.Ignore(x => x.Topic);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Text).HasMaxLength(4000);
        b.Property(x => x.LinkUrl).HasMaxLength(2000);
        b.Property(x => x.ButtonTitle).HasMaxLength(100);
        b.Property(x => x.AudienceRoles).HasConversion<int>();
        b.Property(x => x.AudienceMunicipalities).HasMaxLength(1000);
        b.Property(x => x.AudienceCohorts).HasMaxLength(200);
        b.Property(x => x.AudienceSchools).HasMaxLength(4000);
        b.HasIndex(x => new { x.AuthorPersonId, x.CreatedAt });
        b.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.AuthorPersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<OutboxMessage>().WithMany().HasForeignKey(x => x.MessageId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class AnnouncementAcknowledgementConfiguration : IEntityTypeConfiguration<AnnouncementAcknowledgement>
{
    public void Configure(EntityTypeBuilder<AnnouncementAcknowledgement> b)
    {
        b.HasIndex(x => new { x.AnnouncementId, x.PersonId }).IsUnique();
        b.HasOne<Announcement>().WithMany().HasForeignKey(x => x.AnnouncementId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
