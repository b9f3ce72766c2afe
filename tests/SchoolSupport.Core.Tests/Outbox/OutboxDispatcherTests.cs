using Microsoft.EntityFrameworkCore;
using SchoolSupport.Outbox;

namespace SchoolSupport.Tests.Outbox;

public sealed class OutboxDispatcherTests
{
    [Fact]
    public async Task RunOnce_QueuedDeliveries_EachSentOnceWithStatusAndActivityId()
    {
        await using var host = await OutboxTestHost.SqliteAsync();
        var people = await host.AddPeopleAsync(5);
        await host.EnqueueAsync(people);

        await host.DrainAsync(host.NewDispatcher());

        var rows = await host.DeliveriesAsync();
        rows.ShouldAllBe(d => d.Status == DeliveryStatus.Sent && d.Attempts == 1 && d.LeaseOwner == null);
        rows.ShouldAllBe(d => d.ActivityId == "activity-delivery-" + d.Id && d.ConversationId == "a:conv-" + d.PersonId);
        host.Connector.DistinctReceived.ShouldBe(5);
        host.Connector.Duplicates.ShouldBe(0);
    }

    [Fact]
    public async Task RunOnce_ScheduledDelivery_FiresOnlyAtItsTime()
    {
        await using var host = await OutboxTestHost.SqliteAsync();
        var people = await host.AddPeopleAsync(2);
        var at = host.Now.AddHours(3);
        await host.EnqueueAsync(people, notBefore: at);
        var dispatcher = host.NewDispatcher();

        (await dispatcher.RunOnceAsync(CancellationToken.None)).ShouldBe(0);
        host.Time.Advance(TimeSpan.FromHours(3) - TimeSpan.FromSeconds(1));
        (await dispatcher.RunOnceAsync(CancellationToken.None)).ShouldBe(0);
        host.Connector.Accepted.ShouldBeEmpty();

        host.Time.Advance(TimeSpan.FromSeconds(1));
        (await dispatcher.RunOnceAsync(CancellationToken.None)).ShouldBe(2);
        (await host.DeliveriesAsync()).ShouldAllBe(d => d.Status == DeliveryStatus.Sent && d.SentAt >= at);
    }

    [Fact]
    public async Task Send_Forbidden_MarksBlockedAndDeactivatesTheAddress()
    {
        await using var host = await OutboxTestHost.SqliteAsync();
        var people = await host.AddPeopleAsync(2);
        host.Connector.Script(OutboxTestHost.UserId(people[0]), new SendOutcome.Blocked("MessageWritesBlocked"));
        await host.EnqueueAsync(people);

        await host.DrainAsync(host.NewDispatcher());

        var rows = await host.DeliveriesAsync();
        rows.Single(d => d.PersonId == people[0]).Status.ShouldBe(DeliveryStatus.Blocked);
        rows.Single(d => d.PersonId == people[0]).Error.ShouldBe("MessageWritesBlocked");
        rows.Single(d => d.PersonId == people[1]).Status.ShouldBe(DeliveryStatus.Sent);
        await using var db = host.Db();
        (await db.ConversationAddresses.SingleAsync(a => a.PersonId == people[0])).IsActive.ShouldBeFalse();
        (await db.ConversationAddresses.SingleAsync(a => a.PersonId == people[1])).IsActive.ShouldBeTrue();
    }

    [Fact]
    public async Task Send_NotFound_MarksNoAddressAndLaterMessagesSkipTheConnector()
    {
        await using var host = await OutboxTestHost.SqliteAsync();
        var people = await host.AddPeopleAsync(1);
        host.Connector.Script(OutboxTestHost.UserId(people[0]), new SendOutcome.NotFound());
        await host.EnqueueAsync(people);
        await host.DrainAsync(host.NewDispatcher());
        await host.EnqueueAsync(people);

        await host.DrainAsync(host.NewDispatcher());

        var rows = await host.DeliveriesAsync();
        rows.ShouldAllBe(d => d.Status == DeliveryStatus.NoAddress);
        rows[0].Attempts.ShouldBe(1);
        rows[1].Attempts.ShouldBe(0);
        host.Connector.Accepted.ShouldBeEmpty();
    }

