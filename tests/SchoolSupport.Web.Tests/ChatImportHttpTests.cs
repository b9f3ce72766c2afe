using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests;

/// <summary>
/// Files sent in chat: a fake Teams file host on loopback serves the attachment's downloadUrl (and answers the member
/// lookup that tells the bot a new person's e-mail), the bot previews the file, «Импортировать» stores it.
/// </summary>
public sealed class ChatImportHttpTests : IAsyncLifetime
{
    private FakeTeamsHost host = null!;
    private BotApp bot = null!;

    public async Task InitializeAsync()
    {
        host = await FakeTeamsHost.StartAsync();
        bot = new BotApp(extraSettings: new Dictionary<string, string?>
        {
            ["Imports:RequireHttps"] = "false",
            ["Imports:TeamsFileHosts:0"] = "127.0.0.1",
        });
    }

    public async Task DisposeAsync()
    {
        await bot.DisposeAsync();
        await host.DisposeAsync();
    }

    private async Task<IReadOnlyList<JsonObject>> SendFileAsync(string userId, string name, string? url = null)
    {
        var activity = BotApp.Activity(userId);
        activity["attachments"] = new JsonArray
        {
            new JsonObject
            {
                ["contentType"] = "application/vnd.microsoft.teams.file.download.info",
                ["name"] = name,
                ["content"] = new JsonObject { ["downloadUrl"] = url ?? host.Url("files/" + Uri.EscapeDataString(name)), ["fileType"] = Path.GetExtension(name).TrimStart('.') },
            },
        };
        return await BotApp.RepliesAsync(await bot.PostAsync(activity));
    }

    private static string? VerbOf(JsonNode? action) => (string?)action?["verb"] ?? (string?)action?["data"]?["verb"];

    private static string ImportId(JsonObject card) =>
        card["actions"]!.AsArray().Single(a => VerbOf(a) == "import.apply")!["data"]!["importId"]!.ToString();

    private const string Roster =
        "ФИО;E-mail;Роль;Муниципальный район;Школы\r\n" +
        "Гусева Ольга Игоревна;guseva@lenobl.ru;куратор;;МОУ «Толмачёвская СОШ»\r\n" +
        "Гусев Иван Петрович;gusev@lenobl.ru;директор;Лужский район;МОУ «Осьминская СОШ»\r\n";

    [Fact]
    public async Task CoordinatorSendsRoster_PreviewThenImport_NewPersonIsRecognisedByEmail()
    {
        host.Files["people.csv"] = Encoding.UTF8.GetBytes(Roster);

        var preview = BotApp.CardOf((await SendFileAsync("29:demo-coordinator", "people.csv")).Single())!;
        var texts = BotApp.TextsOf(preview);
        texts.ShouldContain("Список участников: проверка перед загрузкой");
        texts.ShouldContain("новый участник: Гусева Ольга Игоревна — куратор");
        await using (var db = bot.OpenDatabase())
        {
            (await db.People.AnyAsync(p => p.Email == "guseva@lenobl.ru")).ShouldBeFalse("the preview stores nothing");
        }

        var (status, body) = await bot.ExecuteAsync("29:demo-coordinator", "import.apply", new JsonObject { ["importId"] = ImportId(preview) });

        status.ShouldBe(HttpStatusCode.OK);
        BotApp.TextsOf(body).ShouldContain("Готово: изменения сохранены.");
        await using (var db = bot.OpenDatabase())
        {
            var guseva = await db.People.Include(p => p.Roles).SingleAsync(p => p.Email == "guseva@lenobl.ru");
            guseva.Roles.Single().Role.ShouldBe(SchoolSupport.People.Role.Curator);
            (await db.RosterChanges.CountAsync(c => c.Action == "people.import" && c.ActorPersonId != null)).ShouldBe(1);
        }

        // Her first message from Teams: the bot asks the connector who she is and finds her by e-mail.
        host.Members["29:guseva"] = "Guseva@lenobl.ru";
        var first = BotApp.Activity("29:guseva", channelId: "msteams");
        first["serviceUrl"] = host.Url("");
        first["text"] = "кто я";
        var reply = (await BotApp.RepliesAsync(await bot.PostAsync(first))).Single();
        BotApp.TextsOf(BotApp.CardOf(reply)).ShouldContain("Гусева Ольга Игоревна");
    }

