using SchoolSupport.Data;

namespace SchoolSupport.Outbox;

/// <summary>The outbox statements that differ per database (see <see cref="ProviderSql"/>).</summary>
public abstract class OutboxSql : ProviderSql
{
    /// <summary>
    /// Leases up to <paramref name="limit"/> claimable deliveries to <paramref name="claimToken"/> in one statement: due
    /// (Queued/Throttled with NextAttemptAt passed) or left in Sending by a dispatcher that died, with no unexpired lease.
    /// The lease condition is inside the statement, so two dispatchers can never both win a row.
    /// </summary>
    public abstract FormattableString ClaimDue(string claimToken, DateTime now, DateTime leaseUntil, int limit);

    // SQLite has a single writer: the one UPDATE runs under the database's write lock, so the inner SELECT and the
    // update see the same rows.
    private sealed class Sqlite : OutboxSql
    {
        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        public override FormattableString ClaimDue(string claimToken, DateTime now, DateTime leaseUntil, int limit) => $"""
            UPDATE "Deliveries" SET "LeaseOwner" = {claimToken}, "LeaseUntil" = {leaseUntil}
            WHERE "Id" IN (SELECT "Id" FROM "Deliveries"
                           WHERE (("Status" IN ('Queued', 'Throttled') AND "NextAttemptAt" <= {now}) OR "Status" = 'Sending')
                             AND ("LeaseUntil" IS NULL OR "LeaseUntil" < {now})
                           ORDER BY "NextAttemptAt", "Id"
                           LIMIT {limit})
            """;
    }

    // Several instances: SKIP LOCKED lets each take different rows without waiting for the others.
    private sealed class Postgres : OutboxSql
    {
        public override DatabaseProvider Provider => DatabaseProvider.Postgres;

        public override FormattableString ClaimDue(string claimToken, DateTime now, DateTime leaseUntil, int limit) => $"""
            UPDATE "Deliveries" AS d SET "LeaseOwner" = {claimToken}, "LeaseUntil" = {leaseUntil}
            FROM (SELECT "Id" FROM "Deliveries"
                  WHERE (("Status" IN ('Queued', 'Throttled') AND "NextAttemptAt" <= {now}) OR "Status" = 'Sending')
                    AND ("LeaseUntil" IS NULL OR "LeaseUntil" < {now})
                  ORDER BY "NextAttemptAt", "Id"
                  LIMIT {limit}
                  FOR UPDATE SKIP LOCKED) AS c
            WHERE d."Id" = c."Id"
            """;
    }

    // SQL Server's form of SKIP LOCKED: READPAST skips rows other claimers hold, UPDLOCK keeps the read rows for this
    // statement's update, ROWLOCK stops escalation to a page lock that would block the other instances.
    private sealed class SqlServer : OutboxSql
    {
        public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

        public override FormattableString ClaimDue(string claimToken, DateTime now, DateTime leaseUntil, int limit) => $"""
            WITH due AS (
                SELECT TOP ({limit}) [LeaseOwner], [LeaseUntil]
                FROM [Deliveries] WITH (UPDLOCK, READPAST, ROWLOCK)
                WHERE (([Status] IN (N'Queued', N'Throttled') AND [NextAttemptAt] <= {now}) OR [Status] = N'Sending')
                  AND ([LeaseUntil] IS NULL OR [LeaseUntil] < {now})
                ORDER BY [NextAttemptAt], [Id])
            UPDATE due SET [LeaseOwner] = {claimToken}, [LeaseUntil] = {leaseUntil};
            """;
    }
}
