using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using SchoolSupport.BotFramework.Schema;

namespace SchoolSupport.BotFramework.Authentication;

/// <summary>Decides whether an inbound activity really comes from the channel.</summary>
public abstract class BotFrameworkAuthentication
{
    public abstract Task<AuthenticateRequestResult> AuthenticateRequestAsync(
        Activity activity, string? authHeader, CancellationToken cancellationToken);
}

/// <summary>
/// Validates Azure Bot Service channel tokens the way botbuilder-dotnet does: issuer, audience, lifetime with 5 min
/// skew, RSA signature by a key from the OpenID metadata, the key's channel endorsement and the <c>serviceurl</c> claim.
/// </summary>
public class ConfigurationBotFrameworkAuthentication : BotFrameworkAuthentication
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>IdentityModel's default floor between refreshes forced by an unknown <c>kid</c>.</summary>
    private static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromMinutes(5);

    private readonly BotFrameworkOptions _options;
    private readonly TrustedServiceUrls _trustedServiceUrls;
    private readonly ILogger _logger;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _openIdMetadata;
    private readonly ConfigurationManager<IDictionary<string, HashSet<string>>> _endorsements;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly HttpDocumentRetriever _documents;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _rolloverLock = new(1, 1);
    private DateTimeOffset _lastRollover = DateTimeOffset.MinValue;
    private volatile RolledOverKeys? _rolledOver;

    public ConfigurationBotFrameworkAuthentication(
        BotFrameworkOptions options,
        HttpClient httpClient,
        TrustedServiceUrls trustedServiceUrls,
        ILogger<ConfigurationBotFrameworkAuthentication>? logger = null,
        TimeProvider? timeProvider = null)
    {
        _options = options;
        _trustedServiceUrls = trustedServiceUrls;
        _logger = logger ?? NullLogger<ConfigurationBotFrameworkAuthentication>.Instance;
        _time = timeProvider ?? TimeProvider.System;
        RefreshInterval = options.SigningKeysRefreshInterval;

        // Plain http is tolerated only for a metadata server on this machine (tests, local tooling).
        _documents = new HttpDocumentRetriever(httpClient) { RequireHttps = !IsLoopback(options.OpenIdMetadataUrl) };
        _openIdMetadata = new ConfigurationManager<OpenIdConnectConfiguration>(
            options.OpenIdMetadataUrl, new OpenIdConnectConfigurationRetriever(), _documents)
        {
            AutomaticRefreshInterval = TimeSpan.FromHours(24),
            RefreshInterval = DefaultRefreshInterval,
        };
        _endorsements = new ConfigurationManager<IDictionary<string, HashSet<string>>>(
            options.OpenIdMetadataUrl, new EndorsementsRetriever(), _documents)
        {
            AutomaticRefreshInterval = TimeSpan.FromHours(24),
            RefreshInterval = DefaultRefreshInterval,
        };
    }

    /// <summary>The shortest pause between two key fetches forced by unknown <c>kid</c>s (Bot:SigningKeysRefreshInterval).</summary>
    internal TimeSpan RefreshInterval { get; set; }

    public override async Task<AuthenticateRequestResult> AuthenticateRequestAsync(
        Activity activity, string? authHeader, CancellationToken cancellationToken)
    {
        var result = await AuthenticateCoreAsync(activity, authHeader, cancellationToken).ConfigureAwait(false);
        if (!result.IsAuthenticated)
        {
            _logger.LogWarning("Rejected activity {ActivityId} on {ChannelId}: {Reason}",
                activity.Id, activity.ChannelId, result.FailureReason);
        }
        else if (!result.IsAnonymous && activity.ServiceUrl is { } serviceUrl
                 && _options.IsChannelAllowed(activity.ChannelId) && _options.IsActivityTenantAllowed(activity))
        {
            // Only an activity the adapter will serve teaches a service URL: a valid token from a refused tenant or
            // channel must not make its URL trusted for the bot's own token.
            await _trustedServiceUrls.TrustAsync(serviceUrl, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private async Task<AuthenticateRequestResult> AuthenticateCoreAsync(
        Activity activity, string? authHeader, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(authHeader))
        {
            return _options.AnonymousActive
                ? AuthenticateRequestResult.Anonymous()
                : AuthenticateRequestResult.Failure("no Authorization header and anonymous access is off");
        }

        if (!_options.HasAppId)
        {
            // Nothing to check the audience against: that is only acceptable in anonymous mode.
            return _options.AnonymousActive
                ? AuthenticateRequestResult.Anonymous()
                : AuthenticateRequestResult.Failure("MicrosoftAppId is not configured");
        }

        if (!authHeader.StartsWith(BearerPrefix, StringComparison.Ordinal)
            || authHeader.Length == BearerPrefix.Length
            || authHeader.IndexOf(' ', BearerPrefix.Length) >= 0)
        {
            return AuthenticateRequestResult.Failure("Authorization header is not 'Bearer <token>'");
        }

        var token = authHeader[BearerPrefix.Length..];
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return AuthenticateRequestResult.Failure("token is not a JWT");
        }

        if (!string.Equals(jwt.Issuer, _options.TokenIssuer, StringComparison.Ordinal))
        {
            return AuthenticateRequestResult.Failure($"untrusted issuer '{jwt.Issuer}'");
        }

        if (!AuthenticationConstants.AllowedSigningAlgorithms.Contains(jwt.Alg))
        {
            return AuthenticateRequestResult.Failure($"signing algorithm '{jwt.Alg}' is not allowed");
        }

        if (string.IsNullOrEmpty(jwt.Kid))
        {
            return AuthenticateRequestResult.Failure("token has no kid");
        }

        ICollection<SecurityKey> keys;
        IDictionary<string, HashSet<string>> endorsements;
        try
        {
            (keys, endorsements) = await GetKeysAsync(jwt.Kid, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            // Fail closed, but loudly: this is an outage of the metadata endpoint, not a bad caller.
            _logger.LogError(ex, "Channel signing keys unavailable from {Url}", _options.OpenIdMetadataUrl);
            return AuthenticateRequestResult.Failure("signing keys unavailable");
        }

        var validation = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = _options.TokenIssuer,
            ValidAudiences = ValidAudiences(_options.MicrosoftAppId!),
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = AuthenticationConstants.ClockSkew,
            RequireSignedTokens = true,
            ValidAlgorithms = AuthenticationConstants.AllowedSigningAlgorithms,
            IssuerSigningKeys = keys,
            TryAllIssuerSigningKeys = false,
        }).ConfigureAwait(false);
        if (!validation.IsValid)
        {
            return AuthenticateRequestResult.Failure($"token validation failed: {validation.Exception?.Message}");
        }

        // Mirrors botbuilder-dotnet: a key without endorsements is not trusted for any channel.
        if (string.IsNullOrEmpty(activity.ChannelId)
            || !endorsements.TryGetValue(jwt.Kid, out var channels)
            || !channels.Contains(activity.ChannelId))
        {
            return AuthenticateRequestResult.Failure($"key '{jwt.Kid}' is not endorsed for channel '{activity.ChannelId}'");
        }

        var serviceUrlClaim = jwt.TryGetPayloadValue<string>(AuthenticationConstants.ServiceUrlClaim, out var claim) ? claim : null;
        if (string.IsNullOrEmpty(serviceUrlClaim) || !string.Equals(serviceUrlClaim, activity.ServiceUrl, StringComparison.Ordinal))
        {
            return AuthenticateRequestResult.Failure("serviceurl claim does not match the activity's serviceUrl");
        }

        return AuthenticateRequestResult.Success(validation.ClaimsIdentity ?? new ClaimsIdentity(jwt.Claims, "Bearer"));
    }

    private async Task<(ICollection<SecurityKey> Keys, IDictionary<string, HashSet<string>> Endorsements)> GetKeysAsync(
        string kid, CancellationToken cancellationToken)
    {
        var configuration = await _openIdMetadata.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        var endorsements = await _endorsements.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);

        // The newest view of the channel's key set wins. A set fetched through the rollover path is newer than the
        // cached one until the cache itself refreshes; from then on the cache is the newer view and the rolled-over set
        // is dropped. Either way a key the channel no longer publishes stops being accepted at the next fetch.
        var current = (Configuration: configuration, Endorsements: endorsements);
        if (_rolledOver is { } rolled)
        {
            if (ReferenceEquals(rolled.CachedAtFetch, configuration))
            {
                current = (rolled.Configuration, rolled.Endorsements);
            }
            else
            {
                _rolledOver = null;
            }
        }

        if (HasKey(current.Configuration, kid))
        {
            return (current.Configuration.SigningKeys, current.Endorsements);
        }

        // Keys rotate. IdentityModel's RequestRefresh updates in the background, so the request at hand would still see
        // the old keys: fetch once ourselves, throttled so unknown kids cannot make us hammer the metadata endpoint.
        var fresh = await RefreshAfterRolloverAsync(configuration, cancellationToken).ConfigureAwait(false);
        return fresh is { } f && HasKey(f.Configuration, kid)
            ? (f.Configuration.SigningKeys, f.Endorsements)
            : (current.Configuration.SigningKeys, current.Endorsements);
    }

    private async Task<RolledOverKeys?> RefreshAfterRolloverAsync(OpenIdConnectConfiguration cached, CancellationToken cancellationToken)
    {
        await _rolloverLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            if (now - _lastRollover < RefreshInterval)
            {
                return null;
            }

            _lastRollover = now;
            var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(_options.OpenIdMetadataUrl, _documents, cancellationToken)
                .ConfigureAwait(false);
            var endorsements = await new EndorsementsRetriever().GetConfigurationAsync(_options.OpenIdMetadataUrl, _documents, cancellationToken)
                .ConfigureAwait(false);
            _openIdMetadata.RequestRefresh();
            _endorsements.RequestRefresh();
            _rolledOver = new RolledOverKeys(configuration, endorsements, cached);
            return _rolledOver;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidOperationException or System.Text.Json.JsonException)
        {
            _logger.LogWarning(ex, "Could not refresh the channel signing keys from {Url}", _options.OpenIdMetadataUrl);
            return null;
        }
        finally
        {
            _rolloverLock.Release();
        }
    }

    /// <summary>A key set fetched after an unknown kid, with the cached set it was newer than.</summary>
    private sealed record RolledOverKeys(
        OpenIdConnectConfiguration Configuration,
        IDictionary<string, HashSet<string>> Endorsements,
        OpenIdConnectConfiguration CachedAtFetch);

    private static bool HasKey(OpenIdConnectConfiguration configuration, string kid) =>
        configuration.SigningKeys.Any(k => k.KeyId == kid);

    private static string[] ValidAudiences(string appId) => [appId, $"api://{appId}", $"api://botid-{appId}"];

    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;
}