    [Fact]
    public async Task Send_TooManyRequests_HonoursRetryAfterThenSends()
    {
        await using var host = await OutboxTestHost.SqliteAsync();
        var people = await host.AddPeopleAsync(1);
        host.Connector.Script(OutboxTestHost.UserId(people[0]), new SendOutcome.Throttled(TimeSpan.FromSeconds(17)));
        await host.EnqueueAsync(people);
        var dispatcher = host.NewDispatcher();
        var before = host.Now;

        await dispatcher.RunOnceAsync(CancellationToken.None);

        var row = (await host.DeliveriesAsync()).Single();
        row.Status.ShouldBe(DeliveryStatus.Throttled);
        row.Throttles.ShouldBe(1);
        row.Attempts.ShouldBe(0);
        row.NextAttemptAt.ShouldBeGreaterThanOrEqualTo(before.AddSeconds(17));
        host.Time.Advance(TimeSpan.FromSeconds(16));
        (await dispatcher.RunOnceAsync(CancellationToken.None)).ShouldBe(0);

        host.Time.Advance(TimeSpan.FromSeconds(2));
        await host.DrainAsync(dispatcher);
        row = (await host.DeliveriesAsync()).Single();
        row.Status.ShouldBe(DeliveryStatus.Sent);
        row.Attempts.ShouldBe(1);
        dispatcher.Counters[OutboxCounter.Throttled].ShouldBe(1);
    }

    [Fact]
    public async Task Send_ServerErrors_BackOffAndGiveUpAfterMaxAttempts()
    {
        await using var host = await OutboxTestHost.SqliteAsync(o => o.MaxAttempts = 3);
        var people = await host.AddPeopleAsync(2);
        host.Connector.Script(OutboxTestHost.UserId(people[0]),
            new SendOutcome.TransientFailure("502"), new SendOutcome.TransientFailure("503"), new SendOutcome.TransientFailure("500"));
        host.Connector.Script(OutboxTestHost.UserId(people[1]), new SendOutcome.TransientFailure("504"));
        await host.EnqueueAsync(people);
        var dispatcher = host.NewDispatcher();

        await dispatcher.RunOnceAsync(CancellationToken.None);
        var first = (await host.DeliveriesAsync()).Single(d => d.PersonId == people[0]);
        first.Status.ShouldBe(DeliveryStatus.Queued);
        // 2 s base ± 20 % jitter.
        (first.NextAttemptAt - host.Now).TotalSeconds.ShouldBeInRange(1.5, 2.5);

        await host.DrainAsync(dispatcher);

        var rows = await host.DeliveriesAsync();
        var failed = rows.Single(d => d.PersonId == people[0]);
        failed.Status.ShouldBe(DeliveryStatus.Failed);
        failed.Attempts.ShouldBe(3);
        failed.Error!.ShouldContain("500");
        var recovered = rows.Single(d => d.PersonId == people[1]);
        recovered.Status.ShouldBe(DeliveryStatus.Sent);
        recovered.Attempts.ShouldBe(2);
    }

    [Fact]
    public async Task Send_PermanentFailure_FailsWithoutRetry()
    {
        await using var host = await OutboxTestHost.SqliteAsync();
        var people = await host.AddPeopleAsync(1);
        host.Connector.Script(OutboxTestHost.UserId(people[0]), new SendOutcome.PermanentFailure("413 payload too large"));
        await host.EnqueueAsync(people);

        await host.DrainAsync(host.NewDispatcher());

        var row = (await host.DeliveriesAsync()).Single();
        row.Status.ShouldBe(DeliveryStatus.Failed);
        row.Attempts.ShouldBe(1);
        row.Error.ShouldBe("413 payload too large");
    }

