using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SchoolSupport.Data;

/// <summary>
/// A named lease in the database: the one instance allowed to run a job (the reminder planner, the survey scheduler,
/// the outbox dispatcher) until <see cref="ExpiresAt"/>. The holder renews it well before it runs out; when the holder
/// dies, the lease simply expires and another instance takes it over.
/// </summary>
public sealed class Lease
{
    public string Name { get; set; } = "";

    public string Owner { get; set; } = "";

    /// <summary>When <see cref="Owner"/> took it (unchanged by renewals): how long one holder has been active.</summary>
    public DateTime AcquiredAt { get; set; }

    public DateTime ExpiresAt { get; set; }
}

internal sealed class LeaseConfiguration : IEntityTypeConfiguration<Lease>
{
    public void Configure(EntityTypeBuilder<Lease> b)
    {
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Owner).HasMaxLength(200);
    }
}

/// <summary>The one statement that takes or renews a lease (see <see cref="ProviderSql"/>).</summary>
public abstract class LeaseSql : ProviderSql
{
    /// <summary>
    /// Takes the lease <paramref name="name"/> for <paramref name="owner"/> until <paramref name="until"/> when it is
    /// free, expired or already the owner's, in one statement (so two instances can never both win); affects one row
    /// when it did, none when another owner holds an unexpired lease.
    /// </summary>
    public abstract FormattableString TryAcquire(string name, string owner, DateTime now, DateTime until);

    // SQLite's upsert (3.24+): the conflict branch updates only where the WHERE holds, and then counts no change.
    private sealed class Sqlite : LeaseSql
    {
        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        public override FormattableString TryAcquire(string name, string owner, DateTime now, DateTime until) => $"""
            INSERT INTO "Leases" ("Name", "Owner", "AcquiredAt", "ExpiresAt") VALUES ({name}, {owner}, {now}, {until})
            ON CONFLICT ("Name") DO UPDATE SET
                "AcquiredAt" = CASE WHEN "Leases"."Owner" = excluded."Owner" THEN "Leases"."AcquiredAt" ELSE excluded."AcquiredAt" END,
                "Owner" = excluded."Owner",
                "ExpiresAt" = excluded."ExpiresAt"
            WHERE "Leases"."Owner" = excluded."Owner" OR "Leases"."ExpiresAt" < excluded."AcquiredAt"
            """;
    }

    // ON CONFLICT … DO UPDATE … WHERE locks the conflicting row, so of two instances racing for an expired lease the
    // second re-evaluates the WHERE against the first one's new owner and affects nothing.
    private sealed class Postgres : LeaseSql
    {
        public override DatabaseProvider Provider => DatabaseProvider.Postgres;

        public override FormattableString TryAcquire(string name, string owner, DateTime now, DateTime until) => $"""
            INSERT INTO "Leases" ("Name", "Owner", "AcquiredAt", "ExpiresAt") VALUES ({name}, {owner}, {now}, {until})
            ON CONFLICT ("Name") DO UPDATE SET
                "AcquiredAt" = CASE WHEN "Leases"."Owner" = EXCLUDED."Owner" THEN "Leases"."AcquiredAt" ELSE EXCLUDED."AcquiredAt" END,
                "Owner" = EXCLUDED."Owner",
                "ExpiresAt" = EXCLUDED."ExpiresAt"
            WHERE "Leases"."Owner" = EXCLUDED."Owner" OR "Leases"."ExpiresAt" < EXCLUDED."AcquiredAt"
            """;
    }

    // MERGE alone is not atomic between its match and its insert; HOLDLOCK (serializable on the key range) makes a
    // second racer wait and then see the first one's row.
    private sealed class SqlServer : LeaseSql
    {
        public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

        public override FormattableString TryAcquire(string name, string owner, DateTime now, DateTime until) => $"""
            MERGE [Leases] WITH (HOLDLOCK) AS l
            USING (SELECT {name} AS [Name], {owner} AS [Owner], {now} AS [Now], {until} AS [Until]) AS s
            ON l.[Name] = s.[Name]
            WHEN MATCHED AND (l.[Owner] = s.[Owner] OR l.[ExpiresAt] < s.[Now]) THEN
                UPDATE SET [AcquiredAt] = CASE WHEN l.[Owner] = s.[Owner] THEN l.[AcquiredAt] ELSE s.[Now] END,
                           [Owner] = s.[Owner],
                           [ExpiresAt] = s.[Until]
            WHEN NOT MATCHED THEN
                INSERT ([Name], [Owner], [AcquiredAt], [ExpiresAt]) VALUES (s.[Name], s.[Owner], s.[Now], s.[Until]);
            """;
    }
}

