using System.Text;
using System.Text.RegularExpressions;

namespace SchoolSupport.Conversation;

/// <summary>
/// A chat message prepared for matching: lower case, «ё» as «е», punctuation as spaces, single spaces.
/// The original text is kept for parsers that need it (dates, free-text fields).
/// </summary>
public sealed partial class ChatText
{
    public ChatText(string? original)
    {
        Original = (original ?? "").Trim();
        Normalized = Normalize(Original);
        Words = Normalized.Length == 0 ? [] : Normalized.Split(' ');
    }

    public string Original { get; }
    public string Normalized { get; }
    public IReadOnlyList<string> Words { get; }

    public bool IsEmpty => Normalized.Length == 0;

    /// <summary>The command the message was understood as, with its slots (set by the router).</summary>
    public Understanding? Meaning { get; init; }

    public MessageSlots Slots => Meaning?.Slots ?? new MessageSlots();

    public bool Is(params string[] phrases) => phrases.Any(p => Normalized == Normalize(p));

    public bool StartsWith(params string[] phrases) =>
        phrases.Select(Normalize).Any(p => Normalized == p || Normalized.StartsWith(p + " ", StringComparison.Ordinal));

    /// <summary>True when any phrase occurs as whole words.</summary>
    public bool Contains(params string[] phrases) =>
        phrases.Select(Normalize).Any(p => (" " + Normalized + " ").Contains(" " + p + " ", StringComparison.Ordinal));

    /// <summary>True when some word starts with any of the stems («просроч» matches «просрочено», «просрочка»).</summary>
    public bool HasStem(params string[] stems) =>
        Words.Any(w => stems.Any(s => w.StartsWith(s, StringComparison.Ordinal)));

    public static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        var space = true;
        foreach (var ch in text)
        {
            var c = char.ToLowerInvariant(ch);
            if (c == 'ё')
            {
                c = 'е';
            }

            if (char.IsLetterOrDigit(c) || c == '+' || c == '.' || c == '-' || c == ':' || c == '/')
            {
                sb.Append(c);
                space = false;
            }
            else if (!space)
            {
                sb.Append(' ');
                space = true;
            }
        }

        return TrailingDots().Replace(sb.ToString().Trim(), "");
    }

    [GeneratedRegex(@"[.\-:]+$")]
    private static partial Regex TrailingDots();
}
