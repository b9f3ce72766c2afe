using SchoolSupport.Outbox;

namespace SchoolSupport.Tests.Outbox;

public sealed class RateLimitTests
{
    private static readonly DateTime T0 = new(2025, 3, 3, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void TryTake_OverTenSeconds_GivesTheConfiguredRate()
    {
        var bucket = new TokenBucket(30, 3, T0);
        var now = T0;
        var taken = 0;
        while (now < T0.AddSeconds(10))
        {
            var wait = bucket.TryTake(now);
            if (wait == TimeSpan.Zero)
            {
                taken++;
            }
            else
            {
                now += wait;
            }
        }

        taken.ShouldBeInRange(299, 302);
    }

    [Fact]
    public void TryTake_AnyOneSecondWindow_NeverExceedsRatePlusBurst()
    {
        var bucket = new TokenBucket(30, 3, T0);
        var times = new List<DateTime>();
        var now = T0.AddSeconds(5);
        for (var i = 0; i < 200; i++)
        {
            for (var wait = bucket.TryTake(now); wait > TimeSpan.Zero; wait = bucket.TryTake(now))
            {
                now += wait;
            }

            times.Add(now);
        }

        times.Max(t => times.Count(u => u >= t && u < t.AddSeconds(1))).ShouldBeLessThanOrEqualTo(33);
    }

    [Fact]
    public void OnThrottled_PausesForRetryAfterAndSlowsDown()
    {
        var bucket = new TokenBucket(30, 3, T0);
        bucket.TryTake(T0).ShouldBe(TimeSpan.Zero);

        bucket.OnThrottled(T0, TimeSpan.FromSeconds(5));

        bucket.TryTake(T0.AddSeconds(1)).ShouldBe(TimeSpan.FromSeconds(4));
        bucket.CurrentRate.ShouldBe(21, 0.001);
        for (var i = 0; i < 500; i++)
        {
            bucket.OnSuccess();
        }

        bucket.CurrentRate.ShouldBe(30);
    }

    [Fact]
    public void OnSuccess_Adaptive_ClimbsByTheIncreasePerSecondOfSendingUpToTheCeiling()
    {
        var bucket = new TokenBucket(30, 2, T0, maxRatePerSecond: 48, increasePerSecond: 2);
        var now = T0;
        var sent = 0;
        while (now < T0.AddSeconds(5))
        {
            var wait = bucket.TryTake(now);
            if (wait == TimeSpan.Zero)
            {
                sent++;
                bucket.OnSuccess();
            }
            else
            {
                now += wait;
            }
        }

        // Five seconds of sending at about +2/s each second.
        bucket.CurrentRate.ShouldBeInRange(39, 41);
        for (var i = 0; i < 2000; i++)
        {
            bucket.OnSuccess();
        }

        bucket.CurrentRate.ShouldBe(48);
    }

    [Fact]
    public void OnThrottled_Adaptive_CutsOncePerEpisodeAndHonoursRetryAfter()
    {
        var bucket = new TokenBucket(30, 2, T0, maxRatePerSecond: 48, increasePerSecond: 2);
        for (var i = 0; i < 2000; i++)
        {
            bucket.OnSuccess();
        }

        bucket.OnThrottled(T0, TimeSpan.FromSeconds(3));
        // Calls that were already in flight answer 429 as well: the same episode, no second cut.
        bucket.OnThrottled(T0.AddMilliseconds(50), TimeSpan.FromSeconds(3));
        bucket.OnThrottled(T0.AddMilliseconds(80), TimeSpan.FromSeconds(2));

        bucket.CurrentRate.ShouldBe(48 * TokenBucket.DecreaseFactor, 0.001);
        bucket.TryTake(T0.AddSeconds(1)).ShouldBe(TimeSpan.FromMilliseconds(2050));
        bucket.TryTake(T0.AddMilliseconds(3050)).ShouldNotBe(TimeSpan.Zero);
        bucket.TryTake(T0.AddMilliseconds(3200)).ShouldBe(TimeSpan.Zero);

        // A 429 after the pause is a new episode.
        bucket.OnThrottled(T0.AddSeconds(4), TimeSpan.FromSeconds(1));
        bucket.CurrentRate.ShouldBe(48 * TokenBucket.DecreaseFactor * TokenBucket.DecreaseFactor, 0.001);
    }

    [Fact]
    public void WaitTime_EighthMessageInOneSecond_WaitsForTheWindow()
    {
        var limiter = new ConversationLimiter(7, 60);
        for (var i = 0; i < 7; i++)
        {
            limiter.WaitTime("a:1", T0.AddMilliseconds(i * 10)).ShouldBe(TimeSpan.Zero);
            limiter.Record("a:1", T0.AddMilliseconds(i * 10));
        }

        limiter.WaitTime("a:1", T0.AddMilliseconds(100)).ShouldBe(TimeSpan.FromMilliseconds(900));
        limiter.WaitTime("a:2", T0.AddMilliseconds(100)).ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void WaitTime_SixtyFirstMessageInThirtySeconds_WaitsForTheOldestToLeave()
    {
        var limiter = new ConversationLimiter(7, 60);
        for (var i = 0; i < 60; i++)
        {
            limiter.Record("a:1", T0.AddMilliseconds(i * 400));
        }

        var now = T0.AddMilliseconds(60 * 400);
        limiter.WaitTime("a:1", now).ShouldBe(T0.AddSeconds(30) - now);
    }

    [Fact]
    public void Backoff_GrowsExponentiallyWithinJitterAndCaps()
    {
        var policy = new RetryPolicy(new OutboxOptions(), new Random(7));

        policy.Backoff(1).TotalSeconds.ShouldBeInRange(1.6, 2.4);
        policy.Backoff(2).TotalSeconds.ShouldBeInRange(3.2, 4.8);
        policy.Backoff(3).TotalSeconds.ShouldBeInRange(6.4, 9.6);
        policy.Backoff(30).TotalSeconds.ShouldBeInRange(240, 360);
        policy.GivesUp(4).ShouldBeFalse();
        policy.GivesUp(5).ShouldBeTrue();
    }
}
