using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests.Week;

/// <summary>
/// A working week per role, replayed through /api/messages as Teams and Web Chat send it: phrases, buttons and forms.
/// Every reply is checked for dead ends (it says something, and a text-only answer names a way on), and the numbers the
/// cards show are checked against the database.
/// </summary>
public sealed partial class WorkingWeekHttpTests : IDisposable
{
    /// <summary>Monday 16 March 2026, 09:00 in Moscow.</summary>
    private static readonly DateTimeOffset Monday = new(2026, 3, 16, 6, 0, 0, TimeSpan.Zero);

    private readonly BotApp bot = new(now: Monday);
    private readonly List<string> transcript = [];

    public void Dispose() => bot.Dispose();

    [Fact]
    public async Task Director_Week_MarksItemsKeepsItsPlaceAndEveryCountMatchesTheDatabase()
    {
        const string me = "29:demo-director";
        var school = await SchoolIdAsync("ЛО-001");

        // Monday: greeting, help, the week, the status.
        await SayAsync(me, "привет");
        var week = Card(await SayAsync(me, "что на этой неделе"));
        var status = Card(await SayAsync(me, "статус"));
        await StatusCountsMatchDatabaseAsync(status, school);

        // Tuesday: mark the first item of the week from the list; the list comes back, the status counts one more.
        bot.Clock.Advance(TimeSpan.FromDays(1));
        week = Card(await SayAsync(me, "что на этой неделе"));
        var mark = AnnouncementStatusHttpTests.FindAllVerbData(week, "item.mark.form").First();
        var form = Card(await PressAsync(me, "item.mark.form", mark));
        var save = AnnouncementStatusHttpTests.FindVerbData(form, "item.mark");
        save["status"] = "Done";
        save["evidenceUrl"] = "disk.yandex.ru/d/protokol-16-03";
        var back = Card(await PressAsync(me, "item.mark", save));
        BotApp.TextsOf(back)[0].ShouldBe(BotApp.TextsOf(week)[0], "saving returns to the list it came from");
        await using (var db = bot.OpenDatabase())
        {
            var stored = await db.ItemProgress.SingleAsync(p => p.SchoolId == school && p.ItemId == (int)mark["itemId"]!);
            stored.Status.ShouldBe(ProgressStatus.Done);
            stored.EvidenceUrl.ShouldBe("https://disk.yandex.ru/d/protokol-16-03");
        }

        await StatusCountsMatchDatabaseAsync(Card(await SayAsync(me, "статус")), school);

        // Wednesday: what is overdue; the count on the list equals the one on the status card.
        bot.Clock.Advance(TimeSpan.FromDays(1));
        var overdue = Card(await SayAsync(me, "что просрочено"));
        var overdueCount = FirstNumberAfter(BotApp.TextsOf(overdue), "Просроченных пунктов: ");
        status = Card(await SayAsync(me, "статус"));
        (BotApp.TextsOf(status).Contains("Просроченных нет") ? 0 : FirstNumberAfter(BotApp.TextsOf(status), "Просрочено: "))
            .ShouldBe(overdueCount ?? 0);

        // Thursday: the month, who am I, a typo, something a director cannot do.
        bot.Clock.Advance(TimeSpan.FromDays(1));
        await SayAsync(me, "сроки в марте");
        var whoami = Card(await SayAsync(me, "кто я"));
        BotApp.TextsOf(whoami).ShouldContain(t => t.Contains("МОУ «СОШ № 3» г. Луги"));
        await SayAsync(me, "стаутс");
        await SayAsync(me, "записать консультацию");

        // Friday: the end of the month, and thanks.
        bot.Clock.Advance(TimeSpan.FromDays(1));
        await SayAsync(me, "что сдать до конца месяца");
        await SayAsync(me, "спасибо");
        transcript.Count.ShouldBeGreaterThanOrEqualTo(12);
    }

