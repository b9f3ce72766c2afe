using System.Security.Claims;
using Microsoft.Extensions.Options;
using SchoolSupport.BotFramework.Authentication;
using SchoolSupport.BotFramework.Builder;
using SchoolSupport.BotFramework.Schema;
using SchoolSupport.WebChat;

namespace SchoolSupport.Web.WebChat.DirectLine;

/// <summary>
/// Runs Direct Line activities through the same <see cref="IBot"/> as the Bot Framework channels, in process: the
/// endpoint is the channel, so there is no connector to call back and no channel token to check. What the bot sends
/// is stored in the conversation (and pushed to its open streams). The signed-in user is in turn state as
/// <see cref="DirectLineUser"/>; the bot takes identity from there, never from the activity.
/// </summary>
public sealed class DirectLineAdapter(DirectLineStore store, IOptions<BotFrameworkOptions> bot, ILogger<DirectLineAdapter> logger) : BotAdapter
{
    /// <summary>The serviceUrl of Direct Line activities: nothing is sent to it, it only names the channel's origin.</summary>
    public const string ServiceUrl = "urn:schoolsupport:directline";

    private const string ConversationKey = "DirectLine.Conversation";

    public async Task ProcessActivityAsync(
        WebChatConversation conversation, DirectLineUser user, Activity activity, DirectLineUploads? uploads, IBot handler, CancellationToken ct)
    {
        var turnContext = new TurnContext(this, activity);
        turnContext.TurnState.Set(ConversationKey, conversation);
        turnContext.TurnState.Set(user);
        turnContext.TurnState.Set(BotIdentityKey, new ClaimsIdentity("DirectLine"));
        if (uploads is not null)
        {
            turnContext.TurnState.Set(uploads);
        }

        try
        {
            await handler.OnTurnAsync(turnContext, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError(ex, "Turn for {Type} activity {ActivityId} in web conversation {ConversationId} failed",
                activity.Type, activity.Id, conversation.Id);
            if (activity.Type is ActivityTypes.Message && !string.IsNullOrEmpty(bot.Value.ErrorMessage))
            {
                await turnContext.SendActivityAsync(MessageFactory.Text(bot.Value.ErrorMessage), CancellationToken.None);
            }
        }
    }

    public override async Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken)
    {
        var conversation = turnContext.TurnState.Get<WebChatConversation>(ConversationKey)
            ?? throw new InvalidOperationException("Not a Direct Line turn.");
        var responses = new ResourceResponse[activities.Length];
        for (var i = 0; i < activities.Length; i++)
        {
            var activity = activities[i];
            if (activity.Type == ActivityTypes.InvokeResponse)
            {
                turnContext.TurnState.Set(InvokeResponseKey, activity);
                responses[i] = new ResourceResponse();
                continue;
            }

            if (activity.Type == ActivityTypes.Trace)
            {
                responses[i] = new ResourceResponse();
                continue;
            }

            activity.From = DirectLineStore.Bot();
            activity.ServiceUrl = null;
            activity.DeliveryMode = null;
            var stored = await store.AppendAsync(conversation, activity, fromUser: false, externalKey: null, cancellationToken);
            responses[i] = new ResourceResponse(stored.Activity.Id);
        }

        return responses;
    }

    /// <summary>Direct Line has no update: callers fall back to sending a new message.</summary>
    public override Task<ResourceResponse?> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Direct Line conversations cannot update activities.");

    public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Direct Line conversations cannot delete activities.");

    /// <summary>Runs <paramref name="callback"/> in a stored conversation; what it sends is stored there.</summary>
    public override async Task ContinueConversationAsync(string botAppId, ConversationReference reference, BotCallbackHandler callback, CancellationToken cancellationToken)
    {
        var conversationId = reference.Conversation?.Id ?? throw new ArgumentException("The reference has no conversation.", nameof(reference));
        var conversation = await store.FindConversationAsync(conversationId, cancellationToken)
            ?? throw new InvalidOperationException($"Web conversation {conversationId} does not exist.");
        var activity = new Activity { Type = ActivityTypes.Event, Name = "ContinueConversation" }.ApplyConversationReference(reference, isIncoming: true);
        var turnContext = new TurnContext(this, activity);
        turnContext.TurnState.Set(ConversationKey, conversation);
        await callback(turnContext, cancellationToken);
    }
}
