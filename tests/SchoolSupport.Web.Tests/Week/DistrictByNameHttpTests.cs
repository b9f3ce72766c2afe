using Microsoft.EntityFrameworkCore;
using SchoolSupport.Schools;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests.Week;

/// <summary>
/// «статус по Заречному району»: a district is found by its name in any case form, read with the same Russian stems
/// the understanding uses, and a neighbouring district whose name only begins the same way is not taken for it.
/// </summary>
public sealed class DistrictByNameHttpTests : IDisposable
{
    private const string Coordinator = "29:demo-coordinator";
    private readonly BotApp bot = new();

    public void Dispose() => bot.Dispose();

    [Theory]
    [InlineData("статус по Заречному району", "Школы: Заречный район", "СОШ № 41 пос. Заречный")]
    [InlineData("покажи статус Заречного района", "Школы: Заречный район", "СОШ № 41 пос. Заречный")]
    [InlineData("статус по зареченскому району", "Школы: Зареченский район", "Лесная ООШ № 42")]
    public async Task DistrictStatus_NameInAnotherCase_OpensThatDistrictOnly(string message, string title, string school)
    {
        await AddDistrictsSharingTheirFirstFiveLettersAsync();

        var card = BotApp.CardOf((await bot.SayAsync(Coordinator, message)).Single()).ShouldNotBeNull();

        var texts = BotApp.TextsOf(card);
        texts[0].ShouldBe(title);
        texts[1].ShouldStartWith("Школ: 1,");
        texts.ShouldContain(school);
    }

    [Fact]
    public async Task DistrictStatus_AWordThatOnlyBeginsLikeADistrict_OpensNoDistrict()
    {
        // Only «Заречный район» begins with «зареч»: a five-letter match would open it for «Заречье».
        await AddDistrictsSharingTheirFirstFiveLettersAsync(onlyTheFirst: true);

        var reply = (await bot.SayAsync(Coordinator, "статус по заречью району")).Single();

        BotApp.CardOf(reply).ShouldBeNull();
        ((string?)reply["text"]).ShouldNotBeNull().ShouldContain("Не нашёл школу или район «заречью район»");
    }

    private async Task AddDistrictsSharingTheirFirstFiveLettersAsync(bool onlyTheFirst = false)
    {
        await using var db = bot.OpenDatabase();
        var region = await db.Regions.SingleAsync();
        var near = new Municipality { RegionId = region.Id, Name = "Заречный район" };
        var far = new Municipality { RegionId = region.Id, Name = "Зареченский район" };
        db.Municipalities.Add(near);
        if (!onlyTheFirst)
        {
            db.Municipalities.Add(far);
        }

        await db.SaveChangesAsync();
        db.Schools.Add(new School { Name = "СОШ № 41 пос. Заречный", RegionId = region.Id, MunicipalityId = near.Id, Cohort = 2026 });
        if (!onlyTheFirst)
        {
            db.Schools.Add(new School { Name = "Лесная ООШ № 42", RegionId = region.Id, MunicipalityId = far.Id, Cohort = 2026 });
        }

        await db.SaveChangesAsync();
    }
}
