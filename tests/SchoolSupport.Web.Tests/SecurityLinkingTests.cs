using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SchoolSupport.People;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests;

/// <summary>
/// Invite codes under attack through /api/messages: guessing, brute force, escalation through a coordinator's code,
/// taking over an already linked person, two redemptions at once. Every refusal leaves the links as they were.
/// </summary>
public sealed partial class SecurityLinkingTests : IAsyncLifetime
{
    private readonly LogCapture logs = new();
    private FakeConnector connector = null!;
    private BotApp bot = null!;

    public async Task InitializeAsync()
    {
        connector = await FakeConnector.StartAsync();
        bot = new BotApp(configureServices: s => s.AddSingleton<ILoggerProvider>(logs));
    }

    public async Task DisposeAsync()
    {
        bot.Dispose();
        await connector.DisposeAsync();
    }

    [Fact]
    public async Task Defect2_InviteCodes_AreLongKeyedSingleUseAndExpire_AndBruteForceIsLockedOut()
    {
        var issued = await SayTextAsync("29:demo-municipal", "код привязки director3@demo.schoolsupport.local");
        var code = CodeIn(issued);
        issued.ShouldContain("72 ч");
        code.ShouldNotContain("0");
        code.ShouldNotContain("1");
        code.ShouldNotContain("O");
        code.ShouldNotContain("I");
        code.ShouldNotContain("L");

        await using (var db = bot.OpenDatabase())
        {
            var row = await db.InviteCodes.SingleAsync();
            var normalized = code.Replace("-", "", StringComparison.Ordinal);
            row.Selector.ShouldBe(normalized[..4]);
            row.CodeHash.ShouldNotContain(normalized[4..]);
            row.CodeHash.ShouldNotBe(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("schoolsupport-invite:" + normalized))));
            row.CodeHash.ShouldBe(bot.Services.GetRequiredService<InviteCodeHasher>().Hash(normalized));
            (row.ExpiresAt - row.CreatedAt).ShouldBe(TimeSpan.FromHours(72));
        }

        InviteCodeHasher.SecretBits.ShouldBeGreaterThanOrEqualTo(40);

        // A stranger guesses: five wrong codes, then the lock holds even for the right code.
        var before = await LinkStateAsync();
        for (var i = 0; i < 5; i++)
        {
            var reply = await SayTextAsync("29:attacker", $"привязать ZZZ{"23456"[i]}-2222-3333-4444");
            reply.ShouldContain(i < 4 ? "Код не подошёл" : "Слишком много неверных попыток");
        }

        (await SayTextAsync("29:attacker", "привязать " + code)).ShouldContain("Слишком много неверных попыток");
        (await LinkStateAsync()).ShouldBe(before);
        logs.Warnings.Count(w => w.Contains("Failed invite code attempt")).ShouldBe(5);
        logs.Warnings.ShouldContain(w => w.Contains("locked-out account"));

        // The person it was issued for links with it once, typed in lower case with spaces.
        (await SayTextAsync("29:teams-director3", "привязать " + code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal))).ShouldContain("привязана");
        (await SayTextAsync("29:someone-else", "привязать " + code)).ShouldContain("уже использован");

        // Expiry: 72 hours by default.
        var late = CodeIn(await SayTextAsync("29:demo-municipal", "код привязки director2@demo.schoolsupport.local"));
        bot.Clock.Advance(TimeSpan.FromHours(73));
        var beforeLate = await LinkStateAsync();
        (await SayTextAsync("29:teams-director2", "привязать " + late)).ShouldContain("истёк");
        (await LinkStateAsync()).ShouldBe(beforeLate);

        // Used and expired codes are pruned: issuing the next one leaves only it.
        CodeIn(await SayTextAsync("29:demo-municipal", "код привязки director2@demo.schoolsupport.local"));
        await using (var db = bot.OpenDatabase())
        {
            (await db.InviteCodes.CountAsync()).ShouldBe(1);
        }
    }

    [Fact]
    public async Task Defect2_WrongGuessesAgainstOneCode_VoidThatCode()
    {
        var code = CodeIn(await SayTextAsync("29:demo-coordinator", "код привязки director5@demo.schoolsupport.local"));
        var selector = code[..4];
        var before = await LinkStateAsync();
        for (var i = 0; i < 5; i++)
        {
            // Five accounts that overheard the first group guess the rest.
            (await SayTextAsync($"29:guesser-{i}", $"привязать {selector}-2222-3333-444{"23456"[i]}")).ShouldContain("Код не подошёл");
        }

        (await SayTextAsync("29:teams-director5", "привязать " + code)).ShouldContain("заблокирован");
        (await LinkStateAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Defect2_DevelopmentKey_IsGeneratedOnceAndSurvivesARestart_AndProductionRequiresOne()
    {
        var folder = Path.Combine(Path.GetTempPath(), "schoolsupport-web-tests", "key-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var shared = new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(folder, "bot.db")}",
            ["InviteCodes:KeyFile"] = Path.Combine(folder, "invite.key"),
        };
        string code;
        using (var first = new BotApp(extraSettings: shared))
        {
            code = CodeIn((string?)(await first.SayAsync("29:demo-municipal", "код привязки director3@demo.schoolsupport.local")).Single()["text"] ?? "");
        }

        File.ReadAllText(Path.Combine(folder, "invite.key")).Trim().Length.ShouldBeGreaterThanOrEqualTo(32);
        using (var second = new BotApp(extraSettings: shared))
        {
            ((string?)(await second.SayAsync("29:teams-director3", "привязать " + code)).Single()["text"]).ShouldNotBeNull().ShouldContain("привязана");
        }

        var (production, failure) = BotApp.StartRefused<Exception>(() => new BotApp(environment: "Production", extraSettings: new Dictionary<string, string?>
        {
            ["Bot:AllowAnonymous"] = "false",
            ["InviteCodes:HmacKey"] = "",
        }));
        using var _ = production;
        failure.ToString().ShouldContain("InviteCodes:HmacKey");
    }

    [Fact]
    public async Task Defect3_CodesOnlyForPeopleEntirelyInTheIssuersScope_ReLinkNeedsConfirmationAndIsAudited()
    {
        int municipalId;
        await using (var db = bot.OpenDatabase())
        {
            municipalId = await db.People.Where(p => p.Email == "municipal@demo.schoolsupport.local").Select(p => p.Id).SingleAsync();
            // The regional coordinator also curates a school in the municipal coordinator's district.
            var coordinator = await db.People.SingleAsync(p => p.Email == "coordinator@demo.schoolsupport.local");
            var luga = await db.Schools.SingleAsync(s => s.Name == "МОУ «СОШ № 3» г. Луги");
            db.RoleAssignments.Add(new RoleAssignment { PersonId = coordinator.Id, Role = Role.Curator, RegionId = luga.RegionId, SchoolId = luga.Id });
            await db.SaveChangesAsync();
        }

        // The curator works in Лужский and Кингисеппский districts; the coordinator is regional: both out of reach.
        foreach (var email in new[] { "curator@demo.schoolsupport.local", "coordinator@demo.schoolsupport.local" })
        {
            var refused = await SayTextAsync("29:demo-municipal", "код привязки " + email);
            refused.ShouldContain("за пределами вашего района");
            CodeRegex().IsMatch(refused).ShouldBeFalse();
        }

        await using (var db = bot.OpenDatabase())
        {
            (await db.InviteCodes.CountAsync()).ShouldBe(0);
        }

        // The regional coordinator reaches all of the curator's roles.
        CodeIn(await SayTextAsync("29:demo-coordinator", "код привязки curator@demo.schoolsupport.local"));

        // Account A links director3; then a second code is redeemed from account B.
        var first = CodeIn(await SayTextAsync("29:demo-municipal", "код привязки director3@demo.schoolsupport.local"));
        (await SayTextAsync("29:teams-a", "привязать " + first, connector.ServiceUrl)).ShouldContain("привязана");
        var second = CodeIn(await SayTextAsync("29:demo-municipal", "код привязки director3@demo.schoolsupport.local"));

        var before = await LinkStateAsync();
        var ask = await bot.SayAsync("29:teams-b", "привязать " + second);
        var card = BotApp.CardOf(ask.Single()).ShouldNotBeNull();
        BotApp.TextsOf(card).ShouldContain("Подтвердите привязку");
        (await LinkStateAsync()).ShouldBe(before);
        BotApp.TextsOf(BotApp.CardOf((await bot.SayAsync("29:teams-b", "кто я")).Single())).ShouldNotContain(t => t.Contains("Руководитель"));

        // Confirming from another account does nothing; B's own button links B and tells A.
        (await SayTextAsync("29:teams-c", "подтвердить привязку")).ShouldContain("Нечего подтверждать");
        (await LinkStateAsync()).ShouldBe(before);
        var confirm = FindVerbData(card, "say");
        var confirmed = await bot.SubmitAsync("29:teams-b", "say", confirm);
        string.Join(" ", confirmed.Select(r => (string?)r["text"])).ShouldContain("привязана");

        var notice = await connector.WaitForAsync(c => c.Method == "POST" && c.Path.StartsWith("/v3/conversations/conv-29%3Ateams-a/activities", StringComparison.Ordinal)
                                                        && (c.Body?["text"]?.GetValue<string>() ?? "").Contains("больше не действует"), TimeSpan.FromSeconds(10));
        notice.ShouldNotBeNull();
        BotApp.TextsOf(BotApp.CardOf((await bot.SayAsync("29:teams-a", "кто я")).Single())).ShouldNotContain(t => t.Contains("Руководитель"));

        await using (var db = bot.OpenDatabase())
        {
            var director = await db.People.SingleAsync(p => p.Email == "director3@demo.schoolsupport.local");
            (await db.ConversationAddresses.Where(a => a.PersonId == director.Id).Select(a => a.UserId).ToListAsync()).ShouldBe(["29:teams-b"]);
            var links = await db.PersonLinks.Where(l => l.PersonId == director.Id).OrderBy(l => l.Id).ToListAsync();
            links.Count.ShouldBe(2);
            links.ShouldAllBe(l => l.IssuedByPersonId == municipalId && l.ChannelId == "emulator" && l.InviteCodeId != null);
            links[0].UserId.ShouldBe("29:teams-a");
            links[0].PreviousUserId.ShouldBeNull();
            links[1].UserId.ShouldBe("29:teams-b");
            links[1].PreviousUserId.ShouldBe("29:teams-a");
            links[1].LinkedAt.ShouldBe(bot.Clock.GetUtcNow().UtcDateTime);
        }
    }

    [Fact]
    public async Task Defect7_TwoSimultaneousRedemptionsOfOneCode_ExactlyOneSucceeds()
    {
        var code = CodeIn(await SayTextAsync("29:demo-municipal", "код привязки director3@demo.schoolsupport.local"));
        var replies = await Task.WhenAll(
            SayTextAsync("29:racer-1", "привязать " + code),
            SayTextAsync("29:racer-2", "привязать " + code),
            SayTextAsync("29:racer-3", "привязать " + code));

        replies.Count(r => r.Contains("учётная запись привязана")).ShouldBe(1);
        await using var db = bot.OpenDatabase();
        var director = await db.People.SingleAsync(p => p.Email == "director3@demo.schoolsupport.local");
        (await db.ConversationAddresses.CountAsync(a => a.PersonId == director.Id)).ShouldBe(1);
        (await db.PersonLinks.CountAsync(l => l.PersonId == director.Id)).ShouldBe(1);
    }

    private async Task<string> SayTextAsync(string userId, string text, string? serviceUrl = null)
    {
        var activity = BotApp.Activity(userId);
        activity["text"] = text;
        if (serviceUrl is not null)
        {
            activity["serviceUrl"] = serviceUrl;
        }

        var replies = await BotApp.RepliesAsync(await bot.PostAsync(activity));
        return string.Join("\n", replies.Select(r => (string?)r["text"] ?? string.Join(" ", BotApp.TextsOf(BotApp.CardOf(r)))));
    }

    /// <summary>Who is linked to whom, what was audited and which codes are used: what a refused link must not change.</summary>
    private async Task<string> LinkStateAsync()
    {
        await using var db = bot.OpenDatabase();
        var links = await db.ConversationAddresses.Where(a => a.PersonId != null).OrderBy(a => a.Id).Select(a => a.UserId + "→" + a.PersonId).ToListAsync();
        return string.Join(", ", links)
               + $"; audit={await db.PersonLinks.CountAsync()}; used={await db.InviteCodes.CountAsync(i => i.UsedAt != null)}"
               + $"; aad={await db.People.CountAsync(p => p.AadObjectId != null)}";
    }

    private static string CodeIn(string text)
    {
        var match = CodeRegex().Match(text);
        match.Success.ShouldBeTrue($"no code in «{text}»");
        return match.Value;
    }

    [GeneratedRegex("[2-9A-Z]{4}(-[2-9A-Z]{4}){3}")]
    private static partial Regex CodeRegex();

    private static JsonObject FindVerbData(JsonNode? node, string verb)
    {
        var stack = new Stack<JsonNode?>([node]);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case JsonObject o when o["data"] is JsonObject data && (string?)data["verb"] == verb && (string?)data["text"] == "подтвердить привязку":
                    return (JsonObject)data.DeepClone();
                case JsonObject o:
                    foreach (var (_, child) in o)
                    {
                        stack.Push(child);
                    }

                    break;
                case JsonArray a:
                    foreach (var child in a)
                    {
                        stack.Push(child);
                    }

                    break;
            }
        }

        throw new InvalidOperationException($"No action with verb {verb}");
    }

    /// <summary>Collects warnings logged by the host, to show that attempts are reported.</summary>
    private sealed class LogCapture : ILoggerProvider
    {
        public ConcurrentQueue<string> Queue { get; } = new();

        public IReadOnlyList<string> Warnings => Queue.ToList();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(LogCapture owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel >= LogLevel.Warning)
                {
                    owner.Queue.Enqueue(formatter(state, exception));
                }
            }
        }
    }
}