    [Fact]
    public async Task ImportPressedTwice_StoresOnce()
    {
        host.Files["people.csv"] = Encoding.UTF8.GetBytes(Roster);
        var preview = BotApp.CardOf((await SendFileAsync("29:demo-coordinator", "people.csv")).Single())!;
        var data = new JsonObject { ["importId"] = ImportId(preview) };

        await bot.ExecuteAsync("29:demo-coordinator", "import.apply", data);
        var (_, second) = await bot.ExecuteAsync("29:demo-coordinator", "import.apply", data);

        BotApp.TextsOf(second).ShouldContain(t => t.Contains("уже загружен", StringComparison.Ordinal));
        await using var db = bot.OpenDatabase();
        (await db.RosterChanges.CountAsync(c => c.Action == "people.import" && c.ActorPersonId != null)).ShouldBe(1);
    }

    [Fact]
    public async Task Cancel_DiscardsTheFile()
    {
        host.Files["people.csv"] = Encoding.UTF8.GetBytes(Roster);
        var preview = BotApp.CardOf((await SendFileAsync("29:demo-coordinator", "people.csv")).Single())!;
        var data = new JsonObject { ["importId"] = ImportId(preview) };

        var (_, cancelled) = await bot.ExecuteAsync("29:demo-coordinator", "import.cancel", data);
        var (_, afterwards) = await bot.ExecuteAsync("29:demo-coordinator", "import.apply", data);

        BotApp.TextsOf(cancelled).ShouldContain("Загрузка отменена, ничего не изменено.");
        BotApp.TextsOf(afterwards).ShouldContain(t => t.Contains("отменена или устарела", StringComparison.Ordinal));
        await using var db = bot.OpenDatabase();
        (await db.People.AnyAsync(p => p.Email == "guseva@lenobl.ru")).ShouldBeFalse();
    }

    [Fact]
    public async Task AnotherPersonPressesImport_IsRefusedAndNothingStored()
    {
        host.Files["people.csv"] = Encoding.UTF8.GetBytes(Roster);
        var preview = BotApp.CardOf((await SendFileAsync("29:demo-coordinator", "people.csv")).Single())!;

        var (_, body) = await bot.ExecuteAsync("29:demo-municipal", "import.apply", new JsonObject { ["importId"] = ImportId(preview) });

        BotApp.TextsOf(body).ShouldContain(t => t.Contains("недоступна", StringComparison.Ordinal));
        await using var db = bot.OpenDatabase();
        (await db.People.AnyAsync(p => p.Email == "guseva@lenobl.ru")).ShouldBeFalse();
    }

    [Fact]
    public async Task MunicipalCoordinator_RowsOutsideTheirDistrict_AreErrorsAndNoImportButton()
    {
        host.Files["people.csv"] = Encoding.UTF8.GetBytes(
            "ФИО;E-mail;Роль;Школы\r\nГусева Ольга Игоревна;guseva@lenobl.ru;куратор;МОУ «Толмачёвская СОШ»\r\n" +
            "Орлов Олег Олегович;orlov@lenobl.ru;куратор;МБОУ «Кингисеппская СОШ № 5»\r\n");

        var preview = BotApp.CardOf((await SendFileAsync("29:demo-municipal", "people.csv")).Single())!;

        BotApp.TextsOf(preview).ShouldContain("Строка 3: школа «МБОУ «Кингисеппская СОШ № 5»» вне вашего района («Лужский район»).");
        (preview["actions"]?.AsArray() ?? []).ShouldNotContain(a => VerbOf(a) == "import.apply");
        await using var db = bot.OpenDatabase();
        (await db.PendingImports.CountAsync()).ShouldBe(0);
        (await db.People.AnyAsync(p => p.Email == "guseva@lenobl.ru")).ShouldBeFalse();
    }

