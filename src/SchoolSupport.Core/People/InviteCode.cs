using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SchoolSupport.People;

/// <summary>
/// A one-time code a coordinator gives a person so their Teams account can be linked («привязать KX7M-P4QH-R9TB-W3NC»).
/// The first group is the code's public <see cref="Selector"/>; only a keyed hash of the whole code is stored.
/// </summary>
public sealed class InviteCode
{
    public int Id { get; set; }
    public int PersonId { get; set; }

    /// <summary>HMAC-SHA256 of the code with the configured key (hex).</summary>
    public required string CodeHash { get; set; }

    /// <summary>The first group of the code: finds the row, so wrong guesses for one code can be counted and stop it.</summary>
    public string? Selector { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
    public int? CreatedByPersonId { get; set; }

    /// <summary>Wrong codes tried with this code's selector; at the limit the code is void.</summary>
    public int FailedAttempts { get; set; }

    /// <summary>The account («channel|user id») asked to confirm re-linking a person who is already linked elsewhere.</summary>
    public string? PendingAccount { get; set; }
}

/// <summary>A failed «привязать …» from one account; recent ones lock the account out for a while.</summary>
public sealed class InviteCodeAttempt
{
    public long Id { get; set; }
    public required string ChannelId { get; set; }
    public required string UserId { get; set; }
    public DateTime At { get; set; }
    public int? InviteCodeId { get; set; }
}

/// <summary>The audit trail of account links: who issued the code, who redeemed it, when, from which account.</summary>
public sealed class PersonLink
{
    public long Id { get; set; }
    public int PersonId { get; set; }
    public int? InviteCodeId { get; set; }
    public int? IssuedByPersonId { get; set; }
    public DateTime IssuedAt { get; set; }
    public DateTime LinkedAt { get; set; }

    /// <summary>The person the redeeming account already belonged to, if any (re-linking one's own account).</summary>
    public int? RedeemedByPersonId { get; set; }

    public required string ChannelId { get; set; }
    public required string UserId { get; set; }
    public string? AadObjectId { get; set; }
    public string? TenantId { get; set; }

    /// <summary>The account the person was linked to before, when this link replaced it.</summary>
    public string? PreviousUserId { get; set; }
}

internal sealed class InviteCodeConfiguration : IEntityTypeConfiguration<InviteCode>
{
    public void Configure(EntityTypeBuilder<InviteCode> b)
    {
        b.Property(x => x.CodeHash).HasMaxLength(128);
        b.Property(x => x.Selector).HasMaxLength(8);
        b.Property(x => x.PendingAccount).HasMaxLength(300);
        b.HasIndex(x => x.CodeHash).IsUnique();
        b.HasIndex(x => x.Selector).IsUnique();
        b.HasIndex(x => x.ExpiresAt);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InviteCodeAttemptConfiguration : IEntityTypeConfiguration<InviteCodeAttempt>
{
    public void Configure(EntityTypeBuilder<InviteCodeAttempt> b)
    {
        b.Property(x => x.ChannelId).HasMaxLength(50);
        b.Property(x => x.UserId).HasMaxLength(200);
        b.HasIndex(x => new { x.ChannelId, x.UserId, x.At });
        b.HasIndex(x => x.At);
    }
}

internal sealed class PersonLinkConfiguration : IEntityTypeConfiguration<PersonLink>
{
    public void Configure(EntityTypeBuilder<PersonLink> b)
    {
        b.Property(x => x.ChannelId).HasMaxLength(50);
        b.Property(x => x.UserId).HasMaxLength(200);
        b.Property(x => x.AadObjectId).HasMaxLength(100);
        b.Property(x => x.TenantId).HasMaxLength(100);
        b.Property(x => x.PreviousUserId).HasMaxLength(200);
        b.HasIndex(x => new { x.PersonId, x.LinkedAt });
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
