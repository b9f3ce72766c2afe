using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SchoolSupport.Conversation;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests;

/// <summary>
/// The optional language model: asked only when the rules are unsure, over HTTP to an OpenAI-compatible server on
/// loopback; its answer runs a declared command through the normal handler, and anything else leaves the rules' answer.
/// </summary>
public sealed class LanguageModelHttpTests : IAsyncLifetime
{
    /// <summary>No command's words: the rules answer «не понял».</summary>
    private const string Unclear = "абракадабра кракозябра";

    private const string Director = "29:demo-director";

    private readonly RecordingObserver observer = new();
    private readonly LogCapture logs = new() { MinimumLevel = LogLevel.Warning };
    private FakeChatModel model = null!;

    public async Task InitializeAsync() => model = await FakeChatModel.StartAsync();

    public async Task DisposeAsync() => await model.DisposeAsync();

    private BotApp Start(double timeoutSeconds = 2, bool enabled = true)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Understanding:Llm:Endpoint"] = model.Endpoint,
            ["Understanding:Llm:Model"] = "test-model",
            ["Understanding:Llm:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (enabled)
        {
            settings["Understanding:Llm:Enabled"] = "true";
        }

        return new BotApp(extraSettings: settings, configureServices: s =>
        {
            s.AddSingleton<IUnderstandingObserver>(observer);
            s.AddSingleton<ILoggerProvider>(logs);
        });
    }

    [Fact]
    public async Task UnclearMessage_ModelNamesADeclaredCommand_TheCommandsHandlerAnswers()
    {
        using var bot = Start();
        model.Answer = "{\"command\": \"help\", \"slots\": {}}";

        var replies = await bot.SayAsync(Director, Unclear);

        observer.HandledFor(Unclear).ShouldBe("help");
        BotApp.TextsOf(BotApp.CardOf(replies.Single())).ShouldContain("Что я умею");
        model.Requests.Count.ShouldBe(1);
        model.Requests.Single().Path.ShouldBe("/v1/chat/completions");
    }

    [Fact]
    public async Task UnclearMessage_ModelFillsASchoolSlot_TheNumberIsParsedFromTheMessage()
    {
        using var bot = Start();
        const string text = "абракадабра кракозябра 277";
        model.Answer = "{\"command\": \"status\", \"slots\": {\"school\": \"277\"}}";

        await bot.SayAsync(Director, text);

        model.Requests.Count.ShouldBe(1);
        observer.HandledFor(text).ShouldBe("status");
        observer.MeaningOf(text)!.Slots.SchoolNumber.ShouldBe("277");
    }

    [Fact]
    public async Task RequestBody_HoldsOnlyTheGeneratedPromptAndTheMessageText()
    {
        using var bot = Start();
        model.Answer = "{\"command\": \"help\"}";
        string fullName, email;
        List<string> schools;
        using (var db = bot.OpenDatabase())
        {
            var person = await db.People.Include(p => p.Roles).SingleAsync(p => p.Email == DemoOptions.EmailFor("director"));
            (fullName, email) = (person.FullName, person.Email!);
            var schoolIds = person.Roles.Select(r => r.SchoolId).ToList();
            schools = await db.Schools.Where(s => schoolIds.Contains(s.Id)).Select(s => s.Name).ToListAsync();
        }

        await bot.SayAsync(Director, Unclear);

        var body = model.Requests.Single().Body;
        body.ShouldNotContain(fullName);
        body.ShouldNotContain(email);
        body.ShouldNotContain("demo-director");
        schools.ShouldNotBeEmpty();
        foreach (var school in schools)
        {
            body.ShouldNotContain(school);
        }

        var messages = JsonNode.Parse(body)!["messages"]!.AsArray();
        messages.Count.ShouldBe(2);
        ((string?)messages[0]!["role"]).ShouldBe("system");
        ((string?)messages[0]!["content"]).ShouldBe(bot.Services.GetRequiredService<LanguageModelResolver>().Prompt);
        ((string?)messages[1]!["role"]).ShouldBe("user");
        ((string?)messages[1]!["content"]).ShouldBe(Unclear);
    }

    [Fact]
    public void Prompt_IsGeneratedFromTheDeclarations()
    {
        using var bot = Start();
        var catalog = bot.Services.GetRequiredService<CommandCatalog>();
        var prompt = bot.Services.GetRequiredService<LanguageModelResolver>().Prompt;

        foreach (var d in catalog.Declarations.Where(d => d.InHelp))
        {
            prompt.ShouldContain($"- {d.Name}: {d.Help}.");
            prompt.ShouldContain($"«{d.Example}»");
        }

        foreach (var d in catalog.Declarations.Where(d => !d.InHelp))
        {
            prompt.ShouldNotContain($"- {d.Name}:");
        }
    }

    [Theory]
    [InlineData("this is not json {")]
    [InlineData("{\"command\": \"database.drop\", \"slots\": {}}")]
    [InlineData("{\"command\": \"announcement.new\", \"slots\": {}}")]
    [InlineData("{\"command\": \"status\", \"slots\": {\"school\": \"123\"}}")]
    [InlineData("{\"command\": \"help\", \"slots\": {\"person\": \"x@example.org\"}}")]
    [InlineData("[1, 2]")]
    public async Task ModelAnswer_ThatIsNotAnAllowedDeclaredCommand_LeavesTheRulesAnswer(string answer)
    {
        using var bot = Start();
        model.Answer = answer;

        var replies = await bot.SayAsync(Director, Unclear);

        observer.HandledFor(Unclear).ShouldBeNull();
        BotApp.TextsOf(BotApp.CardOf(replies.Single())).ShouldContain(Texts.NotUnderstoodTitle);
        model.Requests.Count.ShouldBe(1);
        logs.Entries.ShouldContain(e => e.Category == typeof(LanguageModelResolver).FullName && e.Level == LogLevel.Warning);
        logs.Entries.ShouldNotContain(e => e.Everything.Contains("абракадабра", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SlowModel_TheRulesAnswerWithinTheTimeout()
    {
        using var bot = Start(timeoutSeconds: 0.5);
        await bot.SayAsync(Director, "помощь");
        model.Answer = "{\"command\": \"help\"}";
        model.Delay = TimeSpan.FromSeconds(10);

        var watch = Stopwatch.StartNew();
        var replies = await bot.SayAsync(Director, Unclear);
        watch.Stop();

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(4));
        observer.HandledFor(Unclear).ShouldBeNull();
        BotApp.TextsOf(BotApp.CardOf(replies.Single())).ShouldContain(Texts.NotUnderstoodTitle);
        logs.Entries.ShouldContain(e => e.Category == typeof(LanguageModelResolver).FullName && e.Message.Contains("did not answer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConfidentMessage_TheModelIsNotAsked()
    {
        using var bot = Start();

        await bot.SayAsync(Director, "помощь");

        observer.HandledFor("помощь").ShouldBe("help");
        model.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task NotEnabled_ByDefault_NoRequestIsMade()
    {
        using var bot = Start(enabled: false);
        model.Answer = "{\"command\": \"help\"}";

        var replies = await bot.SayAsync(Director, Unclear);

        BotApp.TextsOf(BotApp.CardOf(replies.Single())).ShouldContain(Texts.NotUnderstoodTitle);
        bot.Services.GetRequiredService<LanguageModelResolver>().Enabled.ShouldBeFalse();
        model.Requests.ShouldBeEmpty();
    }
}
