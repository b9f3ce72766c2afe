using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Common;
using SchoolSupport.Data;
using SchoolSupport.People;
using SchoolSupport.Roadmaps.Documents;
using SchoolSupport.Schedules;
using SchoolSupport.Schools;

namespace SchoolSupport.Roadmaps.Import;

public sealed record ImportTarget(string RegionName, RoadmapLevel Level = RoadmapLevel.Region, string? MunicipalityName = null, string Program = Programs.FiveHundredPlus);

public sealed record ImportResult(int RoadmapId, bool Created, int ItemsAdded, int ItemsUpdated, int ItemsWithdrawn, bool RegionCreated, IReadOnlyList<string> Warnings);

/// <summary>
/// Stores a parsed roadmap. Importing the same document again (same region, year and title — whether from .docx or
/// its text export) updates the roadmap in place: items are matched by number, progress already recorded is kept, and
/// an item that disappeared from the document is withdrawn (or deleted when nobody recorded progress on it).
/// </summary>
public static class RoadmapImporter
{
    public static async Task<ImportResult> ImportAsync(
        SchoolSupportDbContext db, ParsedRoadmap parsed, ImportTarget target, string sourceHash, DateTime utcNow, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var result = await ImportCoreAsync(db, parsed, target, sourceHash, utcNow, ct);
            await tx.CommitAsync(ct);
            return result;
        });
    }

    private static async Task<ImportResult> ImportCoreAsync(
        SchoolSupportDbContext db, ParsedRoadmap parsed, ImportTarget target, string sourceHash, DateTime utcNow, CancellationToken ct)
    {
        var regionName = target.RegionName.Trim();
        var region = await db.Regions.FirstOrDefaultAsync(r => r.Name == regionName, ct);
        var regionCreated = region is null;
        if (region is null)
        {
            region = new Region { Name = regionName };
            db.Regions.Add(region);
            await db.SaveChangesAsync(ct);
        }

        int? municipalityId = null;
        if (!string.IsNullOrWhiteSpace(target.MunicipalityName))
        {
            var name = target.MunicipalityName.Trim();
            var municipality = await db.Municipalities.FirstOrDefaultAsync(m => m.RegionId == region.Id && m.Name == name, ct);
            if (municipality is null)
            {
                municipality = new Municipality { RegionId = region.Id, Name = name };
                db.Municipalities.Add(municipality);
                await db.SaveChangesAsync(ct);
            }

            municipalityId = municipality.Id;
        }

        var year = parsed.Year ?? DateTime.UtcNow.Year;
        var documentKey = DocumentKey(parsed.Title, year);
        var roadmap = await db.Roadmaps
            .Include(r => r.Sections)
            .Include(r => r.Items).ThenInclude(i => i.Responsibilities)
            .FirstOrDefaultAsync(r => r.RegionId == region.Id && r.DocumentKey == documentKey, ct);
        var created = roadmap is null;
        if (roadmap is null)
        {
            roadmap = new Roadmap { Title = parsed.Title, SourceFileName = parsed.SourceFileName, RegionId = region.Id, DocumentKey = documentKey };
            db.Roadmaps.Add(roadmap);
        }

        roadmap.Title = PlainText.Fit(parsed.Title, 4000)!;
        roadmap.Level = target.Level;
        roadmap.MunicipalityId = municipalityId;
        roadmap.Program = target.Program;
        roadmap.Year = year;
        roadmap.PeriodStart = new DateOnly(year, 1, 1);
        roadmap.PeriodEnd = new DateOnly(year, 12, 31);
        roadmap.SourceFileName = PlainText.Fit(parsed.SourceFileName, 400)!;
        roadmap.SourceHash = sourceHash;
        roadmap.ImportedAt = utcNow;

        var sectionsByNumber = roadmap.Sections.ToDictionary(s => s.Number, StringComparer.Ordinal);
        var order = 0;
        foreach (var ps in parsed.Sections)
        {
            if (!sectionsByNumber.TryGetValue(ps.Number, out var section))
            {
                section = new RoadmapSection { Number = ps.Number, Title = ps.Title };
                roadmap.Sections.Add(section);
                sectionsByNumber[ps.Number] = section;
            }

            section.Title = PlainText.Fit(ps.Title, 4000)!;
            section.ParentNumber = ps.ParentNumber;
            section.Order = order++;
        }

        await db.SaveChangesAsync(ct);

        var organisations = await db.Organisations.Where(o => o.RegionId == region.Id).ToDictionaryAsync(o => o.ShortName ?? o.Name, ct);
        var existing = roadmap.Items.ToDictionary(i => i.Number, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int added = 0, updated = 0;
        foreach (var pi in parsed.Items)
        {
            seen.Add(pi.Number);
            if (!existing.TryGetValue(pi.Number, out var item))
            {
                item = new RoadmapItem { Number = pi.Number, Title = pi.Title, TimeframeText = pi.TimeframeText };
                roadmap.Items.Add(item);
                added++;
            }
            else
            {
                updated++;
            }

            var resolution = ResponsibilityResolver.Resolve(pi.Responsible, pi.ResponsibleByLevel);
            var timeframe = pi.Timeframe;
            item.SectionId = sectionsByNumber.TryGetValue(pi.SectionNumber, out var sec) ? sec.Id : null;
            item.Order = pi.Order;
            item.Title = PlainText.Fit(pi.Title, 4000)!;
            item.TimeframeText = PlainText.Fit(pi.TimeframeText, 400)!;
            item.TimeframeKind = timeframe.Kind;
            item.StartDate = timeframe.Start;
            item.EndDate = timeframe.End;
            item.DueDate = timeframe.DueDate;
            item.TimeframeDetails = TimeframeDetailsJson.Serialize(timeframe);
            item.Responsible = PlainText.Fit(pi.Responsible, 4000);
            item.ResponsibleRoles = resolution.Roles;
            item.TrackedPerSchool = resolution.Roles.HasFlag(RoleMask.Director);
            item.Cohort = ResponsibilityResolver.ResolveCohort(pi.Responsible + " " + pi.TimeframeText, year);
            item.ExpectedResult = PlainText.Fit(pi.ExpectedResult, 4000);
            item.TargetPercent = pi.TargetPercent;
            item.TargetCount = pi.TargetCount;
            item.InformationSupport = PlainText.Fit(pi.InformationSupport, 4000);
            item.IsWithdrawn = false;

            item.Responsibilities.Clear();
            foreach (var role in Enum.GetValues<Role>().Where(r => resolution.Roles.HasFlag(Caller.ToMask(r))))
            {
                item.Responsibilities.Add(new ItemResponsibility { Role = role, Text = RoleNames.Russian(role) });
            }

            foreach (var name in resolution.Organisations)
            {
                if (!organisations.TryGetValue(name, out var organisation))
                {
                    organisation = new Organisation { RegionId = region.Id, Name = name, ShortName = name };
                    db.Organisations.Add(organisation);
                    organisations[name] = organisation;
                }

                item.Responsibilities.Add(new ItemResponsibility { Organisation = organisation, Text = name });
            }

            foreach (var (level, text) in pi.ResponsibleByLevel)
            {
                item.Responsibilities.Add(new ItemResponsibility { Level = PlainText.Fit(level, 32), Text = PlainText.Fit(text, 4000)! });
            }
        }

        var withdrawn = 0;
        foreach (var gone in roadmap.Items.Where(i => !seen.Contains(i.Number)).ToList())
        {
            var hasProgress = gone.Id != 0 && await db.ItemProgress.AnyAsync(p => p.ItemId == gone.Id, ct);
            if (hasProgress)
            {
                gone.IsWithdrawn = true;
            }
            else
            {
                roadmap.Items.Remove(gone);
                db.RoadmapItems.Remove(gone);
            }

            withdrawn++;
        }

        await db.SaveChangesAsync(ct);
        return new ImportResult(roadmap.Id, created, added, created ? 0 : updated, withdrawn, regionCreated, parsed.Warnings);
    }

    public static string Hash(byte[] content) => Convert.ToHexString(SHA256.HashData(content));

    /// <summary>Identifies "the same roadmap" across re-imports and formats: region + year + normalised title.</summary>
    public static string DocumentKey(string title, int year)
    {
        var normalized = new string(title.ToLowerInvariant().Replace('ё', 'е').Where(char.IsLetterOrDigit).ToArray());
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{year}:{normalized}")));
    }
}
