using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Surveys;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests.Surveys;

/// <summary>«Пример опроса» pressed several times at once, and by two coordinators of one region: each gets a draft of their own.</summary>
public sealed class SurveySampleHttpTests
{
    [Fact]
    public async Task SamplePress_ConcurrentPressesByTwoCoordinators_MakeOneDraftEachAndNever500()
    {
        using var bot = new BotApp(configureServices: QuietHost.Services());
        var presses = Enumerable.Range(0, 8)
            .Select(i => Press(bot, i % 4 < 2 ? "29:demo-coordinator" : "29:demo-municipal", invoke: i % 2 == 0)).ToList();

        (await Task.WhenAll(presses)).ShouldAllBe(status => status == HttpStatusCode.OK);
        using var db = bot.OpenDatabase();
        var owners = await db.Surveys.Where(s => s.IsSample && s.Status == SurveyStatus.Draft).Select(s => s.OwnerPersonId).ToListAsync();
        owners.Count.ShouldBe(2);
        owners.Distinct().Count().ShouldBe(2);
    }

    [Fact]
    public async Task SamplePress_ByAnotherCoordinator_LeavesTheFirstOnesDraftAlone()
    {
        using var bot = new BotApp(configureServices: QuietHost.Services());
        (await Press(bot, "29:demo-coordinator", invoke: true)).ShouldBe(HttpStatusCode.OK);
        using var db = bot.OpenDatabase();
        var first = await db.Surveys.AsNoTracking().SingleAsync(s => s.IsSample);

        (await Press(bot, "29:demo-municipal", invoke: true)).ShouldBe(HttpStatusCode.OK);

        var drafts = await db.Surveys.AsNoTracking().Where(s => s.IsSample).OrderBy(s => s.Id).ToListAsync();
        drafts.Count.ShouldBe(2);
        drafts[0].Id.ShouldBe(first.Id);
        drafts[0].OwnerPersonId.ShouldBe(first.OwnerPersonId);
        drafts[1].OwnerPersonId.ShouldNotBe(first.OwnerPersonId);
    }

    private static async Task<HttpStatusCode> Press(BotApp bot, string user, bool invoke)
    {
        if (invoke)
        {
            return (await bot.ExecuteAsync(user, "survey.sample")).Status;
        }

        var activity = BotApp.Activity(user);
        activity["value"] = new JsonObject { ["verb"] = "survey.sample" };
        using var response = await bot.PostAsync(activity);
        return response.StatusCode;
    }
}
