using System.Text.Json;
using SchoolSupport.BotFramework.Builder;
using SchoolSupport.BotFramework.Schema;
using SchoolSupport.BotFramework.Schema.Teams;

namespace SchoolSupport.BotFramework.Teams;

/// <summary>Adds the Teams events carried in <c>channelData.eventType</c> to <see cref="ActivityHandler"/>.</summary>
public class TeamsActivityHandler : ActivityHandler
{
    protected override async Task<InvokeResponse> OnInvokeActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        if (turnContext.Activity.Name is null && turnContext.Activity.ChannelId == Channels.Msteams)
        {
            try
            {
                return await OnTeamsCardActionInvokeAsync(turnContext, cancellationToken).ConfigureAwait(false);
            }
            catch (InvokeResponseException e)
            {
                return e.CreateInvokeResponse();
            }
        }

        if (turnContext.Activity.Name == "fileConsent/invoke" && turnContext.Activity.ChannelId == Channels.Msteams)
        {
            FileConsentCardResponse? response = null;
            try
            {
                response = turnContext.Activity.Value is { ValueKind: JsonValueKind.Object } value
                    ? value.Deserialize<FileConsentCardResponse>(BotJson.Options)
                    : null;
            }
            catch (JsonException)
            {
                // Answered 400 below.
            }

            return response?.Action switch
            {
                FileConsentCardResponse.Accept => await OnTeamsFileConsentAcceptAsync(turnContext, response, cancellationToken).ConfigureAwait(false),
                FileConsentCardResponse.Decline => await OnTeamsFileConsentDeclineAsync(turnContext, response, cancellationToken).ConfigureAwait(false),
                _ => new InvokeResponse(400),
            };
        }

        return await base.OnInvokeActivityAsync(turnContext, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The person accepted a file consent card: upload to <c>uploadInfo.uploadUrl</c>, then post a file info card.</summary>
    protected virtual Task<InvokeResponse> OnTeamsFileConsentAcceptAsync(ITurnContext turnContext, FileConsentCardResponse response,
        CancellationToken cancellationToken) => Task.FromResult(new InvokeResponse(501));

    protected virtual Task<InvokeResponse> OnTeamsFileConsentDeclineAsync(ITurnContext turnContext, FileConsentCardResponse response,
        CancellationToken cancellationToken) => Task.FromResult(new InvokeResponse(501));

    /// <summary>A card button with <c>msteams.type: "invoke"</c>.</summary>
    protected virtual Task<InvokeResponse> OnTeamsCardActionInvokeAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        throw new InvokeResponseException(501);

    protected override Task OnConversationUpdateActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        if (activity.ChannelId != Channels.Msteams)
        {
            return base.OnConversationUpdateActivityAsync(turnContext, cancellationToken);
        }

        var channelData = activity.GetTeamsChannelData();
        if (activity.MembersAdded is { Count: > 0 } added)
        {
            return OnTeamsMembersAddedAsync(added.Select(ToTeamsAccount).ToList(), channelData?.Team, turnContext, cancellationToken);
        }

        if (activity.MembersRemoved is { Count: > 0 } removed)
        {
            return OnTeamsMembersRemovedAsync(removed.Select(ToTeamsAccount).ToList(), channelData?.Team, turnContext, cancellationToken);
        }

        var channel = channelData?.Channel ?? new ChannelInfo();
        var team = channelData?.Team ?? new TeamInfo();
        return channelData?.EventType switch
        {
            "channelCreated" => OnTeamsChannelCreatedAsync(channel, team, turnContext, cancellationToken),
            "channelRenamed" => OnTeamsChannelRenamedAsync(channel, team, turnContext, cancellationToken),
            "channelDeleted" => OnTeamsChannelDeletedAsync(channel, team, turnContext, cancellationToken),
            "teamRenamed" => OnTeamsTeamRenamedAsync(team, turnContext, cancellationToken),
            _ => base.OnConversationUpdateActivityAsync(turnContext, cancellationToken),
        };
    }

    /// <summary>Members with their Teams details; by default forwards to <see cref="ActivityHandler.OnMembersAddedAsync"/>.</summary>
    protected virtual Task OnTeamsMembersAddedAsync(IList<TeamsChannelAccount> membersAdded, TeamInfo? teamInfo,
        ITurnContext turnContext, CancellationToken cancellationToken) =>
        OnMembersAddedAsync(membersAdded.Cast<ChannelAccount>().ToList(), turnContext, cancellationToken);

    protected virtual Task OnTeamsMembersRemovedAsync(IList<TeamsChannelAccount> membersRemoved, TeamInfo? teamInfo,
        ITurnContext turnContext, CancellationToken cancellationToken) =>
        OnMembersRemovedAsync(membersRemoved.Cast<ChannelAccount>().ToList(), turnContext, cancellationToken);

    protected virtual Task OnTeamsChannelCreatedAsync(ChannelInfo channelInfo, TeamInfo teamInfo, ITurnContext turnContext,
        CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnTeamsChannelRenamedAsync(ChannelInfo channelInfo, TeamInfo teamInfo, ITurnContext turnContext,
        CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnTeamsChannelDeletedAsync(ChannelInfo channelInfo, TeamInfo teamInfo, ITurnContext turnContext,
        CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnTeamsTeamRenamedAsync(TeamInfo teamInfo, ITurnContext turnContext,
        CancellationToken cancellationToken) => Task.CompletedTask;

    private static TeamsChannelAccount ToTeamsAccount(ChannelAccount account) =>
        account as TeamsChannelAccount ?? BotJson.ToElement(account).Deserialize<TeamsChannelAccount>(BotJson.Options)!;
}
