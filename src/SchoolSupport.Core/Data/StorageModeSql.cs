namespace SchoolSupport.Data;

/// <summary>How the database file itself is run, set once before migrating (see <see cref="ProviderSql"/>).</summary>
public abstract class StorageModeSql : ProviderSql
{
    /// <summary>
    /// Lets readers and the single writer work side by side; null where the server already does. The mode is kept in
    /// the database file, so setting it again is a no-op.
    /// </summary>
    public abstract FormattableString? ConcurrentReaders { get; }

    // Write-ahead logging: a commit never waits for readers and readers never see a half-written page. Durability stays
    // at the default synchronous=FULL, so a commit that answered is on disk.
    private sealed class Sqlite : StorageModeSql
    {
        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        public override FormattableString? ConcurrentReaders => $"PRAGMA journal_mode = WAL";
    }

    private sealed class Postgres : StorageModeSql
    {
        public override DatabaseProvider Provider => DatabaseProvider.Postgres;

        public override FormattableString? ConcurrentReaders => null;
    }

    private sealed class SqlServer : StorageModeSql
    {
        public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

        public override FormattableString? ConcurrentReaders => null;
    }
}
