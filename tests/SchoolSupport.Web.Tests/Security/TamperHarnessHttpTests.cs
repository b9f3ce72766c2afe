using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolSupport.Announcements;
using SchoolSupport.Consultations;
using SchoolSupport.Conversation;
using SchoolSupport.Data;
using SchoolSupport.Imports;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;
using SchoolSupport.Surveys;
using SchoolSupport.Web.Tests.Support;
using SchoolSupport.Web.Tests.Surveys;
using Xunit.Abstractions;

namespace SchoolSupport.Web.Tests.Security;

/// <summary>
/// Every card verb the bot registers, replayed through /api/messages by every demo role and a stranger with the ids
/// of another region's school, municipality, person, roadmap item, consultation, planned action, announcement, survey
/// and import (and of other schools of the demo region, and of nothing at all), and with missing, duplicated,
/// oversized and wrong-typed fields. Nothing may change in the database and no reply may name anything of the other region. The verb
/// list comes from the registrations: a verb without a case below fails the test. One host serves every case.
/// </summary>
public sealed class TamperHarnessHttpTests(ITestOutputHelper output)
{
    private const string Region = "Смоленская область";
    private const string School = "МБОУ «Школа-мишень № 999»";
    private const string Municipality = "Мишенский район";
    private const string ConsultationTopic = "Тайная тема консультации мишени";
    private const string AnnouncementTitle = "Тайное объявление мишени";
    private const string SurveyTitle = "Тайный опрос мишени";
    private const string ImportFile = "тайный-список-мишени.csv";
    private const string PersonName = "Мишенева Тайна Викторовна";
    private const string ItemTitle = "Тайный пункт дорожной карты мишени";
    private const string ActionText = "Тайное запланированное действие мишени";

    private static readonly string[] Markers =
        [School, "Школа-мишень", Municipality, ConsultationTopic, AnnouncementTitle, SurveyTitle, ImportFile, PersonName, ItemTitle, ActionText];

    /// <summary>The demo roles, and a Teams account nobody linked (a stranger).</summary>
    private static readonly string[] Roles = ["director", "curator", "consultant", "municipal", "coordinator", "stranger"];

    /// <summary>The id fields each verb's cards carry. Every registered verb needs an entry (an empty one is allowed).</summary>
    private static readonly Dictionary<string, string[]> Cases = new(StringComparer.Ordinal)
    {
        ["item.mark"] = ["schoolId", "itemId", "roadmapId"],
        ["item.mark.form"] = ["schoolId", "itemId", "roadmapId"],
        ["status.show"] = ["schoolId", "municipalityId"],
        ["status.rollup"] = ["municipalityId", "schoolId"],
        ["status.districts"] = [],
        ["due.page"] = ["schoolId", "municipalityId"],
        ["due.schools"] = ["itemId", "roadmapId"],
        [ConsultationVerbs.New] = ["schoolId"],
        [ConsultationVerbs.AddAction] = ["consultationId", "schoolId"],
        [ConsultationVerbs.Save] = ["consultationId", "schoolId", "personId"],
        [ConsultationVerbs.Edit] = ["consultationId"],
        ["consultation.cancelEdit"] = ["consultationId"],
        [ConsultationVerbs.Delete] = ["consultationId"],
        [ConsultationVerbs.Show] = ["consultationId"],
        [ConsultationVerbs.ActionDone] = ["consultationId", "actionId"],
        [ConsultationVerbs.List] = ["schoolId", "municipalityId", "personId"],
        [ConsultationVerbs.Export] = ["municipalityId", "schoolId"],
        ["announcement.preview"] = ["announcementId"],
        ["announcement.edit"] = ["announcementId"],
        ["announcement.send"] = ["announcementId"],
        ["announcement.status"] = ["announcementId"],
        ["announcement.cancel"] = ["announcementId"],
        ["announcement.remind"] = ["announcementId"],
        ["announcement.export"] = ["announcementId"],
        ["announcement.ack"] = ["announcementId"],
        ["announcement.pending"] = ["announcementId"],
        ["announcement.school"] = ["schoolId"],
        ["survey.start"] = ["surveyId"],
        ["survey.answer"] = ["surveyId"],
        ["survey.preview"] = ["surveyId"],
        ["survey.confirm"] = ["surveyId"],
        ["survey.cancel"] = ["surveyId"],
        ["survey.edit"] = ["surveyId"],
        ["survey.build"] = ["surveyId"],
        ["survey.sample"] = ["surveyId"],
        ["survey.status"] = ["surveyId"],
        ["survey.results"] = ["surveyId", "questionId"],
        ["survey.texts"] = ["surveyId", "questionId"],
        ["survey.remind"] = ["surveyId"],
        ["survey.extend"] = ["surveyId"],
        ["survey.export"] = ["surveyId"],
        [ImportDecisionAction.Apply] = ["importId"],
        [ImportDecisionAction.Cancel] = ["importId"],
        ["roster.assign.confirm"] = ["personId", "schoolId"],
        ["roster.unassign.confirm"] = ["personId", "schoolId"],
        ["roster.deactivate.confirm"] = ["personId"],
        ["roster.change.cancel"] = ["personId"],
    };

