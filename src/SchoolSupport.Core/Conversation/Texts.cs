namespace SchoolSupport.Conversation;

/// <summary>Shared Russian phrases of the conversation.</summary>
public static class Texts
{
    public const string UnknownPerson =
        "Здравствуйте! Я бот адресной поддержки школ (проект «500+»). Я пока не знаю, кто вы. " +
        "Доступ открывает региональный или муниципальный координатор проекта: попросите его добавить вас " +
        "с рабочей почтой или выдать код привязки, затем напишите мне «привязать» и код, например «привязать KX7M-P4QH-R9TB-W3NC».";

    public const string NotUnderstood =
        "Не понял запрос. Напишите «помощь», чтобы увидеть, что я умею, или, например, «что на этой неделе», «статус», «что просрочено».";

    /// <summary>The answer while the database is away (nothing was read or stored).</summary>
    public const string ServiceUnavailable = "Сервис временно недоступен, попробуйте через пару минут.";

    public const string NotUnderstoodTitle = "Не понял запрос. Может быть, вы хотели:";

    public const string NotUnderstoodHint = "Или напишите «помощь» — там всё, что я умею для вашей роли.";

    public const string DidYouMean = "Вы имели в виду…";

    public static string CommandNotForRole(string example) =>
        $"Команда «{example}» недоступна для вашей роли. Напишите «помощь», чтобы увидеть, что я умею для вас.";

    public const string UnknownAction = "Эта кнопка устарела или не поддерживается. Напишите «помощь», чтобы начать заново.";

    public const string NotAllowed = "У вас нет доступа к данным этой школы. Ничего не изменено. Ваши школы — по команде «статус».";

    public static string FileNotExpected(string name) =>
        $"Файл «{name}» получен, но я не знаю, что с ним сделать. Напишите «помощь», чтобы увидеть, что я умею.";

    public static string TooLong(int max) => $"Сообщение слишком длинное (больше {max} символов). Сократите его, пожалуйста.";
}
