namespace SchoolSupport.BotFramework.Authentication;

public static class AuthenticationConstants
{
    public const string ToBotFromChannelTokenIssuer = "https://api.botframework.com";
    public const string ToBotFromChannelOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";
    public const string ToChannelFromBotOAuthScope = "https://api.botframework.com";
    public const string OAuthAuthorityHost = "https://login.microsoftonline.com";
    public const string DefaultChannelAuthTenant = "botframework.com";

    /// <summary>Where proactive messages go when no serviceUrl was stored yet (public cloud).</summary>
    public const string TeamsGlobalServiceUrl = "https://smba.trafficmanager.net/teams/";

    public const string ServiceUrlClaim = "serviceurl";
    public const string AppIdClaim = "appid";
    public const string AudienceClaim = "aud";
    public const string AnonymousSkillAppId = "AnonymousSkill";
    public const string AnonymousAuthType = "anonymous";

    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static IReadOnlyList<string> AllowedSigningAlgorithms { get; } = ["RS256", "RS384", "RS512"];

    public static IReadOnlyList<string> DefaultTrustedServiceHosts { get; } =
        ["smba.trafficmanager.net", "smba.infra.gcc.teams.microsoft.com", "smba.infra.gov.teams.microsoft.us"];
}
