using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SchoolSupport.Conversation;
using SchoolSupport.People;

namespace SchoolSupport.Status;

/// <summary>
/// «статус»: the school's roadmap status for a director (or anyone with one school), the roll-up for coordinators and
/// curators with several schools. «статус 277» opens one school by its number.
/// </summary>
public sealed class StatusCommand(StatusQuery status) : IChatCommand, IDeclaredCommand
{
    public static IReadOnlyList<CommandDeclaration> Declarations { get; } =
    [
        new()
        {
            Name = "status",
            Roles = CommandRoles.Everyone,
            Example = "статус",
            Help = "сводка по дорожной карте: выполнено, просрочено, ближайшие сроки",
            Phrases = ["сводка", "прогресс", "как дела", "как у нас дела", "дорожная карта", "мои школы", "статус школы",
                "процент выполнения", "выполнение дорожной карты", "как продвигается", "итоги", "общая картина",
                "статистика", "положение дел", "что сделано", "сколько выполнено", "успеваемость по карте"],
            MoreHelp = [new("статус 277", "статус одной школы по номеру или названию")],
            Slots = CommandSlots.School,
            Verb = "status",
            Places = CommandPlaces.Menu | CommandPlaces.TeamMenu | CommandPlaces.Welcome | CommandPlaces.WelcomeButton,
        },
    ];

    public async Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct)
    {
        var caller = scope.Caller!;
        if (FindSchool(caller, text) is { } named)
        {
            scope.Show(StatusTemplates.Status, (await status.SchoolAsync(caller, named, scope.Today, null, ct))!);
            return;
        }

        if (caller.Schools.Count == 1)
        {
            scope.Show(StatusTemplates.Status, (await status.SchoolAsync(caller, caller.Schools.Keys.First(), scope.Today, null, ct))!);
            return;
        }

        if (caller.Schools.Count == 0)
        {
            scope.Say("За вами пока не закреплено ни одной школы. Если это ошибка, напишите координатору проекта.");
            return;
        }

        scope.Show(StatusTemplates.Rollup, await status.RollupAsync(caller, scope.Today, 0, ct));
    }

    /// <summary>A school number or a distinctive part of the name after the command word, among the caller's schools.</summary>
    private static int? FindSchool(Caller caller, ChatText text)
    {
        var rest = text.Words.Skip(1).Where(w => w is not ("школа" or "школы" or "школе" or "оо" or "по" or "в" or "моей" or "нашей" or "№")).ToList();
        if (rest.Count == 0)
        {
            return null;
        }

        var number = rest.FirstOrDefault(w => w.All(char.IsAsciiDigit));
        var matches = caller.Schools.Values
            .Where(s => number is not null
                ? ChatText.Normalize(s.Name).Split(' ').Contains(number)
                : rest.All(w => ChatText.Normalize(s.Name).Contains(w, StringComparison.Ordinal)))
            .ToList();
        return matches.Count == 1 ? matches[0].SchoolId : null;
    }
}

/// <summary>«что на этой неделе», «сроки в марте», «что просрочено», «ближайшие события», «мероприятия для кураторов».</summary>
public sealed class DueCommand(DueQuery due) : IChatCommand, IDeclaredCommand
{
    public static IReadOnlyList<CommandDeclaration> Declarations { get; } =
    [
        new()
        {
            Name = "due",
            Roles = CommandRoles.Everyone,
            Example = "что на этой неделе",
            Help = "мероприятия и сроки на этой неделе",
            Phrases = ["сроки", "дедлайны", "что сдать", "что сдавать", "сдача документов", "события", "мероприятия",
                "что предстоит", "что запланировано", "план", "планы", "какие сроки", "что по срокам", "что нас ждет",
                "задачи", "расписание", "календарь", "график"],
            MoreHelp =
            [
                new("ближайшие события", "что предстоит в ближайшие две недели"),
                new("сроки в марте", "всё, что приходится на месяц (любой месяц)"),
                new("что сдать до конца месяца", "сроки до конца текущего месяца"),
            ],
            Slots = CommandSlots.Period | CommandSlots.School,
            TakesBarePeriod = true,
            Places = CommandPlaces.Menu | CommandPlaces.TeamMenu | CommandPlaces.Welcome,
        },
        new()
        {
            Name = "due.overdue",
            Roles = CommandRoles.Everyone,
            Example = "что просрочено",
            Help = "пункты дорожной карты с прошедшим сроком",
            Phrases = ["просрочка", "просроченные", "хвосты", "долги", "задолженность", "задолженности", "что не сдано",
                "что не сделано", "что горит", "что пропустили", "что опоздали"],
            Slots = CommandSlots.School,
            Places = CommandPlaces.Menu | CommandPlaces.TeamMenu,
        },
        new()
        {
            Name = "due.curators",
            Roles = CommandRoles.Everyone,
            Example = "мероприятия для кураторов",
            Help = "мероприятия, где ответственные — кураторы",
            Phrases = ["события для кураторов", "сроки кураторов", "планы кураторов", "что у кураторов"],
            Slots = CommandSlots.Period,
        },
    ];

