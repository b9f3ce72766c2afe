using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Data;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests;

/// <summary>/healthz says the process is alive; /readyz says whether this instance can serve (database + migrations).</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Readyz_MigratedDatabase_Is200()
    {
        using var bot = new BotApp();
        using var client = bot.CreateClient();

        var ready = await client.GetAsync("/readyz");

        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Fact]
    public async Task Readyz_PendingMigrations_Is503WithTheirNames_WhileHealthzStaysAlive()
    {
        using var bot = new BotApp(extraSettings: new Dictionary<string, string?>
        {
            ["Database:MigrateOnStart"] = "false",
            ["Startup:SeedDemoData"] = "false",
        });
        using var client = bot.CreateClient();
        await using var db = DatabaseSetup.CreateContext(bot.DatabaseOptions);
        // An empty database file, not a missing one (which would be «unreachable»): whether a background worker's
        // first query has created it by now is a matter of timing.
        await db.Database.OpenConnectionAsync();
        await db.Database.CloseConnectionAsync();

        var ready = await client.GetAsync("/readyz");

        ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var reason = await ready.Content.ReadAsStringAsync();
        var migrations = db.Database.GetMigrations().ToList();
        migrations.ShouldNotBeEmpty();
        reason.ShouldStartWith($"Unhealthy: {migrations.Count} migration(s) pending: ");
        foreach (var migration in migrations)
        {
            reason.ShouldContain(migration);
        }
        (await client.GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await SchemaMigrator.MigrateAsync(db);
        (await client.GetAsync("/readyz")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Readyz_DatabaseServerDown_Is503_WhileHealthzStaysAlive()
    {
        using var bot = new BotApp(extraSettings: new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["Database:ConnectionString"] = $"Host=127.0.0.1;Port={ClosedPort()};Username=postgres;Password=postgres;Timeout=2",
            ["Database:MigrateOnStart"] = "false",
            ["Startup:SeedDemoData"] = "false",
        });
        using var client = bot.CreateClient();

        var ready = await client.GetAsync("/readyz");

        ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await ready.Content.ReadAsStringAsync()).ShouldBe("Unhealthy: database unreachable");
        var alive = await client.GetAsync("/healthz");
        alive.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await alive.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    // A loopback port nobody listens on: bound, read, released.
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
