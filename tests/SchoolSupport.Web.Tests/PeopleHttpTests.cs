using System.Reflection;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Web.Bot;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests;

/// <summary>Onboarding lives in People/: «кто я» and the welcome go through it, and the bot class only translates.</summary>
public sealed class PeopleHttpTests : IAsyncLifetime
{
    private readonly BotApp bot = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await bot.DisposeAsync();

    [Fact]
    public async Task WhoAmI_MunicipalCoordinator_ShowsTheDistrictAndItsSchoolCount()
    {
        var card = BotApp.CardOf((await bot.SayAsync("29:demo-municipal", "кто я")).Single());

        var texts = BotApp.TextsOf(card);
        texts.ShouldContain("Смирнов Алексей Петрович");
        texts.ShouldContain("Лужский район — 3 школы");
    }

    [Fact]
    public async Task WhoAmI_SchoolCountFollowsTheDatabase()
    {
        await using (var db = bot.OpenDatabase())
        {
            var luga = await db.Municipalities.SingleAsync(m => m.Name == "Лужский район");
            var region = await db.Regions.SingleAsync();
            db.Schools.Add(new SchoolSupport.Schools.School { Name = "МОУ «Новая школа»", RegionId = region.Id, MunicipalityId = luga.Id, Cohort = 2026 });
            await db.SaveChangesAsync();
        }

        var card = BotApp.CardOf((await bot.SayAsync("29:demo-municipal", "кто я")).Single());

        BotApp.TextsOf(card).ShouldContain("Лужский район — 4 школы");
    }

    [Fact]
    public void Bot_TakesNoDatabaseContext()
    {
        var dependencies = typeof(SchoolSupportBot).GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.ParameterType)
            .Concat(typeof(SchoolSupportBot).GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public).Select(f => f.FieldType))
            .ToList();

        dependencies.ShouldNotBeEmpty();
        dependencies.ShouldNotContain(t => typeof(DbContext).IsAssignableFrom(t));
    }
}
