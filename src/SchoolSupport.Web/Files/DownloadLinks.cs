using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SchoolSupport.Conversation;

namespace SchoolSupport.Web.Files;

public sealed class DownloadOptions
{
    public const string Section = "Downloads";

    /// <summary>Absolute base address of this host as people's browsers reach it (for links in chat).</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:3978";

    /// <summary>HMAC key for signed links; a random one per process when empty (links then die with the process).</summary>
    public string? SigningKey { get; set; }
}

/// <summary>
/// Exports reach people as short-lived signed links served by the bot host: the file is kept in memory for
/// <see cref="LifetimeMinutes"/> minutes and the link carries an HMAC over its id and expiry.
/// </summary>
public sealed class DownloadLinks(IOptions<DownloadOptions> options, TimeProvider time)
{
    public const int LifetimeMinutes = 15;
    private readonly ConcurrentDictionary<string, (FileReply File, DateTimeOffset Expires)> files = new();
    private readonly byte[] key = string.IsNullOrEmpty(options.Value.SigningKey)
        ? RandomNumberGenerator.GetBytes(32)
        : Encoding.UTF8.GetBytes(options.Value.SigningKey);

    public string Publish(FileReply file)
    {
        Sweep();
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        var expires = time.GetUtcNow().AddMinutes(LifetimeMinutes);
        files[id] = (file, expires);
        var exp = expires.ToUnixTimeSeconds();
        return $"{options.Value.PublicBaseUrl.TrimEnd('/')}/files/{id}?exp={exp}&sig={Sign(id, exp)}";
    }

    public FileReply? Resolve(string id, long exp, string? sig)
    {
        if (sig is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(id, exp)), Encoding.ASCII.GetBytes(sig)))
        {
            return null;
        }

        if (DateTimeOffset.FromUnixTimeSeconds(exp) < time.GetUtcNow() || !files.TryGetValue(id, out var entry) || entry.Expires < time.GetUtcNow())
        {
            return null;
        }

        return entry.File;
    }

    private string Sign(string id, long exp) =>
        Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}:{exp}"))).ToLowerInvariant();

    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (id, entry) in files)
        {
            if (entry.Expires < now)
            {
                files.TryRemove(id, out _);
            }
        }
    }
}

public static class DownloadEndpoints
{
    public static IServiceCollection AddDownloads(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DownloadOptions>().Bind(configuration.GetSection(DownloadOptions.Section));
        services.AddSingleton<DownloadLinks>();
        return services;
    }

    public static IEndpointRouteBuilder MapDownloads(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/files/{id}", (string id, long exp, string? sig, DownloadLinks links) =>
            links.Resolve(id, exp, sig) is { } file
                ? Results.File(file.Content, file.ContentType, file.FileName)
                : Results.NotFound("Ссылка недействительна или устарела."));
        return endpoints;
    }
}
