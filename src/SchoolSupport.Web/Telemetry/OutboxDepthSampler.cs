using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SchoolSupport.Data;
using SchoolSupport.Outbox;
using SchoolSupport.Telemetry;

namespace SchoolSupport.Web.Telemetry;

/// <summary>
/// Counts the deliveries still to send for the <c>schoolsupport.outbox.queue_depth</c> gauge. A gauge callback must
/// not query a database, so the count is taken here on a timer and the gauge reports the latest one.
/// </summary>
internal sealed class OutboxDepthSampler(
    IServiceScopeFactory scopes,
    SchoolSupportMetrics metrics,
    IOptions<TelemetryOptions> options,
    TimeProvider time,
    ILogger<OutboxDepthSampler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<SchoolSupportDbContext>();
                metrics.QueueDepth(await db.Deliveries.LongCountAsync(
                    d => d.Status == DeliveryStatus.Queued || d.Status == DeliveryStatus.Throttled || d.Status == DeliveryStatus.Sending,
                    stoppingToken));
                failing = false;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Once per outage: the workers and /readyz already say the database is away.
                if (!failing)
                {
                    logger.LogWarning("Could not count the outbox queue: {Error}", ex.GetType().Name);
                }

                failing = true;
            }

            try
            {
                await Task.Delay(options.Value.QueueDepthInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
