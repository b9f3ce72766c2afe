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
    /// Held on the migrating connection for the whole run, where the provider's own lock lasts only one migration's
    /// transaction; null where EF's lock already covers the run.
    /// </summary>
    public virtual (FormattableString Take, FormattableString Release)? RunLock => null;

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

    // PostgreSQL's lock is LOCK TABLE inside the migration transaction: the server drops it with the session. EF takes
    // it per migration with the pending list read once, so with two pending migrations a second instance could apply
    // the second between the first instance's two transactions, and the first would then apply it again. A session
    // advisory lock over the whole run orders the instances; the server drops it with the session too.
    private sealed class Postgres : MigrationLockSql
    {
        public override DatabaseProvider Provider => DatabaseProvider.Postgres;

        public override FormattableString? ReleaseAbandoned(int minutes) => null;

        public override (FormattableString Take, FormattableString Release)? RunLock =>
            ($"SELECT pg_advisory_lock(500500)", $"SELECT pg_advisory_unlock(500500)");
    }

    // SQL Server's lock is sp_getapplock with the session as owner: the server drops it with the session.
    private sealed class SqlServer : MigrationLockSql
    {
        public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

        public override FormattableString? ReleaseAbandoned(int minutes) => null;
    }
}
