using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SchoolSupport.Data;

/// <summary>
/// Prepares every SQLite connection for concurrent turns and background workers in one process.
/// <para>
/// Microsoft.Data.Sqlite retries a busy statement only at its first step. EF inserts with <c>INSERT … RETURNING</c>,
/// whose last step commits; in SQLite's default rollback-journal mode that commit needs every reader gone and fails at
/// once with "database is locked" when a reader is there (seen as a rare 500 on two simultaneous turns). So:
/// <list type="bullet">
/// <item>write-ahead logging (<c>journal_mode=WAL</c>, kept in the file): readers never block a commit, and a commit
/// never waits for readers;</item>
/// <item>SQLite's own busy handler (<c>busy_timeout</c>) on every connection, so any step that meets the single writer
/// waits for it instead of failing, wherever in the statement it happens.</item>
/// </list>
/// Durability stays at SQLite's default (<c>synchronous=FULL</c>): a commit that answered is on disk.
/// </para>
/// </summary>
public sealed class SqliteConnectionSetup(int busyTimeoutSeconds) : DbConnectionInterceptor
{
    private static readonly ConcurrentDictionary<string, bool> WalChecked = new(StringComparer.Ordinal);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Prepare(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Prepare(connection);
        return Task.CompletedTask;
    }

    private void Prepare(DbConnection connection)
    {
        if (connection is not SqliteConnection sqlite)
        {
            return;
        }

        using (var command = sqlite.CreateCommand())
        {
            command.CommandText = $"PRAGMA busy_timeout = {busyTimeoutSeconds * 1000};";
            command.ExecuteNonQuery();
        }

        // Switching to WAL needs a moment of exclusive access; once per file and process is enough, since the mode is
        // stored in the database file. In-memory databases have no journal file and keep their "memory" mode.
        var dataSource = sqlite.DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || WalChecked.ContainsKey(dataSource))
        {
            return;
        }

        using (var command = sqlite.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode = WAL;";
            var mode = command.ExecuteScalar() as string;
            if (string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase)
                || string.Equals(mode, "memory", StringComparison.OrdinalIgnoreCase))
            {
                WalChecked.TryAdd(dataSource, true);
            }
        }
    }
}
