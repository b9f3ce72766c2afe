using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using SchoolSupport.Data;

namespace SchoolSupport.Benchmarks.Turns;

/// <summary>
/// The national database on PostgreSQL: the generated SQLite file copied table by table (binary COPY, column types from
/// the PostgreSQL model) into a migrated template database, cached by name like the SQLite file; every run gets its own
/// database made from the template (<c>CREATE DATABASE … TEMPLATE</c>, a file copy on the server).
/// </summary>
public static class PostgresNational
{
    public static async Task<(string RunConnection, string RunName, bool Cached, TimeSpan CopyTime)> CreateRunDatabaseAsync(
        string server, string sqlitePath, string cacheKey)
    {
        var template = "ss_bench_" + cacheKey.Replace('-', '_').ToLowerInvariant();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cached = await ExistsAsync(server, template);
        if (!cached)
        {
            var partial = template + "_partial";
            await ExecAsync(server, $"DROP DATABASE IF EXISTS \"{partial}\" WITH (FORCE)");
            await ExecAsync(server, $"CREATE DATABASE \"{partial}\"");
            var options = new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = With(server, partial) };
            await using (var db = DatabaseSetup.CreateContext(options))
            {
                await SchemaMigrator.MigrateAsync(db);
                await CopyAsync(db, sqlitePath);
            }

            NpgsqlConnection.ClearAllPools();
            await ExecAsync(server, $"ALTER DATABASE \"{partial}\" RENAME TO \"{template}\"");
        }

        var copy = clock.Elapsed;
        var run = "ss_bench_run_" + Guid.NewGuid().ToString("N")[..12];
        await ExecAsync(server, $"CREATE DATABASE \"{run}\" TEMPLATE \"{template}\"");
        return (With(server, run), run, cached, copy);
    }

    public static Task DropAsync(string server, string database)
    {
        NpgsqlConnection.ClearAllPools();
        return ExecAsync(server, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
    }

    private static async Task CopyAsync(SchoolSupportDbContext db, string sqlitePath)
    {
        var pg = (NpgsqlConnection)db.Database.GetDbConnection();
        await pg.OpenAsync();
        await using var sqlite = new SqliteConnection($"Data Source={sqlitePath};Mode=ReadOnly;Pooling=False");
        await sqlite.OpenAsync();
        // The rows come in table order, not foreign-key order; the copy is the source's own consistent state.
        await using (var cmd = new NpgsqlCommand("SET session_replication_role = replica", pg))
        {
            await cmd.ExecuteNonQueryAsync();
        }

        foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null && e.BaseType is null && !e.IsOwned()))
        {
            var table = entity.GetTableName()!;
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            var columns = entity.GetProperties().Select(p => (Property: p, Column: p.GetColumnName(store)!)).Where(c => c.Column is not null).ToList();
            await using var read = sqlite.CreateCommand();
            read.CommandText = $"SELECT {string.Join(", ", columns.Select(c => $"\"{c.Column}\""))} FROM \"{table}\"";
            await using var reader = await read.ExecuteReaderAsync();
            await using (var writer = await pg.BeginBinaryImportAsync(
                $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Column}\""))}) FROM STDIN (FORMAT BINARY)"))
            {
                while (await reader.ReadAsync())
                {
                    await writer.StartRowAsync();
                    for (var i = 0; i < columns.Count; i++)
                    {
                        var value = reader.IsDBNull(i) ? null : Convert(reader.GetValue(i), columns[i].Property);
                        if (value is null)
                        {
                            await writer.WriteNullAsync();
                        }
                        else
                        {
                            await writer.WriteAsync(value, BaseType(columns[i].Property.GetColumnType()));
                        }
                    }
                }

                await writer.CompleteAsync();
            }

            // Identity columns continue after the copied ids.
            if (entity.FindPrimaryKey()?.Properties is [var key] && key.ValueGenerated == ValueGenerated.OnAdd
                && (key.ClrType == typeof(int) || key.ClrType == typeof(long)))
            {
                var column = key.GetColumnName(store);
                await using var reseed = new NpgsqlCommand(
                    $"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), GREATEST(1, (SELECT COALESCE(MAX(\"{column}\"), 0) FROM \"{table}\")))", pg);
                await reseed.ExecuteScalarAsync();
            }
        }

        await using (var reset = new NpgsqlCommand("SET session_replication_role = DEFAULT; ANALYZE;", pg))
        {
            await reset.ExecuteNonQueryAsync();
        }
    }

    /// <summary>A raw SQLite value as the PostgreSQL column's provider type (EF stores dates and decimals as text there).</summary>
    private static object? Convert(object raw, IProperty property)
    {
        var type = property.GetTypeMapping().Converter?.ProviderClrType ?? property.ClrType;
        type = Nullable.GetUnderlyingType(type) ?? type;
        var inv = CultureInfo.InvariantCulture;
        return type switch
        {
            _ when type == typeof(string) => System.Convert.ToString(raw, inv),
            _ when type == typeof(int) => System.Convert.ToInt32(raw, inv),
            _ when type == typeof(long) => System.Convert.ToInt64(raw, inv),
            _ when type == typeof(short) => System.Convert.ToInt16(raw, inv),
            _ when type == typeof(bool) => System.Convert.ToInt64(raw, inv) != 0,
            _ when type == typeof(double) => System.Convert.ToDouble(raw, inv),
            _ when type == typeof(decimal) => decimal.Parse(System.Convert.ToString(raw, inv)!, inv),
            _ when type == typeof(DateTime) => DateTime.SpecifyKind(DateTime.Parse((string)raw, inv, DateTimeStyles.None), DateTimeKind.Utc),
            _ when type == typeof(DateTimeOffset) => DateTimeOffset.Parse((string)raw, inv).ToUniversalTime(),
            _ when type == typeof(DateOnly) => DateOnly.Parse((string)raw, inv),
            _ when type == typeof(TimeOnly) => TimeOnly.Parse((string)raw, inv),
            _ when type == typeof(TimeSpan) => TimeSpan.Parse((string)raw, inv),
            _ when type == typeof(Guid) => Guid.Parse((string)raw),
            _ when type == typeof(byte[]) => (byte[])raw,
            _ => throw new NotSupportedException($"{property.DeclaringType.DisplayName()}.{property.Name}: {type.Name} is not copied yet."),
        };
    }

    // "character varying(400)" → "character varying", "numeric(9,2)" → "numeric": the COPY writer wants the base type.
    private static string BaseType(string? columnType) =>
        columnType is null ? "text" : columnType.Split('(')[0].Trim();

    private static string With(string server, string database) =>
        new NpgsqlConnectionStringBuilder(server) { Database = database }.ToString();

    private static async Task<bool> ExistsAsync(string server, string database)
    {
        await using var connection = new NpgsqlConnection(With(server, "postgres"));
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        cmd.Parameters.AddWithValue("name", database);
        return await cmd.ExecuteScalarAsync() is not null;
    }

    private static async Task ExecAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(With(server, "postgres")) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }
}
