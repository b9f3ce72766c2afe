using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SchoolSupport.Data;

namespace SchoolSupport.Web.Tests.Support;

/// <summary>
/// The real bot host over a fresh SQLite file with the demo region, a fixed clock and anonymous Development mode.
/// Turns go through HTTP into /api/messages with deliveryMode expectReplies, so the replies come back in the body.
/// </summary>
public sealed class BotApp : WebApplicationFactory<Program>
{
    /// <summary>Wednesday 18 March 2026, 10:00 in Moscow: the demo roadmap is re-dated to 2026.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 3, 18, 7, 0, 0, TimeSpan.Zero);

    private readonly string folder = Path.Combine(Path.GetTempPath(), "schoolsupport-web-tests", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> settings;
    private readonly string environment;
    private readonly Action<IServiceCollection>? configureServices;
    private int activityCounter;

    public BotApp(
        DateTimeOffset? now = null, IDictionary<string, string?>? extraSettings = null, string environment = "Development",
        Action<IServiceCollection>? configureServices = null)
    {
        this.environment = environment;
        this.configureServices = configureServices;
        Directory.CreateDirectory(folder);
        Clock = new ManualTimeProvider(now ?? DefaultNow);
        settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(folder, "bot.db")}",
            ["Startup:SeedDemoData"] = "true",
            ["Demo:Enabled"] = "true",
            ["Bot:AllowAnonymous"] = "true",
            ["InviteCodes:KeyFile"] = Path.Combine(folder, "invite-codes.key"),
        };
        if (environment != "Development")
        {
            // Only Development generates the invite code key; elsewhere it must be configured.
            settings["InviteCodes:HmacKey"] = "test-invite-code-key-0123456789abcdef";
        }

        foreach (var (k, v) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }
    }

    public ManualTimeProvider Clock { get; }

    public DatabaseOptions DatabaseOptions => new()
    {
        Provider = DatabaseProvider.Sqlite,
        ConnectionString = settings["Database:ConnectionString"],
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (k, v) in settings)
        {
            builder.UseSetting(k, v);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            configureServices?.Invoke(services);
        });
    }

    /// <summary>
    /// Starts a host that must refuse to start and returns the refusal. The test host's deferred start reads
    /// the host's services after the entry point returns; when the refused host is disposed first (a loaded machine),
    /// that read throws ObjectDisposedException instead of passing the refusal on. Only that race is tried again,
    /// on a fresh host; any other outcome fails the test.
    /// </summary>
    public static (BotApp Bot, TException Error) StartRefused<TException>(Func<BotApp> create) where TException : Exception
    {
        for (var attempt = 1; ; attempt++)
        {
            var bot = create();
            try
            {
                bot.CreateClient();
            }
            catch (TException error) when (error is not ObjectDisposedException)
            {
                return (bot, error);
            }
            catch (ObjectDisposedException) when (attempt < 5)
            {
                bot.Dispose();
                continue;
            }
            catch
            {
                bot.Dispose();
                throw;
            }

            bot.Dispose();
            throw new ShouldAssertException("the host started; it must refuse to start");
        }
    }

    public SchoolSupportDbContext OpenDatabase()
    {
        _ = Server;
        return DatabaseSetup.CreateContext(DatabaseOptions);
    }

    public static JsonObject Activity(string userId, string type = "message", string channelId = "emulator") => new()
    {
        ["type"] = type,
        ["channelId"] = channelId,
        ["serviceUrl"] = "http://127.0.0.1:9/",
        ["from"] = new JsonObject { ["id"] = userId, ["name"] = userId },
        ["recipient"] = new JsonObject { ["id"] = "28:bot", ["name"] = "SchoolSupport" },
        ["conversation"] = new JsonObject { ["id"] = "conv-" + userId, ["conversationType"] = "personal" },
        ["locale"] = "ru-RU",
        ["deliveryMode"] = "expectReplies",
    };

    public async Task<HttpResponseMessage> PostAsync(JsonObject activity, string? bearerToken = null)
    {
        activity["id"] ??= "act-" + Interlocked.Increment(ref activityCounter);
        using var client = CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (bearerToken is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearerToken);
        }

        return await client.SendAsync(request);
    }

    /// <summary>Sends a chat message and returns the reply activities.</summary>
    public async Task<IReadOnlyList<JsonObject>> SayAsync(string userId, string text, string channelId = "emulator")
    {
        var activity = Activity(userId, channelId: channelId);
        activity["text"] = text;
        return await RepliesAsync(await PostAsync(activity));
    }

    /// <summary>Presses an Action.Submit button (how Web Chat and the Emulator send card actions).</summary>
    public async Task<IReadOnlyList<JsonObject>> SubmitAsync(string userId, string verb, JsonObject? data = null, string? activityId = null, string? replyToId = null)
    {
        var value = data is null ? new JsonObject() : (JsonObject)data.DeepClone();
        value["verb"] = verb;
        var activity = Activity(userId);
        activity["value"] = value;
        if (activityId is not null)
        {
            activity["id"] = activityId;
        }

        if (replyToId is not null)
        {
            activity["replyToId"] = replyToId;
        }

        return await RepliesAsync(await PostAsync(activity));
    }

    /// <summary>Presses an Action.Execute button in Teams: invoke adaptiveCard/action answered synchronously.</summary>
    public async Task<(HttpStatusCode Status, JsonObject? Body)> ExecuteAsync(string userId, string verb, JsonObject? data = null, string? activityId = null)
    {
        var activity = Activity(userId, type: "invoke", channelId: "msteams");
        activity.Remove("deliveryMode");
        activity["name"] = "adaptiveCard/action";
        activity["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data?.DeepClone() ?? new JsonObject() },
            ["trigger"] = "manual",
        };
        if (activityId is not null)
        {
            activity["id"] = activityId;
        }

        var response = await PostAsync(activity);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject);
    }

    public static async Task<IReadOnlyList<JsonObject>> RepliesAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"/api/messages answered {(int)response.StatusCode}: {body}");
        }

        var root = JsonNode.Parse(body) as JsonObject ?? throw new InvalidOperationException("Empty expectReplies body");
        return root["activities"]!.AsArray().Select(a => a!.AsObject()).ToList();
    }

    /// <summary>The Adaptive Card content of a reply, or null when it carries none.</summary>
    public static JsonObject? CardOf(JsonObject activity) =>
        activity["attachments"]?.AsArray().FirstOrDefault(a => (string?)a?["contentType"] == "application/vnd.microsoft.card.adaptive")?["content"]?.AsObject();

    /// <summary>Every text in a card (TextBlocks, facts, rich-text runs, button titles) without Markdown bold, in document order.</summary>
    public static IReadOnlyList<string> TextsOf(JsonNode? node)
    {
        var texts = new List<string>();
        Collect(node, texts);
        return texts;
    }

    private static void Collect(JsonNode? node, List<string> texts)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if (key is "text" or "title" or "value" or "placeholder" or "label" && value is JsonValue v && v.TryGetValue<string>(out var s))
                    {
                        texts.Add(s.Replace("**", "", StringComparison.Ordinal));
                    }
                    else
                    {
                        Collect(value, texts);
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Collect(item, texts);
                }

                break;
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // The SQLite file may still be closing; the temp folder is cleaned by the OS.
            }
        }
    }
}
