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
    /// Refused in Production, and never in effect while <see cref="MicrosoftAppId"/> is set (see <see cref="AnonymousActive"/>).
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>
    /// Tenants whose activities are accepted (Entra tenant ids). Empty = any tenant. When set, an activity without a
    /// tenant or from another one is refused with 403.
    /// </summary>
    public List<string> AllowedTenants { get; set; } = [];

    /// <summary>
    /// Channels accepted on the messaging endpoint besides <c>msteams</c> (for example <c>webchat</c> of Azure Bot
    /// Service). In anonymous mode <c>emulator</c> is accepted too. Others are refused with 403.
    /// </summary>
    public List<string> AllowedChannels { get; set; } = [];

    public string OpenIdMetadataUrl { get; set; } = AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl;

    /// <summary>
    /// The shortest pause between two key fetches forced by tokens signed with an unknown key (a rollover), so unknown
    /// kids cannot make the bot hammer the metadata endpoint.
    /// </summary>
    public TimeSpan SigningKeysRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

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

    public bool HasAppId => !string.IsNullOrWhiteSpace(MicrosoftAppId);

    /// <summary>Anonymous mode is on only when asked for and no app id is configured, whatever the environment.</summary>
    public bool AnonymousActive => AllowAnonymous && !HasAppId;

    /// <summary>Whether activities of <paramref name="channelId"/> may reach the bot through the messaging endpoint.</summary>
    public bool IsChannelAllowed(string? channelId) =>
        !string.IsNullOrEmpty(channelId)
        && (channelId == Schema.Channels.Msteams
            || (AnonymousActive && channelId == Schema.Channels.Emulator)
            || AllowedChannels.Contains(channelId, StringComparer.Ordinal));

    /// <summary>Whether an activity of <paramref name="tenantId"/> is accepted (always, when no allow-list is set).</summary>
    public bool IsTenantAllowed(string? tenantId) =>
        AllowedTenants.Count == 0
        || (!string.IsNullOrEmpty(tenantId) && AllowedTenants.Contains(tenantId, StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// Whether the activity's tenant is accepted: its Teams tenant is on the allow-list, and its conversation's tenant
    /// (when given) agrees with it.
    /// </summary>
    public bool IsActivityTenantAllowed(Schema.Activity activity)
    {
        var tenantId = Schema.Teams.TeamsActivityExtensions.GetTenantId(activity);
        var conversationTenant = activity.Conversation?.TenantId;
        return IsTenantAllowed(tenantId)
            && (AllowedTenants.Count == 0 || string.IsNullOrEmpty(conversationTenant)
                || string.Equals(conversationTenant, tenantId, StringComparison.OrdinalIgnoreCase));
    }

    internal string LoginTenant => MicrosoftAppType == BotAppType.SingleTenant && !string.IsNullOrWhiteSpace(MicrosoftAppTenantId)
        ? MicrosoftAppTenantId!
        : AuthenticationConstants.DefaultChannelAuthTenant;
}
