using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace SchoolSupport.Data;

/// <summary>
/// Applies the versioned SQL scripts embedded under Data/Migrations/&lt;Provider&gt;/NNNN_name.sql in order and records
/// each in <c>schema_versions</c>. One script set per provider; the schema test proves that migrating an empty database
/// yields exactly what the EF model would create.
/// </summary>
public static class SchemaMigrator
{
    public sealed record Script(int Version, string Name, string Sql);

    public static IReadOnlyList<Script> Scripts(DatabaseProvider provider)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var prefix = $"SchoolSupport.Data.Migrations.{provider}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Load(assembly, n, n[prefix.Length..^4]))
            .OrderBy(s => s.Version)
            .ToList();
    }

    private static Script Load(Assembly assembly, string resource, string fileName)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        var underscore = fileName.IndexOf('_', StringComparison.Ordinal);
        var version = int.Parse(underscore > 0 ? fileName[..underscore] : fileName, System.Globalization.CultureInfo.InvariantCulture);
        return new Script(version, fileName, reader.ReadToEnd());
    }

    public static async Task<IReadOnlyList<int>> MigrateAsync(SchoolSupportDbContext db, CancellationToken ct = default)
    {
        var provider = db.Database.IsNpgsql() ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }

        try
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            if (provider == DatabaseProvider.Postgres)
            {
                // Several bot instances may start together: one migrates, the others wait and then find nothing to do.
                await ExecuteAsync(connection, tx, "SELECT pg_advisory_xact_lock(500500);", ct);
            }

            await ExecuteAsync(connection, tx,
                "CREATE TABLE IF NOT EXISTS schema_versions (version INTEGER NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL, applied_at VARCHAR(40) NOT NULL);",
                ct);

            var applied = new HashSet<int>();
            await using (var cmd = connection.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "SELECT version FROM schema_versions;";
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    applied.Add(reader.GetInt32(0));
                }
            }

            var done = new List<int>();
            foreach (var script in Scripts(provider).Where(s => !applied.Contains(s.Version)))
            {
                await ExecuteAsync(connection, tx, script.Sql, ct);
                await using var insert = connection.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = "INSERT INTO schema_versions (version, name, applied_at) VALUES (@v, @n, @a);";
                AddParameter(insert, "@v", script.Version);
                AddParameter(insert, "@n", script.Name);
                AddParameter(insert, "@a", DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                await insert.ExecuteNonQueryAsync(ct);
                done.Add(script.Version);
            }

            await tx.CommitAsync(ct);
            return done;
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static void AddParameter(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
