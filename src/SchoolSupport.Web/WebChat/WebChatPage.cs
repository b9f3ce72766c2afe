using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;

namespace SchoolSupport.Web.WebChat;

/// <summary>
/// The page at <c>/</c> and its assets, embedded in the host: the official Web Chat bundle is vendored (see
/// <c>WebChat/Page/vendor/README.md</c>), so nothing comes from a CDN and nothing is built with npm.
/// </summary>
public static class WebChatPage
{
    public const string WebChatVersion = "4.18.1";
    public const string WebChatSha256 = "0a68ad0a64fc04d621197da10c3eec0f843e16f7d03f6bcbed29b47517cf9bff";

    // Web Chat injects its styles at run time (emotion), hence 'unsafe-inline' for styles only; scripts come from here.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "media-src 'self' blob:; connect-src 'self' ws: wss:; font-src 'self' data:; object-src 'none'; " +
        "base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private static readonly Lazy<Asset> Bundle = new(() => Asset.Load("webchat/webchat.js", "text/javascript; charset=utf-8", compress: true));
    private static readonly Lazy<Asset> Index = new(() => Asset.Load("webchat/index.html", "text/html; charset=utf-8", compress: false));
    private static readonly Lazy<Asset> Script = new(() => Asset.Load("webchat/page.js", "text/javascript; charset=utf-8", compress: false));
    private static readonly Lazy<Asset> Styles = new(() => Asset.Load("webchat/page.css", "text/css; charset=utf-8", compress: false));

    /// <summary>The bytes of the vendored bundle (for the integrity test).</summary>
    public static byte[] WebChatBundle() => Bundle.Value.Bytes;

    public static IEndpointRouteBuilder MapWebChatPage(this IEndpointRouteBuilder endpoints, WebChatAccess access)
    {
        if (!access.IsOn)
        {
            endpoints.MapGet("/", () => Results.Text(
                "SchoolSupport: бот адресной поддержки школ (проект «500+»). Адрес для Bot Framework: /api/messages; проверка: /healthz. " +
                "Веб-чат выключен: для входа через браузер настройте WebChat:Oidc (см. README).",
                "text/plain; charset=utf-8"));
            return endpoints;
        }

        endpoints.MapGet("/", (HttpContext http) => Serve(http, Index.Value, "no-cache"));
        endpoints.MapGet("/webchat/page.js", (HttpContext http) => Serve(http, Script.Value, "no-cache"));
        endpoints.MapGet("/webchat/page.css", (HttpContext http) => Serve(http, Styles.Value, "no-cache"));
        endpoints.MapGet($"/webchat/webchat-{WebChatVersion}.js", (HttpContext http) => Serve(http, Bundle.Value, "public, max-age=31536000, immutable"));
        endpoints.MapGet("/webchat/licenses", () => Results.Text(
            Asset.Text("webchat/LICENSE-botframework-webchat.txt") + "\n\n" + Asset.Text("webchat/webchat.js.LICENSE.txt"),
            "text/plain; charset=utf-8"));
        return endpoints;
    }

    private static IResult Serve(HttpContext http, Asset asset, string cacheControl)
    {
        var headers = http.Response.Headers;
        headers.CacheControl = cacheControl;
        headers.ETag = asset.ETag;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        if (http.Request.Headers.IfNoneMatch == asset.ETag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        if (asset.Gzipped is { } gz && http.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            headers.ContentEncoding = "gzip";
            headers.Vary = "Accept-Encoding";
            return Results.Bytes(gz, asset.ContentType);
        }

        return Results.Bytes(asset.Bytes, asset.ContentType);
    }

    private sealed record Asset(byte[] Bytes, byte[]? Gzipped, string ContentType, string ETag)
    {
        public static Asset Load(string name, string contentType, bool compress)
        {
            var bytes = Read(name);
            byte[]? gzipped = null;
            if (compress)
            {
                using var buffer = new MemoryStream();
                using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
                {
                    gzip.Write(bytes);
                }

                gzipped = buffer.ToArray();
            }

            return new Asset(bytes, gzipped, contentType, "\"" + Convert.ToHexString(SHA256.HashData(bytes))[..16] + "\"");
        }

        public static string Text(string name) => System.Text.Encoding.UTF8.GetString(Read(name));

        private static byte[] Read(string name)
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
