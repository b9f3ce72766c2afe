using System.Collections.Concurrent;

namespace SchoolSupport.BotFramework.Authentication;

/// <summary>Where the host keeps trusted service URLs, so they survive a restart and are shared between instances.</summary>
public interface ITrustedServiceUrlStore
{
    Task<bool> ContainsAsync(string normalizedUrl, CancellationToken cancellationToken);

    Task AddAsync(string normalizedUrl, CancellationToken cancellationToken);
}

/// <summary>
/// The serviceUrls allowed to receive the bot's bearer token: those proven by the signed <c>serviceurl</c> claim of an
/// authenticated activity, plus an allow-list of Teams hosts. Sending the token anywhere else would leak it. With an
/// <see cref="ITrustedServiceUrlStore"/> the proven URLs are stored and looked up there on a miss.
/// </summary>
public class TrustedServiceUrls
{
    private readonly ConcurrentDictionary<string, byte> _urls = new(StringComparer.Ordinal);
    private readonly HashSet<string> _hosts;
    private readonly ITrustedServiceUrlStore? _store;

    public TrustedServiceUrls(IEnumerable<string>? trustedHosts = null, ITrustedServiceUrlStore? store = null)
    {
        _hosts = new HashSet<string>(trustedHosts ?? AuthenticationConstants.DefaultTrustedServiceHosts, StringComparer.OrdinalIgnoreCase);
        _store = store;
    }

    /// <summary>Raised once per newly trusted URL (per instance).</summary>
    public event Action<string>? ServiceUrlTrusted;

    public IReadOnlyCollection<string> Urls => [.. _urls.Keys];

    public void Trust(string serviceUrl)
    {
        if (Normalize(serviceUrl) is { } key && _urls.TryAdd(key, 0))
        {
            ServiceUrlTrusted?.Invoke(serviceUrl);
        }
    }

    /// <summary>Trusts the URL here and in the store (written once per instance and URL).</summary>
    public async Task TrustAsync(string serviceUrl, CancellationToken cancellationToken)
    {
        if (Normalize(serviceUrl) is not { } key || !_urls.TryAdd(key, 0))
        {
            return;
        }

        ServiceUrlTrusted?.Invoke(serviceUrl);
        if (_store is not null)
        {
            await _store.AddAsync(key, cancellationToken).ConfigureAwait(false);
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

    /// <summary>As <see cref="IsTrusted"/>, then asks the store (another instance, or before a restart, may have proven it).</summary>
    public async Task<bool> IsTrustedAsync(string? serviceUrl, CancellationToken cancellationToken)
    {
        if (IsTrusted(serviceUrl))
        {
            return true;
        }

        if (_store is null || Normalize(serviceUrl) is not { } key
            || !await _store.ContainsAsync(key, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        _urls.TryAdd(key, 0);
        return true;
    }

    public static string? Normalize(string? serviceUrl)
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
