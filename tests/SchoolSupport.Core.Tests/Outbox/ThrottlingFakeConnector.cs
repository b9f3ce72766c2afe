using System.Collections.Concurrent;
using SchoolSupport.Outbox;

namespace SchoolSupport.Tests.Outbox;

/// <summary>
/// An in-process Teams connector that enforces the documented limits — per tenant N sends per second (50 by default),
/// per conversation 7 per second and 60 per 30 seconds, sliding windows — and answers 429 with Retry-After when a
/// caller exceeds them. It records every accepted message by idempotency key, so duplicates and losses can be counted.
/// Used by the outbox tests and by the outbox benchmark.
/// </summary>
public sealed class ThrottlingFakeConnector : IProactiveSender
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan HalfMinute = TimeSpan.FromSeconds(30);

    private readonly TimeProvider time;
    private readonly object gate = new();
    private readonly Dictionary<string, Queue<DateTime>> tenantWindows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<DateTime>> conversationWindows = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> received = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<SendOutcome>> scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ProactiveMessage> accepted = new();
    private readonly ConcurrentQueue<DateTime> acceptedAt = new();
    private long throttled;
    private long created;

    public ThrottlingFakeConnector(TimeProvider time) => this.time = time;

    public int TenantPerSecond { get; set; } = 50;
    public int ConversationPerSecond { get; set; } = 7;
    public int ConversationPer30Seconds { get; set; } = 60;
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Simulated network time before the connector takes the request (cancellable, nothing recorded yet).</summary>
    public TimeSpan RequestLatency { get; init; }

    /// <summary>Simulated time after the message is recorded and before the answer arrives: the at-least-once window.</summary>
    public TimeSpan ResponseLatency { get; init; }

    public IReadOnlyCollection<ProactiveMessage> Accepted => accepted;

    /// <summary>When each accepted message arrived (by the connector's clock): the rate the channel saw.</summary>
    public IReadOnlyCollection<DateTime> AcceptedAt => acceptedAt;

    public long Throttled429 => Interlocked.Read(ref throttled);

    public long ConversationsCreated => Interlocked.Read(ref created);

    /// <summary>Distinct idempotency keys accepted.</summary>
    public int DistinctReceived => received.Count;

    /// <summary>Messages accepted more than once for the same idempotency key.</summary>
    public int Duplicates => received.Values.Sum(n => n - 1);

    public int TimesReceived(string idempotencyKey) => received.TryGetValue(idempotencyKey, out var n) ? n : 0;

    /// <summary>The next sends to this user answer with these outcomes, in order, before normal behaviour resumes.</summary>
    public void Script(string userId, params SendOutcome[] outcomes)
    {
        var queue = scripts.GetOrAdd(userId, _ => new ConcurrentQueue<SendOutcome>());
        foreach (var outcome in outcomes)
        {
            queue.Enqueue(outcome);
        }
    }

    public async Task<SendOutcome> SendAsync(ProactiveMessage message, CancellationToken ct)
    {
        if (RequestLatency > TimeSpan.Zero)
        {
            await Task.Delay(RequestLatency, time, ct);
        }

        ct.ThrowIfCancellationRequested();
        if (scripts.TryGetValue(message.Address.UserId, out var script) && script.TryDequeue(out var scripted))
        {
            if (scripted is SendOutcome.Sent)
            {
                received.AddOrUpdate(message.IdempotencyKey, 1, (_, n) => n + 1);
                accepted.Enqueue(message);
            }

            return scripted;
        }

        var conversation = message.Address.ConversationId ?? "new:" + message.Address.UserId;
        var tenant = message.Address.TenantId ?? "";
        lock (gate)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var tenantWindow = Window(tenantWindows, tenant, now, Second);
            var conversationWindow = Window(conversationWindows, conversation, now, HalfMinute);
            if (tenantWindow.Count >= TenantPerSecond
                || conversationWindow.Count >= ConversationPer30Seconds
                || conversationWindow.Count(t => t > now - Second) >= ConversationPerSecond)
            {
                Interlocked.Increment(ref throttled);
                return new SendOutcome.Throttled(RetryAfter);
            }

            tenantWindow.Enqueue(now);
            conversationWindow.Enqueue(now);
            acceptedAt.Enqueue(now);
        }

        received.AddOrUpdate(message.IdempotencyKey, 1, (_, n) => n + 1);
        accepted.Enqueue(message);
        string? createdId = null;
        if (message.Address.ConversationId is null)
        {
            Interlocked.Increment(ref created);
            createdId = "a:personal-" + message.Address.UserId;
        }

        if (ResponseLatency > TimeSpan.Zero)
        {
            await Task.Delay(ResponseLatency, time, ct);
        }

        return new SendOutcome.Sent("activity-" + message.IdempotencyKey, createdId);
    }

    private static Queue<DateTime> Window(Dictionary<string, Queue<DateTime>> windows, string key, DateTime now, TimeSpan length)
    {
        if (!windows.TryGetValue(key, out var window))
        {
            window = new Queue<DateTime>();
            windows[key] = window;
        }

        while (window.Count > 0 && window.Peek() <= now - length)
        {
            window.Dequeue();
        }

        return window;
    }
}
