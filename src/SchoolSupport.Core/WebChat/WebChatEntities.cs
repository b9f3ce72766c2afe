using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SchoolSupport.WebChat;

/// <summary>
/// A conversation of the built-in Direct Line channel. Its user is fixed when it is created from the signed-in
/// identity; tokens name the conversation and user, and every request is checked against this row.
/// </summary>
public sealed class WebChatConversation
{
    public required string Id { get; set; }

    /// <summary>The channel user id, chosen by the server when the conversation is created; never by the client.</summary>
    public required string UserId { get; set; }

    /// <summary>The signed-in identity (lower-case e-mail) the conversation belongs to.</summary>
    public required string Identity { get; set; }

    public string? UserName { get; set; }
    public string? Locale { get; set; }

    /// <summary>Sequence number of the newest activity; the next one gets this plus one (the watermark).</summary>
    public long LastSequence { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>One activity of a conversation, as clients receive it, numbered in order.</summary>
public sealed class WebChatActivity
{
    public long Id { get; set; }
    public required string ConversationId { get; set; }
    public long Sequence { get; set; }
    public bool FromUser { get; set; }

    /// <summary>The activity JSON (id, timestamp, from, text, attachments…).</summary>
    public required string Json { get; set; }

    /// <summary>Idempotency key of a message sent from outside a turn («delivery-17»): stored once per conversation.</summary>
    public string? ExternalKey { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>When a client first fetched it (REST or stream).</summary>
    public DateTime? ReadAt { get; set; }
}

/// <summary>A file a user attached in Web Chat, kept for the bot to read.</summary>
public sealed class WebChatUpload
{
    public required string Id { get; set; }
    public required string ConversationId { get; set; }
    public required string Name { get; set; }
    public string? ContentType { get; set; }
    public long Size { get; set; }
    public required byte[] Content { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class WebChatConversationConfiguration : IEntityTypeConfiguration<WebChatConversation>
{
    public void Configure(EntityTypeBuilder<WebChatConversation> b)
    {
        b.Property(x => x.Id).HasMaxLength(64);
        b.Property(x => x.UserId).HasMaxLength(200);
        b.Property(x => x.Identity).HasMaxLength(320);
        b.Property(x => x.Locale).HasMaxLength(32);
        b.HasIndex(x => new { x.Identity, x.UpdatedAt });
    }
}

internal sealed class WebChatActivityConfiguration : IEntityTypeConfiguration<WebChatActivity>
{
    public void Configure(EntityTypeBuilder<WebChatActivity> b)
    {
        b.Property(x => x.ConversationId).HasMaxLength(64);
        b.Property(x => x.Json).HasMaxLength(200_000);
        b.Property(x => x.ExternalKey).HasMaxLength(200);
        b.HasIndex(x => new { x.ConversationId, x.Sequence }).IsUnique();
        b.HasIndex(x => new { x.ConversationId, x.ExternalKey }).IsUnique();
        b.HasOne<WebChatConversation>().WithMany().HasForeignKey(x => x.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebChatUploadConfiguration : IEntityTypeConfiguration<WebChatUpload>
{
    public void Configure(EntityTypeBuilder<WebChatUpload> b)
    {
        b.Property(x => x.Id).HasMaxLength(64);
        b.Property(x => x.ConversationId).HasMaxLength(64);
        b.Property(x => x.ContentType).HasMaxLength(200);
        b.HasIndex(x => new { x.ConversationId, x.CreatedAt });
        b.HasIndex(x => x.CreatedAt);
        b.HasOne<WebChatConversation>().WithMany().HasForeignKey(x => x.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}
