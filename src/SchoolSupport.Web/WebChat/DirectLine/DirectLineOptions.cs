namespace SchoolSupport.Web.WebChat.DirectLine;

/// <summary>Settings of the built-in Direct Line 3.0 endpoint (section <c>WebChat</c>).</summary>
public sealed class DirectLineOptions
{
    public const string Section = "WebChat";

    /// <summary>HMAC key of Direct Line tokens; random per process when empty (set it when running several instances).</summary>
    public string? TokenSigningKey { get; set; }

    /// <summary>Token lifetime; Web Chat refreshes at half of Direct Line's 30 minutes.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a stream URL may be used to open the WebSocket.</summary>
    public TimeSpan StreamTicketLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How often an open stream looks into the database for activities written by another instance (activities of
    /// this instance are pushed at once).
    /// </summary>
    public TimeSpan StreamPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Activities replayed when a client connects without a watermark (the recent history).</summary>
    public int HistoryOnStart { get; set; } = 50;

    /// <summary>At most this many activities per GET or stream message; the watermark pages through the rest.</summary>
    public int PageSize { get; set; } = 100;

    public long MaxActivityBytes { get; set; } = 256 * 1024;
    public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;
    public int MaxUploadFiles { get; set; } = 5;

    /// <summary>Uploaded files are kept this long for the bot to read.</summary>
    public TimeSpan UploadRetention { get; set; } = TimeSpan.FromDays(7);

    public string? Validate()
    {
        if (!string.IsNullOrEmpty(TokenSigningKey) && TokenSigningKey.Length < 32)
        {
            return "WebChat:TokenSigningKey must be at least 32 characters.";
        }

        if (TokenLifetime < TimeSpan.FromMinutes(2) || StreamTicketLifetime <= TimeSpan.Zero || StreamPollInterval <= TimeSpan.Zero)
        {
            return "WebChat:TokenLifetime must be at least 2 minutes; StreamTicketLifetime and StreamPollInterval must be positive.";
        }

        return HistoryOnStart < 0 || PageSize < 1 || MaxActivityBytes < 1024 || MaxUploadBytes < 1 || MaxUploadFiles < 1
            ? "WebChat:HistoryOnStart, PageSize, MaxActivityBytes, MaxUploadBytes and MaxUploadFiles must be positive."
            : null;
    }
}
