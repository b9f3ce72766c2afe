using System.Diagnostics.Metrics;
using SchoolSupport.Outbox;

namespace SchoolSupport.Telemetry;

/// <summary>
/// The product's own instruments, on one meter (<see cref="MeterName"/>) created from the host's
/// <see cref="IMeterFactory"/>. Tags carry names fixed in code (command names, card verbs, outcomes), never what a
/// person wrote, so their number stays small and no personal data leaves the process.
/// </summary>
public sealed class SchoolSupportMetrics
{
    public const string MeterName = "SchoolSupport";

    private readonly Histogram<double> turnDuration;
    private readonly Counter<long> deliveries;
    private readonly Counter<long> sends;
    private readonly Counter<long> throttled;
    private readonly Counter<long> surveyResponses;
    private long queueDepth = -1;

    public SchoolSupportMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        turnDuration = meter.CreateHistogram(
            "schoolsupport.turn.duration", "s", "Time from an activity's arrival to the end of its turn, by command",
            advice: new InstrumentAdvice<double>
            {
                HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10],
            });
        deliveries = meter.CreateCounter<long>(
            "schoolsupport.outbox.deliveries", "{delivery}", "Outcomes of outbox deliveries (sent, throttled, blocked, no_address, failed, retried, resumed, abandoned)");
        sends = meter.CreateCounter<long>(
            "schoolsupport.outbox.sends", "{request}", "Proactive sends handed to a channel; its rate is the send rate that Teams limits");
        throttled = meter.CreateCounter<long>(
            "schoolsupport.outbox.throttled", "{response}", "429 Too Many Requests answers of the channel to proactive sends");
        surveyResponses = meter.CreateCounter<long>(
            "schoolsupport.survey.responses", "{response}", "Survey responses submitted (first submissions and changes)");
        meter.CreateObservableGauge(
            "schoolsupport.outbox.queue_depth",
            () => Interlocked.Read(ref queueDepth) is var depth and >= 0 ? [new Measurement<long>(depth)] : Array.Empty<Measurement<long>>(),
            "{delivery}", "Deliveries waiting to be sent (queued, throttled or in flight), as last counted");
    }

    /// <summary>One finished turn. <paramref name="command"/> is a name from code (see <c>TurnOutput.Command</c>).</summary>
    public void Turn(string command, string activityType, TimeSpan duration, bool failed) =>
        turnDuration.Record(duration.TotalSeconds,
            new KeyValuePair<string, object?>("command", command),
            new KeyValuePair<string, object?>("activity.type", activityType),
            new KeyValuePair<string, object?>("outcome", failed ? "error" : "ok"));

    public void Delivery(OutboxCounter outcome)
    {
        deliveries.Add(1, new KeyValuePair<string, object?>("outcome", OutcomeName(outcome)));
        if (outcome == OutboxCounter.Throttled)
        {
            throttled.Add(1);
        }
    }

    public void Send() => sends.Add(1);

    public void SurveyResponse(bool anonymous, bool changed) =>
        surveyResponses.Add(1,
            new KeyValuePair<string, object?>("anonymous", anonymous),
            new KeyValuePair<string, object?>("change", changed));

    /// <summary>The latest count of waiting deliveries; the gauge reports it until the next count.</summary>
    public void QueueDepth(long depth) => Interlocked.Exchange(ref queueDepth, depth);

    private static string OutcomeName(OutboxCounter outcome) => outcome switch
    {
        OutboxCounter.Sent => "sent",
        OutboxCounter.Throttled => "throttled",
        OutboxCounter.Blocked => "blocked",
        OutboxCounter.NoAddress => "no_address",
        OutboxCounter.Failed => "failed",
        OutboxCounter.Retried => "retried",
        OutboxCounter.Resumed => "resumed",
        OutboxCounter.Abandoned => "abandoned",
        _ => outcome.ToString().ToLowerInvariant(),
    };
}
