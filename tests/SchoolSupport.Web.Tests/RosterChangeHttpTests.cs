using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.People;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests;

/// <summary>
/// Coordinators change the roster in chat: «закрепить куратора … за школой …», «открепить …», «отключить …». Each
/// answers with a confirmation card; pressing it re-checks every id against the presser's scope.
/// </summary>
public sealed class RosterChangeHttpTests : IAsyncLifetime
{
    private const string Regional = "29:demo-coordinator";
    private const string Municipal = "29:demo-municipal"; // Лужский район: ЛО-001, ЛО-002, ЛО-003
    private const string Curator2 = "curator2@demo.schoolsupport.local"; // ЛО-003, ЛО-005, ЛО-006, ЛО-007

    private readonly BotApp bot = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await bot.DisposeAsync();

    private static string? VerbOf(JsonNode? action) => (string?)action?["verb"] ?? (string?)action?["data"]?["verb"];

    private async Task<JsonObject> CardAsync(string userId, string text)
    {
        var reply = (await bot.SayAsync(userId, text)).Single();
        return BotApp.CardOf(reply) ?? throw new InvalidOperationException("No card: " + (string?)reply["text"]);
    }

    private static JsonObject DataOf(JsonObject card, string verb)
    {
        var action = FindAction(card, verb) ?? throw new InvalidOperationException("No button " + verb);
        var data = (JsonObject)action["data"]!.DeepClone();
        data.Remove("verb");
        return data;
    }

    private static JsonNode? FindAction(JsonNode? node, string verb) => node switch
    {
        JsonObject o when (string?)o["type"] is "Action.Execute" or "Action.Submit" && VerbOf(o) == verb => o,
        JsonObject o => o.Select(p => FindAction(p.Value, verb)).FirstOrDefault(a => a is not null),
        JsonArray a => a.Select(i => FindAction(i, verb)).FirstOrDefault(x => x is not null),
        _ => null,
    };

    private async Task<(int Roles, int Changes, int Active)> CountsAsync()
    {
        await using var db = bot.OpenDatabase();
        return (await db.RoleAssignments.CountAsync(), await db.RosterChanges.CountAsync(), await db.People.CountAsync(p => p.IsActive));
    }

    private async Task<int> SchoolIdAsync(string code)
    {
        await using var db = bot.OpenDatabase();
        return await db.Schools.Where(s => s.Code == code).Select(s => s.Id).SingleAsync();
    }

    private async Task<int> PersonIdAsync(string email)
    {
        await using var db = bot.OpenDatabase();
        return await db.People.Where(p => p.Email == email).Select(p => p.Id).SingleAsync();
    }

    private async Task<bool> AssignedAsync(string email, string code)
    {
        await using var db = bot.OpenDatabase();
        return await db.RoleAssignments.AnyAsync(r => r.Role == Role.Curator
            && db.People.Any(p => p.Id == r.PersonId && p.Email == email)
            && db.Schools.Any(s => s.Id == r.SchoolId && s.Code == code));
    }

