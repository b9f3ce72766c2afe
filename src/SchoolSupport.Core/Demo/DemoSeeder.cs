using System.Text;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Conversation;
using SchoolSupport.Data;
using SchoolSupport.Imports;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;
using SchoolSupport.Roadmaps.Documents;
using SchoolSupport.Roadmaps.Import;
using SchoolSupport.Schools;

namespace SchoolSupport.Demo;

public sealed record DemoSeedResult(bool Seeded, int Schools, int People, int Items, int ProgressRows, int Year);

/// <summary>
/// A demo region to try every role: the Leningrad oblast 2022 roadmap (a real document) re-dated to the current
/// year so «что на этой неделе» has answers, 14 schools in 5 districts, people in every role and some progress.
/// The demo people are reached with the channel ids «29:demo-&lt;key&gt;» when Demo:Enabled is on.
/// </summary>
public static class DemoSeeder
{
    public const string RegionName = "Ленинградская область";
    public const string RoadmapResource = "demo/leningrad-oblast-500plus-2022.txt";

    /// <summary>The demo's school list and roster, shipped as <c>samples/schools.csv</c> and <c>samples/people.csv</c>.</summary>
    public const string SchoolsSample = "schools.csv";

    public const string PeopleSample = "people.csv";
    private const int SourceYear = 2022;

    public static async Task<DemoSeedResult> SeedAsync(SchoolSupportDbContext db, TimeProvider time, bool force, CancellationToken ct)
    {
        var today = RegionClock.Today(time, RegionClock.DefaultTimeZone);
        var year = today.Year;
        var demoEmail = DemoOptions.EmailFor("coordinator");
        if (!force && await db.People.AnyAsync(p => p.Email == demoEmail, ct))
        {
            return new DemoSeedResult(false, 0, 0, 0, 0, year);
        }

        var utcNow = time.GetUtcNow().UtcDateTime;

        // The demo region comes in through the same doors as a real one: its school list and roster are the sample
        // files a region copies as templates, re-dated like the roadmap.
        var options = new ImportOptions(RegionName);
        foreach (var (file, importSample) in new (string, Func<ImportTable, Task<ImportSummary>>)[]
        {
            (SchoolsSample, table => SchoolImporter.ImportAsync(db, table, options, utcNow, ct)),
            (PeopleSample, table => RosterImporter.ImportAsync(db, table, options, utcNow, ct)),
        })
        {
            var summary = await importSample(TabularFile.Read(ReadSample(file, year), file));
            if (!summary.Applied)
            {
                throw new InvalidOperationException($"Demo sample {file} did not import: {string.Join("; ", summary.Errors)}");
            }
        }

        var region = await db.Regions.FirstAsync(r => r.Name == RegionName, ct);
        var schools = await db.Schools.Where(s => s.RegionId == region.Id).OrderBy(s => s.Id).ToListAsync(ct);
        var personCount = await db.People.CountAsync(p => p.Email != null && p.Email.EndsWith("@" + DemoOptions.EmailDomain), ct);

        var parsed = ReadDemoRoadmap(year);
        var import = await RoadmapImporter.ImportAsync(db, parsed, new ImportTarget(RegionName), "demo-" + year, utcNow, ct);

        var progressRows = await SeedProgressAsync(db, import.RoadmapId, schools, today, utcNow, ct);
        await Consultations.RiskDirections.EnsureDefaultsAsync(db, region.Id, ct);
        await SeedConsultationsAsync(db, region.Id, schools, today, utcNow, ct);
        return new DemoSeedResult(true, schools.Count, personCount, parsed.Items.Count, progressRows, year);
    }

