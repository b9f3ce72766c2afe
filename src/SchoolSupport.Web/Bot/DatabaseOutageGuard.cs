using SchoolSupport.BotFramework.Builder;
using SchoolSupport.BotFramework.Schema;
using SchoolSupport.Cards;
using SchoolSupport.Conversation;
using SchoolSupport.Data;
using SchoolSupport.Web.Telemetry;

namespace SchoolSupport.Web.Bot;

/// <summary>
/// While the database is away a person who writes still gets an answer: the apology, sent at once to the address the
/// activity itself carries (its serviceUrl and conversation), since nothing can be looked up. A card action answered
/// synchronously (Teams' Action.Execute) gets the apology as its card, with «Повторить» carrying the same action and
/// data back. Other activities (installs, member changes) fail as before, so the channel sees the error.
/// </summary>
internal sealed class DatabaseOutageGuard(IBot inner, DatabaseAvailability database, ReplyComposer composer) : IBot
{
    public async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        var activity = turnContext.Activity;
        var guarded = activity.Type == ActivityTypes.Message || IsCardAction(activity);
        if (!guarded)
        {
            await inner.OnTurnAsync(turnContext, cancellationToken);
            return;
        }

        if (!database.IsDown)
        {
            try
            {
                await inner.OnTurnAsync(turnContext, cancellationToken);
                return;
            }
            catch (Exception ex) when (database.Report(ex))
            {
                // Answered below; the adapter's generic error reply would only say «что-то пошло не так».
            }
        }

        turnContext.TurnState.Set(TurnTelemetry.CommandKey, "database-unavailable");
        if (IsCardAction(activity))
        {
            var (verb, data) = ReadInvokeValue(activity) is { } value ? ActivityMapping.ReadExecuteValue(value) : (null, null);
            var card = new MessageCard("Сервис временно недоступен", Texts.ServiceUnavailable, MessageStyle.Attention)
            {
                Actions = string.IsNullOrEmpty(verb)
                    ? []
                    : [new CardAction("Повторить", verb, data?.ToDictionary(kv => kv.Key, kv => (object?)kv.Value?.DeepClone()))],
            };
            var response = AdaptiveCardInvokeResponse.Card(composer.Render(new CardReply(CardNames.Message, card), activity.ChannelId));
            await turnContext.SendActivityAsync(new Activity
            {
                Type = ActivityTypes.InvokeResponse,
                Value = BotJson.ToElement(new InvokeResponse(200, response)),
            }, cancellationToken);
            return;
        }

        await turnContext.SendActivityAsync(MessageFactory.Text(Texts.ServiceUnavailable), cancellationToken);
    }

    private static bool IsCardAction(Activity activity) =>
        activity.Type == ActivityTypes.Invoke && activity.Name == "adaptiveCard/action";

    private static AdaptiveCardInvokeValue? ReadInvokeValue(Activity activity)
    {
        try
        {
            return activity.GetValue<AdaptiveCardInvokeValue>();
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
