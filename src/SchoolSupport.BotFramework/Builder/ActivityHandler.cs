using System.Text.Json;
using SchoolSupport.BotFramework.Schema;

namespace SchoolSupport.BotFramework.Builder;

/// <summary>Dispatches a turn to one virtual method per activity type, like botbuilder's ActivityHandler.</summary>
public class ActivityHandler : IBot
{
    public virtual async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        switch (turnContext.Activity.Type)
        {
            case ActivityTypes.Message:
                await OnMessageActivityAsync(turnContext, cancellationToken).ConfigureAwait(false);
                break;
            case ActivityTypes.ConversationUpdate:
                await OnConversationUpdateActivityAsync(turnContext, cancellationToken).ConfigureAwait(false);
                break;
            case ActivityTypes.InstallationUpdate:
                await OnInstallationUpdateActivityAsync(turnContext, cancellationToken).ConfigureAwait(false);
                break;
            case ActivityTypes.MessageReaction:
                await OnMessageReactionActivityAsync(turnContext, cancellationToken).ConfigureAwait(false);
                break;
            case ActivityTypes.MessageUpdate:
                await OnMessageUpdateActivityAsync(turnContext, cancellationToken).ConfigureAwait(false);
                break;
            case ActivityTypes.MessageDelete:
                await OnMessageDeleteActivityAsync(turnContext, cancellationToken).ConfigureAwait(false);
                break;
            case ActivityTypes.Event:
                await OnEventActivityAsync(turnContext, cancellationToken).ConfigureAwait(false);
                break;
            case ActivityTypes.Typing:
                await OnTypingActivityAsync(turnContext, cancellationToken).ConfigureAwait(false);
                break;
            case ActivityTypes.EndOfConversation:
                await OnEndOfConversationActivityAsync(turnContext, cancellationToken).ConfigureAwait(false);
                break;
            case ActivityTypes.Invoke:
                var response = await OnInvokeActivityAsync(turnContext, cancellationToken).ConfigureAwait(false);
                if (!turnContext.TurnState.ContainsKey(BotAdapter.InvokeResponseKey))
                {
                    await turnContext.SendActivityAsync(
                        new Activity { Type = ActivityTypes.InvokeResponse, Value = BotJson.ToElement(response) },
                        cancellationToken).ConfigureAwait(false);
                }

                break;
            default:
                await OnUnrecognizedActivityTypeAsync(turnContext, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    protected virtual Task OnMessageActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    protected virtual Task OnConversationUpdateActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var botId = activity.Recipient?.Id;
        if (activity.MembersAdded is { } added && added.Any(m => m.Id != botId))
        {
            return OnMembersAddedAsync(added, turnContext, cancellationToken);
        }

        if (activity.MembersRemoved is { } removed && removed.Any(m => m.Id != botId))
        {
            return OnMembersRemovedAsync(removed, turnContext, cancellationToken);
        }

        return Task.CompletedTask;
    }

    protected virtual Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext turnContext,
        CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnMembersRemovedAsync(IList<ChannelAccount> membersRemoved, ITurnContext turnContext,
        CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnInstallationUpdateActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        turnContext.Activity.Action?.ToLowerInvariant() switch
        {
            InstallationUpdateActions.Add or InstallationUpdateActions.AddUpgrade => OnInstallationUpdateAddAsync(turnContext, cancellationToken),
            InstallationUpdateActions.Remove or InstallationUpdateActions.RemoveUpgrade => OnInstallationUpdateRemoveAsync(turnContext, cancellationToken),
            _ => Task.CompletedTask,
        };

    protected virtual Task OnInstallationUpdateAddAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    protected virtual Task OnInstallationUpdateRemoveAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    protected virtual async Task OnMessageReactionActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        if (turnContext.Activity.ReactionsAdded is { Count: > 0 } added)
        {
            await OnReactionsAddedAsync(added, turnContext, cancellationToken).ConfigureAwait(false);
        }

        if (turnContext.Activity.ReactionsRemoved is { Count: > 0 } removed)
        {
            await OnReactionsRemovedAsync(removed, turnContext, cancellationToken).ConfigureAwait(false);
        }
    }

    protected virtual Task OnReactionsAddedAsync(IList<MessageReaction> messageReactions, ITurnContext turnContext,
        CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnReactionsRemovedAsync(IList<MessageReaction> messageReactions, ITurnContext turnContext,
        CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnMessageUpdateActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    protected virtual Task OnMessageDeleteActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    protected virtual Task OnEventActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    protected virtual Task OnTypingActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    protected virtual Task OnEndOfConversationActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    protected virtual Task OnUnrecognizedActivityTypeAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>Answers an invoke; unknown invoke names get 501, as in the official SDKs.</summary>
    protected virtual async Task<InvokeResponse> OnInvokeActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        try
        {
            if (turnContext.Activity.Name == "adaptiveCard/action")
            {
                var value = GetAdaptiveCardInvokeValue(turnContext.Activity);
                var response = await OnAdaptiveCardInvokeAsync(turnContext, value, cancellationToken).ConfigureAwait(false);
                return new InvokeResponse(200, response);
            }

            throw new InvokeResponseException(501);
        }
        catch (InvokeResponseException e)
        {
            return e.CreateInvokeResponse();
        }
    }

    /// <summary>An <c>Action.Execute</c> press or card refresh; answer with a card, a message or an error.</summary>
    protected virtual Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(ITurnContext turnContext,
        AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken) =>
        throw new InvokeResponseException(501);

    private static AdaptiveCardInvokeValue GetAdaptiveCardInvokeValue(Activity activity)
    {
        AdaptiveCardInvokeValue? value;
        try
        {
            value = activity.GetValue<AdaptiveCardInvokeValue>();
        }
        catch (JsonException)
        {
            value = null;
        }

        if (value?.Action is null)
        {
            throw BadRequest("BadRequest", "Missing or malformed value property.");
        }

        if (value.Action.Type != "Action.Execute")
        {
            throw BadRequest("NotSupported", $"The action '{value.Action.Type}' is not supported.");
        }

        return value;
    }

    private static InvokeResponseException BadRequest(string code, string message) =>
        new(400, AdaptiveCardInvokeResponse.Error(400, code, message));
}
