using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SchoolSupport.Data;
using SchoolSupport.Tests.Support;

namespace SchoolSupport.Tests.Data;

/// <summary>
/// Several bot instances starting together on one empty database: EF's migration lock must let exactly one of them
/// create the schema while the others wait and then find nothing to do.
/// </summary>
public sealed class ConcurrentMigrationTests
{
    private const int Instances = 4;

    [Fact]
    public async Task Migrate_FourInstancesAtOnceOnEmptyPostgres_OneCreatesTheSchemaAndAllSucceed()
    {
        using var database = new PostgresTestDatabase();
        await RaceAsync(database.Options);
    }

    [Fact]
    public async Task Migrate_FourInstancesAtOnceOnEmptySqlite_OneCreatesTheSchemaAndAllSucceed()
    {
        using var database = new SqliteTestDatabase();
        await RaceAsync(database.Options);
    }

    [Fact]
    public async Task Migrate_Sqlite_LockOfAKilledProcessIsReleased_AFreshLockIsWaitedFor()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var abandoned = new SqliteTestDatabase();
        await LockAsync(abandoned, "datetime('now', '-1 hour')");
        await using (var db = abandoned.CreateContext())
        {
            (await SchemaMigrator.MigrateAsync(db, timeout.Token)).ShouldNotBeEmpty();
        }

        using var held = new SqliteTestDatabase();
        await LockAsync(held, "datetime('now')");
        await using var migrating = held.CreateContext();
        var migration = SchemaMigrator.MigrateAsync(migrating, timeout.Token);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        migration.IsCompleted.ShouldBeFalse("a lock another process holds right now is waited for");

        await using (var db = held.CreateContext())
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsLock\"");
        }

        (await migration).ShouldNotBeEmpty();
    }

    private static async Task LockAsync(SqliteTestDatabase database, string timestamp)
    {
        await using var db = database.CreateContext();
        // The timestamp is a SQL expression of the test's own, not user input.
        var sql = $"""
            CREATE TABLE "__EFMigrationsLock" ("Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY, "Timestamp" TEXT NOT NULL);
            INSERT INTO "__EFMigrationsLock" VALUES (1, strftime('%Y-%m-%d %H:%M:%S+00:00', {timestamp}));
            """;
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    private static async Task RaceAsync(DatabaseOptions options)
    {
        var creates = new CreateTableCounter();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var migrators = Enumerable.Range(0, Instances).Select(_ => Task.Run(async () =>
        {
            var builder = new DbContextOptionsBuilder<SchoolSupportDbContext>();
            DatabaseSetup.Configure(builder, options).AddInterceptors(creates);
            await using var db = new SchoolSupportDbContext(builder.Options);
            await start.Task;
            return await SchemaMigrator.MigrateAsync(db);
        })).ToList();

        start.SetResult();
        await Task.WhenAll(migrators);

        creates.Count.ShouldBe(1, "exactly one instance created the RoadmapItems table");
        await using var check = DatabaseSetup.CreateContext(options);
        var all = check.Database.GetMigrations().ToList();
        (await check.Database.GetAppliedMigrationsAsync()).ShouldBe(all);
        (await SchemaMigrator.PendingAsync(check)).ShouldBeEmpty();
        // Whoever came late found nothing left to do rather than failing; nothing was applied twice.
        migrators.Sum(m => m.Result.Count).ShouldBeGreaterThanOrEqualTo(all.Count);
    }

    private sealed class CreateTableCounter : DbCommandInterceptor
    {
        private int count;

        public int Count => count;

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Observe(command);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            Observe(command);
            return base.NonQueryExecuting(command, eventData, result);
        }

        private void Observe(DbCommand command)
        {
            if (command.CommandText.Contains("CREATE TABLE \"RoadmapItems\"", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref count);
            }
        }
    }
}
