using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Data;
using SchoolSupport.Demo;
using SchoolSupport.Roadmaps.Import;

namespace SchoolSupport.Benchmarks.Turns;

public sealed record NationalScale(int Regions, int Schools, int ItemsPerRoadmap, int Year)
{
    public string Key => string.Create(CultureInfo.InvariantCulture, $"r{Regions}-s{Schools}-i{ItemsPerRoadmap}-y{Year}");
}

/// <summary>A person the load generator plays: the channel user id is bound to them by a stored conversation address.</summary>
public sealed record BenchUser(int PersonId, string Role, string UserId, int RegionId);

public sealed record GeneratedDatabase(string Path, bool Cached, TimeSpan GenerationTime, long Bytes, IReadOnlyDictionary<string, long> Counts);

/// <summary>
/// A national-scale database: regions, municipalities, schools, one regional roadmap per region cloned from the real
/// demo roadmap (padded to the requested item count), directors, curators, coordinators, their role assignments, progress
/// for about half of the past-due per-school items, and a conversation address for every person. Written with batched
/// prepared ADO.NET inserts in one transaction (EF change tracking would take minutes at this size), and cached under
/// the temp folder by scale and schema hash so re-runs start at once.
/// </summary>
public static class NationalDatabase
{
    // Bump when the generated contents change, so cached files are not reused with a different shape.
    private const int GeneratorVersion = 3;

    public const string Channel = "emulator";
    public const string ServiceUrl = "http://127.0.0.1:9/";
    public const string BotId = "28:bot";
    public const string BotName = "SchoolSupport";
    public const string Locale = "ru-RU";

    public static string UserIdOf(int personId) => "29:bench-" + personId.ToString(CultureInfo.InvariantCulture);

    public static string ConversationIdOf(string userId) => "conv-" + userId;

    public static async Task<GeneratedDatabase> EnsureAsync(NationalScale scale, DateTimeOffset now)
    {
        var folder = Path.Combine(Path.GetTempPath(), "schoolsupport-bench");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"national-{scale.Key}-{SchemaHash()}.db");
        if (File.Exists(path))
        {
            return new GeneratedDatabase(path, true, TimeSpan.Zero, new FileInfo(path).Length, await CountsAsync(path));
        }

