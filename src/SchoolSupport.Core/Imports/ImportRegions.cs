using Microsoft.EntityFrameworkCore;
using SchoolSupport.Data;
using SchoolSupport.People;
using SchoolSupport.Schools;

namespace SchoolSupport.Imports;

/// <summary>What the school and people imports share: the target region, the all-or-nothing rule and the audit row.</summary>
internal static class ImportRegions
{
    public static async Task<Region> FindOrCreateAsync(SchoolSupportDbContext db, ImportOptions options, CancellationToken ct)
    {
        var name = options.RegionName.Trim();
        if (name.Length == 0)
        {
            throw new ImportFormatException("Не указан регион.");
        }

        var region = await db.Regions.FirstOrDefaultAsync(r => r.Name == name, ct);
        if (region is not null)
        {
            return region;
        }

        if (!RegionClock.IsKnownTimeZone(options.TimeZone))
        {
            throw new ImportFormatException($"Часовой пояс «{options.TimeZone}» неизвестен; укажите зону IANA, например Europe/Moscow.");
        }

        region = new Region { Name = name, TimeZone = options.TimeZone };
        db.Regions.Add(region);
        return region;
    }

    /// <summary>
    /// Stores the changes in one save (one transaction), or none of them: on a dry run, and when any row has an error
    /// unless the caller asked to skip invalid rows.
    /// </summary>
    public static async Task<ImportSummary> FinishAsync(
        SchoolSupportDbContext db, ImportSummary summary, ImportOptions options, string action, Region region, DateTime utcNow, CancellationToken ct)
    {
        if (options.DryRun || (summary.HasErrors && !options.SkipInvalid))
        {
            db.ChangeTracker.Clear();
            return summary;
        }

        var audit = new RosterChange
        {
            At = utcNow,
            ActorPersonId = options.ActorPersonId,
            Action = action,
            RegionId = region.Id == 0 ? null : region.Id,
            Details = $"{region.Name}: строк {summary.Rows}, новых {summary.Created}, изменено {summary.Updated}, " +
                      $"без изменений {summary.Unchanged}, отключено {summary.Deactivated}, ошибок {summary.Errors.Count}",
        };
        db.RosterChanges.Add(audit);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (audit.RegionId is null)
        {
            audit.RegionId = region.Id;
            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return summary with { Applied = true };
    }
}
