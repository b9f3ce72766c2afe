using System.Text.Json;
using System.Text.Json.Serialization;

namespace SchoolSupport.BotFramework.Schema;

public class ChannelAccount
{
    public ChannelAccount()
    {
    }

    public ChannelAccount(string? id, string? name = null, string? role = null, string? aadObjectId = null)
    {
        Id = id;
        Name = name;
        Role = role;
        AadObjectId = aadObjectId;
    }

    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadObjectId { get; set; }
    public string? Role { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}

/// <summary>A member as Teams returns it from the roster (how a <c>29:</c> id resolves to email/UPN).</summary>
public class TeamsChannelAccount : ChannelAccount
{
    public string? GivenName { get; set; }
    public string? Surname { get; set; }
    public string? Email { get; set; }
    public string? UserPrincipalName { get; set; }
    public string? TenantId { get; set; }

    /// <summary><c>user</c>, <c>guest</c> or <c>anonymous</c>.</summary>
    public string? UserRole { get; set; }
}

public class ConversationAccount
{
    [JsonConverter(typeof(LenientBooleanConverter))]
    public bool? IsGroup { get; set; }

    /// <summary><c>personal</c>, <c>groupChat</c> or <c>channel</c> in Teams.</summary>
    public string? ConversationType { get; set; }

    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadObjectId { get; set; }
    public string? Role { get; set; }
    public string? TenantId { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}

public class PagedMembersResult
{
    public string? ContinuationToken { get; set; }
    public List<TeamsChannelAccount> Members { get; set; } = [];

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}
