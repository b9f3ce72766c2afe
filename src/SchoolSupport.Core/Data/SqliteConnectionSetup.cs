using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SchoolSupport.Data;

/// <summary>
/// Gives every SQLite connection SQLite's own busy handler (<c>sqlite3_busy_timeout</c>).
/// <para>
/// Microsoft.Data.Sqlite retries a busy statement only at its first step. EF inserts with <c>INSERT … RETURNING</c>,
/// whose last step commits, and that commit met a reader of another turn and failed at once with "database is locked"
/// (a rare 500 on two simultaneous turns). With the native handler every step that meets the single writer waits for
/// it, wherever in the statement it happens. The database also runs in write-ahead-log mode
/// (<see cref="StorageModeSql"/>, set when the schema is migrated), where readers never block a commit at all.
/// </para>
/// </summary>
public sealed class SqliteConnectionSetup(int busyTimeoutSeconds) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Prepare(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Prepare(connection);
        return Task.CompletedTask;
    }

    private void Prepare(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            SqliteException.ThrowExceptionForRC(SQLitePCL.raw.sqlite3_busy_timeout(handle, busyTimeoutSeconds * 1000), handle);
        }
    }
}