    [Fact]
    public async Task RegionalCoordinator_AssignsCurator_ConfirmStoresTheRoleAndAnAuditRow()
    {
        var card = await CardAsync(Regional, $"закрепить куратора {Curator2} за школой ЛО-002");
        BotApp.TextsOf(card).ShouldContain("Закрепить куратора за школой?");
        BotApp.TextsOf(card).ShouldContain("Толмачёвская СОШ (ЛО-002)");
        (await AssignedAsync(Curator2, "ЛО-002")).ShouldBeFalse("the card alone changes nothing");

        var (_, body) = await bot.ExecuteAsync(Regional, RosterChangeAction.ConfirmAssign, DataOf(card, RosterChangeAction.ConfirmAssign));

        BotApp.TextsOf(body).ShouldContain("Куратор закреплён");
        (await AssignedAsync(Curator2, "ЛО-002")).ShouldBeTrue();
        await using (var db = bot.OpenDatabase())
        {
            var change = await db.RosterChanges.SingleAsync(c => c.Action == RosterActions.Assign);
            change.ActorPersonId.ShouldBe(await PersonIdAsync("coordinator@demo.schoolsupport.local"));
            change.PersonId.ShouldBe(await PersonIdAsync(Curator2));
            change.SchoolId.ShouldBe(await SchoolIdAsync("ЛО-002"));
            change.Details.ShouldContain("Никитин Павел Андреевич");
        }

        // The curator now reaches the school.
        var whoami = BotApp.TextsOf(BotApp.CardOf((await bot.SayAsync("29:demo-curator2", "кто я")).Single()));
        whoami.ShouldContain(t => t.EndsWith(". МОУ «Толмачёвская СОШ»", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MunicipalCoordinator_AssignsCuratorByNameToASchoolOfTheDistrict()
    {
        var card = await CardAsync(Municipal, "закрепить куратора Фёдорова Елена за школой Осьминская СОШ");
        BotApp.TextsOf(card).ShouldContain("Фёдорова Елена Михайловна");

        await bot.ExecuteAsync(Municipal, RosterChangeAction.ConfirmAssign, DataOf(card, RosterChangeAction.ConfirmAssign));

        (await AssignedAsync("curator3@demo.schoolsupport.local", "ЛО-003")).ShouldBeTrue();
        await using var db = bot.OpenDatabase();
        var role = await db.RoleAssignments.SingleAsync(r => r.SchoolId == db.Schools.Single(s => s.Code == "ЛО-003").Id
            && r.PersonId == db.People.Single(p => p.Email == "curator3@demo.schoolsupport.local").Id);
        role.MunicipalityId.ShouldBe(await db.Municipalities.Where(m => m.Name == "Лужский район").Select(m => (int?)m.Id).SingleAsync());
        (await db.RosterChanges.CountAsync(c => c.Action == RosterActions.Assign)).ShouldBe(1);
    }

    [Fact]
    public async Task RegionalCoordinator_UnassignsCurator_TheRoleIsRemovedAndAudited()
    {
        var card = await CardAsync(Regional, "открепить куратора curator@demo.schoolsupport.local от школы ЛО-004");

        var (_, body) = await bot.ExecuteAsync(Regional, RosterChangeAction.ConfirmUnassign, DataOf(card, RosterChangeAction.ConfirmUnassign));

        BotApp.TextsOf(body).ShouldContain("Куратор откреплён");
        (await AssignedAsync("curator@demo.schoolsupport.local", "ЛО-004")).ShouldBeFalse();
        (await AssignedAsync("curator@demo.schoolsupport.local", "ЛО-001")).ShouldBeTrue("other schools stay");
        await using var db = bot.OpenDatabase();
        (await db.RosterChanges.CountAsync(c => c.Action == RosterActions.Unassign)).ShouldBe(1);
    }

    [Fact]
    public async Task MunicipalCoordinator_DeactivatesDirectorOfTheDistrict_PersonLosesAccessAndKeepsHistory()
    {
        var card = await CardAsync(Municipal, "отключить director3@demo.schoolsupport.local");
        BotApp.TextsOf(card).ShouldContain("Отключить участника?");

        var (_, body) = await bot.ExecuteAsync(Municipal, RosterChangeAction.ConfirmDeactivate, DataOf(card, RosterChangeAction.ConfirmDeactivate));

        BotApp.TextsOf(body).ShouldContain("Участник отключён");
        await using (var db = bot.OpenDatabase())
        {
            var person = await db.People.Include(p => p.Roles).SingleAsync(p => p.Email == "director3@demo.schoolsupport.local");
            person.IsActive.ShouldBeFalse();
            person.Roles.ShouldNotBeEmpty("history and roles are kept");
            (await db.RosterChanges.CountAsync(c => c.Action == RosterActions.Deactivate && c.PersonId == person.Id)).ShouldBe(1);
        }

        var whoami = BotApp.CardOf((await bot.SayAsync("29:demo-director3", "кто я")).Single());
        BotApp.TextsOf(whoami).ShouldNotContain("Васильева Наталья Юрьевна");
        var status = (await bot.SayAsync("29:demo-director3", "статус")).Single();
        BotApp.CardOf(status).ShouldBeNull();
    }

    [Fact]
    public async Task MunicipalCoordinator_SchoolInAnotherDistrict_IsRefusedAndChangesNothing()
    {
        var before = await CountsAsync();

        var reply = (await bot.SayAsync(Municipal, $"закрепить куратора {Curator2} за школой ЛО-004")).Single();

        ((string?)reply["text"]).ShouldNotBeNull().ShouldContain("среди школ, которые вы координируете");
        BotApp.CardOf(reply).ShouldBeNull();
        (await CountsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task MunicipalCoordinator_DeactivatingSomeoneOutsideTheDistrict_IsRefusedAndChangesNothing()
    {
        var before = await CountsAsync();

        // A director of Kingisepp, and a curator who also serves a Kingisepp school.
        var director = (await bot.SayAsync(Municipal, "отключить director4@demo.schoolsupport.local")).Single();
        var curator = (await bot.SayAsync(Municipal, "отключить curator@demo.schoolsupport.local")).Single();

        ((string?)director["text"]).ShouldNotBeNull().ShouldContain("не только в вашем районе");
        ((string?)curator["text"]).ShouldNotBeNull().ShouldContain("не только в вашем районе");
        (await CountsAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("29:demo-curator")]
    [InlineData("29:demo-director")]
    public async Task NotACoordinator_IsRefusedAndChangesNothing(string userId)
    {
        var before = await CountsAsync();

        var assign = (await bot.SayAsync(userId, $"закрепить куратора {Curator2} за школой ЛО-001")).Single();
        var deactivate = (await bot.SayAsync(userId, "отключить director2@demo.schoolsupport.local")).Single();
        var (_, pressed) = await bot.ExecuteAsync(userId, RosterChangeAction.ConfirmAssign, new JsonObject
        {
            ["personId"] = await PersonIdAsync(Curator2),
            ["schoolId"] = await SchoolIdAsync("ЛО-001"),
            ["requestKey"] = Guid.NewGuid().ToString("N"),
        });

        ((string?)assign["text"]).ShouldNotBeNull().ShouldContain("могут региональные и муниципальные координаторы");
        ((string?)deactivate["text"]).ShouldNotBeNull().ShouldContain("могут региональные и муниципальные координаторы");
        BotApp.TextsOf(pressed).ShouldContain(t => t.Contains("могут региональные и муниципальные координаторы", StringComparison.Ordinal));
        (await CountsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task TamperedIdsInTheConfirmationCard_AreRefusedAndChangeNothing()
    {
        var assignCard = await CardAsync(Municipal, $"закрепить куратора {Curator2} за школой ЛО-002");
        var deactivateCard = await CardAsync(Municipal, "отключить director3@demo.schoolsupport.local");
        var before = await CountsAsync();

        var otherDistrict = DataOf(assignCard, RosterChangeAction.ConfirmAssign);
        otherDistrict["schoolId"] = await SchoolIdAsync("ЛО-004");
        var notACurator = DataOf(assignCard, RosterChangeAction.ConfirmAssign);
        notACurator["personId"] = await PersonIdAsync("director2@demo.schoolsupport.local");
        var noSuchPerson = DataOf(assignCard, RosterChangeAction.ConfirmAssign);
        noSuchPerson["personId"] = 999_999;
        var garbage = DataOf(assignCard, RosterChangeAction.ConfirmAssign);
        garbage["schoolId"] = "1 OR 1=1";
        var regionalCoordinator = DataOf(deactivateCard, RosterChangeAction.ConfirmDeactivate);
        regionalCoordinator["personId"] = await PersonIdAsync("coordinator@demo.schoolsupport.local");
        var kingiseppDirector = DataOf(deactivateCard, RosterChangeAction.ConfirmDeactivate);
        kingiseppDirector["personId"] = await PersonIdAsync("director4@demo.schoolsupport.local");

        var answers = new List<JsonObject?>
        {
            (await bot.ExecuteAsync(Municipal, RosterChangeAction.ConfirmAssign, otherDistrict)).Body,
            (await bot.ExecuteAsync(Municipal, RosterChangeAction.ConfirmAssign, notACurator)).Body,
            (await bot.ExecuteAsync(Municipal, RosterChangeAction.ConfirmAssign, noSuchPerson)).Body,
            (await bot.ExecuteAsync(Municipal, RosterChangeAction.ConfirmAssign, garbage)).Body,
            (await bot.ExecuteAsync(Municipal, RosterChangeAction.ConfirmDeactivate, regionalCoordinator)).Body,
            (await bot.ExecuteAsync(Municipal, RosterChangeAction.ConfirmDeactivate, kingiseppDirector)).Body,
            // The assign card's ids pressed as an unassign: Никитин is not assigned to ЛО-002.
            (await bot.ExecuteAsync(Municipal, RosterChangeAction.ConfirmUnassign, DataOf(assignCard, RosterChangeAction.ConfirmAssign))).Body,
        };

        foreach (var answer in answers)
        {
            ((string?)answer?["type"]).ShouldBe("application/vnd.microsoft.activity.message", answer?.ToJsonString());
        }

        (await CountsAsync()).ShouldBe(before);
        (await AssignedAsync(Curator2, "ЛО-004")).ShouldBeFalse();
    }

    [Fact]
    public async Task ConfirmPressedTwiceAtOnce_ChangesOnce()
    {
        var card = await CardAsync(Regional, $"закрепить куратора {Curator2} за школой ЛО-002");
        var data = DataOf(card, RosterChangeAction.ConfirmAssign);
        var before = await CountsAsync();

        var presses = await Task.WhenAll(
            bot.ExecuteAsync(Regional, RosterChangeAction.ConfirmAssign, data),
            bot.ExecuteAsync(Regional, RosterChangeAction.ConfirmAssign, data));
        var again = await bot.ExecuteAsync(Regional, RosterChangeAction.ConfirmAssign, data);

        presses.Count(p => BotApp.TextsOf(p.Body).Contains("Куратор закреплён")).ShouldBe(1);
        BotApp.TextsOf(again.Body).ShouldContain("Это изменение уже сохранено.");
        (await CountsAsync()).ShouldBe((before.Roles + 1, before.Changes + 1, before.Active));
    }

    [Fact]
    public async Task Cancel_ChangesNothing()
    {
        var card = await CardAsync(Regional, "отключить director2@demo.schoolsupport.local");
        var before = await CountsAsync();

        var (_, body) = await bot.ExecuteAsync(Regional, RosterChangeAction.Cancel, DataOf(card, RosterChangeAction.Cancel));

        BotApp.TextsOf(body).ShouldContain("Ничего не изменено.");
        (await CountsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task AlreadyAssigned_IsSaidWithoutACard()
    {
        var reply = (await bot.SayAsync(Regional, "закрепить куратора curator@demo.schoolsupport.local за школой ЛО-001")).Single();

        ((string?)reply["text"]).ShouldNotBeNull().ShouldContain("уже закреплён");
        BotApp.CardOf(reply).ShouldBeNull();
    }

    [Fact]
    public async Task RemindersSwitch_StillReachesTheReminderCommand()
    {
        var reply = (await bot.SayAsync("29:demo-director", "отключить напоминания")).Single();

        ((string?)reply["text"] ?? string.Join(' ', BotApp.TextsOf(BotApp.CardOf(reply)))).ShouldNotContain("координаторы");
        await using var db = bot.OpenDatabase();
        (await db.People.SingleAsync(p => p.Email == "director@demo.schoolsupport.local")).RemindersMuted.ShouldBeTrue();
    }
}
