using System.Security.Claims;

namespace SchoolSupport.BotFramework.Authentication;

public sealed class AuthenticateRequestResult
{
    private AuthenticateRequestResult(bool isAuthenticated, bool isAnonymous, ClaimsIdentity identity, string? failureReason)
    {
        IsAuthenticated = isAuthenticated;
        IsAnonymous = isAnonymous;
        ClaimsIdentity = identity;
        FailureReason = failureReason;
    }

    /// <summary>True when the request may be processed (a valid channel token, or anonymous mode).</summary>
    public bool IsAuthenticated { get; }

    /// <summary>Accepted without a token; its serviceUrl is not trusted with the bot's token.</summary>
    public bool IsAnonymous { get; }

    public ClaimsIdentity ClaimsIdentity { get; }

    /// <summary>Why the request was refused: for logs only, never for the caller.</summary>
    public string? FailureReason { get; }

    public string? CallerId { get; init; }

    public static AuthenticateRequestResult Success(ClaimsIdentity identity) => new(true, false, identity, null)
    {
        CallerId = "urn:botframework:azure",
    };

    public static AuthenticateRequestResult Anonymous() =>
        new(true, true, new ClaimsIdentity(AuthenticationConstants.AnonymousAuthType), null);

    public static AuthenticateRequestResult Failure(string reason) => new(false, false, new ClaimsIdentity(), reason);
}
