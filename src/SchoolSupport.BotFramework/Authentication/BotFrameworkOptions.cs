using SchoolSupport.BotFramework.Connector;

namespace SchoolSupport.BotFramework.Authentication;

public enum BotAppType
{
    MultiTenant,
    SingleTenant,
    UserAssignedMSI,
}

/// <summary>Bound from the <c>Bot</c> configuration section.</summary>
public sealed class BotFrameworkOptions
{
    public const string SectionName = "Bot";

    public const string DefaultErrorMessage = "Извините, что-то пошло не так. Попробуйте ещё раз чуть позже.";

    public string? MicrosoftAppId { get; set; }
    public string? MicrosoftAppPassword { get; set; }
    public string? MicrosoftAppTenantId { get; set; }
    public BotAppType MicrosoftAppType { get; set; } = BotAppType.MultiTenant;

    /// <summary>
    /// Accept requests without a token and send replies without one (Emulator, local Direct Line).
    /// Refused in Production.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    public string OpenIdMetadataUrl { get; set; } = AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl;

    /// <summary>The <c>iss</c> of channel tokens (gov cloud: <c>https://api.botframework.us</c>).</summary>
    public string TokenIssuer { get; set; } = AuthenticationConstants.ToBotFromChannelTokenIssuer;

    /// <summary>
    /// Hosts that may receive the bot's token even before an authenticated activity named them (https only; a loopback
    /// address such as 127.0.0.1 also over http). Values from configuration are added to the defaults.
    /// </summary>
    public List<string> TrustedServiceHosts { get; set; } = [.. AuthenticationConstants.DefaultTrustedServiceHosts];

    public string ToChannelFromBotOAuthScope { get; set; } = AuthenticationConstants.ToChannelFromBotOAuthScope;

    /// <summary>The Entra authority host; the tenant (or <c>botframework.com</c>) is appended.</summary>
    public string OAuthAuthority { get; set; } = AuthenticationConstants.OAuthAuthorityHost;

    /// <summary>Larger inbound requests are answered 413.</summary>
    public int MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>What the user sees when the turn fails.</summary>
    public string ErrorMessage { get; set; } = DefaultErrorMessage;

    public ConnectorClientOptions Connector { get; set; } = new();

    internal bool HasAppId => !string.IsNullOrWhiteSpace(MicrosoftAppId);

    internal string LoginTenant => MicrosoftAppType == BotAppType.SingleTenant && !string.IsNullOrWhiteSpace(MicrosoftAppTenantId)
        ? MicrosoftAppTenantId!
        : AuthenticationConstants.DefaultChannelAuthTenant;
}
