using Microsoft.Extensions.Options;
using SchoolSupport.Conversation;
using SchoolSupport.Data;
using SchoolSupport.Demo;

namespace SchoolSupport.Web.Hosting;

public sealed class StartupOptions
{
    /// <summary>Fill the demo region on first start (on by default in Development).</summary>
    public bool SeedDemoData { get; set; }
}

/// <summary>Creates/migrates the database before the host accepts requests, and seeds the demo on first start.</summary>
internal sealed class DatabaseStartup(
    IServiceProvider services,
    IOptions<DatabaseOptions> database,
    IOptions<StartupOptions> startup,
    TimeProvider time,
    ILogger<DatabaseStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchoolSupportDbContext>();
        if (database.Value.MigrateOnStart)
        {
            var applied = await SchemaMigrator.MigrateAsync(db, cancellationToken);
            if (applied.Count > 0)
            {
                logger.LogInformation("Database migrated: {Migrations}", string.Join(", ", applied));
            }
        }
        else
        {
            await SchemaMigrator.PrepareStorageAsync(db, cancellationToken);
        }

        if (startup.Value.SeedDemoData)
        {
            var result = await DemoSeeder.SeedAsync(db, time, force: false, cancellationToken);
            if (result.Seeded)
            {
                logger.LogInformation("Demo data seeded: {Schools} schools, {People} people, {Items} roadmap items for {Year}",
                    result.Schools, result.People, result.Items, result.Year);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class HostingSetup
{
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddSchoolSupportData(configuration);
        services.AddOptions<StartupOptions>()
            .Configure(o => o.SeedDemoData = environment.IsDevelopment())
            .Bind(configuration.GetSection("Startup"));
        services.AddHostedService<DatabaseStartup>();
        services.AddSingleton<IValidateOptions<HostingOptions>, ScaleOutChecks>();
        services.AddHealth();
        return services;
    }

    public static IServiceCollection AddDemoAccess(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var enabled = DemoAccess.IsEnabled(configuration, environment);
        services.PostConfigure<DemoOptions>(o => o.Enabled = enabled);
        return services;
    }
}

/// <summary>
/// Whether the demo identities («29:demo-…» in chat, the people picker on the page) are in effect: only while the demo
/// data set is (Startup:SeedDemoData, on by default in Development), never with a MicrosoftAppId (a real bot
/// registration means real people can reach the bot), and Demo:Enabled=false switches them off.
/// </summary>
public static class DemoAccess
{
    public static bool IsEnabled(IConfiguration configuration, IHostEnvironment environment)
    {
        var seed = configuration.GetSection("Startup")[nameof(StartupOptions.SeedDemoData)] is { } s
            ? bool.TryParse(s, out var seeded) && seeded
            : environment.IsDevelopment();
        var requested = configuration.GetSection(DemoOptions.Section)[nameof(DemoOptions.Enabled)] is { } d
            ? bool.TryParse(d, out var on) && on
            : seed;
        var hasAppId = !string.IsNullOrWhiteSpace(configuration["Bot:MicrosoftAppId"]);
        return requested && seed && !hasAppId;
    }
}
