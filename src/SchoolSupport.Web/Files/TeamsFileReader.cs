using System.Net;
using Microsoft.Extensions.Options;
using SchoolSupport.Conversation;

namespace SchoolSupport.Web.Files;

/// <summary>Where Teams file attachments may be downloaded from (section <c>Imports</c>).</summary>
public sealed class TeamsFileOptions
{
    public const string Section = "Imports";

    /// <summary>
    /// Hosts a Teams file attachment's downloadUrl may point to: the OneDrive and SharePoint hosts Teams stores files
    /// on. «*.» matches any subdomain. Anything else is refused before a request is made.
    /// </summary>
    public List<string> TeamsFileHosts { get; set; } = ["*.sharepoint.com", "*.sharepoint.us", "*.sharepoint-df.com", "*.sharepoint.cn", "*.sharepoint.de"];

    /// <summary>Only https downloads; a test turns this off to serve files from a loopback host.</summary>
    public bool RequireHttps { get; set; } = true;
}

/// <summary>
/// Downloads a Teams file attachment (<c>application/vnd.microsoft.teams.file.download.info</c>): the downloadUrl is a
/// pre-authenticated link, so only the host and scheme are checked, the size is capped while reading, and redirects
/// are not followed (a redirect could lead anywhere).
/// </summary>
public sealed class TeamsFileReader(IHttpClientFactory clients, IOptions<TeamsFileOptions> options, ILogger<TeamsFileReader> logger) : IInboundFileReader
{
    public const string HttpClientName = "teams-files";

    public string Source => "teams";

    public async Task<byte[]> ReadAsync(InboundFile file, long maxBytes, CancellationToken ct)
    {
        if (!Uri.TryCreate(file.Location, UriKind.Absolute, out var uri) || !IsAllowed(uri))
        {
            logger.LogWarning("Refused a Teams file from {Host}", uri?.Host ?? "(invalid url)");
            throw new InboundFileException($"Файл «{file.Name}» пришёл не из хранилища файлов Teams; такие ссылки бот не открывает.");
        }

        using var client = clients.CreateClient(HttpClientName);
        try
        {
            using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InboundFileException($"Не удалось скачать файл «{file.Name}» ({(int)response.StatusCode}). Отправьте его ещё раз.");
            }

            if (response.Content.Headers.ContentLength is { } length && length > maxBytes)
            {
                throw new InboundFileException($"Файл «{file.Name}» слишком большой: не более {maxBytes / (1024 * 1024)} МБ.");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, ct)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > maxBytes)
                {
                    throw new InboundFileException($"Файл «{file.Name}» слишком большой: не более {maxBytes / (1024 * 1024)} МБ.");
                }
            }

            return buffer.ToArray();
        }
        catch (HttpRequestException ex)
        {
            throw new InboundFileException($"Не удалось скачать файл «{file.Name}». Отправьте его ещё раз.", ex);
        }
    }

    private bool IsAllowed(Uri uri)
    {
        if (uri.Scheme != Uri.UriSchemeHttps && (options.Value.RequireHttps || uri.Scheme != Uri.UriSchemeHttp))
        {
            return false;
        }

        var host = uri.Host.ToLowerInvariant();
        return options.Value.TeamsFileHosts.Any(pattern =>
        {
            var p = pattern.Trim().ToLowerInvariant();
            return p.StartsWith("*.", StringComparison.Ordinal) ? host.EndsWith(p[1..], StringComparison.Ordinal) && host.Length > p.Length - 1 : host == p;
        });
    }
}

public static class TeamsFileSetup
{
    public static IServiceCollection AddTeamsFiles(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TeamsFileOptions>().Bind(configuration.GetSection(TeamsFileOptions.Section));
        services.AddHttpClient(TeamsFileReader.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(60))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddScoped<IInboundFileReader, TeamsFileReader>();
        return services;
    }
}