    [Fact]
    public async Task CoordinatorSendsRoadmapDocx_PreviewShowsSectionsThenImportStoresIt()
    {
        host.Files["karta.docx"] = await File.ReadAllBytesAsync(Path.Combine(RepositoryRoot(), "tests", "SchoolSupport.Core.Tests", "Fixtures", "leningrad-oblast-500plus-2022.docx"));

        var preview = BotApp.CardOf((await SendFileAsync("29:demo-coordinator", "karta.docx")).Single())!;
        var texts = BotApp.TextsOf(preview);
        texts.ShouldContain(t => t.StartsWith("Дорожная карта «", StringComparison.Ordinal) && t.EndsWith("проверка перед загрузкой", StringComparison.Ordinal));
        texts.ShouldContain("120");
        texts.ShouldContain(t => t.StartsWith("Раздел 2.1.", StringComparison.Ordinal));
        await using (var db = bot.OpenDatabase())
        {
            (await db.Roadmaps.CountAsync(r => r.Year == 2022)).ShouldBe(0);
        }

        var (_, body) = await bot.ExecuteAsync("29:demo-coordinator", "import.apply", new JsonObject { ["importId"] = ImportId(preview) });

        BotApp.TextsOf(body).ShouldContain("новых пунктов 120, обновлено 0, снято 0");
        await using var check = bot.OpenDatabase();
        var roadmap = await check.Roadmaps.SingleAsync(r => r.Year == 2022);
        (await check.RoadmapItems.CountAsync(i => i.RoadmapId == roadmap.Id)).ShouldBe(120);
    }

