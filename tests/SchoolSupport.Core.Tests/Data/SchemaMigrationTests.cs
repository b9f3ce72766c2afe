using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
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
        (await SchemaMigrator.MigrateAsync(db)).ShouldBe(db.Database.GetMigrations().ToList());
        (await SchemaMigrator.MigrateAsync(db)).ShouldBeEmpty();
        (await SchemaMigrator.PendingAsync(db)).ShouldBeEmpty();
    }

    [Fact]
    public void Migrations_EveryProvider_HasTheSameMigrationsInTheSameOrder()
    {
        // Ids are "<timestamp>_<Name>"; the EF tools stamp each provider's copy a few seconds apart.
        static List<string> Names(DatabaseProvider provider)
        {
            using var db = DatabaseFor(provider);
            return db.Database.GetMigrations().Select(id => id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..]).ToList();
        }

        var sqlite = Names(DatabaseProvider.Sqlite);
        sqlite.ShouldNotBeEmpty();
        Names(DatabaseProvider.Postgres).ShouldBe(sqlite);
        Names(DatabaseProvider.SqlServer).ShouldBe(sqlite);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void Model_HasNoChangesThatNoMigrationCovers(DatabaseProvider provider)
    {
        using var db = DatabaseFor(provider);
        db.Database.HasPendingModelChanges().ShouldBeFalse(
            $"The model differs from the {provider} migrations' snapshot: run tools/add-migration.sh <Name>.");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void Model_WithAColumnNoMigrationHas_IsReportedAsPending(DatabaseProvider provider)
    {
        // The check above must be able to fail: the same context with one extra column is a pending change.
        var builder = new DbContextOptionsBuilder<SchoolSupportDbContext>();
        DatabaseSetup.Configure(builder, PlaceholderOptions(provider));
        builder.ReplaceService<IModelCustomizer, ExtraColumnCustomizer>();
        using var db = new SchoolSupportDbContext(builder.Options);
        db.Database.HasPendingModelChanges().ShouldBeTrue();
    }

    internal static SchoolSupportDbContext DatabaseFor(DatabaseProvider provider) => DatabaseSetup.CreateContext(PlaceholderOptions(provider));

    // Building the model and reading the migrations needs no server.
    internal static DatabaseOptions PlaceholderOptions(DatabaseProvider provider) => new()
    {
        Provider = provider,
        ConnectionString = provider switch
        {
            DatabaseProvider.Postgres => "Host=localhost",
            DatabaseProvider.SqlServer => "Server=localhost",
            _ => "Data Source=:memory:",
        },
    };

    private sealed class ExtraColumnCustomizer(ModelCustomizerDependencies dependencies) : RelationalModelCustomizer(dependencies)
    {
        public override void Customize(ModelBuilder modelBuilder, DbContext context)
        {
            base.Customize(modelBuilder, context);
            modelBuilder.Entity<SchoolSupport.Schools.Region>().Property<string>("NotInAnyMigration").HasMaxLength(10);
        }
    }

    private static async Task<string> DescribeSqliteAsync(SqliteTestDatabase database)
    {
        await using var db = database.CreateContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var tables = await QueryAsync(connection,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('__EFMigrationsHistory', '__EFMigrationsLock', 'sqlite_sequence') ORDER BY name");
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
            WHERE table_schema = 'public' AND table_name <> '__EFMigrationsHistory'
            ORDER BY table_name, column_name
            """))
        {
            sb.AppendLine($"{c[0]}.{c[1]} {c[2]}({c[3]},{c[4]},{c[5]}) nullable={c[6]} default={c[7]} identity={c[8]}");
        }

        foreach (var i in await QueryAsync(connection,
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '__EFMigrationsHistory' ORDER BY indexname"))
        {
            sb.AppendLine($"index {i[0]}: {i[1]}");
        }

        foreach (var k in await QueryAsync(connection, """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
            FROM pg_constraint
            WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '"__EFMigrationsHistory"'
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