    [Fact]
    public async Task Curator_Week_RecordsConsultationsAndTheListsCountWhatIsStored()
    {
        const string me = "29:demo-curator";
        var luga = await SchoolIdAsync("ЛО-001");

        // Monday: the schools, my consultations (as many as stored), a consultation through the form.
        var rollup = Card(await SayAsync(me, "статус"));
        await RollupCountMatchesAsync(rollup, await CuratedSchoolsAsync());
        await MyConsultationsMatchDatabaseAsync(me);
        var form = Card(await SayAsync(me, "записать консультацию"));
        var data = AnnouncementStatusHttpTests.FindVerbData(form, "consultation.save");
        data["schoolId"] = Id(luga);
        data["date"] = "2026-03-16";
        data["format"] = "InPerson";
        data["duration"] = "60";
        data["topic"] = "Мониторинг антирисковой программы";
        data["decisions"] = "Обновить план по направлению «низкая учебная мотивация»";
        data["plan"] = "Педсовет по итогам анкетирования";
        var saved = Card(await PressAsync(me, "consultation.save", data));
        BotApp.TextsOf(saved).ShouldContain(t => t.StartsWith("Консультация сохранена", StringComparison.Ordinal));
        await MyConsultationsMatchDatabaseAsync(me);

        // Tuesday: the free-text shortcut; «до 27.03» becomes the action's due date.
        bot.Clock.Advance(TimeSpan.FromDays(1));
        var prefilled = Card(await SayAsync(me,
            "консультация Толмачёвская вчера очно 40 мин: тема профориентация; решения провести анкетирование; план собрать анкеты до 27.03"));
        var quick = AnnouncementStatusHttpTests.FindVerbData(prefilled, "consultation.save");
        foreach (var input in CardQuery.All(prefilled).Where(o => ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true))
        {
            if (input["value"] is JsonValue v && v.TryGetValue<string>(out var value) && value.Length > 0)
            {
                quick[(string)input["id"]!] = value;
            }
        }

        Card(await PressAsync(me, "consultation.save", quick));
        await using (var db = bot.OpenDatabase())
        {
            var action = await db.ConsultationActions.SingleAsync(a => a.Text == "собрать анкеты");
            action.DueDate.ShouldBe(new DateOnly(2026, 3, 27));
        }

        await MyConsultationsMatchDatabaseAsync(me);

        // Wednesday: overdue at my schools; a school that is not mine gets a sentence, not my roll-up.
        bot.Clock.Advance(TimeSpan.FromDays(1));
        await SayAsync(me, "что просрочено");
        var foreign = await SayAsync(me, "статус волосовская");
        CardQuery.TextOf(foreign.Single()).ShouldNotContain("Школ: 3");

        // Thursday: open the saved consultation, start an edit and cancel it; nothing changes.
        bot.Clock.Advance(TimeSpan.FromDays(1));
        var edit = Card(await PressAsync(me, "consultation.edit", AnnouncementStatusHttpTests.FindVerbData(saved, "consultation.edit")));
        var cancelled = Card(await PressAsync(me, "consultation.cancelEdit", AnnouncementStatusHttpTests.FindVerbData(edit, "consultation.cancelEdit")));
        BotApp.TextsOf(cancelled).ShouldContain("Изменения не сохранены.");

        // Friday: a school's status from the roll-up button, and thanks.
        bot.Clock.Advance(TimeSpan.FromDays(1));
        var schoolCard = Card(await PressAsync(me, "status.show", new JsonObject { ["schoolId"] = Id(luga) }));
        await StatusCountsMatchDatabaseAsync(schoolCard, luga);
        await SayAsync(me, "спасибо");
    }

