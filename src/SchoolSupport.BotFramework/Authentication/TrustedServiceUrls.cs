using System.Collections.Concurrent;

namespace SchoolSupport.BotFramework.Authentication;

/// <summary>
/// The serviceUrls allowed to receive the bot's bearer token: those proven by the signed <c>serviceurl</c> claim of an
/// authenticated activity, plus an allow-list of Teams hosts. Sending the token anywhere else would leak it.
/// </summary>
public class TrustedServiceUrls
{
    private readonly ConcurrentDictionary<string, byte> _urls = new(StringComparer.Ordinal);
    private readonly HashSet<string> _hosts;

    public TrustedServiceUrls(IEnumerable<string>? trustedHosts = null)
    {
        _hosts = new HashSet<string>(trustedHosts ?? AuthenticationConstants.DefaultTrustedServiceHosts, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Raised once per newly trusted URL, so the host can persist it and call <see cref="Trust"/> after a restart.</summary>
    public event Action<string>? ServiceUrlTrusted;

    public IReadOnlyCollection<string> Urls => [.. _urls.Keys];

    public void Trust(string serviceUrl)
    {
        if (Normalize(serviceUrl) is { } key && _urls.TryAdd(key, 0))
        {
            ServiceUrlTrusted?.Invoke(serviceUrl);
        }
    }

    public bool IsTrusted(string? serviceUrl)
    {
        if (Normalize(serviceUrl) is not { } key)
        {
            return false;
        }

        if (_urls.ContainsKey(key))
        {
            return true;
        }

        // Plain http only to an allow-listed loopback address: a local channel (a test connector, the Emulator) that
        // the operator named, never a remote host.
        var uri = new Uri(key);
        return (uri.Scheme == Uri.UriSchemeHttps || uri.IsLoopback) && _hosts.Contains(uri.Host);
    }

    private static string? Normalize(string? serviceUrl)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return null;
        }

        return $"{uri.Scheme}://{uri.Authority.ToLowerInvariant()}{uri.AbsolutePath.TrimEnd('/')}";
    }
}
