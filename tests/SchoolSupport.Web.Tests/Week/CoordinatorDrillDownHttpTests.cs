using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests.Week;

/// <summary>
/// Coordinators get to "which schools": from «не выполнили 4 из 14» to the schools with director and curator,
/// «школы без консультаций», district roll-ups, a school card with its people and next steps, and a clear sentence
/// for a school that is not yours.
/// </summary>
public sealed class CoordinatorDrillDownHttpTests : IClassFixture<CoordinatorDrillDownHttpTests.App>
{
    public sealed class App : IDisposable
    {
        public BotApp Bot { get; } = new();

        public void Dispose() => Bot.Dispose();
    }

    private const string Coordinator = "29:demo-coordinator";
    private readonly BotApp bot;

    public CoordinatorDrillDownHttpTests(App app) => bot = app.Bot;

    [Fact]
    public async Task NotDone_OpensTheSchoolsWithDirectorAndCurator_MatchingTheDatabase()
    {
        var due = BotApp.CardOf((await bot.SayAsync(Coordinator, "сроки в апреле")).Single()).ShouldNotBeNull();
        var data = AnnouncementStatusHttpTests.FindVerbData(due, "due.schools");
        var itemId = (int)data["itemId"]!;

        var list = BotApp.CardOf((await bot.SubmitAsync(Coordinator, "due.schools", data)).Single()).ShouldNotBeNull();
        var texts = BotApp.TextsOf(list).ToList();

        await using var db = bot.OpenDatabase();
        var item = await db.RoadmapItems.SingleAsync(i => i.Id == itemId);
        var closed = await db.ItemProgress.Where(p => p.ItemId == itemId && (p.Status == ProgressStatus.Done || p.Status == ProgressStatus.NotApplicable)).Select(p => p.SchoolId).ToListAsync();
        var schools = await db.Schools.Where(s => item.Cohort == null || s.Cohort == item.Cohort).Select(s => new { s.Id, s.Name }).ToListAsync();
        var open = schools.Where(s => !closed.Contains(s.Id)).ToList();
        texts[0].ShouldBe($"п. {item.Number}: не выполнили {open.Count} из {schools.Count}");
        FindAll(list, "status.show").Count.ShouldBe(open.Count);
        foreach (var school in open)
        {
            var director = await db.RoleAssignments.Where(r => r.SchoolId == school.Id && r.Role == Role.Director).Select(r => r.Person!.FullName).FirstAsync();
            var at = texts.IndexOf(school.Name);
            at.ShouldBeGreaterThan(0, school.Name);
            texts[at + 1].ShouldBe("Директор: " + director);
            texts[at + 2].ShouldStartWith("Куратор: ");
        }
    }

    [Fact]
    public async Task SchoolsWithoutConsultations_IsAFilterOfTheRollup_ThirtyDaysByDefault()
    {
        var texts = BotApp.TextsOf(BotApp.CardOf((await bot.SayAsync(Coordinator, "школы без консультаций")).Single()));
        texts[0].ShouldBe("Школы региона: Ленинградская область — без консультаций за 30 дн.");
        // The whole roll-up says 11 of 14 had no consultation in 30 days; the filter shows exactly those.
        texts.ShouldContain("Школ: 11, с просрочками: " + texts[1].Split("с просрочками: ")[1].Split(',')[0] + ", без консультаций больше 30 дн.: 11");

        var longer = BotApp.TextsOf(BotApp.CardOf((await bot.SayAsync(Coordinator, "школы без консультаций за 60 дней")).Single()));
        longer[0].ShouldEndWith("без консультаций за 60 дн.");
        await using var db = bot.OpenDatabase();
        var consulted = await db.Consultations.Where(c => c.DeletedAt == null && c.Date >= new DateOnly(2026, 3, 18).AddDays(-60) && c.Date <= new DateOnly(2026, 3, 18)).Select(c => c.SchoolId).Distinct().CountAsync();
        longer[1].ShouldStartWith($"Школ: {14 - consulted},");
    }