        var partial = path + ".partial";
        File.Delete(partial);
        var clock = Stopwatch.StartNew();
        await GenerateAsync(partial, scale, now);
        clock.Stop();
        SqliteConnection.ClearAllPools();
        File.Move(partial, path, overwrite: true);
        return new GeneratedDatabase(path, false, clock.Elapsed, new FileInfo(path).Length, await CountsAsync(path));
    }

    /// <summary>The people a run drives, by role, spread over regions so the load is not one region's.</summary>
    public static async Task<IReadOnlyList<BenchUser>> PickUsersAsync(string path, int users)
    {
        var quotas = new (string Role, double Share)[]
        {
            ("Director", 0.60), ("Curator", 0.25), ("MunicipalCoordinator", 0.10), ("RegionalCoordinator", 0.05),
        };
        var counts = quotas.Select(q => Math.Max(1, (int)Math.Round(users * q.Share))).ToArray();
        counts[0] += users - counts.Sum();

        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var picked = new List<BenchUser>();
        for (var q = 0; q < quotas.Length; q++)
        {
            await using var cmd = connection.CreateCommand();
            // One row per person (curators have several), ordered so that consecutive picks land in different regions.
            cmd.CommandText = """
                SELECT PersonId, MIN(RegionId) FROM RoleAssignments WHERE Role = $role
                GROUP BY PersonId ORDER BY (PersonId * 7919) % 100003
                """;
            cmd.Parameters.AddWithValue("$role", quotas[q].Role);
            await using var reader = await cmd.ExecuteReaderAsync();
            var taken = 0;
            while (taken < counts[q] && await reader.ReadAsync())
            {
                var personId = reader.GetInt32(0);
                picked.Add(new BenchUser(personId, quotas[q].Role, UserIdOf(personId), reader.GetInt32(1)));
                taken++;
            }
        }

        return picked;
    }

    private static string SchemaHash()
    {
        // The migrations' ids change whenever the schema does, so a cached database of an older schema is regenerated.
        using var db = DatabaseSetup.CreateContext(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=:memory:" });
        var text = string.Join(",", db.Database.GetMigrations()) + GeneratorVersion;
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12].ToLowerInvariant();
    }

    private static async Task GenerateAsync(string path, NationalScale scale, DateTimeOffset now)
    {
        var options = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={path}" };
        await using var db = DatabaseSetup.CreateContext(options);
        await SchemaMigrator.MigrateAsync(db);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        // WAL is stored in the file, so the bot later opens it in WAL mode too; fsync is pointless while generating.
        await ExecAsync(connection, null, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;");

        var utcNow = now.UtcDateTime;
        var today = DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(3)).DateTime);
        var random = new Random(500);

        // Regions first: the template roadmap is imported into region 1 through the real importer.
        await using (var tx = connection.BeginTransaction())
        {
            var regions = Prepare(connection, tx, "INSERT INTO Regions (Id, Name, TimeZone, ReminderTime) VALUES ($0, $1, $2, $3)", 4);
            for (var r = 1; r <= scale.Regions; r++)
            {
                regions.Run(r, RegionName(r), "Europe/Moscow", new TimeOnly(9, 0));
            }

            await tx.CommitAsync();
        }

        var parsed = DemoSeeder.ReadDemoRoadmap(scale.Year);
        var import = await RoadmapImporter.ImportAsync(db, parsed, new ImportTarget(RegionName(1)), "bench-template", utcNow, CancellationToken.None);
        var template = import.RoadmapId;
        db.ChangeTracker.Clear();

        await using (var tx = connection.BeginTransaction())
        {
            await PadTemplateAsync(connection, tx, template, scale.ItemsPerRoadmap - parsed.Items.Count);
            for (var r = 2; r <= scale.Regions; r++)
            {
                await CloneRoadmapAsync(connection, tx, template, r);
            }

            // Municipalities and schools.
            var municipalities = Prepare(connection, tx, "INSERT INTO Municipalities (Id, RegionId, Name) VALUES ($0, $1, $2)", 3);
            var schools = Prepare(connection, tx,
                "INSERT INTO Schools (Id, RegionId, MunicipalityId, Name, Number, Cohort, Program, JoinedOn) VALUES ($0, $1, $2, $3, $4, $5, $6, $7)", 8);
            var schoolRows = new List<(int Id, int Region, int Municipality, int Cohort)>();
            var municipalityRows = new List<(int Id, int Region)>();
            var municipalityId = 0;
            var schoolId = 0;
            for (var r = 1; r <= scale.Regions; r++)
            {
                var count = 5 + (r * 7 % 6);
                var first = municipalityId + 1;
                for (var m = 0; m < count; m++)
                {
                    municipalityId++;
                    municipalities.Run(municipalityId, r, $"{DistrictNames[(r + m) % DistrictNames.Length]} район № {m + 1}");
                    municipalityRows.Add((municipalityId, r));
                }

                var inRegion = scale.Schools / scale.Regions + (r <= scale.Schools % scale.Regions ? 1 : 0);
                for (var k = 1; k <= inRegion; k++)
                {
                    schoolId++;
                    var municipality = first + (k - 1) % count;
                    var cohort = schoolId % 3 == 0 ? scale.Year - 1 : scale.Year;
                    schools.Run(schoolId, r, municipality, $"МБОУ «СОШ № {k}» ({municipality})", k.ToString(CultureInfo.InvariantCulture),
                        cohort, "500+", new DateOnly(cohort, 1, 10));
                    schoolRows.Add((schoolId, r, municipality, cohort));
                }
            }

            // People: a director per school, a curator per three schools, a coordinator per municipality and per region.
            var people = Prepare(connection, tx,
                "INSERT INTO People (Id, FullName, Email, IsActive, RemindersMuted, CreatedAt) VALUES ($0, $1, $2, 1, 0, $3)", 4);
            var roles = Prepare(connection, tx,
                "INSERT INTO RoleAssignments (PersonId, Role, RegionId, MunicipalityId, SchoolId) VALUES ($0, $1, $2, $3, $4)", 5);
            var addresses = Prepare(connection, tx, """
                INSERT INTO ConversationAddresses (PersonId, ChannelId, UserId, UserName, ConversationId, ConversationType, ServiceUrl, BotId, BotName, Locale, IsActive, UpdatedAt)
                VALUES ($0, $1, $2, $3, $4, 'personal', $5, $6, $7, $8, 1, $9)
                """, 10);
            var personId = 0;
            int AddPerson(string kind)
            {
                personId++;
                var userId = UserIdOf(personId);
                people.Run(personId, $"{Surnames[personId % Surnames.Length]} {FirstNames[personId % FirstNames.Length]} ({kind} {personId})",
                    $"{kind}-{personId}@bench.schoolsupport.local", utcNow);
                addresses.Run(personId, Channel, userId, userId, ConversationIdOf(userId), ServiceUrl, BotId, BotName, Locale, utcNow);
                return personId;
            }

            for (var r = 1; r <= scale.Regions; r++)
            {
                roles.Run(AddPerson("coordinator"), "RegionalCoordinator", r, null, null);
            }

            foreach (var (id, region) in municipalityRows)
            {
                roles.Run(AddPerson("municipal"), "MunicipalCoordinator", region, id, null);
            }

            foreach (var school in schoolRows)
            {
                roles.Run(AddPerson("director"), "Director", school.Region, school.Municipality, school.Id);
            }

            foreach (var group in schoolRows.GroupBy(s => s.Region).SelectMany(g => g.Chunk(3)))
            {
                var curator = AddPerson("curator");
                foreach (var school in group)
                {
                    roles.Run(curator, "Curator", school.Region, school.Municipality, school.Id);
                }
            }

            // Progress: about half of the past-due per-school items are done, a few more in progress.
            var items = new List<(int Id, int Region, DateOnly? Due, int? Cohort)>();
            await using (var cmd = connection.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = """
                    SELECT i.Id, r.RegionId, i.DueDate, i.Cohort FROM RoadmapItems i JOIN Roadmaps r ON r.Id = i.RoadmapId
                    WHERE i.TrackedPerSchool = 1 AND i.IsWithdrawn = 0
                    """;
                await using var reader = await cmd.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    items.Add((reader.GetInt32(0), reader.GetInt32(1),
                        reader.IsDBNull(2) ? null : DateOnly.ParseExact(reader.GetString(2), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                        reader.IsDBNull(3) ? null : reader.GetInt32(3)));
                }
            }

            var progress = Prepare(connection, tx, """
                INSERT INTO ItemProgress (ItemId, SchoolId, Status, CompletedOn, ChangedAt, Version) VALUES ($0, $1, $2, $3, $4, 1)
                """, 5);
            var itemsByRegion = items.ToLookup(i => i.Region);
            foreach (var school in schoolRows)
            {
                foreach (var item in itemsByRegion[school.Region])
                {
                    if (item.Cohort is { } c && c != school.Cohort)
                    {
                        continue;
                    }

                    var roll = random.Next(100);
                    var pastDue = item.Due is { } d && d < today;
                    string? status = pastDue
                        ? roll < 50 ? "Done" : roll < 58 ? "InProgress" : roll < 60 ? "NotApplicable" : null
                        : roll < 8 ? "InProgress" : null;
                    if (status is null)
                    {
                        continue;
                    }

                    DateOnly? completed = status == "Done" ? item.Due!.Value.AddDays(-(roll % 5)) : null;
                    progress.Run(item.Id, school.Id, status, completed, utcNow);
                }
            }

            await tx.CommitAsync();
        }

        await ExecAsync(connection, null, "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);");
        await connection.CloseAsync();
    }

    /// <summary>Copies spread-out items of the template (deadlines a week later) until it has the requested count.</summary>
    private static async Task PadTemplateAsync(SqliteConnection connection, SqliteTransaction tx, int template, int missing)
    {
        if (missing <= 0)
        {
            return;
        }

        await ExecAsync(connection, tx, $"""
            INSERT INTO RoadmapItems ({ItemColumns})
            SELECT RoadmapId, SectionId, Number || '.доп', "Order" + 10000, Title || ' (повторно)', TimeframeText, TimeframeKind,
                   date(StartDate, '+7 day'), date(EndDate, '+7 day'), date(DueDate, '+7 day'), TimeframeDetails, Responsible,
                   ResponsibleRoles, TrackedPerSchool, Cohort, ExpectedResult, TargetPercent, TargetCount, InformationSupport, IsWithdrawn
            FROM RoadmapItems WHERE RoadmapId = {template} AND IsWithdrawn = 0
            ORDER BY (Id * 37) % 101 LIMIT {missing}
            """);
    }

    private static async Task CloneRoadmapAsync(SqliteConnection connection, SqliteTransaction tx, int template, int region)
    {
        await ExecAsync(connection, tx, $"""
            INSERT INTO Roadmaps (Title, Level, RegionId, Program, Year, PeriodStart, PeriodEnd, SourceFileName, SourceHash, DocumentKey, ImportedAt)
            SELECT Title, Level, {region}, Program, Year, PeriodStart, PeriodEnd, SourceFileName, SourceHash, DocumentKey, ImportedAt
            FROM Roadmaps WHERE Id = {template};
            CREATE TEMP TABLE IF NOT EXISTS clone_target (id INTEGER);
            DELETE FROM clone_target;
            INSERT INTO clone_target VALUES (last_insert_rowid());
            INSERT INTO RoadmapSections (RoadmapId, Number, Title, ParentNumber, "Order")
            SELECT (SELECT id FROM clone_target), Number, Title, ParentNumber, "Order" FROM RoadmapSections WHERE RoadmapId = {template};
            INSERT INTO RoadmapItems ({ItemColumns})
            SELECT (SELECT id FROM clone_target),
                   (SELECT s2.Id FROM RoadmapSections s1 JOIN RoadmapSections s2 ON s2.Number = s1.Number AND s2.RoadmapId = (SELECT id FROM clone_target)
                    WHERE s1.Id = i.SectionId),
                   Number, "Order", Title, TimeframeText, TimeframeKind, StartDate, EndDate, DueDate, TimeframeDetails, Responsible,
                   ResponsibleRoles, TrackedPerSchool, Cohort, ExpectedResult, TargetPercent, TargetCount, InformationSupport, IsWithdrawn
            FROM RoadmapItems i WHERE i.RoadmapId = {template};
            """);
    }

    private const string ItemColumns =
        "RoadmapId, SectionId, Number, \"Order\", Title, TimeframeText, TimeframeKind, StartDate, EndDate, DueDate, TimeframeDetails, " +
        "Responsible, ResponsibleRoles, TrackedPerSchool, Cohort, ExpectedResult, TargetPercent, TargetCount, InformationSupport, IsWithdrawn";

    private static async Task<IReadOnlyDictionary<string, long>> CountsAsync(string path)
    {
        var counts = new Dictionary<string, long>();
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        foreach (var table in new[] { "Regions", "Municipalities", "Schools", "Roadmaps", "RoadmapItems", "People", "RoleAssignments", "ItemProgress", "ConversationAddresses" })
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table] = (long)(await cmd.ExecuteScalarAsync())!;
        }

        return counts;
    }

    private static async Task ExecAsync(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    private static PreparedInsert Prepare(SqliteConnection connection, SqliteTransaction tx, string sql, int parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        for (var i = 0; i < parameters; i++)
        {
            cmd.Parameters.Add(new SqliteParameter("$" + i.ToString(CultureInfo.InvariantCulture), null));
        }

        cmd.Prepare();
        return new PreparedInsert(cmd);
    }

    private sealed class PreparedInsert(SqliteCommand command)
    {
        public void Run(params object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            command.ExecuteNonQuery();
        }
    }

    private static string RegionName(int r) => r <= RegionNames.Length
        ? RegionNames[r - 1]
        : string.Create(CultureInfo.InvariantCulture, $"Субъект № {r}");

    private static readonly string[] RegionNames =
    [
        "Ленинградская область", "Смоленская область", "Санкт-Петербург", "Псковская область", "Новгородская область",
        "Тверская область", "Калужская область", "Брянская область", "Курская область", "Орловская область",
        "Тульская область", "Рязанская область", "Владимирская область", "Ивановская область", "Костромская область",
        "Ярославская область", "Вологодская область", "Архангельская область", "Мурманская область", "Республика Карелия",
    ];

    private static readonly string[] DistrictNames =
        ["Лужский", "Кировский", "Центральный", "Северный", "Заречный", "Октябрьский", "Советский", "Ленинский", "Приморский", "Южный", "Озёрный"];

    private static readonly string[] Surnames =
        ["Иванова", "Петров", "Смирнова", "Кузнецов", "Соколова", "Попов", "Лебедева", "Козлов", "Новикова", "Морозов", "Волкова", "Фёдоров"];

    private static readonly string[] FirstNames =
        ["Анна Сергеевна", "Игорь Петрович", "Марина Викторовна", "Олег Иванович", "Елена Андреевна", "Дмитрий Олегович"];
}