    [Fact]
    public async Task Send_SenderThrows_TreatedAsTransient()
    {
        await using var host = await OutboxTestHost.SqliteAsync(o => o.MaxAttempts = 2);
        var people = await host.AddPeopleAsync(1);
        host.Sender = new ThrowingSender();
        await host.EnqueueAsync(people);

        await host.DrainAsync(host.NewDispatcher());

        var row = (await host.DeliveriesAsync()).Single();
        row.Status.ShouldBe(DeliveryStatus.Failed);
        row.Attempts.ShouldBe(2);
        row.Error!.ShouldContain("HttpRequestException");
    }

    [Fact]
    public async Task Send_PersonWithoutAddress_EndsAsNoAddress()
    {
        await using var host = await OutboxTestHost.SqliteAsync();
        var people = await host.AddPeopleAsync(1, withAddress: false);
        await host.EnqueueAsync(people);

        await host.DrainAsync(host.NewDispatcher());

        var row = (await host.DeliveriesAsync()).Single();
        row.Status.ShouldBe(DeliveryStatus.NoAddress);
        host.Connector.Accepted.ShouldBeEmpty();
    }

    [Fact]
    public async Task Send_PersonSeenOnlyInATeam_CreatesThePersonalChatOnceAndRemembersIt()
    {
        await using var host = await OutboxTestHost.SqliteAsync();
        var people = await host.AddPeopleAsync(1, conversationType: "channel");
        await host.EnqueueAsync(people);
        await host.DrainAsync(host.NewDispatcher());
        await host.EnqueueAsync(people);

        await host.DrainAsync(host.NewDispatcher());

        host.Connector.ConversationsCreated.ShouldBe(1);
        host.Connector.Accepted.Select(m => m.Address.ConversationId).ShouldBe([null, "a:personal-" + OutboxTestHost.UserId(people[0])]);
        (await host.DeliveriesAsync()).ShouldAllBe(d => d.Status == DeliveryStatus.Sent);
        await using var db = host.Db();
        (await db.ConversationAddresses.CountAsync(a => a.PersonId == people[0] && a.ConversationType == "personal")).ShouldBe(1);
    }

    [Fact]
    public async Task Send_MutedPerson_GetsAnnouncementsButNotReminders()
    {
        await using var host = await OutboxTestHost.SqliteAsync();
        var people = await host.AddPeopleAsync(1);
        await using (var db = host.Db())
        {
            await db.People.ExecuteUpdateAsync(s => s.SetProperty(p => p.RemindersMuted, true));
        }

        await host.EnqueueAsync(people, DeliveryKind.Reminder);
        await host.EnqueueAsync(people);

        await host.DrainAsync(host.NewDispatcher());

        var rows = await host.DeliveriesAsync();
        rows[0].Status.ShouldBe(DeliveryStatus.Cancelled);
        rows[1].Status.ShouldBe(DeliveryStatus.Sent);
    }

    [Fact]
    public async Task CancelPending_MidBroadcast_StopsTheRemainingDeliveries()
    {
        await using var host = await OutboxTestHost.SqliteAsync(o => o.BatchSize = 10);
        var people = await host.AddPeopleAsync(30);
        var messageId = await host.EnqueueAsync(people);
        var dispatcher = host.NewDispatcher();
        await dispatcher.RunOnceAsync(CancellationToken.None);

        await using (var db = host.Db())
        {
            (await OutboxWriter.CancelPendingAsync(db, [messageId], host.Now, CancellationToken.None)).ShouldBe(20);
        }

        await host.DrainAsync(dispatcher);

        var rows = await host.DeliveriesAsync();
        rows.Count(d => d.Status == DeliveryStatus.Sent).ShouldBe(10);
        rows.Count(d => d.Status == DeliveryStatus.Cancelled).ShouldBe(20);
        host.Connector.DistinctReceived.ShouldBe(10);
        await using var counts = host.Db();
        var summary = await OutboxWriter.CountAsync(counts, [messageId], CancellationToken.None);
        summary.ShouldBe(new DeliveryCounts(30, 0, 0, 10, 0, 0, 0, 0, 20));
    }