    [Fact]
    public async Task MunicipalCoordinator_Week_SeesTheDistrictDrillsDownAndAnnounces()
    {
        const string me = "29:demo-municipal";
        await using var db0 = bot.OpenDatabase();
        var luga = await db0.Municipalities.SingleAsync(m => m.Name == "Лужский район");
        var districtSchools = await db0.Schools.Where(s => s.MunicipalityId == luga.Id).Select(s => s.Id).ToListAsync();

        // Monday: who am I (the district and its school count), the roll-up, one school.
        var whoami = Card(await SayAsync(me, "кто я"));
        BotApp.TextsOf(whoami).ShouldContain($"Лужский район — {districtSchools.Count} школы");
        var rollup = Card(await SayAsync(me, "статус"));
        await RollupCountMatchesAsync(rollup, districtSchools);
        var open = AnnouncementStatusHttpTests.FindAllVerbData(rollup, "status.show");
        open.Count.ShouldBe(districtSchools.Count);
        var first = (int)open[0]["schoolId"]!;
        var schoolCard = Card(await PressAsync(me, "status.show", open[0]));
        await StatusCountsMatchDatabaseAsync(schoolCard, first);
        await SchoolPeopleMatchDatabaseAsync(schoolCard, first);

        // Tuesday: schools without consultations in 30 days, counted against the journal.
        bot.Clock.Advance(TimeSpan.FromDays(1));
        var unconsulted = Card(await SayAsync(me, "школы без консультаций"));
        var since = DateOnly.FromDateTime(bot.Clock.GetUtcNow().UtcDateTime).AddDays(-30);
        var consulted = await db0.Consultations.Where(c => c.DeletedAt == null && c.Date >= since && districtSchools.Contains(c.SchoolId))
            .Select(c => c.SchoolId).Distinct().CountAsync();
        AnnouncementStatusHttpTests.FindAllVerbData(unconsulted, "status.show").Count.ShouldBe(districtSchools.Count - consulted);

        // Wednesday: an announcement to the district's directors; the status counts its recipients.
        bot.Clock.Advance(TimeSpan.FromDays(1));
        var form = Card(await SayAsync(me, "объявление"));
        var draft = AnnouncementStatusHttpTests.FindVerbData(form, "announcement.preview");
        draft["title"] = "Совещание директоров в пятницу";
        draft["text"] = "Коллеги, **в пятницу в 15:00** совещание по итогам мониторинга.";
        draft["roles"] = "Director";
        draft["requireAck"] = "true";
        var preview = Card(await PressAsync(me, "announcement.preview", draft));
        var send = AnnouncementStatusHttpTests.FindVerbData(preview, "announcement.send");
        var statusCard = Card(await PressAsync(me, "announcement.send", send));
        var directors = await db0.RoleAssignments.Where(r => r.Role == Role.Director && r.SchoolId != null && districtSchools.Contains(r.SchoolId.Value))
            .Join(db0.People.Where(p => p.IsActive), r => r.PersonId, p => p.Id, (r, p) => p.Id).Distinct().CountAsync();
        FactValue(statusCard, "Получателей").ShouldBe(Id(directors));

        // Thursday: my announcements, who has not confirmed.
        bot.Clock.Advance(TimeSpan.FromDays(1));
        await SayAsync(me, "мои объявления");
        await SayAsync(me, "кто не подтвердил");

        // Friday: per-district view is for the region; thanks.
        bot.Clock.Advance(TimeSpan.FromDays(1));
        await SayAsync(me, "статус по районам");
        await SayAsync(me, "спасибо");
    }

