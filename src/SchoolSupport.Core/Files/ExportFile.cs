using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SchoolSupport.Conversation;
using SchoolSupport.Data;
using SchoolSupport.People;

namespace SchoolSupport.Files;

/// <summary>
/// An export waiting to be handed to the person who asked for it: through the Teams file consent flow, or a download
/// link on channels without files. Kept in the database (any instance can serve it), taken once, then removed.
/// </summary>
public sealed class ExportFile
{
    /// <summary>Random, 128 bits: the id in the consent card context or the download link.</summary>
    public required string Id { get; set; }

    /// <summary>SHA-256 of the secret part of a download link; null for consent-flow exports.</summary>
    public byte[]? SecretHash { get; set; }

    public int PersonId { get; set; }

    /// <summary>The channel account that asked; only it may take the file.</summary>
    public required string ChannelId { get; set; }

    public required string UserId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }

    /// <summary>When the file was taken (downloaded, uploaded to the person's OneDrive or declined).</summary>
    public DateTime? TakenAt { get; set; }
}

/// <summary>Publishing, taking (once, by the one who asked) and pruning exports.</summary>
public static class ExportFiles
{
    public static string NewId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    public static byte[] HashSecret(string secret) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret));

    public static async Task<ExportFile> PublishAsync(
        SchoolSupportDbContext db, FileReply file, int personId, string channelId, string userId, TimeSpan lifetime, DateTime utcNow,
        string? secret, CancellationToken ct)
    {
        await PruneAsync(db, utcNow, ct);
        var export = new ExportFile
        {
            Id = NewId(),
            SecretHash = secret is null ? null : HashSecret(secret),
            PersonId = personId,
            ChannelId = channelId,
            UserId = userId,
            FileName = file.FileName,
            ContentType = file.ContentType,
            Content = file.Content,
            CreatedAt = utcNow,
            ExpiresAt = utcNow + lifetime,
        };
        db.Add(export);
        await db.SaveChangesAsync(ct);
        return export;
    }

    /// <summary>
    /// Takes the export for <paramref name="personId"/> exactly once: a conditional update, so two instances (or a
    /// double click) cannot both take it. Null when it is unknown, expired, already taken or someone else's.
    /// </summary>
    public static async Task<ExportFile?> TakeAsync(
        SchoolSupportDbContext db, string id, int? personId, string? channelId, string? userId, byte[]? secretHash, DateTime utcNow,
        CancellationToken ct)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 64)
        {
            return null;
        }

        var candidate = await db.Set<ExportFile>().AsNoTracking()
            .Where(e => e.Id == id)
            .Select(e => new { e.PersonId, e.ChannelId, e.UserId, e.SecretHash, e.ExpiresAt, e.TakenAt })
            .FirstOrDefaultAsync(ct);
        if (candidate is null || candidate.TakenAt is not null || candidate.ExpiresAt <= utcNow
            || (personId is not null && candidate.PersonId != personId)
            || (channelId is not null && (candidate.ChannelId != channelId || candidate.UserId != userId))
            || (candidate.SecretHash is not null && (secretHash is null || !CryptographicOperations.FixedTimeEquals(candidate.SecretHash, secretHash))))
        {
            return null;
        }

        var taken = await db.Set<ExportFile>()
            .Where(e => e.Id == id && e.TakenAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.TakenAt, utcNow), ct);
        return taken == 1 ? await db.Set<ExportFile>().AsNoTracking().FirstAsync(e => e.Id == id, ct) : null;
    }

    /// <summary>Removes expired exports and those taken more than a minute ago.</summary>
    public static Task<int> PruneAsync(SchoolSupportDbContext db, DateTime utcNow, CancellationToken ct)
    {
        var takenBefore = utcNow.AddMinutes(-1);
        return db.Set<ExportFile>()
            .Where(e => e.ExpiresAt <= utcNow || (e.TakenAt != null && e.TakenAt <= takenBefore))
            .ExecuteDeleteAsync(ct);
    }
}

internal sealed class ExportFileConfiguration : IEntityTypeConfiguration<ExportFile>
{
    public void Configure(EntityTypeBuilder<ExportFile> b)
    {
        b.ToTable("ExportFiles");
        b.Property(x => x.Id).HasMaxLength(64);
        b.Property(x => x.SecretHash).HasMaxLength(32);
        b.Property(x => x.ChannelId).HasMaxLength(64);
        b.Property(x => x.ContentType).HasMaxLength(200);
        b.HasIndex(x => x.ExpiresAt);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
