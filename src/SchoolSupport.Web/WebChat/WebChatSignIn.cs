using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Conversation;
using SchoolSupport.Data;
using SchoolSupport.Web.WebChat.DirectLine;

namespace SchoolSupport.Web.WebChat;

/// <summary>
/// The page's session: a cookie whose principal carries the person's e-mail as <see cref="ClaimTypes.Email"/>, set by
/// the demo picker or by OpenID Connect sign-in. It is the default authentication scheme, so any endpoint can ask
/// <c>HttpContext.User</c> who is signed in on the web (download links check it).
/// </summary>
public static class WebChatSignIn
{
    public const string CookieScheme = "WebChat";
    public const string OidcScheme = "WebChatOidc";

    /// <summary>The demo people the picker offers, in the order shown: key (e-mail local part) and role.</summary>
    public static readonly IReadOnlyList<(string Key, string Role)> DemoPeople =
    [
        ("director", "Руководитель школы"),
        ("curator", "Куратор"),
        ("consultant", "Консультант"),
        ("municipal", "Муниципальный координатор"),
        ("coordinator", "Региональный координатор"),
    ];

    public static IServiceCollection AddWebChatSignIn(this IServiceCollection services, WebChatOptions options, WebChatAccess access)
    {
        var auth = services.AddAuthentication(CookieScheme)
            .AddCookie(CookieScheme, cookie =>
            {
                cookie.Cookie.Name = ".SchoolSupport.Web";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(10);
                cookie.SlidingExpiration = true;
                // An API call without a session gets 401, not a redirect to a login page that does not exist.
                cookie.Events.OnRedirectToLogin = ctx =>
                {
                    ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                };
                cookie.Events.OnRedirectToAccessDenied = ctx =>
                {
                    ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            });

        if (access.Mode == WebChatMode.Oidc)
        {
            var oidc = options.Oidc;
            auth.AddOpenIdConnect(OidcScheme, o =>
            {
                o.SignInScheme = CookieScheme;
                o.Authority = oidc.Authority;
                o.ClientId = oidc.ClientId;
                o.ClientSecret = oidc.ClientSecret;
                o.ResponseType = "code";
                o.UsePkce = true;
                o.CallbackPath = oidc.CallbackPath;
                o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
                o.SaveTokens = false;
                o.GetClaimsFromUserInfoEndpoint = true;
                o.MapInboundClaims = false;
                o.Scope.Clear();
                o.Scope.Add("openid");
                foreach (var scope in oidc.Scopes)
                {
                    o.Scope.Add(scope);
                }

                // After the id token and the user-info claims are in: keep only what identifies the person.
                o.Events.OnTicketReceived = ctx => ReplacePrincipal(ctx, oidc.EmailClaims);
                o.Events.OnRemoteFailure = ctx =>
                {
                    ctx.HandleResponse();
                    ctx.Response.Redirect("/?signin=failed");
                    return Task.CompletedTask;
                };
            });
        }

        services.AddSingleton<IDirectLineUserSource, CookieUserSource>();
        return services;
    }

    /// <summary>
    /// Keeps only what identifies the person: the work e-mail (lower case, as stored for people) and the display name.
    /// A provider that says the e-mail is not verified is refused: anyone could claim any address there.
    /// </summary>
    private static Task ReplacePrincipal(TicketReceivedContext ctx, string[] emailClaims)
    {
        var principal = ctx.Principal!;
        var email = emailClaims.Select(c => principal.FindFirst(c)?.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v) && v.Contains('@'));
        var verified = principal.FindFirst("email_verified")?.Value;
        if (email is null || string.Equals(verified, "false", StringComparison.OrdinalIgnoreCase))
        {
            ctx.Fail(email is null ? "The identity provider sent no e-mail." : "The identity provider has not verified the e-mail.");
            return Task.CompletedTask;
        }

        var name = principal.FindFirst("name")?.Value ?? email;
        ctx.Principal = Principal(email, name, "oidc");
        return Task.CompletedTask;
    }

    public static ClaimsPrincipal Principal(string email, string name, string method) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Email, email.Trim().ToLowerInvariant()),
            new Claim(ClaimTypes.Name, name),
            new Claim(ClaimTypes.AuthenticationMethod, method),
        ],
        CookieScheme, ClaimTypes.Name, ClaimTypes.Role));

    public static IEndpointRouteBuilder MapWebChatSignIn(this IEndpointRouteBuilder endpoints, WebChatAccess access)
    {
        endpoints.MapGet("/webchat/session", async (HttpContext http, SchoolSupportDbContext db) =>
        {
            var result = await http.AuthenticateAsync(CookieScheme);
            var email = result.Principal?.FindFirst(ClaimTypes.Email)?.Value;
            object? people = null;
            if (access.Mode == WebChatMode.Demo)
            {
                var emails = DemoPeople.Select(p => DemoOptions.EmailFor(p.Key)).ToList();
                var names = await db.People.AsNoTracking().Where(p => p.Email != null && emails.Contains(p.Email))
                    .ToDictionaryAsync(p => p.Email!, p => p.FullName, http.RequestAborted);
                people = DemoPeople.Where(p => names.ContainsKey(DemoOptions.EmailFor(p.Key)))
                    .Select(p => new { key = p.Key, role = p.Role, name = names[DemoOptions.EmailFor(p.Key)], current = DemoOptions.EmailFor(p.Key) == email })
                    .ToList();
            }

            return Results.Json(new
            {
                mode = access.Mode == WebChatMode.Demo ? "demo" : "oidc",
                signedIn = email is not null,
                name = result.Principal?.Identity?.Name,
                email,
                people,
            });
        });

        endpoints.MapPost("/webchat/sign-out", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieScheme);
            return Results.NoContent();
        });

        if (access.Mode == WebChatMode.Demo)
        {
            // Anyone at the page may be any demo person: this exists only outside Production with demo data.
            endpoints.MapPost("/webchat/demo/{key}", async (string key, HttpContext http, SchoolSupportDbContext db) =>
            {
                if (!DemoPeople.Any(p => p.Key == key))
                {
                    return Results.NotFound();
                }

                var email = DemoOptions.EmailFor(key);
                var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Email == email, http.RequestAborted);
                if (person is null)
                {
                    return Results.NotFound();
                }

                await http.SignInAsync(CookieScheme, Principal(email, person.FullName, "demo"));
                return Results.NoContent();
            });
        }
        else if (access.Mode == WebChatMode.Oidc)
        {
            endpoints.MapGet("/webchat/sign-in", () => Results.Challenge(
                new AuthenticationProperties { RedirectUri = "/" }, [OidcScheme]));
        }

        return endpoints;
    }

    private sealed class CookieUserSource : IDirectLineUserSource
    {
        public async Task<DirectLineUser?> GetUserAsync(HttpContext context)
        {
            var result = await context.AuthenticateAsync(CookieScheme);
            var email = result.Principal?.FindFirst(ClaimTypes.Email)?.Value;
            return string.IsNullOrEmpty(email) ? null : new DirectLineUser(email, result.Principal?.Identity?.Name);
        }
    }
}
