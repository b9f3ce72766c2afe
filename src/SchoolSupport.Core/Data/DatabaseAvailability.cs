using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SchoolSupport.Data;

/// <summary>
/// Whether the database answers, as this process last saw it. A failure that says the server is unreachable marks it
/// down; from then on a probe tries to connect every <see cref="ProbeInterval"/> and marks it up again when it can.
/// Turns answer with an apology at once while it is down instead of waiting for connection timeouts one by one.
/// </summary>
public sealed class DatabaseAvailability(IServiceScopeFactory scopes, ILogger<DatabaseAvailability> logger)
{
    private readonly object gate = new();
    private Task? probe;
    private volatile bool down;

    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(1);

    public bool IsDown => down;

    /// <summary>True when <paramref name="exception"/> (or one it wraps) says the database could not be reached or used for now.</summary>
    public static bool IsUnavailable(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException { IsTransient: true } or SocketException or EndOfStreamException)
            {
                return true;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsUnavailable))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Records a failure; returns true when it was an outage (and starts probing for the way back).</summary>
    public bool Report(Exception exception)
    {
        if (!IsUnavailable(exception))
        {
            return false;
        }

        lock (gate)
        {
            if (!down)
            {
                down = true;
                logger.LogError("Database unavailable ({Error}); turns get an apology until it answers again", exception.GetType().Name);
            }

            if (probe is null || probe.IsCompleted)
            {
                probe = Task.Run(ProbeUntilUpAsync);
            }
        }

        return true;
    }

    private async Task ProbeUntilUpAsync()
    {
        while (true)
        {
            await Task.Delay(ProbeInterval);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<SchoolSupportDbContext>();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                if (await db.Database.CanConnectAsync(timeout.Token))
                {
                    down = false;
                    logger.LogWarning("Database answers again; turns are served");
                    return;
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException || IsUnavailable(ex) || ex is DbException or InvalidOperationException)
            {
                // Still away; the next probe follows.
            }
        }
    }
}