    [Fact]
    public async Task CancelPending_RowClaimedButNotStarted_IsNotSent()
    {
        await using var host = await OutboxTestHost.SqliteAsync();
        var people = await host.AddPeopleAsync(3);
        var messageId = await host.EnqueueAsync(people);
        await using (var db = host.Db())
        {
            // Another dispatcher holds the rows (claimed, waiting for tokens) when the author cancels.
            await OutboxStore.ClaimAsync(db, "other", host.Now, TimeSpan.FromSeconds(30), 10, CancellationToken.None);
            await OutboxWriter.CancelPendingAsync(db, [messageId], host.Now, CancellationToken.None);
        }

        host.Time.Advance(TimeSpan.FromMinutes(1));
        await host.DrainAsync(host.NewDispatcher());

        host.Connector.Accepted.ShouldBeEmpty();
        (await host.DeliveriesAsync()).ShouldAllBe(d => d.Status == DeliveryStatus.Cancelled);
    }

    [Fact]
    public async Task Claim_RowsLeasedByALiveDispatcher_AreLeftAloneUntilTheLeaseExpires()
    {
        await using var host = await OutboxTestHost.SqliteAsync(o => o.Lease = TimeSpan.FromSeconds(60));
        var people = await host.AddPeopleAsync(4);
        await host.EnqueueAsync(people);
        await using var db = host.Db();
        var first = await OutboxStore.ClaimAsync(db, "a", host.Now, TimeSpan.FromSeconds(60), 3, CancellationToken.None);
        var second = await OutboxStore.ClaimAsync(db, "b", host.Now, TimeSpan.FromSeconds(60), 10, CancellationToken.None);

        first.Count.ShouldBe(3);
        second.Count.ShouldBe(1);
        second.Select(c => c.Id).ShouldNotBeOneOf(first.Select(c => c.Id).ToArray());
        host.Time.Advance(TimeSpan.FromSeconds(59));
        (await OutboxStore.ClaimAsync(db, "c", host.Now, TimeSpan.FromSeconds(60), 10, CancellationToken.None)).ShouldBeEmpty();
        host.Time.Advance(TimeSpan.FromSeconds(2));
        (await OutboxStore.ClaimAsync(db, "c", host.Now, TimeSpan.FromSeconds(60), 10, CancellationToken.None)).Count.ShouldBe(4);
    }

