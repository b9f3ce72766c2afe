using SchoolSupport.Announcements;
using SchoolSupport.Roadmaps;

namespace SchoolSupport.Tests.Announcements;

public sealed class AudienceResolverTests : IAsyncLifetime
{
    private AnnouncementWorld world = null!;

    public async Task InitializeAsync() => world = await AnnouncementWorld.CreateAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    // Municipalities and schools are given by index (M1 = 1, M2 = 2; S1..S4 = 1..4) so the cases read like the fixture.
    [Theory]
    [InlineData("rc", RoleMask.Curator, "", "", "", "cur1,cur2,cur3")]
    [InlineData("rc", RoleMask.Director, "1", "", "", "dir1,dir2")]
    [InlineData("rc", RoleMask.Director | RoleMask.Curator, "", "2022", "", "cur1,cur3,dir2,dir4")]
    [InlineData("rc", RoleMask.Consultant, "", "", "3", "cons1")]
    [InlineData("rc", RoleMask.MunicipalCoordinator, "", "2021", "", "mc1,mc2")]
    [InlineData("rc", RoleMask.MunicipalCoordinator, "2", "", "", "mc2")]
    [InlineData("rc", RoleMask.RegionalCoordinator, "", "", "", "rc2")]
    [InlineData("rc", RoleMask.Director, "1", "2022", "2", "dir2")]
    [InlineData("rc", RoleMask.Director, "1", "", "3", "")]
    [InlineData("rc", RoleMask.Curator | RoleMask.Consultant, "2", "2021", "", "cons1,cur2")]
    [InlineData("rc", AnnouncementAudience.AnnouncementRoles, "", "", "", "cons1,cur1,cur2,cur3,dir1,dir2,dir3,dir4,mc1,mc2,rc2")]
    [InlineData("mc1", RoleMask.Curator, "", "", "", "cur1")]
    [InlineData("mc1", RoleMask.Director | RoleMask.Consultant, "", "", "", "cons1,dir1,dir2")]
    [InlineData("mc1", RoleMask.Director, "", "2022", "", "dir2")]
    [InlineData("mc1", RoleMask.MunicipalCoordinator, "", "", "", "")]
    public async Task Resolve_Combination_CountsExactlyTheFixturePeople(string author, RoleMask roles, string municipalities, string cohorts, string schools, string expected)
    {
        var audience = new AnnouncementAudience(roles, Map(municipalities, [world.M1, world.M2]), Announcement.Ids(cohorts), Map(schools, world.S));

        var caller = await world.CallerAsync(author);
        await using var db = world.Host.Db();
        var result = await AudienceResolver.ResolveAsync(db, caller, audience, DateOnly.FromDateTime(world.Host.Now), CancellationToken.None);

        result.Refusal.ShouldBeNull();
        var names = world.P.Where(kv => result.PersonIds.Contains(kv.Value)).Select(kv => kv.Key).Order(StringComparer.Ordinal);
        string.Join(",", names).ShouldBe(expected);
    }

    [Fact]
    public async Task Resolve_ByRole_CountsEachRoleOnce()
    {
        var audience = new AnnouncementAudience(RoleMask.Curator | RoleMask.Director, [], [], []);

        var caller = await world.CallerAsync("rc");
        await using var db = world.Host.Db();
        var result = await AudienceResolver.ResolveAsync(db, caller, audience, DateOnly.FromDateTime(world.Host.Now), CancellationToken.None);

        result.PersonIds.Count.ShouldBe(7);
        result.ByRole[People.Role.Curator].ShouldBe(3);
        result.ByRole[People.Role.Director].ShouldBe(4);
    }

    [Theory]
    [InlineData("mc1", RoleMask.Director, "2", "", "")]
    [InlineData("mc1", RoleMask.Director, "", "", "3")]
    [InlineData("mc1", RoleMask.RegionalCoordinator, "", "", "")]
    [InlineData("dir1", RoleMask.Director, "", "", "")]
    [InlineData("cur1", RoleMask.Curator, "", "", "")]
    [InlineData("rc", RoleMask.None, "", "", "")]
    public async Task Resolve_OutsideTheAuthorsScope_IsRefused(string author, RoleMask roles, string municipalities, string cohorts, string schools)
    {
        var audience = new AnnouncementAudience(roles, Map(municipalities, [world.M1, world.M2]), Announcement.Ids(cohorts), Map(schools, world.S));

        var caller = await world.CallerAsync(author);
        await using var db = world.Host.Db();
        var result = await AudienceResolver.ResolveAsync(db, caller, audience, DateOnly.FromDateTime(world.Host.Now), CancellationToken.None);

        result.Refusal.ShouldNotBeNull();
        result.PersonIds.ShouldBeEmpty();
    }

    private static IReadOnlyList<int> Map(string indexes, int[] ids) =>
        Announcement.Ids(indexes).Select(i => ids[i - 1]).ToList();
}
