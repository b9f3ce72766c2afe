using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AppConfig;
using SchoolSupport.BotFramework.Authentication;

namespace SchoolSupport.BotFramework.Connector;

/// <summary>The bot's own bearer token for connector calls.</summary>
public interface IBotTokenProvider
{
    /// <summary>False in anonymous mode: calls go out without a token.</summary>
    bool RequiresToken { get; }

    Task<string?> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken);
}

public sealed class AnonymousBotTokenProvider : IBotTokenProvider
{
    public bool RequiresToken => false;

    public Task<string?> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(null);
}

/// <summary>
/// Client credentials via MSAL: a secret against the app's tenant (or <c>botframework.com</c> for multi-tenant bots),
/// or a user-assigned managed identity. One MSAL application per provider so its token cache is reused.
/// </summary>
public sealed class MsalBotTokenProvider : IBotTokenProvider
{
    private readonly BotFrameworkOptions _options;
    private readonly Lazy<IConfidentialClientApplication> _confidential;
    private readonly Lazy<IManagedIdentityApplication> _managedIdentity;

    public MsalBotTokenProvider(BotFrameworkOptions options)
    {
        if (!options.HasAppId)
        {
            throw new InvalidOperationException("Bot:MicrosoftAppId is required to acquire a bot token.");
        }

        _options = options;
        _confidential = new(() => ConfidentialClientApplicationBuilder.Create(options.MicrosoftAppId)
            .WithClientSecret(options.MicrosoftAppPassword)
            .WithAuthority(Authority)
            .Build());
        _managedIdentity = new(() => ManagedIdentityApplicationBuilder
            .Create(ManagedIdentityId.WithUserAssignedClientId(options.MicrosoftAppId))
            .Build());
    }

    public bool RequiresToken => true;

    public string Authority => $"{_options.OAuthAuthority.TrimEnd('/')}/{_options.LoginTenant}";

    public string Scope => $"{_options.ToChannelFromBotOAuthScope.TrimEnd('/')}/.default";

    public async Task<string?> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        var result = _options.MicrosoftAppType == BotAppType.UserAssignedMSI
            ? await _managedIdentity.Value.AcquireTokenForManagedIdentity(_options.ToChannelFromBotOAuthScope)
                .WithForceRefresh(forceRefresh).ExecuteAsync(cancellationToken).ConfigureAwait(false)
            : await _confidential.Value.AcquireTokenForClient([Scope])
                .WithForceRefresh(forceRefresh).ExecuteAsync(cancellationToken).ConfigureAwait(false);
        return result.AccessToken;
    }
}
