using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using SchoolSupport.Outbox;
using SchoolSupport.Telemetry;

namespace SchoolSupport.Tests.Outbox;

/// <summary>The outbox publishes what it does as metrics: every send, every 429 and every delivery's outcome.</summary>
public sealed class OutboxMetricsTests
{
    [Fact]
    public async Task Drain_WithA429AndABlockedRecipient_CountsSendsThrottlesAndOutcomes()
    {
        using var meters = new ScopedMeterFactory();
        await using var host = await OutboxTestHost.SqliteAsync(features: (services, _) =>
            services.AddSingleton<IMeterFactory>(meters).AddSingleton<SchoolSupportMetrics>());
        using var recorder = new Recorder(meters);
        var people = await host.AddPeopleAsync(3);
        host.Connector.Script(OutboxTestHost.UserId(people[0]), new SendOutcome.Throttled(TimeSpan.FromSeconds(5)));
        host.Connector.Script(OutboxTestHost.UserId(people[1]), new SendOutcome.Blocked("MessageWritesBlocked"));
        await host.EnqueueAsync(people);
        var dispatcher = host.NewDispatcher();

        await host.DrainAsync(dispatcher);

        var rows = await host.DeliveriesAsync();
        rows.Count(r => r.Status == DeliveryStatus.Sent).ShouldBe(2);
        rows.Count(r => r.Status == DeliveryStatus.Blocked).ShouldBe(1);
        recorder.Sum("schoolsupport.outbox.throttled").ShouldBe(1);
        recorder.Sum("schoolsupport.outbox.sends").ShouldBe(4);
        recorder.Sum("schoolsupport.outbox.deliveries", "sent").ShouldBe(2);
        recorder.Sum("schoolsupport.outbox.deliveries", "throttled").ShouldBe(1);
        recorder.Sum("schoolsupport.outbox.deliveries", "blocked").ShouldBe(1);
        recorder.Sum("schoolsupport.outbox.deliveries").ShouldBe(4);
        dispatcher.Counters[OutboxCounter.Sent].ShouldBe(2);
    }

    /// <summary>Meters scoped to this factory, so parallel tests do not see each other's measurements.</summary>
    private sealed class ScopedMeterFactory : IMeterFactory
    {
        private readonly List<Meter> meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
            lock (meters)
            {
                meters.Add(meter);
            }

            return meter;
        }

        public void Dispose()
        {
            lock (meters)
            {
                meters.ForEach(m => m.Dispose());
            }
        }
    }

    private sealed class Recorder : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly ConcurrentQueue<(string Name, long Value, string? Outcome)> measurements = new();

        public Recorder(IMeterFactory factory)
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                string? outcome = null;
                foreach (var tag in tags)
                {
                    if (tag.Key == "outcome")
                    {
                        outcome = tag.Value as string;
                    }
                }

                measurements.Enqueue((instrument.Name, value, outcome));
            });
            listener.Start();
        }

        public long Sum(string instrument, string? outcome = null) =>
            measurements.Where(m => m.Name == instrument && (outcome is null || m.Outcome == outcome)).Sum(m => m.Value);

        public void Dispose() => listener.Dispose();
    }
}
