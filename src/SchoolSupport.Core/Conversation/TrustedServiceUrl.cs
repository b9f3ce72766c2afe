using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SchoolSupport.Data;

namespace SchoolSupport.Conversation;

/// <summary>
/// A channel service address proven by the signed claim of an authenticated activity: the bot may send its token
/// there. Stored so that a restarted or second instance can reach people proactively at once.
/// </summary>
public sealed class TrustedServiceUrl
{
    /// <summary>Normalised: scheme, lower-case authority and path without the trailing slash.</summary>
    public required string Url { get; set; }

    public DateTime FirstSeenAt { get; set; }
}

public static class TrustedServiceUrlStore
{
    public static Task<bool> ContainsAsync(SchoolSupportDbContext db, string url, CancellationToken ct) =>
        db.Set<TrustedServiceUrl>().AnyAsync(t => t.Url == url, ct);

    /// <summary>Stores the address once; a concurrent insert by another instance is as good as our own.</summary>
    public static async Task AddAsync(SchoolSupportDbContext db, string url, DateTime utcNow, CancellationToken ct)
    {
        if (url.Length > 400 || await ContainsAsync(db, url, ct))
        {
            return;
        }

        db.Add(new TrustedServiceUrl { Url = url, FirstSeenAt = utcNow });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
        }
    }
}

internal sealed class TrustedServiceUrlConfiguration : IEntityTypeConfiguration<TrustedServiceUrl>
{
    public void Configure(EntityTypeBuilder<TrustedServiceUrl> b)
    {
        b.ToTable("TrustedServiceUrls");
        b.HasKey(x => x.Url);
        b.Property(x => x.Url).HasMaxLength(400);
    }
}
