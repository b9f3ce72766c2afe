using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SchoolSupport.Web.Surveys;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests;

/// <summary>Start-up checks for several instances: the keys every instance must share.</summary>
public sealed class ScaleOutTests
{
    private const string Key = "0123456789abcdef0123456789abcdef-shared";

    /// <summary>
    /// Starts a host that must refuse to start and returns the validation error. The test host's deferred start reads
    /// the host's services after the entry point returns; when the refused host is disposed first (a loaded machine),
    /// that read throws ObjectDisposedException instead of passing the refusal on. Only that race is tried again,
    /// on a fresh host; any other outcome fails the test.
    /// </summary>
    private static (BotApp Bot, OptionsValidationException Error) StartRefused(Func<BotApp> create)
    {
        for (var attempt = 1; ; attempt++)
        {
            var bot = create();
            try
            {
                bot.CreateClient();
            }
            catch (OptionsValidationException error)
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

    [Fact]
    public void Start_TwoInstancesWithoutADownloadSigningKey_IsRefusedWithTheSettingNamedAndNothingMigrated()
    {
        var (bot, error) = StartRefused(() => new BotApp(extraSettings: new Dictionary<string, string?> { ["Hosting:Instances"] = "2" }));
        using var _ = bot;

        error.Message.ShouldContain("Hosting:Instances is 2");
        error.Message.ShouldContain("Downloads:SigningKey");
        error.Message.ShouldContain("WebChat:TokenSigningKey");
        File.Exists(DatabaseFile(bot)).ShouldBeFalse("the host must stop before it touches the database");
    }

    [Fact]
    public void Start_ProductionOnASharedDatabaseWithoutTheKey_IsRefused()
    {
        var (bot, error) = StartRefused(() => new BotApp(environment: "Production", extraSettings: new Dictionary<string, string?>
        {
            ["Bot:AllowAnonymous"] = "false",
            ["Database:Provider"] = "Postgres",
            // Never reached: the check runs before the first connection.
            ["Database:ConnectionString"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none",
        }));
        using var _ = bot;

        error.Message.ShouldContain("Production runs on a shared Postgres database");
        error.Message.ShouldContain("Downloads:SigningKey");
        error.Message.ShouldNotContain("WebChat:TokenSigningKey", customMessage: "the page is off in Production without OIDC");
    }

    [Fact]
    public async Task Start_TwoInstancesWithTheKeys_StartsAndServes()
    {
        using var bot = new BotApp(extraSettings: new Dictionary<string, string?>
        {
            ["Hosting:Instances"] = "2",
            ["Downloads:SigningKey"] = Key,
            ["WebChat:TokenSigningKey"] = Key,
        });
        using var client = bot.CreateClient();

        (await client.GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await bot.SayAsync("29:demo-director", "помощь")).ShouldNotBeEmpty();
    }

    [Fact]
    public void ChartLink_MadeByOneInstance_IsAcceptedByAnotherWithTheSharedDownloadKeyOnly()
    {
        using var a = new BotApp(extraSettings: new Dictionary<string, string?> { ["Downloads:SigningKey"] = Key });
        using var b = new BotApp(extraSettings: new Dictionary<string, string?> { ["Downloads:SigningKey"] = Key });
        using var stranger = new BotApp();

        var url = new Uri(a.Services.GetRequiredService<SurveyChartLinks>().ChartUrl(7, "q1", "emulator")!);
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        var exp = long.Parse(query["exp"]!, System.Globalization.CultureInfo.InvariantCulture);

        b.Services.GetRequiredService<SurveyChartLinks>().Verify(7, "q1", exp, query["sig"]).ShouldBeTrue();
        b.Services.GetRequiredService<SurveyChartLinks>().Verify(8, "q1", exp, query["sig"]).ShouldBeFalse();
        stranger.Services.GetRequiredService<SurveyChartLinks>().Verify(7, "q1", exp, query["sig"]).ShouldBeFalse();
    }

    private static string DatabaseFile(BotApp bot) =>
        new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(bot.DatabaseOptions.ConnectionString).DataSource;
}
