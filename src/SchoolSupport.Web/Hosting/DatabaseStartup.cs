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
        services.PostConfigure<DemoOptions>(o =>
        {
            if (configuration.GetSection(DemoOptions.Section)[nameof(DemoOptions.Enabled)] is null)
            {
                o.Enabled = environment.IsDevelopment();
            }
        });
        return services;
    }
}
