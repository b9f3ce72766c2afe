using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SchoolSupport.Web.WebChat.DirectLine;

public enum TokenPurpose
{
    /// <summary>Bearer token of the REST calls of one conversation.</summary>
    Conversation,

    /// <summary>Query ticket that opens the conversation's WebSocket stream (browsers cannot send headers there).</summary>
    Stream,
}

public enum TokenVerdict
{
    Valid,
    Missing,

    /// <summary>Malformed, forged (bad signature) or issued for another purpose.</summary>
    Invalid,
    Expired,
}

public sealed record DirectLineToken(TokenPurpose Purpose, string ConversationId, string UserId, DateTimeOffset ExpiresAt);

/// <summary>
/// Signed, self-contained tokens: <c>dl1.&lt;payload&gt;.&lt;HMAC-SHA256&gt;</c> naming the purpose, conversation, user and
/// expiry. Every instance that shares <see cref="DirectLineOptions.TokenSigningKey"/> accepts them; the conversation row
/// is still checked on each request, so a token never grants more than its conversation.
/// </summary>
public sealed class DirectLineTokens(IOptions<DirectLineOptions> options, TimeProvider time)
{
    private const string Prefix = "dl1.";
    private readonly byte[] key = string.IsNullOrEmpty(options.Value.TokenSigningKey)
        ? RandomNumberGenerator.GetBytes(32)
        : Encoding.UTF8.GetBytes(options.Value.TokenSigningKey);

    public (string Token, int ExpiresInSeconds) Issue(TokenPurpose purpose, string conversationId, string userId)
    {
        var lifetime = purpose == TokenPurpose.Stream ? options.Value.StreamTicketLifetime : options.Value.TokenLifetime;
        var expires = time.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        var nonce = Base64Url(RandomNumberGenerator.GetBytes(9));
        var payload = Base64Url(Encoding.UTF8.GetBytes($"{(int)purpose}|{conversationId}|{userId}|{expires}|{nonce}"));
        return (Prefix + payload + "." + Sign(payload), (int)lifetime.TotalSeconds);
    }

    public (TokenVerdict Verdict, DirectLineToken? Token) Validate(string? token, TokenPurpose purpose)
    {
        if (string.IsNullOrEmpty(token))
        {
            return (TokenVerdict.Missing, null);
        }

        if (token.Length > 1000 || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return (TokenVerdict.Invalid, null);
        }

        var parts = token[Prefix.Length..].Split('.');
        if (parts.Length != 2 || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(parts[0])), Encoding.ASCII.GetBytes(parts[1])))
        {
            return (TokenVerdict.Invalid, null);
        }

        string[] fields;
        try
        {
            fields = Encoding.UTF8.GetString(FromBase64Url(parts[0])).Split('|');
        }
        catch (FormatException)
        {
            return (TokenVerdict.Invalid, null);
        }

        if (fields.Length != 5 || fields[0] != ((int)purpose).ToString(System.Globalization.CultureInfo.InvariantCulture)
            || !long.TryParse(fields[3], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var exp))
        {
            return (TokenVerdict.Invalid, null);
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(exp);
        var parsed = new DirectLineToken(purpose, fields[1], fields[2], expiresAt);
        return expiresAt <= time.GetUtcNow() ? (TokenVerdict.Expired, parsed) : (TokenVerdict.Valid, parsed);
    }

    private string Sign(string payload) => Base64Url(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(payload)));

    internal static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
