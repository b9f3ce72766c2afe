using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SchoolSupport.People;

namespace SchoolSupport.Audiences;

public enum AppInstallState
{
    /// <summary>Waiting for its turn (or for a Retry-After) at <see cref="AppInstallation.NextAttemptAt"/>.</summary>
    Pending,

    /// <summary>The app is in the person's Teams and their chat with the bot is stored as an address.</summary>
    Installed,

    /// <summary>Graph refused (no permission, the user does not exist, the app is not in the catalogue): final.</summary>
    Refused,

    /// <summary>Gave up after repeated errors: final.</summary>
    Failed,
}

/// <summary>
/// Installing the Teams app for one person through Microsoft Graph so the bot may write to them, as a durable job:
/// one row per person, claimed with a lease by the instance that runs the installs, retried with backoff, honouring
/// Graph's Retry-After. Deliveries waiting for it carry <see cref="AppInstalls.WaitMarker"/> and are woken when it ends.
/// </summary>
public sealed class AppInstallation
{
    public int Id { get; set; }
    public int PersonId { get; set; }
    public AppInstallState State { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }

    /// <summary>Graph calls that failed (5xx, timeouts); 429s are counted in <see cref="Throttles"/>.</summary>
    public int Attempts { get; set; }

    public int Throttles { get; set; }

    public string? LeaseOwner { get; set; }
    public DateTime? LeaseUntil { get; set; }

    /// <summary>The person's chat with the bot (Graph chat id, used as the conversation id).</summary>
    public string? ChatId { get; set; }

    /// <summary>Why it was refused or failed, or the last transient error, in words for the coordinator.</summary>
    public string? Error { get; set; }

    public DateTime UpdatedAt { get; set; }
}

internal sealed class AppInstallationConfiguration : IEntityTypeConfiguration<AppInstallation>
{
    public void Configure(EntityTypeBuilder<AppInstallation> b)
    {
        b.HasIndex(x => x.PersonId).IsUnique();
        b.HasIndex(x => new { x.State, x.NextAttemptAt });
        b.Property(x => x.LeaseOwner).HasMaxLength(64);
        b.Property(x => x.ChatId).HasMaxLength(400);
        b.Property(x => x.Error).HasMaxLength(1000);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
