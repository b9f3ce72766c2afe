using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SchoolSupport.Data;
using SchoolSupport.Reminders;
using SchoolSupport.Web.Hosting;

namespace SchoolSupport.Benchmarks.Turns;

/// <summary>
/// The real bot host (the same Program, middleware and /api/messages pipeline as production) on Kestrel at 127.0.0.1 with
/// an ephemeral port, so every turn crosses a real socket. Development + anonymous, no demo ids, no demo seed, a fixed
/// clock inside the roadmap year, and production-like logging (warnings only) so the console does not become the bottleneck.
/// The factory is keyed by a type of the web assembly rather than its Program, which this runner's own entry point shadows.
/// </summary>
public sealed class BenchHost : WebApplicationFactory<StartupOptions>
{
    private const string SharedKey = "bench-shared-signing-key-0123456789abcdef";
    private readonly IReadOnlyDictionary<string, string> database;
    private readonly TimeProvider clock;
    private readonly bool backgroundPlanner;

    /// <param name="backgroundPlanner">
    /// False leaves out the reminder planner's background run, for a benchmark that calls the planner itself.
    /// </param>
    public BenchHost(string databasePath, TimeProvider clock, bool backgroundPlanner = true)
        : this(new Dictionary<string, string> { ["Database:Provider"] = "Sqlite", ["Database:ConnectionString"] = $"Data Source={databasePath}" }, clock, backgroundPlanner)
    {
    }

    private BenchHost(IReadOnlyDictionary<string, string> database, TimeProvider clock, bool backgroundPlanner)
    {
        this.database = database;
        this.clock = clock;
        this.backgroundPlanner = backgroundPlanner;
        // The web project's appsettings are copied next to this runner; that folder is the content root wherever it runs.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_SCHOOLSUPPORT_WEB", AppContext.BaseDirectory);
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in database)
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Startup:SeedDemoData", "false");
        builder.UseSetting("Demo:Enabled", "false");
        builder.UseSetting("Bot:AllowAnonymous", "true");
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning");
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton(clock);
            if (!backgroundPlanner)
            {
                foreach (var job in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(LeasedJobService<ReminderPlanner>)).ToList())
                {
                    services.Remove(job);
                }
            }
        });
    }

    /// <summary>
    /// One of several instances on a shared PostgreSQL database, set up as the deployment guide says: the instance count,
    /// a name for its leases and the shared signing keys.
    /// </summary>
    public static BenchHost Postgres(string connectionString, TimeProvider clock, string instance, bool backgroundPlanner = true) => new(new Dictionary<string, string>
    {
        ["Database:Provider"] = "Postgres",
        // A pool per instance, as separate processes would have; two pools of 30 stay well inside max_connections = 100.
        ["Database:ConnectionString"] = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "bench-" + instance, MaxPoolSize = 30 }.ToString(),
        ["Database:MigrateOnStart"] = "false",
        ["Hosting:Instances"] = "2",
        ["Hosting:InstanceName"] = instance,
        ["Downloads:SigningKey"] = SharedKey,
        ["WebChat:TokenSigningKey"] = SharedKey,
    }, clock, backgroundPlanner);

    /// <summary>Starts the server and returns its socket address.</summary>
    public Uri Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
    }
}

internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
