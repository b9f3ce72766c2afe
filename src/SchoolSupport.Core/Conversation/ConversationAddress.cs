namespace SchoolSupport.Conversation;

/// <summary>
/// Where a person can be reached proactively: the plain fields of a Bot Framework conversation reference,
/// refreshed on every inbound activity.
/// </summary>
public sealed class ConversationAddress
{
    public int Id { get; set; }
    public int? PersonId { get; set; }
    public required string ChannelId { get; set; }

    /// <summary>The channel's user id (Teams: «29:…», per bot).</summary>
    public required string UserId { get; set; }

    public string? UserName { get; set; }
    public string? AadObjectId { get; set; }
    public string? TenantId { get; set; }
    public required string ConversationId { get; set; }
    public string? ConversationType { get; set; }
    public required string ServiceUrl { get; set; }
    public string? BotId { get; set; }
    public string? BotName { get; set; }
    public string? Locale { get; set; }

    /// <summary>False once the bot was removed or the user blocked it.</summary>
    public bool IsActive { get; set; } = true;

    public DateTime UpdatedAt { get; set; }
}

/// <summary>Activity ids and card instances already handled, so a redelivered activity changes nothing twice.</summary>
public sealed class ProcessedActivity
{
    public required string Key { get; set; }
    public DateTime ProcessedAt { get; set; }
}
