using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Data;
using SchoolSupport.Tests.Support;

namespace SchoolSupport.Tests.Data;

public sealed class SchemaMigrationTests
{
    [Fact]
    public async Task Migrate_EmptySqliteDatabase_YieldsExactlyTheModelSchema()
    {
        using var migrated = new SqliteTestDatabase();
        using var created = new SqliteTestDatabase();
        await using (var db = migrated.CreateContext())
        {
            (await SchemaMigrator.MigrateAsync(db)).ShouldNotBeEmpty();
        }

        await using (var db = created.CreateContext())
        {
            await db.Database.EnsureCreatedAsync();
        }

        var expected = await DescribeSqliteAsync(created);
        var actual = await DescribeSqliteAsync(migrated);
        expected.ShouldContain("table RoadmapItems");
        actual.ShouldBe(expected);
    }

    [Fact]
    public async Task Migrate_EmptyPostgresDatabase_YieldsExactlyTheModelSchema()
    {
        using var migrated = new PostgresTestDatabase();
        using var created = new PostgresTestDatabase();
        await using (var db = migrated.CreateContext())
        {
            (await SchemaMigrator.MigrateAsync(db)).ShouldNotBeEmpty();
        }

        await using (var db = created.CreateContext())
        {
            await db.Database.EnsureCreatedAsync();
        }

        var expected = await DescribePostgresAsync(created.CreateContext());
        var actual = await DescribePostgresAsync(migrated.CreateContext());
        expected.ShouldContain("RoadmapItems.DueDate date");
        actual.ShouldBe(expected);
    }

    [Fact]
    public async Task Migrate_Twice_SecondRunAppliesNothing()
    {
        using var database = new SqliteTestDatabase();
        await using var db = database.CreateContext();
        await SchemaMigrator.MigrateAsync(db);
        (await SchemaMigrator.MigrateAsync(db)).ShouldBeEmpty();
    }

    [Fact]
    public void Scripts_EachProvider_HasTheSameVersions()
    {
        var sqlite = SchemaMigrator.Scripts(DatabaseProvider.Sqlite).Select(s => s.Name).ToList();
        var postgres = SchemaMigrator.Scripts(DatabaseProvider.Postgres).Select(s => s.Name).ToList();
        sqlite.ShouldNotBeEmpty();
        postgres.ShouldBe(sqlite);
    }

    private static async Task<string> DescribeSqliteAsync(SqliteTestDatabase database)
    {
        await using var db = database.CreateContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var tables = await QueryAsync(connection,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('schema_versions', 'sqlite_sequence') ORDER BY name");
        var sb = new StringBuilder();
        foreach (var table in tables.Select(r => r[0]))
        {
            sb.AppendLine($"table {table}");
            foreach (var c in await QueryAsync(connection, $"PRAGMA table_info(\"{table}\")"))
            {
                sb.AppendLine($"  column {c[1]} {c[2]} notnull={c[3]} default={c[4]} pk={c[5]}");
            }

            foreach (var fk in (await QueryAsync(connection, $"PRAGMA foreign_key_list(\"{table}\")")).OrderBy(r => r[3]))
            {
                sb.AppendLine($"  fk {fk[3]} -> {fk[2]}.{fk[4]} on delete {fk[6]}");
            }

            foreach (var index in (await QueryAsync(connection, $"PRAGMA index_list(\"{table}\")")).OrderBy(r => r[1]))
            {
                var columns = await QueryAsync(connection, $"PRAGMA index_info(\"{index[1]}\")");
                sb.AppendLine($"  index {index[1]} unique={index[2]} ({string.Join(",", columns.Select(r => r[2]))})");
            }
        }

        return sb.ToString();
    }

    private static async Task<string> DescribePostgresAsync(SchoolSupportDbContext db)
    {
        await using var _ = db;
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var sb = new StringBuilder();
        foreach (var c in await QueryAsync(connection, """
            SELECT table_name, column_name, data_type, coalesce(character_maximum_length::text, ''),
                   coalesce(numeric_precision::text, ''), coalesce(numeric_scale::text, ''), is_nullable,
                   coalesce(column_default, ''), coalesce(identity_generation, '')
            FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name <> 'schema_versions'
            ORDER BY table_name, column_name
            """))
        {
            sb.AppendLine($"{c[0]}.{c[1]} {c[2]}({c[3]},{c[4]},{c[5]}) nullable={c[6]} default={c[7]} identity={c[8]}");
        }

        foreach (var i in await QueryAsync(connection,
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'schema_versions' ORDER BY indexname"))
        {
            sb.AppendLine($"index {i[0]}: {i[1]}");
        }

        foreach (var k in await QueryAsync(connection, """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
            FROM pg_constraint
            WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> 'schema_versions'
            ORDER BY 1, 2
            """))
        {
            sb.AppendLine($"constraint {k[0]}.{k[1]}: {k[2]}");
        }

        return sb.ToString();
    }

    private static async Task<List<string[]>> QueryAsync(DbConnection connection, string sql)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "";
            }

            rows.Add(row);
        }

        return rows;
    }
}
