using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SchoolSupport.Tests.Data.SqlServer;

/// <summary>
/// What SQL Server refuses at CREATE TABLE / CREATE INDEX and SQLite and PostgreSQL accept, checked on the relational
/// model EF builds for SQL Server. Each rule returns the offending objects (empty = fine).
/// </summary>
internal static partial class SqlServerModelRules
{
    /// <summary>Index key limits: 900 bytes for a clustered key (the primary key), 1700 for a nonclustered one.</summary>
    public const int ClusteredKeyLimit = 900;

    public const int NonclusteredKeyLimit = 1700;

    /// <summary>
    /// SQL Server allows one cascade path from a table to another: "a table cannot appear more than one time in the
    /// list of all the cascading referential actions that are started by a DELETE". It counts SET NULL and SET DEFAULT
    /// like CASCADE and does not look at which columns change, so neither does this check. Also reports cycles.
    /// </summary>
    public static IReadOnlyList<string> MultipleCascadePaths(IRelationalModel model)
    {
        var edges = model.Tables
            .SelectMany(t => t.ForeignKeyConstraints)
            .Where(fk => fk.OnDeleteAction is ReferentialAction.Cascade or ReferentialAction.SetNull or ReferentialAction.SetDefault)
            .ToLookup(fk => fk.PrincipalTable.Name);
        var problems = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var root in model.Tables.Select(t => t.Name))
        {
            var reached = new Dictionary<string, string>(StringComparer.Ordinal);
            Walk(root, [root], $"{root}");

            void Walk(string table, List<string> path, string pathText)
            {
                foreach (var fk in edges[table])
                {
                    var next = fk.Table.Name;
                    var nextText = $"{pathText} -[{fk.Name} {fk.OnDeleteAction}]-> {next}";
                    if (path.Contains(next))
                    {
                        problems.Add($"cycle: {nextText}");
                        continue;
                    }

                    if (reached.TryGetValue(next, out var earlier))
                    {
                        problems.Add($"multiple cascade paths from {root} to {next}: {earlier} | {nextText}");
                        continue;
                    }

                    reached[next] = nextText;
                    Walk(next, [.. path, next], nextText);
                }
            }
        }

        return problems.ToList();
    }

    /// <summary>Index and key column sizes that exceed SQL Server's key limit, or (max) columns used as keys.</summary>
    public static IReadOnlyList<string> OversizedIndexKeys(IRelationalModel model)
    {
        var problems = new List<string>();
        foreach (var table in model.Tables)
        {
            if (table.PrimaryKey is { } pk)
            {
                Check(table.Name, pk.Name, pk.Columns, ClusteredKeyLimit);
            }

            foreach (var unique in table.UniqueConstraints.Where(u => u != table.PrimaryKey))
            {
                Check(table.Name, unique.Name, unique.Columns, NonclusteredKeyLimit);
            }

            foreach (var index in table.Indexes)
            {
                Check(table.Name, index.Name, index.Columns, NonclusteredKeyLimit);
            }
        }

        return problems;

        void Check(string table, string name, IEnumerable<IColumn> columns, int limit)
        {
            var sizes = columns.Select(c => (c.Name, c.StoreType, Bytes: KeyBytes(c.StoreType))).ToList();
            foreach (var (column, type, _) in sizes.Where(s => s.Bytes is null))
            {
                problems.Add($"{table}.{name}: column {column} of type {type} cannot be an index key");
            }

            var total = sizes.Sum(s => s.Bytes ?? 0);
            if (total > limit)
            {
                problems.Add($"{table}.{name}: {total} bytes ({string.Join(" + ", sizes.Select(s => $"{s.Name} {s.StoreType}"))}) > {limit}");
            }
        }
    }

    /// <summary>Unique indexes over a nullable column without a filter: SQL Server would allow only one NULL.</summary>
    public static IReadOnlyList<string> UnfilteredUniqueIndexesOnNullableColumns(IRelationalModel model) =>
        model.Tables.SelectMany(t => t.Indexes.Where(i => i.IsUnique).Select(i => (Table: t.Name, Index: i)))
            .SelectMany(x => x.Index.Columns.Where(c => c.IsNullable)
                .Where(c => x.Index.Filter is null || !x.Index.Filter.Contains($"[{c.Name}] IS NOT NULL", StringComparison.Ordinal))
                .Select(c => $"{x.Table}.{x.Index.Name}: nullable {c.Name} not excluded by the filter '{x.Index.Filter}'"))
            .ToList();

    /// <summary>Bytes a column of this SQL Server type takes in an index key; null when it cannot be a key at all.</summary>
    public static int? KeyBytes(string storeType)
    {
        var match = TypePattern().Match(storeType.ToLowerInvariant());
        if (!match.Success)
        {
            throw new ArgumentException($"Unknown SQL Server type '{storeType}': add its key size to {nameof(KeyBytes)}.");
        }

        var name = match.Groups["name"].Value;
        var args = match.Groups["args"].Value;
        if (args == "max")
        {
            return null;
        }

        int Arg(int i) => int.Parse(args.Split(',')[i], CultureInfo.InvariantCulture);
        return name switch
        {
            "nvarchar" or "nchar" => 2 * Arg(0),
            "varchar" or "char" or "varbinary" or "binary" => Arg(0),
            "bit" or "tinyint" => 1,
            "smallint" => 2,
            "int" or "real" or "smalldatetime" => 4,
            "bigint" or "float" or "datetime" or "money" => 8,
            "date" => 3,
            "time" => 5,
            "datetime2" => 8,
            "datetimeoffset" => 10,
            "uniqueidentifier" => 16,
            "decimal" or "numeric" => Arg(0) switch { <= 9 => 5, <= 19 => 9, <= 28 => 13, _ => 17 },
            "text" or "ntext" or "image" or "xml" or "json" or "vector" => null,
            _ => throw new ArgumentException($"Unknown SQL Server type '{storeType}': add its key size to {nameof(KeyBytes)}."),
        };
    }

    [GeneratedRegex(@"^(?<name>[a-z0-9]+)(\((?<args>[0-9a-z, ]+)\))?$")]
    private static partial Regex TypePattern();
}