    [Fact]
    public async Task RegionalCoordinator_Week_DistrictsExportAndEveryTotalMatchesTheDatabase()
    {
        const string me = "29:demo-coordinator";
        await using var db0 = bot.OpenDatabase();
        var allSchools = await db0.Schools.Select(s => new { s.Id, s.MunicipalityId }).ToListAsync();

        // Monday: the region's roll-up and the per-district one.
        var rollup = Card(await SayAsync(me, "статус"));
        FirstNumberAfter(BotApp.TextsOf(rollup), "Школ: ").ShouldBe(allSchools.Count);
        var districts = Card(await SayAsync(me, "статус по районам"));
        BotApp.TextsOf(districts).ShouldContain(
            $"Районов: {allSchools.Select(s => s.MunicipalityId).Distinct().Count()}, школ: {allSchools.Count}. Нажмите на район, чтобы открыть его школы.");

        // Tuesday: one district by name, and a district opened from the per-district card.
        bot.Clock.Advance(TimeSpan.FromDays(1));
        var luga = await db0.Municipalities.SingleAsync(m => m.Name == "Лужский район");
        var lugaRollup = Card(await SayAsync(me, "статус лужский район"));
        FirstNumberAfter(BotApp.TextsOf(lugaRollup), "Школ: ").ShouldBe(allSchools.Count(s => s.MunicipalityId == luga.Id));
        var openDistrict = AnnouncementStatusHttpTests.FindAllVerbData(districts, "status.rollup")
            .FirstOrDefault(d => d["municipalityId"]?.ToString() == Id(luga.Id));
        if (openDistrict is not null)
        {
            var opened = Card(await PressAsync(me, "status.rollup", openDistrict));
            FirstNumberAfter(BotApp.TextsOf(opened), "Школ: ").ShouldBe(allSchools.Count(s => s.MunicipalityId == luga.Id));
        }

        // Wednesday: consultations of March, listed and exported; both count what is stored.
        bot.Clock.Advance(TimeSpan.FromDays(1));
        await SayAsync(me, "консультации за март");
        var export = (string?)(await SayAsync(me, "выгрузить консультации за март")).Single()["text"];
        var march = await db0.Consultations.CountAsync(c => c.DeletedAt == null && c.Date >= new DateOnly(2026, 3, 1) && c.Date <= new DateOnly(2026, 3, 31));
        if (march > 0)
        {
            FirstNumberAfter([export!], "Консультации в марте 2026: ").ShouldBe(march);
        }

        // Thursday: an unknown phrase, help.
        bot.Clock.Advance(TimeSpan.FromDays(1));
        await SayAsync(me, "покажи что-нибудь интересное");
        var help = Card(await SayAsync(me, "помощь"));
        BotApp.TextsOf(help).ShouldContain(t => t.Contains("объявление", StringComparison.Ordinal));

        // Friday: schools without consultations, thanks.
        bot.Clock.Advance(TimeSpan.FromDays(1));
        await SayAsync(me, "школы без консультаций за 60 дней");
        await SayAsync(me, "спасибо");
    }

    private async Task<IReadOnlyList<JsonObject>> SayAsync(string user, string text)
    {
        var replies = await bot.SayAsync(user, text);
        Check($"{user}: «{text}»", replies);
        return replies;
    }

    private async Task<IReadOnlyList<JsonObject>> PressAsync(string user, string verb, JsonObject data)
    {
        var replies = await bot.SubmitAsync(user, verb, data);
        Check($"{user}: [{verb}]", replies);
        return replies;
    }

    /// <summary>No dead ends: something is said, and a text-only answer (a refusal, «не понял») names a way on.</summary>
    private void Check(string turn, IReadOnlyList<JsonObject> replies)
    {
        transcript.Add(turn);
        replies.ShouldNotBeEmpty($"{turn} got no reply");
        foreach (var reply in replies)
        {
            var card = BotApp.CardOf(reply);
            var text = ((string?)reply["text"] ?? "").Trim();
            if (card is not null)
            {
                BotApp.TextsOf(card).ShouldContain(t => t.Trim().Length > 0, $"{turn}: an empty card");
                continue;
            }

            text.ShouldNotBeEmpty($"{turn}: a reply with neither text nor card");
            WayOn().IsMatch(text).ShouldBeTrue($"{turn}: «{text}» leaves the person nowhere to go");
        }
    }

    /// <summary>A quoted command to write («помощь», «статус») or a link.</summary>
    [GeneratedRegex(@"«[^»]{2,}»|\]\(https?://")]
    private static partial Regex WayOn();