    [Fact]
    public async Task FileFromAnotherHost_IsRefusedWithoutARequest()
    {
        var replies = await SendFileAsync("29:demo-coordinator", "people.csv", "http://localhost:9/evil.csv");

        ((string?)replies.Single()["text"]).ShouldNotBeNull().ShouldContain("не из хранилища файлов Teams");
        host.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Director_SendsFile_IsToldOnlyCoordinatorsImport()
    {
        host.Files["people.csv"] = Encoding.UTF8.GetBytes(Roster);

        var replies = await SendFileAsync("29:demo-director", "people.csv");

        ((string?)replies.Single()["text"]).ShouldNotBeNull().ShouldContain("от региональных и муниципальных координаторов");
        host.Requests.ShouldBeEmpty();
    }

    private static byte[] SurveyFile(string id, string title)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "samples", "surveys", "opros-uchastnikov-proekta.json")))!.AsObject();
        json.Remove("$schema");
        json["id"] = id;
        json["title"] = title;
        json["opens"] = "2026-03-20T09:00";
        json["closes"] = "2026-04-03";
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    [Fact]
    public async Task CoordinatorSendsSurveyFile_PreviewThenImport_SameFileAgainUpdatesTheDraft()
    {
        host.Files["opros.json"] = SurveyFile("opros-chat", "Опрос из чата");

        var preview = BotApp.CardOf((await SendFileAsync("29:demo-coordinator", "opros.json")).Single())!;
        var texts = BotApp.TextsOf(preview);
        texts.ShouldContain("Опрос: проверка перед загрузкой");
        texts.ShouldContain("новый черновик «Опрос из чата» (id «opros-chat»)");
        await using (var db = bot.OpenDatabase())
        {
            (await db.Surveys.CountAsync(s => s.Key == "opros-chat")).ShouldBe(0, "the preview stores nothing");
        }

        var (_, body) = await bot.ExecuteAsync("29:demo-coordinator", "import.apply", new JsonObject { ["importId"] = ImportId(preview) });

        BotApp.TextsOf(body).ShouldContain("черновик создан");
        int surveyId;
        await using (var db = bot.OpenDatabase())
        {
            var survey = await db.Surveys.SingleAsync(s => s.Key == "opros-chat");
            survey.Status.ShouldBe(SchoolSupport.Surveys.SurveyStatus.Draft);
            survey.Title.ShouldBe("Опрос из чата");
            survey.OwnerPersonId.ShouldBe(await db.People.Where(p => p.Email == "coordinator@demo.schoolsupport.local").Select(p => p.Id).SingleAsync());
            surveyId = survey.Id;
        }

        // The corrected file again: the same draft changes, no second survey appears.
        host.Files["opros.json"] = SurveyFile("opros-chat", "Опрос из чата, вторая редакция");
        var again = BotApp.CardOf((await SendFileAsync("29:demo-coordinator", "opros.json")).Single())!;
        BotApp.TextsOf(again).ShouldContain(t => t.StartsWith("обновится черновик «Опрос из чата, вторая редакция»", StringComparison.Ordinal));
        var (_, second) = await bot.ExecuteAsync("29:demo-coordinator", "import.apply", new JsonObject { ["importId"] = ImportId(again) });

        BotApp.TextsOf(second).ShouldContain("черновик обновлён");
        await using (var db = bot.OpenDatabase())
        {
            var survey = await db.Surveys.SingleAsync(s => s.Key == "opros-chat");
            survey.Id.ShouldBe(surveyId);
            survey.Title.ShouldBe("Опрос из чата, вторая редакция");
        }

        // The draft is the coordinator's to preview and confirm.
        var list = BotApp.TextsOf(BotApp.CardOf((await bot.SayAsync("29:demo-coordinator", "мои опросы")).Single()));
        list.ShouldContain("Опрос из чата, вторая редакция (образец)");
    }

    [Fact]
    public async Task SurveyFileWithErrors_ShowsThemAndStoresNothing()
    {
        var json = JsonNode.Parse(SurveyFile("opros-broken", "Сломанный опрос"))!.AsObject();
        json["colour"] = "red";
        json["questions"]![0]!["type"] = "slider";
        host.Files["opros.json"] = Encoding.UTF8.GetBytes(json.ToJsonString());

        var preview = BotApp.CardOf((await SendFileAsync("29:demo-coordinator", "opros.json")).Single())!;

        BotApp.TextsOf(preview).ShouldContain("Опрос: файл с ошибками");
        BotApp.TextsOf(preview).ShouldContain(t => t.Contains("colour", StringComparison.Ordinal));
        (preview["actions"]?.AsArray() ?? []).ShouldNotContain(a => VerbOf(a) == "import.apply");
        await using var db = bot.OpenDatabase();
        (await db.PendingImports.CountAsync()).ShouldBe(0);
        (await db.Surveys.CountAsync(s => s.Key == "opros-broken")).ShouldBe(0);
    }

    [Fact]
    public async Task SurveyFileWithAnotherCoordinatorsId_IsRefusedAndTheirDraftStaysTheirs()
    {
        host.Files["opros.json"] = SurveyFile("opros-shared", "Опрос регионального координатора");
        var preview = BotApp.CardOf((await SendFileAsync("29:demo-coordinator", "opros.json")).Single())!;
        await bot.ExecuteAsync("29:demo-coordinator", "import.apply", new JsonObject { ["importId"] = ImportId(preview) });

        host.Files["opros.json"] = SurveyFile("opros-shared", "Перехваченный опрос");
        var other = BotApp.CardOf((await SendFileAsync("29:demo-municipal", "opros.json")).Single())!;

        BotApp.TextsOf(other).ShouldContain(t => t.Contains("ведёт другой координатор", StringComparison.Ordinal));
        (other["actions"]?.AsArray() ?? []).ShouldNotContain(a => VerbOf(a) == "import.apply");
        await using var db = bot.OpenDatabase();
        var survey = await db.Surveys.SingleAsync(s => s.Key == "opros-shared");
        survey.Title.ShouldBe("Опрос регионального координатора");
        (await db.PendingImports.CountAsync(p => p.Kind == "survey")).ShouldBe(1);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SchoolSupport.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SchoolSupport.sln not found");
    }

    /// <summary>Serves /files/NAME like a Teams file store, and member lookups like the Teams connector.</summary>
    private sealed class FakeTeamsHost : IAsyncDisposable
    {
        private readonly WebApplication app;
        private string baseUrl = "";

        private FakeTeamsHost(WebApplication app) => this.app = app;

        public ConcurrentDictionary<string, byte[]> Files { get; } = new();
        public ConcurrentDictionary<string, string> Members { get; } = new();
        public ConcurrentQueue<string> Requests { get; } = new();

        public string Url(string path) => baseUrl + path;

        public static async Task<FakeTeamsHost> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var host = new FakeTeamsHost(app);
            app.Run(async context =>
            {
                var path = Uri.UnescapeDataString(context.Request.Path.Value ?? "");
                host.Requests.Enqueue(path);
                if (path.StartsWith("/files/", StringComparison.Ordinal) && host.Files.TryGetValue(path["/files/".Length..], out var bytes))
                {
                    await context.Response.Body.WriteAsync(bytes);
                    return;
                }

                var member = path.Split('/');
                if (member.Length >= 6 && member[4] == "members" && host.Members.TryGetValue(member[5], out var email))
                {
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync(new JsonObject { ["id"] = member[5], ["name"] = "Гусева", ["email"] = email, ["userPrincipalName"] = email }.ToJsonString());
                    return;
                }

                context.Response.StatusCode = 404;
            });
            await app.StartAsync();
            host.baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";
            return host;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
