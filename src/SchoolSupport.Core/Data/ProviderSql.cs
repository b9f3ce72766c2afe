using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace SchoolSupport.Data;

/// <summary>
/// The seam for SQL that EF cannot express the same way on every database: row claims (<c>FOR UPDATE SKIP LOCKED</c> /
/// <c>WITH (UPDLOCK, READPAST, ROWLOCK)</c>), leases, upserts, locks.
/// <para>
/// A feature declares an abstract subclass with one method per statement, each returning the statement as a
/// <see cref="FormattableString"/> (arguments become parameters when run with <c>ExecuteSql</c>/<c>SqlQuery</c>; null when
/// a provider needs no statement), and one
/// sealed subclass per <see cref="DatabaseProvider"/> next to it. The feature gets the right one with
/// <see cref="For{T}(DatabaseFacade)"/>. Tests find every such family by reflection and prove that each provider has an
/// implementation, that every SQL Server statement parses with Microsoft's T-SQL parser and that every SQLite and
/// PostgreSQL statement runs on a migrated database, so a new statement cannot forget a provider.
/// </para>
/// Raw SQL anywhere else is refused by a test.
/// </summary>
public abstract class ProviderSql
{
    private static readonly ConcurrentDictionary<(Type, DatabaseProvider), ProviderSql> Implementations = new();

    public abstract DatabaseProvider Provider { get; }

    public static T For<T>(DatabaseFacade database) where T : ProviderSql => For<T>(DatabaseSetup.ProviderOf(database));

    public static T For<T>(DatabaseProvider provider) where T : ProviderSql =>
        (T)Implementations.GetOrAdd((typeof(T), provider), static key => Find(key.Item1, key.Item2));

    /// <summary>Every concrete implementation of the family <paramref name="family"/> (an abstract subclass of this class).</summary>
    public static IReadOnlyList<ProviderSql> ImplementationsOf(Type family) =>
        family.Assembly.GetTypes()
            .Where(t => !t.IsAbstract && family.IsAssignableFrom(t))
            .Select(t => (ProviderSql)Activator.CreateInstance(t, nonPublic: true)!)
            .ToList();

    private static ProviderSql Find(Type family, DatabaseProvider provider)
    {
        var matches = ImplementationsOf(family).Where(i => i.Provider == provider).ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException(
                $"{family.Name} needs exactly one implementation for {provider}; found {matches.Count}.");
    }
}
