using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
    private readonly string databasePath;
    private readonly TimeProvider clock;

    public BenchHost(string databasePath, TimeProvider clock)
    {
        this.databasePath = databasePath;
        this.clock = clock;
        // The web project's appsettings are copied next to this runner; that folder is the content root wherever it runs.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_SCHOOLSUPPORT_WEB", AppContext.BaseDirectory);
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:ConnectionString", $"Data Source={databasePath}");
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
        });
    }

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
