namespace SchoolSupport.Web.WebChat;

/// <summary>The web page and its sign-in (section <c>WebChat</c>; the Direct Line settings share it).</summary>
public sealed class WebChatOptions
{
    public const string Section = "WebChat";

    /// <summary>Off turns the page and the Direct Line endpoint off whatever else is configured.</summary>
    public bool Enabled { get; set; } = true;

    public OidcOptions Oidc { get; set; } = new();

    public sealed class OidcOptions
    {
        /// <summary>The issuer, e.g. <c>https://login.microsoftonline.com/&lt;tenant&gt;/v2.0</c>; empty = no sign-in.</summary>
        public string? Authority { get; set; }

        public string? ClientId { get; set; }
        public string? ClientSecret { get; set; }

        /// <summary>Scopes asked for besides <c>openid</c>.</summary>
        public string[] Scopes { get; set; } = ["profile", "email"];

        /// <summary>Claims that carry the person's work e-mail, first found wins (Entra: <c>email</c>, then the UPN).</summary>
        public string[] EmailClaims { get; set; } = ["email", "preferred_username", "upn"];

        public string CallbackPath { get; set; } = "/signin-oidc";

        /// <summary>Allows an http authority (a test provider on loopback); never in Production.</summary>
        public bool RequireHttpsMetadata { get; set; } = true;

        public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority);
    }
}

public enum WebChatMode
{
    /// <summary>No page and no Direct Line endpoint.</summary>
    Off,

    /// <summary>Development with demo data: the page offers the demo people.</summary>
    Demo,

    /// <summary>People sign in with OpenID Connect; the e-mail identifies them.</summary>
    Oidc,
}

/// <summary>How the page decides who is chatting, fixed at start.</summary>
public sealed record WebChatAccess(WebChatMode Mode)
{
    public bool IsOn => Mode != WebChatMode.Off;

    /// <summary>
    /// OpenID Connect when configured; else the demo picker where demo people are on and it is not Production (a
    /// picker there would let anyone act as anyone); else off.
    /// </summary>
    public static WebChatAccess Decide(WebChatOptions options, bool demoEnabled, IHostEnvironment environment) =>
        new(!options.Enabled ? WebChatMode.Off
            : options.Oidc.IsConfigured ? WebChatMode.Oidc
            : demoEnabled && !environment.IsProduction() ? WebChatMode.Demo
            : WebChatMode.Off);
}
