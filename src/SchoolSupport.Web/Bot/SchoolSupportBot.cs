using SchoolSupport.BotFramework.Builder;
using SchoolSupport.BotFramework.Connector;
using SchoolSupport.BotFramework.Schema;
using SchoolSupport.BotFramework.Schema.Teams;
using SchoolSupport.BotFramework.Teams;
using SchoolSupport.Cards;
using SchoolSupport.Conversation;
using SchoolSupport.People;
using SchoolSupport.Web.WebChat.DirectLine;

namespace SchoolSupport.Web.Bot;

/// <summary>
/// The bot only translates: activity → <see cref="ConversationRouter"/> or <see cref="Onboarding"/> → replies. It owns
/// no rules and no queries.
/// </summary>
internal sealed class SchoolSupportBot(
    ConversationRouter router,
    ReplyComposer composer,
    Onboarding onboarding,
    ILogger<SchoolSupportBot> logger) : TeamsActivityHandler
{
    /// <summary>
    /// The web channel's identity exists only on turns of the built-in Direct Line; a "webchat" activity from anywhere
    /// else (for example Azure's Web Chat channel posting to /api/messages) carries only what its client claims.
    /// </summary>
    public override Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        if (turnContext.Activity.ChannelId == Channels.Webchat && ActivityMapping.WebUser(turnContext) is null)
        {
            logger.LogWarning("Ignored a {Type} activity on channel webchat that did not come through the built-in Direct Line", turnContext.Activity.Type);
            return Task.CompletedTask;
        }

        return base.OnTurnAsync(turnContext, cancellationToken);
    }

    protected override async Task OnMessageActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var (verb, data) = ActivityMapping.ReadSubmitValue(activity.Value);
        var text = verb is null ? activity.RemoveRecipientMention() : null;
        // A message with only files (Web Chat's attachment button) still goes to the router, which may import them.
        if (verb is null && string.IsNullOrWhiteSpace(text) && ActivityMapping.Files(activity).Count == 0
            && turnContext.TurnState.Get<DirectLineUploads>() is null)
        {
            return;
        }

        var input = ActivityMapping.ToTurnInput(turnContext, text, verb, data, isInvoke: false);
        var output = await router.HandleAsync(input, cancellationToken, ct => LookupEmailAsync(turnContext, ct));
        await composer.SendAsync(turnContext, output, cancellationToken);
    }

    protected override async Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(
        ITurnContext turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken)
    {
        var (verb, data) = ActivityMapping.ReadExecuteValue(invokeValue);
        if (string.IsNullOrEmpty(verb))
        {
            return AdaptiveCardInvokeResponse.Error(400, "BadRequest", "Действие без verb.");
        }

        var input = ActivityMapping.ToTurnInput(turnContext, null, verb, data, isInvoke: true);
        var output = await router.HandleAsync(input, cancellationToken, ct => LookupEmailAsync(turnContext, ct));
        return await composer.InvokeResponseAsync(turnContext, output, cancellationToken);
    }

    protected override async Task OnInstallationUpdateAddAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        await WelcomeAsync(turnContext, cancellationToken);

    protected override async Task OnInstallationUpdateRemoveAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        await DeactivateAsync(turnContext, cancellationToken);

    protected override async Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext turnContext, CancellationToken cancellationToken)
    {
        // In a personal chat the bot's own arrival is the install; welcome once per conversation.
        if (turnContext.Activity.Conversation?.ConversationType is null or "personal")
        {
            await WelcomeAsync(turnContext, cancellationToken);
        }
    }

    protected override async Task OnTeamsMembersAddedAsync(IList<TeamsChannelAccount> membersAdded, TeamInfo? teamInfo, ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var botId = turnContext.Activity.Recipient?.Id;
        if (membersAdded.Any(m => m.Id == botId) && turnContext.Activity.Conversation?.ConversationType is null or "personal")
        {
            await WelcomeAsync(turnContext, cancellationToken);
        }
    }

    protected override async Task OnTeamsMembersRemovedAsync(IList<TeamsChannelAccount> membersRemoved, TeamInfo? teamInfo, ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var botId = turnContext.Activity.Recipient?.Id;
        if (membersRemoved.Any(m => m.Id == botId))
        {
            await DeactivateAsync(turnContext, cancellationToken);
        }
    }

    private async Task WelcomeAsync(ITurnContext turnContext, CancellationToken ct)
    {
        var activity = turnContext.Activity;
        if (string.IsNullOrEmpty(activity.From?.Id) || string.IsNullOrEmpty(activity.Conversation?.Id))
        {
            return;
        }

        var input = ActivityMapping.ToTurnInput(turnContext, null, null, null, isInvoke: false);
        var output = await onboarding.WelcomeAsync(input, ct);
        await composer.SendAsync(turnContext, output, ct);
    }

    private async Task DeactivateAsync(ITurnContext turnContext, CancellationToken ct)
    {
        var activity = turnContext.Activity;
        if (activity.ChannelId is { } channel && activity.From?.Id is { } user && activity.Conversation?.Id is { } conversation)
        {
            await onboarding.ChatRemovedAsync(channel, user, conversation, ct);
        }
    }

    private async Task<string?> LookupEmailAsync(ITurnContext turnContext, CancellationToken ct)
    {
        if (turnContext.Activity.ChannelId != Channels.Msteams || turnContext.Activity.From?.Id is not { } userId)
        {
            return null;
        }

        try
        {
            var member = await TeamsInfo.GetMemberAsync(turnContext, userId, ct);
            return member?.Email ?? member?.UserPrincipalName;
        }
        catch (ConnectorException ex)
        {
            logger.LogWarning("Member lookup for {UserId} failed with {Status}", userId, ex.Status);
            return null;
        }
    }
}
