using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Data;

namespace SchoolSupport.Web.Tests.Support;

/// <summary>
/// What the database holds, table by table: the row count and a hash over every column of every row, so a test can
/// prove that an attack neither added, removed nor changed anything. Tables that change on every turn by design
/// (the address book's freshness stamp, handled-activity keys) can be left out by name. Take it on a host whose
/// background workers are stopped (<see cref="QuietHost"/>), so every difference is the turn's own.
/// </summary>
public sealed record DatabaseSnapshot(IReadOnlyDictionary<string, (int Rows, string Hash)> Tables)
{
    public static readonly string[] Bookkeeping = ["ConversationAddresses", "ProcessedActivities"];

    public static DatabaseSnapshot Take(SchoolSupportDbContext db, params string[] except)
    {
        var tables = new SortedDictionary<string, (int, string)>(StringComparer.Ordinal);
        foreach (var entity in db.Model.GetEntityTypes().Where(e => !e.IsOwned() && e.GetTableName() is not null))
        {
            var table = entity.GetTableName()!;
            if (except.Contains(table))
            {
                continue;
            }

            var properties = entity.GetProperties().Where(p => p.PropertyInfo is not null || p.FieldInfo is not null).ToList();
            var rows = ((IQueryable<object>)typeof(DatabaseSnapshot).GetMethod(nameof(Rows), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(entity.ClrType).Invoke(null, [db])!).ToList();
            var lines = rows.Select(row => string.Join("|", properties.Select(p => Format(p.PropertyInfo is { } info ? info.GetValue(row) : p.FieldInfo!.GetValue(row)))))
                .Order(StringComparer.Ordinal)
                .ToList();
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", lines))))[..16];
            tables[table] = (lines.Count, hash);
        }

        db.ChangeTracker.Clear();
        return new DatabaseSnapshot(tables);
    }

    /// <summary>The tables whose content differs from <paramref name="other"/> (taken later), for a readable failure.</summary>
    public IReadOnlyList<string> Differences(DatabaseSnapshot other) =>
        Tables.Keys.Union(other.Tables.Keys)
            .Where(t => !Tables.TryGetValue(t, out var a) || !other.Tables.TryGetValue(t, out var b) || a != b)
            .Select(t => $"{t}: {(Tables.TryGetValue(t, out var a) ? a.Rows : 0)} -> {(other.Tables.TryGetValue(t, out var b) ? b.Rows : 0)} rows")
            .ToList();

    private static IQueryable<object> Rows<T>(SchoolSupportDbContext db) where T : class => db.Set<T>().AsNoTracking().Cast<object>();

    private static string Format(object? value) => value switch
    {
        null => "∅",
        byte[] bytes => Convert.ToHexString(SHA256.HashData(bytes)),
        DateTime d => d.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
