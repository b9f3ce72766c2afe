using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SchoolSupport.People;

/// <summary>Invite codes for linking accounts (section «InviteCodes»).</summary>
public sealed class InviteCodeOptions
{
    public const string Section = "InviteCodes";

    /// <summary>
    /// The HMAC key codes are hashed with (at least 32 characters, the same on every instance). Required outside
    /// Development; in Development a random key is generated once and kept in <see cref="KeyFile"/>.
    /// </summary>
    public string? HmacKey { get; set; }

    /// <summary>Where the generated development key is kept, so codes survive a restart.</summary>
    public string KeyFile { get; set; } = "data/invite-codes.key";

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(72);

    /// <summary>Failed «привязать …» from one account within <see cref="LockoutWindow"/> before it is locked out.</summary>
    public int MaxFailuresPerAccount { get; set; } = 5;

    /// <summary>Wrong codes tried against one code's first group before that code is void.</summary>
    public int MaxFailuresPerCode { get; set; } = 5;

    public TimeSpan LockoutWindow { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Makes and checks invite codes: 16 characters in four groups («KX7M-P4QH-R9TB-W3NC») from 31 symbols people can
/// read aloud and type (no 0/O, 1/I/L). The first group finds the row; the other twelve characters carry about 59
/// bits the stored HMAC cannot give away without the key.
/// </summary>
public sealed class InviteCodeHasher(IOptions<InviteCodeOptions> options)
{
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    public const int GroupLength = 4;
    public const int Groups = 4;
    public const int Length = GroupLength * Groups;

    private readonly byte[] key = Encoding.UTF8.GetBytes(options.Value.HmacKey
        ?? throw new InvalidOperationException("InviteCodes:HmacKey is not configured."));

    /// <summary>Bits of the part that is never stored in clear (everything after the selector).</summary>
    public static double SecretBits => (Length - GroupLength) * Math.Log2(Alphabet.Length);

    public static string NewCode()
    {
        var chars = new char[Length];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return Format(new string(chars));
    }

    /// <summary>«KX7MP4QHR9TBW3NC» → «KX7M-P4QH-R9TB-W3NC».</summary>
    public static string Format(string normalized) =>
        string.Join("-", Enumerable.Range(0, Groups).Select(g => normalized.Substring(g * GroupLength, GroupLength)));

    /// <summary>
    /// The code as typed, in any case, with spaces or dashes, reduced to its 16 symbols; null when it cannot be one.
    /// Letters that look like excluded ones are read as what was meant (o → 0 is not a symbol, so it is refused).
    /// </summary>
    public static string? Normalize(string typed)
    {
        var sb = new StringBuilder(Length);
        foreach (var c in typed)
        {
            if (c is '-' or ' ' or '\u00A0' or '\u2010' or '\u2011' or '\u2013' or '\u2014')
            {
                continue;
            }

            var u = char.ToUpperInvariant(c);
            if (Alphabet.IndexOf(u, StringComparison.Ordinal) < 0)
            {
                return null;
            }

            sb.Append(u);
        }

        return sb.Length == Length ? sb.ToString() : null;
    }

    public static string SelectorOf(string normalized) => normalized[..GroupLength];

    public string Hash(string normalized) =>
        Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("schoolsupport-invite:" + normalized)));

    public bool Matches(string normalized, string storedHash)
    {
        var expected = Encoding.ASCII.GetBytes(Hash(normalized));
        var actual = Encoding.ASCII.GetBytes(storedHash);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}

/// <summary>
/// The development default of the key: generated once and kept in a file, so codes issued before a restart still
/// work. Outside Development the key must be configured (checked at start).
/// </summary>
internal sealed class InviteCodeKeyDefaults(IHostEnvironment environment) : IPostConfigureOptions<InviteCodeOptions>, IValidateOptions<InviteCodeOptions>
{
    private static readonly Lock FileLock = new();

    public void PostConfigure(string? name, InviteCodeOptions options)
    {
        if (!string.IsNullOrEmpty(options.HmacKey) || !environment.IsDevelopment())
        {
            return;
        }

        // Relative to the working directory, like the SQLite file (Database:DataFolder), so both sit in data/.
        var path = Path.GetFullPath(options.KeyFile);
        lock (FileLock)
        {
            if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: >= 32 } existing)
            {
                options.HmacKey = existing;
                return;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var generated = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            File.WriteAllText(path, generated);
            options.HmacKey = generated;
        }
    }

    public ValidateOptionsResult Validate(string? name, InviteCodeOptions options)
    {
        if (string.IsNullOrEmpty(options.HmacKey) || options.HmacKey.Length < 32)
        {
            return ValidateOptionsResult.Fail(
                "InviteCodes:HmacKey must be set to at least 32 random characters (the same on every instance); " +
                "only Development generates one.");
        }

        return options.Lifetime <= TimeSpan.Zero || options.MaxFailuresPerAccount < 1 || options.MaxFailuresPerCode < 1
            ? ValidateOptionsResult.Fail("InviteCodes: Lifetime and the failure limits must be positive.")
            : ValidateOptionsResult.Success;
    }
}