    [Fact]
    public async Task Resume_RowLeftInSendingByACrashedDispatcher_IsSentAgainAndFlagged()
    {
        await using var host = await OutboxTestHost.SqliteAsync(o => o.Lease = TimeSpan.FromSeconds(30));
        var people = await host.AddPeopleAsync(2);
        await host.EnqueueAsync(people);
        long crashedId;
        await using (var db = host.Db())
        {
            // A dispatcher claimed both rows, marked the first Sending, called the connector and died.
            var claimed = await OutboxStore.ClaimAsync(db, "dead", host.Now, TimeSpan.FromSeconds(30), 10, CancellationToken.None);
            crashedId = claimed[0].Id;
            await db.Deliveries.Where(d => d.Id == crashedId)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Sending).SetProperty(d => d.AttemptId, "old").SetProperty(d => d.Attempts, 1));
        }

        var dispatcher = host.NewDispatcher();
        (await dispatcher.RunOnceAsync(CancellationToken.None)).ShouldBe(0);
        host.Time.Advance(TimeSpan.FromSeconds(31));
        await host.DrainAsync(dispatcher);

        var rows = await host.DeliveriesAsync();
        rows.ShouldAllBe(d => d.Status == DeliveryStatus.Sent);
        rows.Single(d => d.Id == crashedId).PossibleDuplicate.ShouldBeTrue();
        rows.Single(d => d.Id == crashedId).Attempts.ShouldBe(2);
        rows.Single(d => d.Id != crashedId).PossibleDuplicate.ShouldBeFalse();
        dispatcher.Counters[OutboxCounter.Resumed].ShouldBe(1);
    }

    [Fact]
    public async Task Resume_RowLeftInSendingWhosePersonLostTheAddress_EndsAsNoAddress()
    {
        await using var host = await OutboxTestHost.SqliteAsync(o => o.Lease = TimeSpan.FromSeconds(30));
        var people = await host.AddPeopleAsync(1);
        await host.EnqueueAsync(people);
        await using (var db = host.Db())
        {
            await OutboxStore.ClaimAsync(db, "dead", host.Now, TimeSpan.FromSeconds(30), 10, CancellationToken.None);
            await db.Deliveries.ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Sending));
            await db.ConversationAddresses.ExecuteUpdateAsync(s => s.SetProperty(a => a.IsActive, false));
        }

        host.Time.Advance(TimeSpan.FromSeconds(31));
        await host.DrainAsync(host.NewDispatcher());

        var row = (await host.DeliveriesAsync()).Single();
        row.Status.ShouldBe(DeliveryStatus.NoAddress);
        row.LeaseOwner.ShouldBeNull();
    }

    [Fact]
    public async Task Resume_StaleDispatcherAnswersLate_CannotOverwriteTheNewAttempt()
    {
        await using var host = await OutboxTestHost.SqliteAsync();
        var people = await host.AddPeopleAsync(1);
        await host.EnqueueAsync(people);
        await using var db = host.Db();
        var row = await db.Deliveries.SingleAsync();
        row.Status = DeliveryStatus.Sent;
        row.AttemptId = "new";
        await db.SaveChangesAsync();

        var stale = await db.Deliveries.Where(d => d.Id == row.Id && d.AttemptId == "old" && d.Status == DeliveryStatus.Sending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Failed));

        stale.ShouldBe(0);
        (await host.DeliveriesAsync()).Single().Status.ShouldBe(DeliveryStatus.Sent);
    }

    [Fact]
    public async Task Restart_StoppedAtEveryPointOfABroadcast_NoDuplicatesNoLosses()
    {
        await using var host = await OutboxTestHost.SqliteAsync(o =>
        {
            o.BatchSize = 7;
            o.Lease = TimeSpan.FromSeconds(20);
            o.ShutdownGrace = TimeSpan.Zero;
        });
        var people = await host.AddPeopleAsync(40);
        await host.EnqueueAsync(people);

        // Stop the dispatcher after n waits for a token, for growing n, each time with a brand-new dispatcher.
        for (var stopAfter = 1; stopAfter < 12; stopAfter++)
        {
            using var cts = new CancellationTokenSource();
            var dispatcher = host.NewDispatcher();
            var waits = 0;
            dispatcher.Delay = (delay, ct) =>
            {
                ct.ThrowIfCancellationRequested();
                host.Time.Advance(delay);
                if (++waits == stopAfter)
                {
                    cts.Cancel();
                }

                return Task.CompletedTask;
            };
            await dispatcher.RunAsync(cts.Token);
            host.Time.Advance(TimeSpan.FromSeconds(21));
        }

        await host.DrainAsync(host.NewDispatcher());

        var rows = await host.DeliveriesAsync();
        rows.ShouldAllBe(d => d.Status == DeliveryStatus.Sent);
        rows.ShouldAllBe(d => !d.PossibleDuplicate);
        host.Connector.DistinctReceived.ShouldBe(40);
        host.Connector.Duplicates.ShouldBe(0);
    }

    [Fact]
    public async Task Dispatch_TwoHundredRecipientsAtAFixedRate_StaysUnderTheTenantCeilingWithout429()
    {
        await using var host = await OutboxTestHost.SqliteAsync(o =>
        {
            o.TenantMessagesPerSecond = 30;
            o.TenantMaxMessagesPerSecond = 30;
        });
        var people = await host.AddPeopleAsync(200);
        await host.EnqueueAsync(people);
        var start = host.Now;

        await host.DrainAsync(host.NewDispatcher());

        var elapsed = (host.Now - start).TotalSeconds;
        host.Connector.DistinctReceived.ShouldBe(200);
        host.Connector.Throttled429.ShouldBe(0);
        (200 / elapsed).ShouldBeInRange(27, 31.5);
    }

    [Fact]
    public async Task Dispatch_AdaptiveRate_RisesFromTheStartRateToTheCeilingWithout429()
    {
        await using var host = await OutboxTestHost.SqliteAsync(o =>
        {
            o.TenantMessagesPerSecond = 30;
            o.TenantMaxMessagesPerSecond = 48;
            o.TenantBurst = 2;
            o.TenantRateIncreasePerSecond = 2;
        });
        var people = await host.AddPeopleAsync(1500);
        await host.EnqueueAsync(people);
        var dispatcher = host.NewDispatcher();
        var start = host.Now;

        await host.DrainAsync(dispatcher);

        var sendTimes = host.Connector.AcceptedAt.Order().ToList();
        host.Connector.DistinctReceived.ShouldBe(1500);
        host.Connector.Throttled429.ShouldBe(0);
        host.Connector.Duplicates.ShouldBe(0);
        // The first seconds go at about the start rate; after the climb (9 s) it sends at the ceiling.
        sendTimes.Count(t => t < start.AddSeconds(1)).ShouldBeInRange(28, 33);
        var late = sendTimes.Where(t => t >= start.AddSeconds(15)).ToList();
        var lateRate = late.Count / (late[^1] - late[0]).TotalSeconds;
        lateRate.ShouldBeInRange(45, 50);
    }

    [Fact]
    public async Task Dispatch_AdaptiveRateAgainstAStricterTenant_CutsBackOn429AndLosesNothing()
    {
        await using var host = await OutboxTestHost.SqliteAsync(o =>
        {
            o.TenantMessagesPerSecond = 30;
            o.TenantMaxMessagesPerSecond = 48;
            o.TenantBurst = 2;
        });
        host.Connector.TenantPerSecond = 35;
        var people = await host.AddPeopleAsync(1200);
        await host.EnqueueAsync(people);
        var dispatcher = host.NewDispatcher();

        await host.DrainAsync(dispatcher);

        host.Connector.DistinctReceived.ShouldBe(1200);
        host.Connector.Duplicates.ShouldBe(0);
        host.Connector.Throttled429.ShouldBeGreaterThan(0);
        // Each 429 cuts the rate and pauses for Retry-After, so throttling stays a small share of the sends.
        ((double)host.Connector.Throttled429 / 1200).ShouldBeLessThan(0.05);
        (await host.DeliveriesAsync()).ShouldAllBe(d => d.Status == DeliveryStatus.Sent);
    }

    [Fact]
    public async Task Dispatch_BucketAboveTheConnectorLimit_429sSlowItDownAndEverythingArrives()
    {
        await using var host = await OutboxTestHost.SqliteAsync(o =>
        {
            o.TenantMessagesPerSecond = 30;
            o.TenantMaxMessagesPerSecond = 40;
            o.TenantBurst = 10;
        });
        host.Connector.TenantPerSecond = 20;
        var people = await host.AddPeopleAsync(150);
        await host.EnqueueAsync(people);
        var dispatcher = host.NewDispatcher();

        await host.DrainAsync(dispatcher);

        host.Connector.Throttled429.ShouldBeGreaterThan(0);
        dispatcher.Counters[OutboxCounter.Throttled].ShouldBe(host.Connector.Throttled429);
        host.Connector.DistinctReceived.ShouldBe(150);
        host.Connector.Duplicates.ShouldBe(0);
        (await host.DeliveriesAsync()).ShouldAllBe(d => d.Status == DeliveryStatus.Sent);
    }

    [Fact]
    public async Task Dispatch_ManyMessagesToOnePerson_RespectsThePerConversationLimits()
    {
        await using var host = await OutboxTestHost.SqliteAsync();
        var people = await host.AddPeopleAsync(1);
        for (var i = 0; i < 70; i++)
        {
            await host.EnqueueAsync(people);
        }

        var start = host.Now;
        await host.DrainAsync(host.NewDispatcher());

        host.Connector.Throttled429.ShouldBe(0);
        host.Connector.DistinctReceived.ShouldBe(70);
        // 60 per 30 s: the 61st message waits for the window.
        (host.Now - start).TotalSeconds.ShouldBeGreaterThanOrEqualTo(30);
    }

    private sealed class ThrowingSender : IProactiveSender
    {
        public Task<SendOutcome> SendAsync(ProactiveMessage message, CancellationToken ct) =>
            throw new HttpRequestException("connection reset");
    }
}
