using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SchoolSupport.People;

namespace SchoolSupport.Outbox;

public enum DeliveryKind
{
    Announcement,
    AnnouncementReminder,
    Reminder,
    WeeklyDigest,
    Survey,
    Other,
}

/// <summary>
/// Per-recipient state. Queued and Throttled rows are waiting for <see cref="Delivery.NextAttemptAt"/>; Sending means a
/// connector call may have been made; the rest are final.
/// </summary>
public enum DeliveryStatus
{
    Queued,
    Sending,
    Sent,
    Throttled,
    Failed,

    /// <summary>The recipient blocked or uninstalled the bot (403 MessageWritesBlocked).</summary>
    Blocked,

    /// <summary>The bot is not installed for the person, or no address is known, or the conversation is gone (404).</summary>
    NoAddress,

    Cancelled,
}

/// <summary>
/// The content of one proactive message, shared by all its recipients: a card template and its model, or plain text.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public DeliveryKind Kind { get; set; }

    /// <summary>Card template name (<c>cards/NAME.json</c>); null for a text-only message.</summary>
    public string? Template { get; set; }

    /// <summary>The card model as camelCase JSON, rendered at send time by the channel edge.</summary>
    public string? Data { get; set; }

    /// <summary>Plain text: the message itself when there is no card, else the notification summary.</summary>
    public string? Text { get; set; }

    /// <summary>What caused the message («announcement:12»), for status queries.</summary>
    public string? Topic { get; set; }

    /// <summary>Unique per logical message («digest:2025-03-03:17»): a job that runs twice enqueues once.</summary>
    public string? DedupKey { get; set; }

    public int? CreatedByPersonId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>One recipient of one <see cref="OutboxMessage"/>; its id is the idempotency key of the send.</summary>
public sealed class Delivery
{
    public long Id { get; set; }
    public long MessageId { get; set; }
    public OutboxMessage? Message { get; set; }
    public int PersonId { get; set; }
    public DeliveryStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>Not before this instant (scheduled send, backoff, Retry-After).</summary>
    public DateTime NextAttemptAt { get; set; }

    /// <summary>Connector calls made (each Sending transition).</summary>
    public int Attempts { get; set; }

    /// <summary>429 answers received; they do not use up <see cref="Attempts"/>.</summary>
    public int Throttles { get; set; }

    /// <summary>The claim token of the dispatcher holding the row; the lease is void after <see cref="LeaseUntil"/>.</summary>
    public string? LeaseOwner { get; set; }

    public DateTime? LeaseUntil { get; set; }

    /// <summary>Fencing token of the current connector call: only the holder may write the outcome.</summary>
    public string? AttemptId { get; set; }

    public DateTime? SendingAt { get; set; }
    public DateTime? SentAt { get; set; }
    public string? ActivityId { get; set; }
    public string? ConversationId { get; set; }
    public string? Error { get; set; }

    /// <summary>
    /// Set when a row was found in <see cref="DeliveryStatus.Sending"/> after its lease expired (a crash between the
    /// connector call and the status write) and was sent again: the person may have received it twice.
    /// </summary>
    public bool PossibleDuplicate { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>When the person's client fetched the message (known for the web channel; Teams does not tell).</summary>
    public DateTime? ReadAt { get; set; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.Property(x => x.Template).HasMaxLength(100);
        b.Property(x => x.Data).HasMaxLength(30000);
        b.Property(x => x.Text).HasMaxLength(4000);
        b.Property(x => x.Topic).HasMaxLength(100);
        b.Property(x => x.DedupKey).HasMaxLength(200);
        b.HasIndex(x => x.DedupKey).IsUnique();
        b.HasIndex(x => x.Topic);
        // Restrict, like an announcement's author: the author stays on record, and SQL Server refuses the second
        // cascade path People -> OutboxMessages -> Deliveries next to People -> Deliveries.
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.CreatedByPersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DeliveryConfiguration : IEntityTypeConfiguration<Delivery>
{
    public void Configure(EntityTypeBuilder<Delivery> b)
    {
        b.Property(x => x.LeaseOwner).HasMaxLength(64);
        b.Property(x => x.AttemptId).HasMaxLength(64);
        b.Property(x => x.ActivityId).HasMaxLength(200);
        b.Property(x => x.ConversationId).HasMaxLength(400);
        b.Property(x => x.Error).HasMaxLength(1000);
        b.HasIndex(x => new { x.Status, x.NextAttemptAt });
        b.HasIndex(x => new { x.MessageId, x.PersonId }).IsUnique();
        b.HasIndex(x => new { x.MessageId, x.Status });
        b.HasIndex(x => x.LeaseOwner);
        b.HasIndex(x => x.PersonId);
        b.HasOne(x => x.Message).WithMany().HasForeignKey(x => x.MessageId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
