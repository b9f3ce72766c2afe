using System.Text.Json;
using System.Text.Json.Serialization;

namespace SchoolSupport.BotFramework.Schema.Teams;

/// <summary>The Teams part of <c>channelData</c>; members this type does not know are kept.</summary>
public class TeamsChannelData
{
    public ChannelInfo? Channel { get; set; }
    public string? EventType { get; set; }
    public TeamInfo? Team { get; set; }
    public TenantInfo? Tenant { get; set; }
    public TeamsChannelDataSettings? Settings { get; set; }
    public TeamsMeetingInfo? Meeting { get; set; }
    public NotificationInfo? Notification { get; set; }
    public JsonElement? Source { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}

public class TeamInfo
{
    public TeamInfo()
    {
    }

    public TeamInfo(string? id, string? name = null, string? aadGroupId = null)
    {
        Id = id;
        Name = name;
        AadGroupId = aadGroupId;
    }

    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadGroupId { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}

public class ChannelInfo
{
    public ChannelInfo()
    {
    }

    public ChannelInfo(string? id, string? name = null)
    {
        Id = id;
        Name = name;
    }

    public string? Id { get; set; }
    public string? Name { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}

public class TenantInfo
{
    public TenantInfo()
    {
    }

    public TenantInfo(string? id) => Id = id;

    public string? Id { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}

public class TeamsChannelDataSettings
{
    public ChannelInfo? SelectedChannel { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}

public class TeamsMeetingInfo
{
    public string? Id { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}

public class NotificationInfo
{
    public bool? Alert { get; set; }
    public bool? AlertInMeeting { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}

public class ConversationList
{
    public List<ChannelInfo> Conversations { get; set; } = [];

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}

public static class TeamsActivityExtensions
{
    public static TeamsChannelData? GetTeamsChannelData(this Activity activity) =>
        activity.TryGetChannelData<TeamsChannelData>(out var data) ? data : null;

    /// <summary>The tenant from <c>channelData.tenant.id</c>, falling back to <c>conversation.tenantId</c>.</summary>
    public static string? GetTenantId(this Activity activity) =>
        activity.GetTeamsChannelData()?.Tenant?.Id ?? activity.Conversation?.TenantId;

    public static TeamInfo? GetTeamInfo(this Activity activity) => activity.GetTeamsChannelData()?.Team;

    public static ChannelInfo? GetChannelInfo(this Activity activity) => activity.GetTeamsChannelData()?.Channel;
}
