using Microsoft.EntityFrameworkCore;
using SchoolSupport.Outbox;

namespace SchoolSupport.Tests.Outbox;

public sealed class OutboxPostgresTests
{
    [Fact]
    public async Task Claim_TwoInstancesConcurrently_NeverClaimTheSameRow()
    {
        await using var host = await OutboxTestHost.PostgresAsync();
        var people = await host.AddPeopleAsync(300);
        await host.EnqueueAsync(people);

        async Task<List<long>> ClaimAllAsync(string owner)
        {
            var mine = new List<long>();
            while (true)
            {
                await using var db = host.Db();
                var batch = await OutboxStore.ClaimAsync(db, owner + Guid.NewGuid().ToString("N")[..8], host.Now, TimeSpan.FromMinutes(5), 7, CancellationToken.None);
                if (batch.Count == 0)
                {
                    return mine;
                }

                mine.AddRange(batch.Select(b => b.Id));
            }
        }

        var results = await Task.WhenAll(Task.Run(() => ClaimAllAsync("a")), Task.Run(() => ClaimAllAsync("b")));

        results[0].Intersect(results[1]).ShouldBeEmpty();
        (results[0].Count + results[1].Count).ShouldBe(300);
        results.ShouldAllBe(r => r.Count > 0);
    }

    [Fact]
    public async Task Dispatch_TwoDispatchersOnOneDatabase_EachRowSentExactlyOnce()
    {
        await using var host = await OutboxTestHost.PostgresAsync(o =>
        {
            o.BatchSize = 5;
            o.TenantMessagesPerSecond = 40;
        });
        host.Connector.TenantPerSecond = 1000;
        var people = await host.AddPeopleAsync(120);
        await host.EnqueueAsync(people);
        var first = host.NewDispatcher();
        var second = host.NewDispatcher();

        async Task DrainAsync(OutboxDispatcher dispatcher)
        {
            while (await dispatcher.RunOnceAsync(CancellationToken.None) > 0)
            {
            }
        }

        await Task.WhenAll(Task.Run(() => DrainAsync(first)), Task.Run(() => DrainAsync(second)));

        host.Connector.DistinctReceived.ShouldBe(120);
        host.Connector.Duplicates.ShouldBe(0);
        (first.Counters[OutboxCounter.Sent] + second.Counters[OutboxCounter.Sent]).ShouldBe(120);
        await using var db = host.Db();
        (await db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.Sent && d.Attempts == 1)).ShouldBe(120);
    }
}