/// <summary>Lease settings of this instance (section «Hosting»).</summary>
public sealed class HostingOptions
{
    public const string Section = "Hosting";

    /// <summary>
    /// How many instances of the bot run on this database (informational, and it turns on the start-up checks for
    /// shared keys). One instance is allowed to run without them.
    /// </summary>
    public int Instances { get; set; } = 1;

    /// <summary>
    /// How long a job lease lasts without renewal: the longest a dead holder keeps a job (the takeover time). The holder
    /// renews at a third of it.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The name this instance writes as lease owner; machine name, process id and a random suffix when empty.</summary>
    public string? InstanceName { get; set; }
}

/// <summary>Takes, renews and gives back named leases for this instance.</summary>
public sealed class LeaseManager
{
    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider time;
    private readonly ILogger<LeaseManager> logger;

    public LeaseManager(IServiceScopeFactory scopes, TimeProvider time, IOptions<HostingOptions> options, ILogger<LeaseManager> logger)
    {
        this.scopes = scopes;
        this.time = time;
        this.logger = logger;
        Duration = options.Value.LeaseDuration;
        Owner = string.IsNullOrWhiteSpace(options.Value.InstanceName)
            ? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}"
            : options.Value.InstanceName;
    }

    /// <summary>This instance's name in the <c>Leases</c> table.</summary>
    public string Owner { get; }

    public TimeSpan Duration { get; }

    /// <summary>
    /// Takes or renews <paramref name="name"/> for <see cref="Duration"/>. Returns the new expiry, or null when another
    /// instance holds it. A failing database counts as not held: a holder that cannot renew must stop before its lease
    /// runs out elsewhere.
    /// </summary>
    public async Task<LeaseGrant?> TryAcquireAsync(string name, CancellationToken ct)
    {
        var now = Now();
        var until = now + Duration;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchoolSupportDbContext>();
        var rows = await db.Database.ExecuteSqlAsync(ProviderSql.For<LeaseSql>(db.Database).TryAcquire(name, Owner, now, until), ct);
        return rows == 0 ? null : new LeaseGrant(name, until);
    }

    /// <summary>Gives the lease back at once (a graceful stop), so another instance need not wait for it to expire.</summary>
    public async Task ReleaseAsync(string name, CancellationToken ct)
    {
        try
        {
            var past = Now().AddSeconds(-1);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SchoolSupportDbContext>();
            await db.Leases.Where(l => l.Name == name && l.Owner == Owner)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, past), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // It expires on its own.
            logger.LogWarning(ex, "Could not release lease {Lease}", name);
        }
    }

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}

/// <summary>A lease held by this instance until <see cref="ExpiresAt"/> (by this instance's clock).</summary>
public sealed record LeaseGrant(string Name, DateTime ExpiresAt);

/// <summary>
/// Keeps one lease for a long-running loop: <see cref="EnsureAsync"/> renews it when a third of its time has passed and
/// says whether this instance may act; <see cref="IsSafelyHeld"/> answers without the database, with a margin, so a
/// holder stops acting before its lease could have expired in the database.
/// </summary>
public sealed class LeaseHolder(LeaseManager leases, TimeProvider time, string name, ILogger logger)
{
    private LeaseGrant? grant;
    private DateTime renewedAt;

    public string Name => name;

    /// <summary>Raised when this instance takes the lease over from nobody or from an expired holder.</summary>
    public event Action<LeaseGrant>? Acquired;

    public bool IsSafelyHeld
    {
        get
        {
            var current = grant;
            return current is not null && Now() < current.ExpiresAt - (leases.Duration / 3);
        }
    }

    public async Task<bool> EnsureAsync(CancellationToken ct)
    {
        var current = grant;
        if (current is not null && Now() - renewedAt < leases.Duration / 3)
        {
            return true;
        }

        var before = Now();
        LeaseGrant? next;
        try
        {
            next = await leases.TryAcquireAsync(name, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Lease {Lease} could not be renewed", name);
            next = null;
            if (current is not null && before < current.ExpiresAt - (leases.Duration / 3))
            {
                // Still safely ours for a while; try again on the next call.
                return true;
            }
        }

        grant = next;
        renewedAt = before;
        if (next is null)
        {
            if (current is not null)
            {
                logger.LogWarning("Lease {Lease} lost by {Owner}", name, leases.Owner);
            }

            return false;
        }

        if (current is null)
        {
            logger.LogInformation("Lease {Lease} taken by {Owner}", name, leases.Owner);
            Acquired?.Invoke(next);
        }

        return true;
    }

    public async Task ReleaseAsync()
    {
        if (grant is not null)
        {
            grant = null;
            await leases.ReleaseAsync(name, CancellationToken.None);
        }
    }

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}
