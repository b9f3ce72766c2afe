using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SchoolSupport.BotFramework.Schema;
using SchoolSupport.Data;
using SchoolSupport.Surveys;
using SchoolSupport.Web.Files;

namespace SchoolSupport.Web.Surveys;

public sealed class SurveyChartOptions
{
    public const string Section = "Surveys:Charts";

    /// <summary>Show chart images in results cards (the channel fetches them from this host).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// HMAC key of chart links; derived from <c>Downloads:SigningKey</c> when empty, random per process when both are
    /// (links then die with the process).
    /// </summary>
    public string? SigningKey { get; set; }

    public int LifetimeDays { get; set; } = 30;
}

/// <summary>
/// Signed links to chart images of survey questions, served by this host. Teams fetches images itself, so it gets
/// them only when the host has a public https address; local channels (Emulator, Web Chat) always do. Elsewhere the
/// results card shows text bars only.
/// </summary>
public sealed class SurveyChartLinks(IOptions<SurveyChartOptions> options, IOptions<DownloadOptions> downloads, TimeProvider time) : ISurveyCharts
{
    // Without a key of its own it signs with the download links' key (the signed texts differ, so one link can never pass
    // for the other), so one shared key serves several instances.
    private readonly byte[] key = !string.IsNullOrEmpty(options.Value.SigningKey) ? Encoding.UTF8.GetBytes(options.Value.SigningKey)
        : !string.IsNullOrEmpty(downloads.Value.SigningKey) ? Encoding.UTF8.GetBytes("chart:" + downloads.Value.SigningKey)
        : RandomNumberGenerator.GetBytes(32);

    public string? ChartUrl(int surveyId, string questionId, string channelId)
    {
        var baseUrl = downloads.Value.PublicBaseUrl.TrimEnd('/');
        if (!options.Value.Enabled || (channelId == Channels.Msteams && !baseUrl.StartsWith("https://", StringComparison.Ordinal)))
        {
            return null;
        }

        var exp = time.GetUtcNow().AddDays(options.Value.LifetimeDays).ToUnixTimeSeconds();
        var id = surveyId.ToString(CultureInfo.InvariantCulture);
        return $"{baseUrl}/charts/surveys/{id}/{Uri.EscapeDataString(questionId)}.png?exp={exp}&sig={Sign(id, questionId, exp)}";
    }

    public bool Verify(int surveyId, string questionId, long exp, string? sig) =>
        sig is not null
        && DateTimeOffset.FromUnixTimeSeconds(exp) >= time.GetUtcNow()
        && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Sign(surveyId.ToString(CultureInfo.InvariantCulture), questionId, exp)), Encoding.ASCII.GetBytes(sig));

    private string Sign(string surveyId, string questionId, long exp) =>
        Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"chart:{surveyId}:{questionId}:{exp}"))).ToLowerInvariant();
}

public static class SurveyHosting
{
    public static IServiceCollection AddSurveyHosting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSurveys();
        services.AddOptions<SurveyChartOptions>().Bind(configuration.GetSection(SurveyChartOptions.Section));
        services.AddSingleton<SurveyChartLinks>();
        services.AddSingleton<ISurveyCharts>(sp => sp.GetRequiredService<SurveyChartLinks>());
        services.AddLeasedJob<SurveyScheduler>();
        return services;
    }

    public static IEndpointRouteBuilder MapSurveyCharts(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/charts/surveys/{surveyId:int}/{question}.png", async (int surveyId, string question, long exp, string? sig, SurveyChartLinks links, SchoolSupportDbContext db, CancellationToken ct) =>
        {
            if (!links.Verify(surveyId, question, exp, sig))
            {
                return Results.NotFound("Ссылка недействительна или устарела.");
            }

            var png = await SurveyChart.RenderAsync(db, surveyId, question, ct);
            return png is null ? Results.NotFound("Диаграмма не найдена.") : Results.File(png, "image/png");
        });
        return endpoints;
    }
}