    /// <summary>
    /// Verbs whose purpose is to create something of the caller's own whatever the card says: «Пример опроса» makes the
    /// presser's own draft of the sample survey. For them the harness checks that only such drafts appear or change.
    /// </summary>
    private static readonly HashSet<string> MakesOwnDraft = new(StringComparer.Ordinal) { "survey.sample" };

    private sealed record Target(int DemoRegionId, Dictionary<string, string[]> Ids);

    private sealed record Case(string Verb, string Role, string Name, string Json);

    [Fact]
    public async Task EveryCardVerb_AsEveryRole_WithForeignIdsAndBrokenFields_ChangesNothingAndLeaksNothing()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var bot = new BotApp(configureServices: QuietHost.Services());
        var target = await PlantOtherRegionAsync(bot);
        var planted = clock.Elapsed;

        using var scope = bot.Services.CreateScope();
        var registered = scope.ServiceProvider.GetServices<ICardAction>().SelectMany(a => a.Verbs).Distinct().Order(StringComparer.Ordinal).ToList();
        registered.Where(v => !Cases.ContainsKey(v)).ShouldBeEmpty("registered verbs without a tamper case");
        Cases.Keys.Where(v => !registered.Contains(v)).ShouldBeEmpty("tamper cases for verbs nobody registers");

        var cases = registered.SelectMany((verb, i) => CasesOf(verb, i, target)).ToList();
        var leaks = new ConcurrentQueue<string>();
        var failures = new ConcurrentQueue<string>();
        var changes = new List<string>();
        var ran = 0;
        var snapshots = TimeSpan.Zero;
        using var db = bot.OpenDatabase();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var before = DatabaseSnapshot.Take(db, DatabaseSnapshot.Bookkeeping);
        var surveysBefore = await SurveysOtherThanOwnSampleDraftsAsync(db, target);
        snapshots += watch.Elapsed;
        foreach (var verbCases in cases.GroupBy(c => c.Verb))
        {
            await Parallel.ForEachAsync(verbCases, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (c, _) =>
            {
                var (status, said) = await SendAsync(bot, c.Role, c.Verb, c.Json, invoke: Interlocked.Increment(ref ran) % 2 == 0);
                if (status >= 500)
                {
                    failures.Enqueue($"{c.Verb} as {c.Role}, {c.Name}: HTTP {status}");
                }

                foreach (var marker in Markers.Where(m => said.Contains(m, StringComparison.Ordinal)))
                {
                    leaks.Enqueue($"{c.Verb} as {c.Role}, {c.Name}: reply names «{marker}»");
                }
            });

            // The snapshot after one verb is the one before the next: every change is charged to the verb that made it.
            watch.Restart();
            var after = DatabaseSnapshot.Take(db, DatabaseSnapshot.Bookkeeping);
            snapshots += watch.Elapsed;
            var differences = before.Differences(after);
            if (MakesOwnDraft.Contains(verbCases.Key))
            {
                differences = differences.Where(d => !d.StartsWith("Surveys:", StringComparison.Ordinal)).ToList();
                var surveysAfter = await SurveysOtherThanOwnSampleDraftsAsync(db, target);
                changes.AddRange(surveysBefore.Except(surveysAfter).Select(r => $"{verbCases.Key}: survey changed or gone: {r}"));
                changes.AddRange(surveysAfter.Except(surveysBefore).Select(r => $"{verbCases.Key}: survey added or changed: {r}"));
                surveysBefore = surveysAfter;
            }

            changes.AddRange(differences.Select(d => $"{verbCases.Key}: {d}"));
            before = after;
        }

