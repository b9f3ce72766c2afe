using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SchoolSupport.People;

namespace SchoolSupport.Imports;

/// <summary>
/// A file a coordinator sent in chat, kept until they press «Импортировать» or «Отмена». It lives in the database, not
/// in memory, so the confirmation works on whichever instance receives it; the file is re-checked when applied.
/// </summary>
public sealed class PendingImport
{
    public int Id { get; set; }
    public int PersonId { get; set; }

    /// <summary>The <see cref="IImportKind.Name"/> that recognised the file.</summary>
    public required string Kind { get; set; }

    public required string FileName { get; set; }
    public required byte[] Content { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }

    /// <summary>Set once applied or cancelled; a second press finds it and changes nothing.</summary>
    public DateTime? CompletedAt { get; set; }

    /// <summary>«imported», «cancelled».</summary>
    public string? Outcome { get; set; }
}

internal sealed class PendingImportConfiguration : IEntityTypeConfiguration<PendingImport>
{
    public void Configure(EntityTypeBuilder<PendingImport> b)
    {
        b.Property(x => x.Kind).HasMaxLength(32);
        b.Property(x => x.Outcome).HasMaxLength(32);
        b.HasIndex(x => new { x.PersonId, x.CreatedAt });
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
