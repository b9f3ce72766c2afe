using SchoolSupport.Roadmaps;

namespace SchoolSupport.Conversation;

/// <summary>What the bot can do, per role; «помощь» shows the lines for the caller's roles.</summary>
public static class HelpCatalog
{
    public sealed record Entry(string Command, string Description, RoleMask Roles);

    private const RoleMask Everyone = RoleMask.RegionalCoordinator | RoleMask.MunicipalCoordinator | RoleMask.Curator | RoleMask.Director | RoleMask.Consultant;
    private const RoleMask Coordinators = RoleMask.RegionalCoordinator | RoleMask.MunicipalCoordinator;
    private const RoleMask Consulting = RoleMask.Curator | RoleMask.Consultant | Coordinators;

    public static readonly IReadOnlyList<Entry> Entries =
    [
        new("статус", "сводка по дорожной карте: выполнено, просрочено, ближайшие сроки", Everyone),
        new("что на этой неделе", "мероприятия и сроки на этой неделе", Everyone),
        new("что просрочено", "пункты дорожной карты с прошедшим сроком", Everyone),
        new("ближайшие события", "что предстоит в ближайшие две недели", Everyone),
        new("сроки в марте", "всё, что приходится на месяц (любой месяц)", Everyone),
        new("что сдать до конца месяца", "сроки до конца текущего месяца", Everyone),
        new("мероприятия для кураторов", "мероприятия, где ответственные — кураторы", Consulting),
        new("записать консультацию", "зафиксировать консультацию школы: тема, решения, план", Consulting),
        new("мои консультации", "последние записанные консультации", Consulting),
        new("выгрузить консультации за март", "файл Excel с консультациями школ за период (или «… csv»)", Coordinators),
        new("объявление", "разослать объявление кураторам и директорам", Coordinators),
        new("мои объявления", "разосланные объявления: кто получил и кто ознакомился", Coordinators),
        new("мои опросы", "опросы, на которые ждут вашего ответа (и те, что вы проводите): ответить, продолжить, изменить", Everyone),
        new("продолжить опрос", "вернуться к незаконченному опросу с того же вопроса", Everyone),
        new("новый опрос", "создать опрос до 10 вопросов в карточке (или образец «Опрос участников проекта»)", Coordinators),
        new("отписаться от напоминаний", "не получать ежедневные напоминания о сроках", Everyone),
        new("подписаться на напоминания", "снова получать напоминания о сроках", Everyone),
        new("код привязки ivanova@school.ru", "выдать участнику одноразовый код для входа в бота", Coordinators),
        new("закрепить куратора petrova@school.ru за школой ЛО-002", "закрепить куратора за школой (или «открепить … от школы …»)", Coordinators),
        new("отключить ivanova@school.ru", "закрыть участнику доступ и рассылки; история сохраняется", Coordinators),
        new("кто я", "как бот вас видит: роль, школы", Everyone),
    ];

    public static IReadOnlyList<Entry> For(RoleMask roles) =>
        Entries.Where(e => (e.Roles & roles) != RoleMask.None).ToList();
}
