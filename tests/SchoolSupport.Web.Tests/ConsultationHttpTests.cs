using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests;

/// <summary>A curator logs consultations through /api/messages exactly as Web Chat would send the card.</summary>
public sealed class ConsultationHttpTests : IDisposable
{
    private readonly BotApp bot = new();

    private async Task<JsonObject> OpenFormAsync(string userId = "29:demo-curator")
    {
        var form = BotApp.CardOf((await bot.SayAsync(userId, "записать консультацию")).Single()).ShouldNotBeNull();
        return FindAction(form, "consultation.save");
    }

    private static JsonObject FindAction(JsonNode? node, string verb)
    {
        switch (node)
        {
            case JsonObject o when IsSubmit(o, verb):
                return (JsonObject)o["data"]!.DeepClone();
            case JsonObject o:
                foreach (var (_, child) in o)
                {
                    if (TryFind(child, verb) is { } found)
                    {
                        return found;
                    }
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    if (TryFind(child, verb) is { } found)
                    {
                        return found;
                    }
                }

                break;
        }

        throw new InvalidOperationException($"No Action.Submit with verb {verb}");
    }

    private static bool IsSubmit(JsonObject o, string verb) =>
        (string?)o["type"] == "Action.Submit" && o["data"] is JsonObject data && (string?)data["verb"] == verb;

