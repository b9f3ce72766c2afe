using Npgsql;

namespace SchoolSupport.Web.Tests.Support;

/// <summary>
/// A fresh database on the PostgreSQL server that ./test.sh starts (SCHOOLSUPPORT_TEST_POSTGRES), dropped afterwards.
/// There is no silent skip: without a server the test fails and says how to start one.
/// </summary>
public sealed class PostgresDatabase : IDisposable
{
    private const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Timeout=30";
    private readonly string server;

    public PostgresDatabase()
    {
        server = Environment.GetEnvironmentVariable("SCHOOLSUPPORT_TEST_POSTGRES") is { Length: > 0 } s ? s : DefaultServer;
        Name = "ss_web_" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            Execute($"CREATE DATABASE \"{Name}\"");
        }
        catch (NpgsqlException ex)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable ({ex.Message}). Run ./test.sh (it installs and starts PostgreSQL) or set SCHOOLSUPPORT_TEST_POSTGRES.", ex);
        }
    }

    public string Name { get; }

    public string Host => new NpgsqlConnectionStringBuilder(server).Host ?? "127.0.0.1";

    public int Port => new NpgsqlConnectionStringBuilder(server).Port;

    /// <summary>The database directly (for the test's own counting).</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder(server) { Database = Name, Pooling = false }.ToString();

    /// <summary>The database through a proxy on <paramref name="port"/> (for the host under test).</summary>
    public string Through(int port) => new NpgsqlConnectionStringBuilder(server) { Host = "127.0.0.1", Port = port, Database = Name }.ToString();

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        Execute($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    private void Execute(string sql)
    {
        // Creating a database on a busy shared server can take longer than a turn's connect timeout.
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false, Timeout = 60, CommandTimeout = 120 }.ToString());
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
