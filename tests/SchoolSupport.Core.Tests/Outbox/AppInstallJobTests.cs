using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolSupport.Audiences;
using SchoolSupport.Outbox;

namespace SchoolSupport.Tests.Outbox;

/// <summary>
/// The install queue behind the outbox: recipients without an address wait while the app is installed for them, each
/// person is installed once however many instances work the queue, and a repeated install stores no second address
/// and sends no second message.
/// </summary>
public sealed class AppInstallJobTests
{
    [Fact]
    public async Task Installs_TwoInstancesAtOnce_InstallEachPersonOnceAndDeliverOneMessageEach()
    {
        var installer = new CountingInstaller();
        await using var host = await HostAsync(installer);
        var people = await PeopleWithoutAppAsync(host, 6);
        await host.EnqueueAsync(people);

        // The outbox finds no address: every row waits, one install is queued per person.
        await host.NewDispatcher().RunOnceAsync(CancellationToken.None);
        (await host.DeliveriesAsync()).ShouldAllBe(d => d.Status == DeliveryStatus.Queued && d.Error == AppInstalls.WaitMarker && d.Attempts == 0);
        host.Connector.Accepted.ShouldBeEmpty();

        var first = ActivatorUtilities.CreateInstance<AppInstallJob>(host.Services);
        var second = ActivatorUtilities.CreateInstance<AppInstallJob>(host.Services);
        var runs = await Task.WhenAll(first.RunOnceAsync(CancellationToken.None), second.RunOnceAsync(CancellationToken.None));

        runs.Sum().ShouldBe(6);
        installer.Calls.Keys.Order().ShouldBe(people);
        installer.Calls.Values.ShouldAllBe(n => n == 1);
        await using (var db = host.Db())
        {
            (await db.AppInstallations.CountAsync(i => i.State == AppInstallState.Installed && i.LeaseOwner == null)).ShouldBe(6);
            (await db.ConversationAddresses.CountAsync()).ShouldBe(6);
        }

        await host.DrainAsync(host.NewDispatcher());
        (await host.DeliveriesAsync()).ShouldAllBe(d => d.Status == DeliveryStatus.Sent && !d.PossibleDuplicate);
        host.Connector.DistinctReceived.ShouldBe(6);
        host.Connector.Duplicates.ShouldBe(0);
    }

    [Fact]
    public async Task Installs_HolderDiedMidInstall_TheNextTakesItOverAndStoresTheChatOnce()
    {
        var installer = new CountingInstaller();
        await using var host = await HostAsync(installer);
        var people = await PeopleWithoutAppAsync(host, 1);
        await host.EnqueueAsync(people);
        await host.NewDispatcher().RunOnceAsync(CancellationToken.None);
        var job = ActivatorUtilities.CreateInstance<AppInstallJob>(host.Services);

        // A dead instance holds the row: nobody touches it until its lease runs out.
        await using (var db = host.Db())
        {
            await db.AppInstallations.ExecuteUpdateAsync(s => s.SetProperty(i => i.LeaseOwner, "dead").SetProperty(i => i.LeaseUntil, host.Now.AddMinutes(1)));
        }

        (await job.RunOnceAsync(CancellationToken.None)).ShouldBe(0);
        installer.Calls.ShouldBeEmpty();

        host.Time.Advance(TimeSpan.FromMinutes(2));
        (await job.RunOnceAsync(CancellationToken.None)).ShouldBe(1);

        // It died after storing the chat but before recording the install: done again, Graph says 409, same chat.
        await using (var db = host.Db())
        {
            await db.AppInstallations.ExecuteUpdateAsync(s => s.SetProperty(i => i.State, AppInstallState.Pending));
        }

        installer.AlreadyInstalled = true;
        (await job.RunOnceAsync(CancellationToken.None)).ShouldBe(1);

        installer.Calls[people[0]].ShouldBe(2);
        await using (var db = host.Db())
        {
            (await db.ConversationAddresses.CountAsync()).ShouldBe(1);
            (await db.AppInstallations.SingleAsync()).State.ShouldBe(AppInstallState.Installed);
        }

        await host.DrainAsync(host.NewDispatcher());
        (await host.DeliveriesAsync()).Single().Status.ShouldBe(DeliveryStatus.Sent);
        host.Connector.DistinctReceived.ShouldBe(1);
        host.Connector.Duplicates.ShouldBe(0);
    }

    [Fact]
    public async Task Installs_GraphFailsEveryTime_GivesUpAndTheDeliveryIsNotReachedWithTheReason()
    {
        var installer = new CountingInstaller { Failure = new InstallOutcome.TransientFailure("Microsoft Graph: 503") };
        await using var host = await HostAsync(installer);
        var people = await PeopleWithoutAppAsync(host, 1);
        await host.EnqueueAsync(people);
        await host.NewDispatcher().RunOnceAsync(CancellationToken.None);
        var job = ActivatorUtilities.CreateInstance<AppInstallJob>(host.Services);

        for (var i = 0; i < 10; i++)
        {
            await job.RunOnceAsync(CancellationToken.None);
            host.Time.Advance(TimeSpan.FromHours(1));
        }

        installer.Calls[people[0]].ShouldBe(3);
        await host.DrainAsync(host.NewDispatcher());
        var delivery = (await host.DeliveriesAsync()).Single();
        delivery.Status.ShouldBe(DeliveryStatus.NoAddress);
        delivery.Error!.ShouldContain("установка не удалась: Microsoft Graph: 503 (попыток: 3)");
        host.Connector.Accepted.ShouldBeEmpty();
    }

    private static Task<OutboxTestHost> HostAsync(CountingInstaller installer) =>
        OutboxTestHost.SqliteAsync(features: (services, configuration) =>
        {
            services.AddAppInstalls(configuration);
            services.Configure<TeamsInstallOptions>(o =>
            {
                o.TenantId = "tenant-1";
                o.ClientId = "bot";
                o.ClientSecret = "secret";
                o.CatalogAppId = "catalog-app";
                o.ServiceUrl = "https://smba.example/teams/";
                o.InstallsPerSecond = 1000;
                o.MaxAttempts = 3;
            });
            services.AddSingleton<ITeamsAppInstaller>(installer);
        });

    private static async Task<List<int>> PeopleWithoutAppAsync(OutboxTestHost host, int count)
    {
        var people = await host.AddPeopleAsync(count, withAddress: false);
        await using var db = host.Db();
        foreach (var person in await db.People.Where(p => people.Contains(p.Id)).ToListAsync())
        {
            person.Email = $"p{person.Id}@school.example";
        }

        await db.SaveChangesAsync();
        return people;
    }

    private sealed class CountingInstaller : ITeamsAppInstaller
    {
        public ConcurrentDictionary<int, int> Calls { get; } = new();

        public bool AlreadyInstalled { get; set; }

        public InstallOutcome? Failure { get; init; }

        public async Task<InstallOutcome> InstallAsync(InstallTarget target, CancellationToken ct)
        {
            Calls.AddOrUpdate(target.PersonId, 1, (_, n) => n + 1);
            await Task.Delay(10, ct);
            return Failure ?? new InstallOutcome.Installed($"19:{target.UserKey}_bot@unq.gbl.spaces", AlreadyInstalled);
        }
    }
}