    private static JsonObject? TryFind(JsonNode? node, string verb)
    {
        try
        {
            return FindAction(node, verb);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private async Task<int> SchoolIdAsync(string name)
    {
        await using var db = bot.OpenDatabase();
        return await db.Schools.Where(s => s.Name == name).Select(s => s.Id).SingleAsync();
    }

    private static JsonObject Fill(JsonObject data, int schoolId, string date = "2026-03-17", string topic = "Антирисковая программа")
    {
        data["schoolId"] = schoolId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        data["date"] = date;
        data["format"] = "InPerson";
        data["duration"] = "60";
        data["participants"] = "директор, заместитель по УВР";
        data["topic"] = topic;
        data["decisions"] = "Скорректировать план мероприятий по направлению «низкая учебная мотивация».";
        data["plan"] = "Провести педсовет";
        data["action1Text"] = "Провести педсовет по мотивации";
        data["action1Due"] = "2026-03-30";
        return data;
    }

    [Fact]
    public async Task Save_ForAssignedSchool_StoresEveryFieldAndConfirms()
    {
        var schoolId = await SchoolIdAsync("МОУ «СОШ № 3» г. Луги");
        var replies = await bot.SubmitAsync("29:demo-curator", "consultation.save", Fill(await OpenFormAsync(), schoolId));

        BotApp.TextsOf(BotApp.CardOf(replies.Single())).ShouldContain(t => t.Contains("Антирисковая программа"));
        await using var db = bot.OpenDatabase();
        var row = await db.Consultations.Include(c => c.Actions).SingleAsync(c => !c.SourceKey.StartsWith("demo:"));
        row.SchoolId.ShouldBe(schoolId);
        row.Date.ShouldBe(new DateOnly(2026, 3, 17));
        row.DurationMinutes.ShouldBe(60);
        row.Topic.ShouldBe("Антирисковая программа");
        row.Decisions.ShouldContain("низкая учебная мотивация");
        row.Actions.ShouldHaveSingleItem().DueDate.ShouldBe(new DateOnly(2026, 3, 30));
    }

    [Fact]
    public async Task Save_ForUnassignedSchool_IsRefusedAndStoresNothing()
    {
        var foreign = await SchoolIdAsync("МОУ «Шугозерская СОШ»");
        var replies = await bot.SubmitAsync("29:demo-curator", "consultation.save", Fill(await OpenFormAsync(), foreign));

        replies.ShouldNotBeEmpty();
        await using var db = bot.OpenDatabase();
        (await db.Consultations.CountAsync(c => !c.SourceKey.StartsWith("demo:"))).ShouldBe(0);
    }

    [Fact]
    public async Task Save_DeliveredTwice_StoresOneRow()
    {
        var schoolId = await SchoolIdAsync("МОУ «СОШ № 3» г. Луги");
        var data = Fill(await OpenFormAsync(), schoolId);
        await bot.SubmitAsync("29:demo-curator", "consultation.save", data, activityId: "same-delivery");
        await bot.SubmitAsync("29:demo-curator", "consultation.save", data, activityId: "same-delivery");
        await bot.SubmitAsync("29:demo-curator", "consultation.save", data, activityId: "another-click-same-card");

        await using var db = bot.OpenDatabase();
        (await db.Consultations.CountAsync(c => !c.SourceKey.StartsWith("demo:"))).ShouldBe(1);
    }

    [Fact]
    public async Task Save_FutureDate_ShowsTheFieldErrorAndStoresNothing()
    {
        var schoolId = await SchoolIdAsync("МОУ «СОШ № 3» г. Луги");
        var replies = await bot.SubmitAsync("29:demo-curator", "consultation.save", Fill(await OpenFormAsync(), schoolId, date: "2026-03-25"));

        BotApp.TextsOf(BotApp.CardOf(replies.Single())).ShouldContain(t => t.Contains("будущ", StringComparison.OrdinalIgnoreCase));
        await using var db = bot.OpenDatabase();
        (await db.Consultations.CountAsync(c => !c.SourceKey.StartsWith("demo:"))).ShouldBe(0);
    }

    [Fact]
    public async Task Save_TenThousandCharacterTopic_IsRejectedWithAReason()
    {
        var schoolId = await SchoolIdAsync("МОУ «СОШ № 3» г. Луги");
        var data = Fill(await OpenFormAsync(), schoolId);
        data["decisions"] = new string('р', 10_000);
        var replies = await bot.SubmitAsync("29:demo-curator", "consultation.save", data);

        BotApp.TextsOf(BotApp.CardOf(replies.Single())).ShouldContain(t => t.Contains("символ"));
        await using var db = bot.OpenDatabase();
        (await db.Consultations.CountAsync(c => !c.SourceKey.StartsWith("demo:"))).ShouldBe(0);
    }

    [Fact]
    public async Task Edit_AfterSevenDays_IsRefused()
    {
        var schoolId = await SchoolIdAsync("МОУ «СОШ № 3» г. Луги");
        var confirmation = BotApp.CardOf((await bot.SubmitAsync("29:demo-curator", "consultation.save", Fill(await OpenFormAsync(), schoolId))).Single());
        var edit = FindAction(confirmation, "consultation.edit");

        bot.Clock.Advance(TimeSpan.FromDays(8));
        var replies = await bot.SubmitAsync("29:demo-curator", "consultation.edit", edit);

        string.Join(" ", replies.Select(r => (string?)r["text"] ?? string.Join(" ", BotApp.TextsOf(BotApp.CardOf(r)))))
            .ShouldContain("7");
        await using var db = bot.OpenDatabase();
        (await db.ConsultationRevisions.CountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task ConcurrentFirstTurnsOfANewUser_BothSucceed()
    {
        var first = bot.SayAsync("29:brand-new", "помощь");
        var second = bot.SayAsync("29:brand-new", "помощь");
        (await Task.WhenAll(first, second)).ShouldAllBe(r => r.Count == 1);

        await using var db = bot.OpenDatabase();
        (await db.ConversationAddresses.CountAsync(a => a.UserId == "29:brand-new")).ShouldBe(1);
    }

    public void Dispose() => bot.Dispose();
}

public sealed class ConsultationExportHttpTests : IDisposable
{
    private readonly BotApp bot = new();

    [Fact]
    public async Task ExportFromChat_GivesASignedLinkThatServesTheWorkbookOnce_AndATamperedLinkIsRefused()
    {
        var reply = (string?)(await bot.SayAsync("29:demo-coordinator", "выгрузить консультации за март")).Single()["text"];
        var link = System.Text.RegularExpressions.Regex.Match(reply.ShouldNotBeNull(), @"\((http[^)]+)\)").Groups[1].Value;
        link.ShouldStartWith("http://localhost:3978/files/");

        using var client = bot.CreateClient();
        var path = new Uri(link).PathAndQuery;
        var response = await client.GetAsync(path);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes.Take(2).ShouldBe("PK"u8.ToArray());

        var tampered = path.Replace("sig=", "sig=0", StringComparison.Ordinal);
        (await client.GetAsync(tampered)).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);

        bot.Clock.Advance(TimeSpan.FromMinutes(16));
        (await client.GetAsync(path)).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ExportFromChat_ByADirector_IsRefused()
    {
        var reply = (string?)(await bot.SayAsync("29:demo-director", "выгрузить консультации за март")).Single()["text"];
        reply.ShouldNotBeNull().ShouldNotContain("/files/");
    }

    public void Dispose() => bot.Dispose();
}
