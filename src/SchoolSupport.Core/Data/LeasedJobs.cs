using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SchoolSupport.Data;

/// <summary>
/// A periodic job that must run on one instance at a time (planning digests, opening surveys, cleaning up): the host
/// runs it under the database lease <c>job:&lt;Name&gt;</c> (see <see cref="LeasedJobService{TJob}"/>).
/// </summary>
public interface IPeriodicJob
{
    string Name { get; }

    TimeSpan Interval { get; }

    Task RunOnceAsync(CancellationToken ct);
}

/// <summary>
/// Runs one <see cref="IPeriodicJob"/> on whichever instance holds its lease. The holder runs the job every
/// <see cref="IPeriodicJob.Interval"/> and renews the lease while it runs; the others check the lease every third of
/// its duration and take over when the holder stops renewing it (crashed, stopped, lost its database). A graceful stop
/// gives the lease back at once.
/// </summary>
public sealed class LeasedJobService<TJob>(TJob job, LeaseManager leases, TimeProvider time, ILogger<LeasedJobService<TJob>> logger)
    : BackgroundService where TJob : IPeriodicJob
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var holder = new LeaseHolder(leases, time, "job:" + job.Name, logger);
        var tick = leases.Duration / 3 < job.Interval ? leases.Duration / 3 : job.Interval;
        DateTimeOffset? lastRun = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var due = lastRun is not { } last || time.GetUtcNow() - last >= job.Interval;
                    if (await holder.EnsureAsync(stoppingToken) && due)
                    {
                        lastRun = time.GetUtcNow();
                        await RunRenewingAsync(holder, stoppingToken);
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "Job {Job} failed", job.Name);
                }

                try
                {
                    await Task.Delay(tick, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        finally
        {
            await holder.ReleaseAsync();
        }
    }

    // A run longer than the lease would let another instance start the same job; keep renewing until it ends.
    private async Task RunRenewingAsync(LeaseHolder holder, CancellationToken ct)
    {
        var run = job.RunOnceAsync(ct);
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(leases.Duration / 3, time, ct));
            if (!run.IsCompleted)
            {
                await holder.EnsureAsync(ct);
            }
        }

        await run;
    }
}

public static class LeaseSetup
{
    /// <summary>The lease settings (section «Hosting») and this instance's <see cref="LeaseManager"/>.</summary>
    public static IServiceCollection AddLeases(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(LeaseManager)))
        {
            return services;
        }

        services.AddOptions<HostingOptions>()
            .Bind(configuration.GetSection(HostingOptions.Section))
            .Validate(o => o.Instances >= 1 && o.LeaseDuration >= TimeSpan.FromSeconds(1),
                "Hosting:Instances must be at least 1 and Hosting:LeaseDuration at least one second.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LeaseManager>();
        return services;
    }

    /// <summary>Runs <typeparamref name="TJob"/> (a registered singleton) on one instance at a time.</summary>
    public static IServiceCollection AddLeasedJob<TJob>(this IServiceCollection services) where TJob : class, IPeriodicJob
    {
        services.AddHostedService<LeasedJobService<TJob>>();
        return services;
    }
}