    /// <summary>A sample file (embedded from <c>samples/</c>) with its 2021/2022 years moved to <paramref name="year"/>.</summary>
    public static byte[] ReadSample(string name, int year)
    {
        using var stream = typeof(DemoSeeder).Assembly.GetManifestResourceStream("samples/" + name)
                           ?? throw new InvalidOperationException($"Sample {name} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Encoding.UTF8.GetBytes(Redate(reader.ReadToEnd(), year));
    }

    private static string Redate(string text, int year) => text
        .Replace(SourceYear.ToString(System.Globalization.CultureInfo.InvariantCulture), "{Y}", StringComparison.Ordinal)
        .Replace((SourceYear - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "{Y-1}", StringComparison.Ordinal)
        .Replace("{Y-1}", (year - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{Y}", year.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>The 2022 roadmap with every year moved so that its calendar falls on <paramref name="year"/>.</summary>
    public static ParsedRoadmap ReadDemoRoadmap(int year)
    {
        using var stream = typeof(DemoSeeder).Assembly.GetManifestResourceStream(RoadmapResource)
                           ?? throw new InvalidOperationException("Demo roadmap resource is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = Redate(reader.ReadToEnd(), year);
        using var redated = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return RoadmapDocumentReader.Read(redated, "leningrad-oblast-500plus-demo.txt");
    }

    private static async Task<int> SeedProgressAsync(
        SchoolSupportDbContext db, int roadmapId, IReadOnlyList<School> schools, DateOnly today, DateTime utcNow, CancellationToken ct)
    {
        var items = await db.RoadmapItems.Where(i => i.RoadmapId == roadmapId && i.TrackedPerSchool).ToListAsync(ct);
        var schoolIds = schools.Select(s => s.Id).ToList();
        var existing = await db.ItemProgress.Where(p => schoolIds.Contains(p.SchoolId)).Select(p => new { p.ItemId, p.SchoolId }).ToListAsync(ct);
        var known = existing.Select(e => (e.ItemId, e.SchoolId)).ToHashSet();
        var count = 0;
        foreach (var item in items)
        {
            foreach (var school in schools)
            {
                if (item.Cohort is { } cohort && cohort != school.Cohort)
                {
                    continue;
                }

                if (known.Contains((item.Id, school.Id)))
                {
                    continue;
                }

                // Deterministic spread: most past items done, a few late, some future items started.
                var roll = (item.Id * 31 + school.Id * 17) % 10;
                var due = item.DueDate;
                ProgressStatus? status = due is { } d && d < today
                    ? roll < 7 ? ProgressStatus.Done : roll == 7 ? ProgressStatus.InProgress : null
                    : roll == 0 ? ProgressStatus.InProgress : null;
                if (status is null)
                {
                    continue;
                }

                var completedOn = status == ProgressStatus.Done && due is { } dd ? dd.AddDays(-(roll % 4)) : (DateOnly?)null;
                db.ItemProgress.Add(new ItemProgress
                {
                    ItemId = item.Id,
                    SchoolId = school.Id,
                    Status = status.Value,
                    CompletedOn = completedOn,
                    ChangedAt = utcNow,
                    Version = 1,
                });
                db.ItemProgressChanges.Add(new ItemProgressChange
                {
                    ItemId = item.Id,
                    SchoolId = school.Id,
                    Status = status.Value,
                    CompletedOn = completedOn,
                    ChangedAt = utcNow,
                    Note = "демо-данные",
                });
                count++;
            }
        }

        await db.SaveChangesAsync(ct);
        return count;
    }

    /// <summary>
    /// A few consultations by the second curator (not the one reachable as «29:demo-curator», whose journal starts
    /// empty), so the roll-up, status cards, reminders and exports have something to show.
    /// </summary>
    private static async Task SeedConsultationsAsync(
        SchoolSupportDbContext db, int regionId, IReadOnlyList<School> schools, DateOnly today, DateTime utcNow, CancellationToken ct)
    {
        if (await db.Consultations.AnyAsync(c => c.RegionId == regionId, ct))
        {
            return;
        }

        var authorEmail = DemoOptions.EmailFor("curator2");
        var author = await db.People.FirstAsync(p => p.Email == authorEmail, ct);
        (int School, int DaysAgo, string Topic, string Decisions, string Action, int DueInDays)[] visits =
        [
            (2, 5, "Анализ рискового профиля школы", "Выбраны направления: низкая учебная мотивация, дефицит педагогических кадров.",
                "Подготовить проект антирисковой программы", 10),
            (2, 40, "Первичное посещение школы куратором", "Сформирована рабочая группа, согласован график консультаций.",
                "Заполнить чек-лист самодиагностики", -30),
            (4, 12, "Концепция развития и среднесрочная программа", "Доработать раздел о повышении квалификации педагогов.",
                "Направить куратору исправленную концепцию", -2),
            (5, 3, "Подготовка к первому опросу участников проекта", "Директор и заместитель проходят опрос до конца окна.",
                "Пройти опрос участников проекта", 6),
        ];
        var n = 0;
        foreach (var (index, daysAgo, topic, decisions, action, dueInDays) in visits)
        {
            var school = schools[index];
            var director = await db.RoleAssignments.Where(r => r.SchoolId == school.Id && r.Role == Role.Director)
                .Select(r => (int?)r.PersonId).FirstOrDefaultAsync(ct);
            db.Consultations.Add(new Consultations.Consultation
            {
                SchoolId = school.Id,
                RegionId = regionId,
                MunicipalityId = school.MunicipalityId,
                AuthorPersonId = author.Id,
                Date = today.AddDays(-daysAgo),
                Format = daysAgo % 2 == 0 ? Consultations.ConsultationFormat.InPerson : Consultations.ConsultationFormat.VideoCall,
                DurationMinutes = 60,
                Participants = "директор, заместитель директора по УВР",
                ParticipantRoles = RoleMask.Director,
                Topic = topic,
                Decisions = decisions,
                CreatedAt = utcNow,
                UpdatedAt = utcNow,
                SourceKey = $"demo:{++n}",
                Version = 1,
                Actions =
                [
                    new Consultations.ConsultationAction
                    {
                        Order = 1, Text = action, DueDate = today.AddDays(dueInDays), AssigneePersonId = director,
                    },
                ],
            });
        }

        await db.SaveChangesAsync(ct);
    }
}