    [Fact]
    public async Task District_RollupAndRollupByDistricts()
    {
        var luga = BotApp.CardOf((await bot.SayAsync(Coordinator, "статус лужский район")).Single()).ShouldNotBeNull();
        var texts = BotApp.TextsOf(luga);
        texts[0].ShouldBe("Школы: Лужский район");
        texts[1].ShouldStartWith("Школ: 3,");
        FindAll(luga, "status.show").Count.ShouldBe(3);

        var byDistrict = BotApp.CardOf((await bot.SayAsync(Coordinator, "статус по районам")).Single()).ShouldNotBeNull();
        var districts = BotApp.TextsOf(byDistrict);
        districts[0].ShouldBe("Статус по районам");
        districts[1].ShouldStartWith("Районов: 5, школ: 14.");
        var open = FindAll(byDistrict, "status.rollup").First(d => d["municipalityId"] is not null);
        var opened = BotApp.TextsOf(BotApp.CardOf((await bot.SubmitAsync(Coordinator, "status.rollup", open)).Single()));
        opened[0].ShouldStartWith("Школы: ");
        opened[0].ShouldContain("район");

        // A municipal coordinator cannot open another district by editing the button.
        int other;
        await using (var db = bot.OpenDatabase())
        {
            other = await db.Municipalities.Where(m => m.Name == "Волосовский район").Select(m => m.Id).SingleAsync();
        }

        var forged = await bot.SubmitAsync("29:demo-municipal", "status.rollup", new JsonObject { ["page"] = 0, ["municipalityId"] = other });
        BotApp.CardOf(forged.Single()).ShouldBeNull();
        ((string?)forged.Single()["text"]).ShouldNotBeNull().ShouldContain("нет доступа");
    }

    [Fact]
    public async Task SchoolCard_ForACoordinator_NamesDirectorAndCurator_AndOffersConsultationAndAnnouncement()
    {
        int schoolId;
        await using (var db = bot.OpenDatabase())
        {
            schoolId = await db.Schools.Where(s => s.Code == "ЛО-001").Select(s => s.Id).SingleAsync();
        }

        var card = BotApp.CardOf((await bot.SubmitAsync(Coordinator, "status.show", new JsonObject { ["schoolId"] = schoolId })).Single()).ShouldNotBeNull();
        var texts = BotApp.TextsOf(card);
        texts.ShouldContain("Директор: Иванова Марина Викторовна · Куратор: Петрова Анна Николаевна");
        texts.ShouldContain("Записать консультацию");
        texts.ShouldContain("Объявление этой школе");

        var announce = AnnouncementStatusHttpTests.FindVerbData(card, "announcement.school");
        var form = BotApp.CardOf((await bot.SubmitAsync(Coordinator, "announcement.school", announce)).Single()).ShouldNotBeNull();
        form.ToJsonString().ShouldContain("\"id\":\"schools\"");
        FindInput(form, "schools")!["value"]!.GetValue<string>().ShouldBe(schoolId.ToString(CultureInfo.InvariantCulture));

        var consult = AnnouncementStatusHttpTests.FindVerbData(card, "consultation.new");
        var consultation = BotApp.CardOf((await bot.SubmitAsync(Coordinator, "consultation.new", consult)).Single()).ShouldNotBeNull();
        FindInput(consultation, "schoolId")!["value"]!.GetValue<string>().ShouldBe(schoolId.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task StatusOfASchoolThatIsNotYours_GetsAClearSentence_NotYourOwnRollup()
    {
        var replies = await bot.SayAsync("29:demo-curator", "статус волосовская");
        replies.Single()["attachments"].ShouldBeNull();
        ((string?)replies.Single()["text"]).ShouldBe("Школа МОБУ «Волосовская СОШ № 1» не закреплена за вами, поэтому её сводку показать нельзя. Сводка по вашим школам — «статус».");

        var mine = BotApp.TextsOf(BotApp.CardOf((await bot.SayAsync("29:demo-curator", "как у нас дела")).Single()));
        mine[0].ShouldBe("Мои школы");
        var forged = await bot.SubmitAsync("29:demo-municipal", "announcement.school", new JsonObject { ["schoolId"] = "999999" });
        ((string?)forged.Single()["text"]).ShouldNotBeNull().ShouldContain("не входит в вашу зону");
    }

    private static List<JsonObject> FindAll(JsonNode node, string verb) => AnnouncementStatusHttpTests.FindAllVerbData(node, verb);

    private static JsonObject? FindInput(JsonNode? node, string id)
    {
        switch (node)
        {
            case JsonObject o when (string?)o["id"] == id && ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true:
                return o;
            case JsonObject o:
                foreach (var (_, child) in o)
                {
                    if (FindInput(child, id) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonArray a:
                foreach (var child in a)
                {
                    if (FindInput(child, id) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }
}
