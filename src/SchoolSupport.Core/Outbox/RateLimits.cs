namespace SchoolSupport.Outbox;

/// <summary>
/// Per-tenant token bucket with an adaptive rate (additive increase, multiplicative decrease). It starts at the
/// configured rate and, while no 429 arrives, rises by <c>increasePerSecond</c> messages per second for every second's
/// worth of successful sends, up to the ceiling. A 429 pauses it for the whole Retry-After and cuts the rate by
/// <see cref="DecreaseFactor"/>, once per throttling episode (the other calls already in flight answer 429 too and must
/// not cut it again). Rate + capacity never exceeds ceiling + capacity in any one-second window.
/// </summary>
public sealed class TokenBucket
{
    public const double DecreaseFactor = 0.7;

    private readonly double startRate;
    private readonly double maxRate;
    private readonly double increasePerSecond;
    private readonly double capacity;
    private readonly object gate = new();
    private double tokens;
    private double rate;
    private DateTime last;
    private DateTime pausedUntil;

    /// <summary>A bucket at <paramref name="ratePerSecond"/>; adaptive up to <paramref name="maxRatePerSecond"/> when that is higher.</summary>
    public TokenBucket(double ratePerSecond, int capacity, DateTime now, double? maxRatePerSecond = null, double increasePerSecond = 0)
    {
        startRate = ratePerSecond;
        maxRate = Math.Max(ratePerSecond, maxRatePerSecond ?? ratePerSecond);
        this.increasePerSecond = increasePerSecond;
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
            if (now >= pausedUntil)
            {
                // A new throttling episode; 429s of calls sent before the pause belong to the episode that started it.
                rate = Math.Max(startRate / 10, rate * DecreaseFactor);
            }

            if (until > pausedUntil)
            {
                pausedUntil = until;
            }

            tokens = 0;
            last = pausedUntil;
        }
    }

    /// <summary>One successful send: while no 429 arrives the rate climbs towards the ceiling.</summary>
    public void OnSuccess()
    {
        lock (gate)
        {
            if (increasePerSecond > 0)
            {
                // At rate r there are r successes per second, so each adds increasePerSecond / r.
                rate = Math.Min(maxRate, rate + (increasePerSecond / rate));
            }
            else if (rate < startRate)
            {
                // Not adaptive: win back what 429s took, never above the configured rate.
                rate = Math.Min(startRate, rate + (startRate / 100));
            }
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