    public async Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct)
    {
        var request = text.Meaning?.Command is { } command
            ? DueRequestReader.For(command.Name, text, scope.Today)
            : DueRequestReader.TryRead(text, scope.Today, out var read) ? read : DueRequest.Upcoming(scope.Today);
        scope.Show(StatusTemplates.Due, (await due.BuildAsync(scope.Caller!, request, scope.Today, ct))!);
    }
}

/// <summary>
/// The navigation buttons: a school's status (<c>status.show</c>), the roll-up (<c>status.rollup</c>) and pages of the
/// due list (<c>due.page</c>). Each recomputes from the caller's scope; the card data only says what to look at.
/// </summary>
public sealed class StatusNavigationAction(StatusQuery status, DueQuery due) : ICardAction
{
    public const string BadPage = "Кнопка устарела или повреждена. Напишите запрос ещё раз, например «что на этой неделе».";

    public IReadOnlyCollection<string> Verbs { get; } = [StatusVerbs.Show, StatusVerbs.Rollup, StatusVerbs.DuePage];

    public async Task HandleAsync(TurnScope scope, CancellationToken ct)
    {
        var caller = scope.Caller!;
        var data = scope.Input.Data;
        switch (scope.Input.Verb)
        {
            case StatusVerbs.Show:
                if (!MarkSubmissionReader.TryReadTarget(WithDefaults(data), out var target, out var error))
                {
                    scope.Refuse(error);
                    return;
                }

                var card = await status.SchoolAsync(caller, target.SchoolId, scope.Today, null, ct);
                if (card is null)
                {
                    scope.Refuse(Texts.NotAllowed);
                    return;
                }

                scope.Update(StatusTemplates.Status, card);
                return;
            case StatusVerbs.Rollup:
                scope.Update(StatusTemplates.Rollup, await status.RollupAsync(caller, scope.Today, ReadInt(data, "page") ?? 0, ct));
                return;
            default:
                if (!TryReadPage(data, scope.Today, out var request))
                {
                    scope.Refuse(BadPage);
                    return;
                }

                var list = await due.BuildAsync(caller, request, scope.Today, ct);
                if (list is null)
                {
                    scope.Refuse(Texts.NotAllowed);
                    return;
                }

                scope.Update(StatusTemplates.Due, list);
                return;
        }
    }

    /// <summary>«status.show» needs only the school; item ids are irrelevant there.</summary>
    private static JsonObject? WithDefaults(JsonObject? data)
    {
        if (data is null)
        {
            return null;
        }

        var copy = new JsonObject { ["itemId"] = 1, ["roadmapId"] = 1 };
        if (data.TryGetPropertyValue("schoolId", out var school))
        {
            copy["schoolId"] = school?.DeepClone();
        }

        return copy;
    }

    internal static bool TryReadPage(JsonObject? data, DateOnly today, out DueRequest request)
    {
        request = DueRequest.Upcoming(today);
        if (data is null
            || !TryText(data, "kind", out var kindText) || !Enum.TryParse<DueKind>(kindText, ignoreCase: false, out var kind)
            || !Enum.IsDefined(kind) || kindText.Any(char.IsDigit)
            || !TryText(data, "from", out var fromText) || !DateOnly.TryParseExact(fromText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            || !TryText(data, "to", out var toText) || !DateOnly.TryParseExact(toText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to)
            || from > to || to.DayNumber - from.DayNumber > DueRequest.MaxWindowDays
            || ReadInt(data, "page") is not { } page || page is < 0 or > 1000)
        {
            return false;
        }

        var schoolId = ReadInt(data, "schoolId") is { } s and > 0 ? s : (int?)null;
        if (kind == DueKind.All && schoolId is null)
        {
            return false;
        }

        TryText(data, "phrase", out var phrase);
        request = new DueRequest(kind, from, to, RussianFormat.Clip(new string(phrase.Where(c => !char.IsControl(c)).ToArray()), 60), schoolId, page);
        return true;
    }

    private static bool TryText(JsonObject data, string name, out string text)
    {
        text = "";
        if (data.TryGetPropertyValue(name, out var node) && node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            text = v.GetValue<string>();
            return true;
        }

        return false;
    }

    private static int? ReadInt(JsonObject? data, string name) =>
        data is not null && data.TryGetPropertyValue(name, out var node) && node is JsonValue v
        && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out int i) ? i : null;
}
