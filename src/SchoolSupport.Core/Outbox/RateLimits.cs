namespace SchoolSupport.Outbox;

/// <summary>
/// Per-tenant token bucket. A 429 pauses it for Retry-After and cuts the rate; each success wins a little back
/// (additive increase, multiplicative decrease), so a tenant that Teams throttles harder than documented settles
/// below its real limit instead of hammering it.
/// </summary>
public sealed class TokenBucket
{
    private readonly double configuredRate;
    private readonly double capacity;
    private readonly object gate = new();
    private double tokens;
    private double rate;
    private DateTime last;
    private DateTime pausedUntil;

    public TokenBucket(double ratePerSecond, int capacity, DateTime now)
    {
        configuredRate = ratePerSecond;
        rate = ratePerSecond;
        this.capacity = capacity;
        tokens = 1;
        last = now;
    }

    public double CurrentRate
    {
        get
        {
            lock (gate)
            {
                return rate;
            }
        }
    }

    /// <summary>Takes a token and returns zero, or returns how long to wait before asking again.</summary>
    public TimeSpan TryTake(DateTime now)
    {
        lock (gate)
        {
            if (now < pausedUntil)
            {
                return pausedUntil - now;
            }

            if (now > last)
            {
                tokens = Math.Min(capacity, tokens + (now - last).TotalSeconds * rate);
                last = now;
            }

            if (tokens >= 1)
            {
                tokens -= 1;
                return TimeSpan.Zero;
            }

            // Never round a real wait down to zero: zero means a token was taken.
            return TimeSpan.FromTicks(Math.Max(1, (long)Math.Ceiling((1 - tokens) / rate * TimeSpan.TicksPerSecond)));
        }
    }

    public void OnThrottled(DateTime now, TimeSpan retryAfter)
    {
        lock (gate)
        {
            var until = now + retryAfter;
            if (until > pausedUntil)
            {
                pausedUntil = until;
            }

            rate = Math.Max(configuredRate / 10, rate * 0.7);
            tokens = 0;
            last = until;
        }
    }

    public void OnSuccess()
    {
        lock (gate)
        {
            rate = Math.Min(configuredRate, rate + configuredRate / 100);
        }
    }
}

/// <summary>
/// Sliding-window limits of one Teams thread (7 per second, 60 per 30 seconds by default): remembers the send times of
/// the last 30 seconds and tells how long to wait before the next send is allowed.
/// </summary>
public sealed class ConversationLimiter(int perSecond, int per30Seconds)
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan HalfMinute = TimeSpan.FromSeconds(30);
    private readonly Dictionary<string, Queue<DateTime>> sends = new(StringComparer.Ordinal);
    private readonly object gate = new();
    private DateTime lastPrune;

    public TimeSpan WaitTime(string conversation, DateTime now)
    {
        lock (gate)
        {
            if (!sends.TryGetValue(conversation, out var times))
            {
                return TimeSpan.Zero;
            }

            Trim(times, now);
            var wait = TimeSpan.Zero;
            if (times.Count >= per30Seconds)
            {
                wait = times.ElementAt(times.Count - per30Seconds) + HalfMinute - now;
            }

            var inLastSecond = times.Count(t => t > now - Second);
            if (inLastSecond >= perSecond)
            {
                var oldestInWindow = times.Where(t => t > now - Second).ElementAt(inLastSecond - perSecond);
                var secondWait = oldestInWindow + Second - now;
                if (secondWait > wait)
                {
                    wait = secondWait;
                }
            }

            return wait;
        }
    }

    public void Record(string conversation, DateTime now)
    {
        lock (gate)
        {
            if (!sends.TryGetValue(conversation, out var times))
            {
                times = new Queue<DateTime>();
                sends[conversation] = times;
            }

            times.Enqueue(now);
            if (now - lastPrune > HalfMinute)
            {
                // A broadcast touches thousands of threads once each; forget the quiet ones.
                foreach (var key in sends.Where(kv => kv.Value.Count == 0 || kv.Value.Last() <= now - HalfMinute).Select(kv => kv.Key).ToList())
                {
                    sends.Remove(key);
                }

                lastPrune = now;
            }
        }
    }

    private static void Trim(Queue<DateTime> times, DateTime now)
    {
        while (times.Count > 0 && times.Peek() <= now - HalfMinute)
        {
            times.Dequeue();
        }
    }
}

/// <summary>Exponential backoff with jitter for transient failures (doc example: 2 s minimum, ±20 %).</summary>
public sealed class RetryPolicy(OutboxOptions options, Random? random = null)
{
    private readonly Random random = random ?? Random.Shared;

    /// <summary>Delay before attempt <paramref name="attempt"/> + 1, given <paramref name="attempt"/> failed.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var exponent = Math.Min(Math.Max(attempt - 1, 0), 20);
        var baseSeconds = Math.Min(options.RetryMaxDelay.TotalSeconds, options.RetryBaseDelay.TotalSeconds * Math.Pow(2, exponent));
        double factor;
        lock (random)
        {
            factor = 1 + ((random.NextDouble() * 2) - 1) * options.RetryJitter;
        }

        return TimeSpan.FromSeconds(baseSeconds * factor);
    }

    public bool GivesUp(int attempts) => attempts >= options.MaxAttempts;
}
