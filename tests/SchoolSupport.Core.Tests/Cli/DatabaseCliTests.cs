using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SchoolSupport.Cli;
using SchoolSupport.Data;
using SchoolSupport.Tests.Data.SqlServer;
using SchoolSupport.Tests.Support;

namespace SchoolSupport.Tests.Cli;

public sealed class DatabaseCliTests
{
    private static async Task<(int Exit, string Out, string Err)> RunAsync(DatabaseOptions database, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr, database);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Migrate_EmptyDatabase_AppliesEveryMigrationThenSaysCurrent()
    {
        using var database = new SqliteTestDatabase();
        var (exit, output, _) = await RunAsync(database.Options, "db", "migrate");
        exit.ShouldBe(0);
        await using var db = database.CreateContext();
        output.ShouldContain(db.Database.GetMigrations().Last());
        (await SchemaMigrator.PendingAsync(db)).ShouldBeEmpty();

        (await RunAsync(database.Options, "db", "migrate")).Out.ShouldContain("Схема уже актуальна.");
    }

    [Fact]
    public async Task Script_SqlServer_IsIdempotentTSqlThatParses()
    {
        using var database = new SqliteTestDatabase();
        var (exit, script, _) = await RunAsync(database.Options, "db", "script", "--provider", "SqlServer");

        exit.ShouldBe(0);
        TSql.ParseErrors(script).ShouldBeEmpty();
        script.ShouldContain("IF NOT EXISTS (");
        script.ShouldContain("CREATE TABLE [Deliveries]");
    }

    [Fact]
    public async Task Script_Postgres_RunTwiceOnAnEmptyDatabase_LeavesItMigrated()
    {
        using var database = new PostgresTestDatabase();
        var (exit, script, _) = await RunAsync(database.Options, "db", "script", "--provider", "Postgres");
        exit.ShouldBe(0);

        // What a DBA does: run the script with psql-like plain execution, twice (the second run must change nothing).
        for (var run = 0; run < 2; run++)
        {
            await using var connection = new NpgsqlConnection(database.Options.ConnectionString);
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand(script, connection);
            await cmd.ExecuteNonQueryAsync();
        }

        await using var db = database.CreateContext();
        (await SchemaMigrator.PendingAsync(db)).ShouldBeEmpty();
        db.Database.HasPendingModelChanges().ShouldBeFalse();
        (await db.Schools.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Script_Sqlite_AppliedToAnEmptyFile_LeavesItMigrated()
    {
        using var database = new SqliteTestDatabase();
        var (exit, script, _) = await RunAsync(database.Options, "db", "script", "--provider", "Sqlite");
        exit.ShouldBe(0);
        script.ShouldStartWith("-- SQLite");

        await using (var connection = new SqliteConnection(database.Options.ConnectionString))
        {
            await connection.OpenAsync();
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = script;
            await cmd.ExecuteNonQueryAsync();
        }

        await using var db = database.CreateContext();
        (await SchemaMigrator.PendingAsync(db)).ShouldBeEmpty();
    }
}
