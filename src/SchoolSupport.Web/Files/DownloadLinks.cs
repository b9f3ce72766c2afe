using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SchoolSupport.BotFramework.Schema;
using SchoolSupport.Conversation;
using SchoolSupport.Data;
using SchoolSupport.Files;
using SchoolSupport.Web.WebChat;

namespace SchoolSupport.Web.Files;

public sealed class DownloadOptions
{
    public const string Section = "Downloads";

    /// <summary>Absolute base address of this host as people's browsers reach it (for links in chat).</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:3978";

    /// <summary>How long a download link works (it works once).</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a Teams file consent card can still be accepted.</summary>
    public TimeSpan ConsentLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often expired and taken exports are removed from the database.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Shared key for the links this host signs instead of storing (survey chart images); download links need none,
    /// their secret is stored with the file. Required when several instances serve one database.
    /// </summary>
    public string? SigningKey { get; set; }
}

/// <summary>
/// Exports on channels without file support (Web Chat, the Emulator) reach people as links served by the bot host. The
/// file waits in the database (any instance can serve it); the link carries its id and a random secret whose hash is
/// stored, works once, and on the web channel only for the signed-in person who asked.
/// </summary>
public sealed class DownloadLinks(IOptions<DownloadOptions> options, TimeProvider time)
{
    public int LifetimeMinutes => (int)options.Value.LinkLifetime.TotalMinutes;

    public async Task<string> PublishAsync(SchoolSupportDbContext db, FileReply file, int personId, string channelId, string userId, CancellationToken ct)
    {
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        var export = await ExportFiles.PublishAsync(db, file, personId, channelId, userId, options.Value.LinkLifetime,
            time.GetUtcNow().UtcDateTime, secret, ct);
        return $"{options.Value.PublicBaseUrl.TrimEnd('/')}/files/{export.Id}?s={secret}";
    }

    /// <summary>The file, once; null when the link is unknown, used, expired, forged or (web channel) someone else's.</summary>
    public async Task<ExportFile?> TakeAsync(SchoolSupportDbContext db, string id, string? secret, ClaimsPrincipal? user, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 64)
        {
            return null;
        }

        var owner = await db.ExportFiles.AsNoTracking().Where(e => e.Id == id)
            .Select(e => new { e.ChannelId, e.PersonId }).FirstOrDefaultAsync(ct);
        if (owner is null)
        {
            return null;
        }

        int? personId = null;
        if (owner.ChannelId == Channels.Webchat)
        {
            // The page's session says who is downloading; it must be the person who asked.
            var email = user?.FindFirst(ClaimTypes.Email)?.Value;
            personId = email is null ? -1
                : await db.People.Where(p => p.Email == email).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct) ?? -1;
        }

        return await ExportFiles.TakeAsync(db, id, personId, null, null, ExportFiles.HashSecret(secret), time.GetUtcNow().UtcDateTime, ct);
    }
}

/// <summary>Removes expired and taken exports, so files never pile up in the database.</summary>
internal sealed class ExportCleanupWorker(IServiceScopeFactory scopes, IOptions<DownloadOptions> options, TimeProvider time,
    ILogger<ExportCleanupWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<SchoolSupportDbContext>();
                var removed = await ExportFiles.PruneAsync(db, time.GetUtcNow().UtcDateTime, stoppingToken);
                if (removed > 0)
                {
                    logger.LogInformation("Removed {Count} expired or delivered exports", removed);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Export cleanup failed; trying again in {Interval}", options.Value.CleanupInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

public static class DownloadEndpoints
{
    public static IServiceCollection AddDownloads(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DownloadOptions>().Bind(configuration.GetSection(DownloadOptions.Section))
            .Validate(o => o.LinkLifetime > TimeSpan.Zero && o.ConsentLifetime > TimeSpan.Zero && o.CleanupInterval > TimeSpan.Zero,
                "Downloads: LinkLifetime, ConsentLifetime and CleanupInterval must be positive.")
            .ValidateOnStart();
        services.AddSingleton<DownloadLinks>();
        services.AddHostedService<ExportCleanupWorker>();
        services.AddHttpClient(FileConsentUploads.HttpClientName);
        services.AddScoped<FileConsentUploads>();
        return services;
    }

    public static IEndpointRouteBuilder MapDownloads(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/files/{id}", async (string id, string? s, HttpContext http, DownloadLinks links, SchoolSupportDbContext db, WebChatAccess access) =>
        {
            var user = access.IsOn ? (await http.AuthenticateAsync(WebChatSignIn.CookieScheme)).Principal : null;
            return await links.TakeAsync(db, id, s, user, http.RequestAborted) is { } file
                ? Results.File(file.Content, file.ContentType, file.FileName)
                : Results.NotFound("Ссылка недействительна, уже использована или устарела. Попросите выгрузку ещё раз.");
        });
        return endpoints;
    }
}
