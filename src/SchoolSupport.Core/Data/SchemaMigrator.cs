using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SchoolSupport.Data;

/// <summary>
/// Applies the EF Core migrations of the context's provider (src/SchoolSupport.Migrations.&lt;Provider&gt;).
/// <para>
/// Several instances may start together on one database: EF's own migration lock lets one migrate while the others
/// wait and then find nothing to do. PostgreSQL takes <c>LOCK TABLE "__EFMigrationsHistory" IN ACCESS EXCLUSIVE MODE</c>
/// inside the migration transaction; SQL Server takes the session app lock <c>sp_getapplock '__EFMigrationsLock'</c>;
/// SQLite inserts the single row of <c>__EFMigrationsLock</c> and the others poll until it is deleted (a row older than
/// <see cref="AbandonedLockMinutes"/> is from a process killed while migrating and is removed first). The tests start
/// concurrent migrators on one empty PostgreSQL and one SQLite database and count who created the schema.
/// </para>
/// </summary>
public static class SchemaMigrator
{
    /// <summary>A migration lock older than this was left by a process that died (a SQLite migration takes seconds).</summary>
    public const int AbandonedLockMinutes = 10;

    /// <summary>Sets how the database file is run (<see cref="StorageModeSql"/>); done before every migration and at start-up.</summary>
    public static async Task PrepareStorageAsync(SchoolSupportDbContext db, CancellationToken ct = default)
    {
        if (ProviderSql.For<StorageModeSql>(db.Database).ConcurrentReaders is { } statement)
        {
            await db.Database.ExecuteSqlAsync(statement, ct);
        }
    }

    /// <summary>Migrates to the latest migration; returns the migrations applied while this call ran (by it or by another instance).</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(SchoolSupportDbContext db, CancellationToken ct = default)
    {
        await PrepareStorageAsync(db, ct);
        var locks = ProviderSql.For<MigrationLockSql>(db.Database);
        if (locks.ReleaseAbandoned(AbandonedLockMinutes) is { } release)
        {
            await db.Database.ExecuteSqlAsync(release, ct);
        }

        var before = (await db.Database.GetAppliedMigrationsAsync(ct)).ToHashSet(StringComparer.Ordinal);
        if (locks.RunLock is not { } runLock)
        {
            await db.Database.MigrateAsync(ct);
        }
        else
        {
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await db.Database.ExecuteSqlAsync(runLock.Take, ct);
                try
                {
                    await db.Database.MigrateAsync(ct);
                }
                finally
                {
                    await db.Database.ExecuteSqlAsync(runLock.Release, CancellationToken.None);
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        var after = await db.Database.GetAppliedMigrationsAsync(ct);
        return after.Where(m => !before.Contains(m)).ToList();
    }

    /// <summary>Migrations the assembly has and the database has not applied (empty when the schema is current).</summary>
    public static async Task<IReadOnlyList<string>> PendingAsync(SchoolSupportDbContext db, CancellationToken ct = default) =>
        (await db.Database.GetPendingMigrationsAsync(ct)).ToList();

    /// <summary>
    /// The SQL a DBA runs instead of <c>db migrate</c>: on PostgreSQL and SQL Server an idempotent script (each migration
    /// guarded by its row in __EFMigrationsHistory, so it can be run on any version of the schema). SQLite has no
    /// procedural SQL for the guards, so its script applies the migrations after <paramref name="fromMigration"/> (all of
    /// them when null) and says so in its first line.
    /// </summary>
    public static string Script(SchoolSupportDbContext db, string? fromMigration = null)
    {
        var migrator = db.GetService<IMigrator>();
        if (db.Database.IsSqlite())
        {
            return $"-- SQLite: applies the migrations after {fromMigration ?? "an empty database"} (not idempotent; `db migrate` checks the history itself).\n"
                + migrator.GenerateScript(fromMigration, toMigration: null, MigrationsSqlGenerationOptions.Default);
        }

        return migrator.GenerateScript(fromMigration, toMigration: null, MigrationsSqlGenerationOptions.Idempotent);
    }
}