        // Reported, not asserted: the durations show where the time goes on a loaded machine.
        var summary = $"Tamper harness: {ran} cases over {registered.Count} verbs and {Roles.Length} roles; "
                      + $"{leaks.Count} leaks, {changes.Count} changed tables, {failures.Count} server errors "
                      + $"(setup {planted.TotalSeconds:0.0} s, total {clock.Elapsed.TotalSeconds:0.0} s, snapshots {snapshots.TotalSeconds:0.0} s).";
        output.WriteLine(summary);
        Console.WriteLine(summary);
        foreach (var line in failures.Concat(leaks).Concat(changes).Take(200))
        {
            output.WriteLine(line);
            Console.WriteLine(line);
        }

        failures.ShouldBeEmpty();
        leaks.ShouldBeEmpty();
        changes.ShouldBeEmpty();
        ran.ShouldBe(cases.Count);
        ran.ShouldBeGreaterThan(1000);
    }

    /// <summary>
    /// Every foreign id in every field as every role. The broken-field replays (missing, mistyped, oversized,
    /// duplicated) test the reader rather than the caller's scope, so each runs once, as the next role in turn.
    /// </summary>
    private static IEnumerable<Case> CasesOf(string verb, int verbIndex, Target target)
    {
        var turn = verbIndex;
        foreach (var (name, json, everyRole) in Variants(verb, target))
        {
            if (everyRole)
            {
                foreach (var role in Roles)
                {
                    yield return new Case(verb, role, name, json);
                }
            }
            else
            {
                yield return new Case(verb, Roles[turn++ % Roles.Length], name, json);
            }
        }
    }

    private static IEnumerable<(string Name, string Json, bool EveryRole)> Variants(string verb, Target target)
    {
        var keys = Cases[verb];
        JsonObject Foreign(string except = "", string? value = null) =>
            new(keys.Where(k => k != except).Select(k => KeyValuePair.Create(k, (JsonNode?)JsonValue.Create(target.Ids[Kind(k)][0]))))
            {
                [except.Length == 0 ? "_" : except] = value,
            };

        // Another region's, another school's and nobody's ids, one field at a time and all together.
        foreach (var key in keys)
        {
            foreach (var id in target.Ids[Kind(key)])
            {
                yield return ($"{key}={id}", Foreign(key, id).ToJsonString(), true);
            }
        }

        yield return ("all foreign", Foreign().ToJsonString(), true);
        yield return ("no fields", "{}", true);
        foreach (var key in keys)
        {
            var missing = Foreign();
            missing.Remove(key);
            yield return ($"{key} missing", missing.ToJsonString(), false);
            yield return ($"{key} as number", Replace(Foreign(), key, JsonValue.Create(int.Parse(target.Ids[Kind(key)][0], CultureInfo.InvariantCulture))), false);
            yield return ($"{key} as array", Replace(Foreign(), key, new JsonArray(target.Ids[Kind(key)][0], "1")), false);
            yield return ($"{key} as object", Replace(Foreign(), key, new JsonObject { ["id"] = target.Ids[Kind(key)][0] }), false);
            yield return ($"{key} oversized", Replace(Foreign(), key, JsonValue.Create(new string('9', 5000))), false);
            yield return ($"{key} injected", Replace(Foreign(), key, JsonValue.Create("1 OR 1=1; --")), false);
            yield return ($"{key} huge", Replace(Foreign(), key, JsonValue.Create("99999999999999999999")), false);
            // A duplicated property: the first copy is ours, the second the other region's.
            var json = Foreign().ToJsonString();
            yield return ($"{key} duplicated", json.Insert(1, $"\"{key}\":\"1\","), false);
        }

        yield return ("oversized free text", Replace(Foreign(), "text", JsonValue.Create(new string('я', 20000))), false);
        var wrongTypes = Foreign();
        wrongTypes["status"] = 7;
        yield return ("wrong-typed inputs", Replace(wrongTypes, "note", new JsonArray(1, 2)), false);
    }

    /// <summary>Every survey except the sample drafts that coordinators of the demo region own, one line each.</summary>
    private static async Task<List<string>> SurveysOtherThanOwnSampleDraftsAsync(SchoolSupportDbContext db, Target target)
    {
        var coordinators = await db.RoleAssignments.AsNoTracking()
            .Where(r => r.RegionId == target.DemoRegionId && (r.Role == Role.RegionalCoordinator || r.Role == Role.MunicipalCoordinator))
            .Select(r => r.PersonId).ToListAsync();
        var rows = await db.Surveys.AsNoTracking().OrderBy(s => s.Id).ToListAsync();
        db.ChangeTracker.Clear();
        return rows
            .Where(s => !(s.IsSample && s.Status == SurveyStatus.Draft && s.RegionId == target.DemoRegionId && coordinators.Contains(s.OwnerPersonId)))
            .Select(s => $"{s.Id}|{s.RegionId}|{s.Key}|{s.OwnerPersonId}|{s.Status}|{s.Title}|{s.UpdatedAt:O}|{s.Questions.Length}")
            .ToList();
    }

    private static string Replace(JsonObject data, string key, JsonNode? value)
    {
        data[key] = value;
        return data.ToJsonString();
    }

    private static string Kind(string key) => key switch
    {
        "questionId" => "other",
        _ => key,
    };

    private static async Task<(int Status, string Said)> SendAsync(BotApp bot, string role, string verb, string dataJson, bool invoke)
    {
        var user = role == "stranger" ? "29:stranger-account" : "29:demo-" + role;
        var data = dataJson.Replace("\"_\":null", "", StringComparison.Ordinal).Replace(",}", "}", StringComparison.Ordinal).Replace("{,", "{", StringComparison.Ordinal);
        JsonObject activity;
        string body;
        if (invoke)
        {
            activity = BotApp.Activity(user, type: "invoke", channelId: "msteams");
            activity.Remove("deliveryMode");
            activity["name"] = "adaptiveCard/action";
            activity["id"] = "tamper-" + Guid.NewGuid().ToString("N");
            activity["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = "@@DATA@@" } };
            body = activity.ToJsonString().Replace("\"@@DATA@@\"", data, StringComparison.Ordinal);
        }
        else
        {
            activity = BotApp.Activity(user);
            activity["id"] = "tamper-" + Guid.NewGuid().ToString("N");
            activity["value"] = "@@DATA@@";
            body = activity.ToJsonString().Replace("\"@@DATA@@\"", data.Insert(1, $"\"verb\":\"{verb}\"" + (data == "{}" ? "" : ",")), StringComparison.Ordinal);
        }

        using var client = bot.CreateClient();
        using var response = await client.PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json"));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A second region with a school, a district, a director, a coordinator, a roadmap item, a consultation with a planned action, an announcement, a survey and a pending import.</summary>
    private static async Task<Target> PlantOtherRegionAsync(BotApp bot)
    {
        var folder = Path.Combine(Path.GetTempPath(), "tamper-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var schools = Path.Combine(folder, "schools.csv");
        await File.WriteAllTextAsync(schools, $"Код ОО;Полное наименование ОО;Краткое наименование;Муниципальный район;Год участия\nСМ-999;{School.Replace("«", "\"\"", StringComparison.Ordinal)};Школа-мишень № 999;{Municipality};2022\n".Replace("\"\"", "«", StringComparison.Ordinal), Encoding.UTF8);
        var people = Path.Combine(folder, "people.csv");
        await File.WriteAllTextAsync(people, "ФИО;E-mail;Роль;Муниципальный район;Школы;Телефон\n"
            + $"{PersonName};target-director@smolensk.example;директор;{Municipality};СМ-999;\n"
            + $"Мишенев Координатор Петрович;target-coordinator@smolensk.example;региональный координатор;;;\n", Encoding.UTF8);
        foreach (var args in new[] { new[] { "schools", "import", schools }, ["people", "import", people] })
        {
            var run = await SurveyDriver.CliAsync(bot, [.. args, "--region", Region]);
            run.Code.ShouldBe(0, run.Out + run.Error);
        }

        var survey = SurveyDriver.SampleFile("2026-03-18T09:00", "2026-03-25", json =>
        {
            json["id"] = "tainyi-opros";
            json["title"] = SurveyTitle;
            json.Remove("roadmapItem");
        });
        var imported = await SurveyDriver.CliAsync(bot, "survey", "import", survey, "--region", Region);
        imported.Code.ShouldBe(0, imported.Out + imported.Error);

        await using var db = bot.OpenDatabase();
        var region = await db.Regions.SingleAsync(r => r.Name == Region);
        var school = await db.Schools.SingleAsync(s => s.RegionId == region.Id);
        var director = await db.People.SingleAsync(p => p.FullName == PersonName);
        var coordinator = await db.People.SingleAsync(p => p.Email == "target-coordinator@smolensk.example");
        var consultation = new Consultation
        {
            SchoolId = school.Id,
            RegionId = region.Id,
            MunicipalityId = school.MunicipalityId,
            AuthorPersonId = coordinator.Id,
            Date = new DateOnly(2026, 3, 10),
            DurationMinutes = 60,
            Topic = ConsultationTopic,
            Decisions = "Тайные решения",
            SourceKey = "tamper-harness",
            CreatedAt = bot.Clock.GetUtcNow().UtcDateTime,
            UpdatedAt = bot.Clock.GetUtcNow().UtcDateTime,
            Actions = [new ConsultationAction { Order = 1, Text = ActionText, DueDate = new DateOnly(2026, 3, 20) }],
        };
        db.Consultations.Add(consultation);
        var roadmap = new Roadmap
        {
            Title = "Дорожная карта мишени",
            RegionId = region.Id,
            Year = 2026,
            SourceFileName = "мишень.docx",
            DocumentKey = "tamper-harness",
            ImportedAt = bot.Clock.GetUtcNow().UtcDateTime,
            Items =
            [
                new RoadmapItem
                {
                    Number = "1.1",
                    Order = 1,
                    Title = ItemTitle,
                    TimeframeText = "март 2026",
                    StartDate = new DateOnly(2026, 3, 1),
                    EndDate = new DateOnly(2026, 3, 31),
                    DueDate = new DateOnly(2026, 3, 31),
                    TrackedPerSchool = true,
                    ResponsibleRoles = RoleMask.Director,
                },
            ],
        };
        db.Roadmaps.Add(roadmap);
        var announcement = new Announcement
        {
            RegionId = region.Id,
            AuthorPersonId = coordinator.Id,
            Title = AnnouncementTitle,
            Text = "Тайный текст",
            Status = AnnouncementStatus.Draft,
            CreatedAt = bot.Clock.GetUtcNow().UtcDateTime,
        };
        db.Announcements.Add(announcement);
        var pending = new PendingImport
        {
            PersonId = coordinator.Id,
            Kind = "schools",
            FileName = ImportFile,
            Content = await File.ReadAllBytesAsync(schools),
            CreatedAt = bot.Clock.GetUtcNow().UtcDateTime,
            ExpiresAt = bot.Clock.GetUtcNow().UtcDateTime.AddDays(1),
        };
        db.PendingImports.Add(pending);
        await db.SaveChangesAsync();
        Directory.Delete(folder, recursive: true);

        // Another school of the demo region (outside every demo person's own school), and ids that exist nowhere.
        var demoRegion = await db.Regions.SingleAsync(r => r.Name == Demo.DemoSeeder.RegionName);
        var lastDemoSchool = await db.Schools.Where(s => s.RegionId == demoRegion.Id).OrderByDescending(s => s.Id).FirstAsync();
        var demoConsultation = await db.Consultations.Where(c => c.RegionId == demoRegion.Id).OrderByDescending(c => c.Id).Select(c => c.Id).FirstAsync();
        static string S(int id) => id.ToString(CultureInfo.InvariantCulture);
        return new Target(demoRegion.Id, new Dictionary<string, string[]>
        {
            ["schoolId"] = [S(school.Id), S(lastDemoSchool.Id), "999999", "0", "-1"],
            ["municipalityId"] = [S(school.MunicipalityId ?? 0), S(lastDemoSchool.MunicipalityId ?? 0), "999999"],
            ["personId"] = [S(director.Id), S(coordinator.Id), "999999"],
            ["consultationId"] = [S(consultation.Id), S(demoConsultation), "999999"],
            ["announcementId"] = [S(announcement.Id), "999999", "0"],
            ["surveyId"] = [S(await db.Surveys.Where(s => s.RegionId == region.Id).Select(s => s.Id).SingleAsync()), "999999", "0"],
            ["importId"] = [S(pending.Id), "999999", "0"],
            ["itemId"] = [S(roadmap.Items[0].Id), "1", "999999", "-1"],
            ["roadmapId"] = [S(roadmap.Id), "1", "999999"],
            ["actionId"] = [S(consultation.Actions[0].Id), "999999", "-1"],
            ["other"] = ["1", "999999", "-1"],
        });
    }
}
