using SchoolSupport.Cards;
using SchoolSupport.Conversation;
using SchoolSupport.Data;

namespace SchoolSupport.People;

/// <summary>
/// The bot arrives in a person's chat or leaves it: keep the address reachable (or stop using it), recognise the person
/// when the channel already says who they are, and greet them.
/// </summary>
public sealed class Onboarding(SchoolSupportDbContext db, CommandCatalog catalog, TimeProvider time)
{
    /// <summary>The welcome card: its lines and buttons are the commands declared for the welcome.</summary>
    public static WelcomeCard Welcome(CommandCatalog catalog) => new(
        "Здравствуйте! Я помощник проекта «500+»",
        "Помогаю школам, кураторам и координаторам вести дорожную карту адресной поддержки: напоминаю о сроках, " +
        "показываю статус, принимаю отметки о выполнении и записи консультаций.",
        catalog.In(CommandPlaces.Welcome).Select(d => $"«{d.Example}» — {d.Help}").ToList(),
        "Если я вас ещё не знаю, попросите координатора проекта добавить вас или выдать код привязки.")
    {
        Buttons = catalog.In(CommandPlaces.WelcomeButton).Select(d => new WelcomeButton(d.ButtonTitle, d.Verb!)).ToList(),
    };

    /// <summary>
    /// The app was installed (or the person opened the web page): store the address and answer with the welcome card,
    /// once per user and conversation (Teams announces a personal install twice).
    /// </summary>
    public async Task<TurnOutput> WelcomeAsync(TurnInput input, CancellationToken ct)
    {
        var output = new TurnOutput();
        if (await WelcomeOnce.ClaimAsync(db, input, time.GetUtcNow().UtcDateTime, ct))
        {
            output.Replies.Add(new CardReply(CardNames.Welcome, Welcome(catalog)));
        }

        return output;
    }

    /// <summary>The bot was removed from the chat: nothing more is sent there. The person and their history stay.</summary>
    public async Task ChatRemovedAsync(string channelId, string userId, string conversationId, CancellationToken ct)
    {
        await AddressBook.DeactivateAsync(db, channelId, userId, conversationId, time.GetUtcNow().UtcDateTime, ct);
        await WelcomeOnce.ForgetAsync(db, channelId, userId, conversationId, ct);
    }
}
