using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SchoolSupport.Web.Tests.MultiInstance;

/// <summary>
/// A Bot Framework connector on 127.0.0.1 shared by several bot instances. Like Teams it allows
/// <see cref="TenantPerSecond"/> sends per second (sliding window) and answers 429 with Retry-After above that. It records
/// every request (time, accepted or not) and every accepted activity per conversation, so rates, duplicates and
/// losses are counted on the channel side.
/// </summary>
public sealed class RecordingConnector : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly object gate = new();
    private readonly Queue<DateTime> window = new();
    private readonly List<(DateTime At, bool Accepted)> requests = [];
    private readonly ConcurrentDictionary<string, int> received = new(StringComparer.Ordinal);
    private int counter;

    private RecordingConnector(WebApplication app, int tenantPerSecond)
    {
        this.app = app;
        TenantPerSecond = tenantPerSecond;
    }

    public int TenantPerSecond { get; }

    public string ServiceUrl { get; private set; } = "";

    public int Accepted => received.Values.Sum();

    public int Distinct => received.Count;

    /// <summary>Conversations that got the broadcast more than once, with the count.</summary>
    public IReadOnlyDictionary<string, int> Duplicated => received.Where(kv => kv.Value > 1).ToDictionary(kv => kv.Key, kv => kv.Value);

    public int TimesReceived(string conversationId) => received.TryGetValue(conversationId, out var n) ? n : 0;

    public IReadOnlyList<(DateTime At, bool Accepted)> Requests
    {
        get
        {
            lock (gate)
            {
                return [.. requests];
            }
        }
    }

    public static async Task<RecordingConnector> StartAsync(int tenantPerSecond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var connector = new RecordingConnector(app, tenantPerSecond);
        app.MapPost("/v3/conversations/{conversationId}/activities", async (string conversationId, HttpContext context) =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            if (!connector.Admit())
            {
                context.Response.Headers.RetryAfter = "1";
                return Results.StatusCode(StatusCodes.Status429TooManyRequests);
            }

            connector.received.AddOrUpdate(conversationId, 1, (_, n) => n + 1);
            var id = Interlocked.Increment(ref connector.counter).ToString(CultureInfo.InvariantCulture);
            return Results.Json(new { id = "activity-" + id });
        });
        app.MapPost("/v3/conversations", () => Results.Json(new { id = "a:created-" + Interlocked.Increment(ref connector.counter) }));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        connector.ServiceUrl = address.TrimEnd('/') + "/";
        return connector;
    }

    /// <summary>The most requests (accepted or refused) that arrived within any window of the given length.</summary>
    public int MaxRequestsWithin(TimeSpan length)
    {
        var times = Requests.Select(r => r.At).Order().ToList();
        var max = 0;
        var from = 0;
        for (var i = 0; i < times.Count; i++)
        {
            while (times[i] - times[from] >= length)
            {
                from++;
            }

            max = Math.Max(max, i - from + 1);
        }

        return max;
    }

    private bool Admit()
    {
        lock (gate)
        {
            var now = DateTime.UtcNow;
            while (window.Count > 0 && window.Peek() <= now - TimeSpan.FromSeconds(1))
            {
                window.Dequeue();
            }

            var accepted = window.Count < TenantPerSecond;
            if (accepted)
            {
                window.Enqueue(now);
            }

            requests.Add((now, accepted));
            return accepted;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
