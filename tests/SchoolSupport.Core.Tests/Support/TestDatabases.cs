using Npgsql;
using SchoolSupport.Data;

namespace SchoolSupport.Tests.Support;

/// <summary>A fresh SQLite file per test, deleted afterwards.</summary>
public sealed class SqliteTestDatabase : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "schoolsupport-tests", Guid.NewGuid().ToString("N"));

    public SqliteTestDatabase() => Directory.CreateDirectory(folder);

    public DatabaseOptions Options => new()
    {
        Provider = DatabaseProvider.Sqlite,
        ConnectionString = $"Data Source={Path.Combine(folder, "test.db")};Pooling=False",
    };

    public SchoolSupportDbContext CreateContext() => DatabaseSetup.CreateContext(Options);

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file handle still closing on a slow machine must not fail the test that used it.
        }
    }
}

/// <summary>
/// A fresh PostgreSQL database per test on the server that <c>.ci/run</c> starts (or the one named by
/// SCHOOLSUPPORT_TEST_POSTGRES). There is no silent skip: without a server these tests fail and say how to start one.
/// </summary>
public sealed class PostgresTestDatabase : IDisposable
{
    public const string EnvironmentVariable = "SCHOOLSUPPORT_TEST_POSTGRES";
    private const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Timeout=30";

    private readonly string server;

    public PostgresTestDatabase()
    {
        server = Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } s ? s : DefaultServer;
        Name = "ss_test_" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            Execute($"CREATE DATABASE \"{Name}\"");
        }
        catch (NpgsqlException ex)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable ({ex.Message}). Run `bash .ci/run` once (it installs and starts PostgreSQL 15) " +
                $"or set {EnvironmentVariable} to a server connection string.", ex);
        }
    }

    public string Name { get; }

    public DatabaseOptions Options => new()
    {
        Provider = DatabaseProvider.Postgres,
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = Name, Pooling = false }.ToString(),
    };

    public SchoolSupportDbContext CreateContext() => DatabaseSetup.CreateContext(Options);

    public void Dispose() => Execute($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");

    private void Execute(string sql)
    {
        // CREATE/DROP DATABASE copies files: on a busy machine it can outlast a short connect or command timeout.
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false };
        admin.Timeout = Math.Max(admin.Timeout, 30);
        admin.CommandTimeout = Math.Max(admin.CommandTimeout, 120);
        using var connection = new NpgsqlConnection(admin.ToString());
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
