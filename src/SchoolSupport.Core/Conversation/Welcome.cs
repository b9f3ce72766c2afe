using SchoolSupport.Cards;

namespace SchoolSupport.Conversation;

/// <summary>The first card a person sees: its lines and buttons are the commands declared for the welcome.</summary>
public static class Welcome
{
    public static WelcomeCard Card(CommandCatalog catalog) => new(
        "Здравствуйте! Я помощник проекта «500+»",
        "Помогаю школам, кураторам и координаторам вести дорожную карту адресной поддержки: напоминаю о сроках, " +
        "показываю статус, принимаю отметки о выполнении и записи консультаций.",
        catalog.In(CommandPlaces.Welcome).Select(d => $"«{d.Example}» — {d.Help}").ToList(),
        "Если я вас ещё не знаю, попросите координатора проекта добавить вас или выдать код привязки.")
    {
        Buttons = catalog.In(CommandPlaces.WelcomeButton).Select(d => new WelcomeButton(d.ButtonTitle, d.Verb!)).ToList(),
    };
}
