using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace SchoolSupport.Conversation;

/// <summary>
/// The one scheme for «is this the same submission again?» (a double click, a channel redelivery): the form instance
/// key carried in the card data, else the channel's activity id. Every key names the person, and the fallback also the
/// conversation, so a key copied from someone else's form or guessed from a sequential activity id can never match
/// another person's submission.
/// </summary>
public static partial class SubmissionKeys
{
    public const int MaxLength = 200;

    /// <summary>A new form instance key, put into the card's data when the bot shows the form.</summary>
    public static string NewCardKey() => Guid.NewGuid().ToString("N");

    /// <summary>A form instance key as the bot issues them (random, URL-safe).</summary>
    public static bool IsCardKey(string? cardKey) => cardKey is not null && CardKeyPattern().IsMatch(cardKey);

    /// <summary>
    /// The key of the submission, or null when the turn carries neither a valid form key nor an activity id (then it
    /// cannot be recognised again and is treated as new).
    /// </summary>
    public static string? For(string feature, int personId, string? cardKey, TurnInput input)
    {
        var person = personId.ToString(CultureInfo.InvariantCulture);
        if (IsCardKey(cardKey))
        {
            return Fit($"{feature}:{person}:card:{cardKey}");
        }

        if (string.IsNullOrEmpty(input.ActivityId))
        {
            return null;
        }

        // Activity ids are only unique within a channel conversation; conversation ids can be long, so they are hashed.
        var where = SHA256.HashData(Encoding.UTF8.GetBytes($"{input.ChannelId}\n{input.ConversationId}\n{input.ActivityId}"));
        return Fit($"{feature}:{person}:activity:{Convert.ToHexString(where, 0, 20)}");
    }

    private static string Fit(string key) => key.Length <= MaxLength ? key : key[..MaxLength];

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex CardKeyPattern();
}