    private static JsonObject Card(IReadOnlyList<JsonObject> replies) =>
        replies.Select(BotApp.CardOf).OfType<JsonObject>().FirstOrDefault() ?? throw new ShouldAssertException(
            "expected a card, got: " + string.Join(" | ", replies.Select(r => (string?)r["text"])));

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static int? FirstNumberAfter(IEnumerable<string> texts, string prefix)
    {
        foreach (var t in texts)
        {
            var i = t.IndexOf(prefix, StringComparison.Ordinal);
            if (i >= 0 && Regex.Match(t[(i + prefix.Length)..], @"^\d+") is { Success: true } m)
            {
                return int.Parse(m.Value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static string? FactValue(JsonObject card, string title) =>
        CardQuery.OfType(card, "FactSet").SelectMany(f => f["facts"]!.AsArray().OfType<JsonObject>())
            .FirstOrDefault(f => (string?)f["title"] == title)?["value"]?.GetValue<string>();

    private async Task<int> SchoolIdAsync(string code)
    {
        await using var db = bot.OpenDatabase();
        return await db.Schools.Where(s => s.Code == code).Select(s => s.Id).SingleAsync();
    }

    private async Task<List<int>> CuratedSchoolsAsync()
    {
        await using var db = bot.OpenDatabase();
        var me = await db.People.SingleAsync(p => p.Email == "curator@demo.schoolsupport.local");
        return await db.RoleAssignments.Where(r => r.PersonId == me.Id && r.SchoolId != null).Select(r => r.SchoolId!.Value).Distinct().ToListAsync();
    }

    private static Task RollupCountMatchesAsync(JsonObject rollup, IReadOnlyCollection<int> schools)
    {
        FirstNumberAfter(BotApp.TextsOf(rollup), "Школ: ").ShouldBe(schools.Count);
        return Task.CompletedTask;
    }

    /// <summary>«выполнено X из Y»: X is the number of items the database holds as done for the school.</summary>
    private async Task StatusCountsMatchDatabaseAsync(JsonObject status, int schoolId)
    {
        var progress = BotApp.TextsOf(status).Select(t => ProgressLine().Match(t)).First(m => m.Success);
        var done = int.Parse(progress.Groups[1].Value, CultureInfo.InvariantCulture);
        var counted = int.Parse(progress.Groups[2].Value, CultureInfo.InvariantCulture);
        await using var db = bot.OpenDatabase();
        var doneInDb = await db.ItemProgress.CountAsync(p => p.SchoolId == schoolId && p.Status == ProgressStatus.Done
            && db.RoadmapItems.Any(i => i.Id == p.ItemId && !i.IsWithdrawn && i.Roadmap!.Year == 2026));
        done.ShouldBe(doneInDb);
        counted.ShouldBeGreaterThanOrEqualTo(done);
        int.Parse(progress.Groups[3].Value, CultureInfo.InvariantCulture).ShouldBe(counted == 0 ? 0 : 100 * done / counted);
    }

    [GeneratedRegex(@"выполнено (\d+) из (\d+) \((\d+)%\)")]
    private static partial Regex ProgressLine();

    private async Task SchoolPeopleMatchDatabaseAsync(JsonObject schoolCard, int schoolId)
    {
        await using var db = bot.OpenDatabase();
        var names = await db.RoleAssignments.Where(r => r.SchoolId == schoolId && (r.Role == Role.Director || r.Role == Role.Curator))
            .Join(db.People, r => r.PersonId, p => p.Id, (r, p) => p.FullName).ToListAsync();
        var texts = string.Join(" ", BotApp.TextsOf(schoolCard));
        foreach (var name in names)
        {
            texts.ShouldContain(name);
        }
    }

    private async Task MyConsultationsMatchDatabaseAsync(string user)
    {
        var list = Card(await SayAsync(user, "мои консультации"));
        await using var db = bot.OpenDatabase();
        var me = await db.People.SingleAsync(p => p.Email == "curator@demo.schoolsupport.local");
        var stored = await db.Consultations.CountAsync(c => c.AuthorPersonId == me.Id && c.DeletedAt == null);
        var shown = BotApp.TextsOf(list).Select(t => RecordsLine().Match(t)).FirstOrDefault(m => m.Success);
        if (stored == 0)
        {
            AnnouncementStatusHttpTests.FindAllVerbData(list, "consultation.show").ShouldBeEmpty();
            return;
        }

        shown.ShouldNotBeNull($"the list names how many records it has: {string.Join(" | ", BotApp.TextsOf(list))}");
        int.Parse(shown.Groups[1].Value, CultureInfo.InvariantCulture).ShouldBe(stored);
    }

    [GeneratedRegex(@"(\d+) запис(?:ь|и|ей)")]
    private static partial Regex RecordsLine();
}
