using SchoolSupport.BotFramework.Builder;
using SchoolSupport.BotFramework.Connector;
using SchoolSupport.BotFramework.Schema;

namespace SchoolSupport.BotFramework.Teams;

/// <summary>Roster look-ups for the conversation of the current turn.</summary>
public static class TeamsInfo
{
    /// <summary><paramref name="userId"/> may be the <c>29:</c> id, the AAD object id or the UPN.</summary>
    public static Task<TeamsChannelAccount?> GetMemberAsync(ITurnContext turnContext, string userId,
        CancellationToken cancellationToken = default) =>
        Connector(turnContext).GetConversationMemberAsync(ConversationId(turnContext), userId, cancellationToken);

    public static Task<PagedMembersResult> GetPagedMembersAsync(ITurnContext turnContext, int? pageSize = null,
        string? continuationToken = null, CancellationToken cancellationToken = default) =>
        Connector(turnContext).GetConversationPagedMembersAsync(ConversationId(turnContext), pageSize, continuationToken, cancellationToken);

    private static ConnectorClient Connector(ITurnContext turnContext) =>
        turnContext.TurnState.Get<ConnectorClient>()
        ?? throw new InvalidOperationException("This turn has no ConnectorClient (is it an expectReplies or test turn?).");

    private static string ConversationId(ITurnContext turnContext) =>
        turnContext.Activity.Conversation?.Id ?? throw new InvalidOperationException("The activity has no conversation.");
}
