namespace SchoolSupport.Data;

/// <summary>Housekeeping of EF's migration lock, per database (see <see cref="ProviderSql"/>).</summary>
public abstract class MigrationLockSql : ProviderSql
{
    /// <summary>
    /// Releases a migration lock held longer than <paramref name="minutes"/>: left by a process that died while
    /// migrating. Null where the server itself drops a dead session's lock.
    /// </summary>
    public abstract FormattableString? ReleaseAbandoned(int minutes);

    /// <summary>
    /// A lock held by the session over the whole migration run, where EF's own lock covers only one migration's
    /// transaction (PostgreSQL): with two or more migrations a waiting instance would otherwise apply the next one
    /// again. Null where EF's lock already spans the run.
    /// </summary>
    public virtual FormattableString? SessionLock() => null;

    public virtual FormattableString? SessionUnlock() => null;

    // EF keeps SQLite's lock as the row of __EFMigrationsLock. A process killed while migrating leaves the row behind,
    // and every later start would wait for it forever. The table is created exactly as EF creates it.
    private sealed class Sqlite : MigrationLockSql
    {
        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        public override FormattableString? ReleaseAbandoned(int minutes) => $"""
            CREATE TABLE IF NOT EXISTS "__EFMigrationsLock" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY,
                "Timestamp" TEXT NOT NULL
            );
            DELETE FROM "__EFMigrationsLock" WHERE (julianday('now') - julianday("Timestamp")) * 1440 > {minutes};
            """;
    }

    // PostgreSQL's lock is LOCK TABLE inside the migration transaction: the server drops it with the session.
    private sealed class Postgres : MigrationLockSql
    {
        public override DatabaseProvider Provider => DatabaseProvider.Postgres;

        public override FormattableString? ReleaseAbandoned(int minutes) => null;

        public override FormattableString? SessionLock() => $"SELECT pg_advisory_lock(500500)";

        public override FormattableString? SessionUnlock() => $"SELECT pg_advisory_unlock(500500)";
    }

    // SQL Server's lock is sp_getapplock with the session as owner: the server drops it with the session.
    private sealed class SqlServer : MigrationLockSql
    {
        public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

        public override FormattableString? ReleaseAbandoned(int minutes) => null;
    }
}
