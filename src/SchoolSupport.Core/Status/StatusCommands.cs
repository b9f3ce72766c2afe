using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Common;
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
                "статистика", "положение дел", "что сделано", "сколько выполнено", "успеваемость по карте",
                "выполнение карты", "как продвигается работа"],
            MoreHelp = [new("статус 277", "статус одной школы по номеру или названию")],
            Slots = CommandSlots.School,
            Verb = "status",
            Places = CommandPlaces.Menu | CommandPlaces.TeamMenu | CommandPlaces.Welcome | CommandPlaces.WelcomeButton,
        },
        new()
        {
            Name = Districts,
            Roles = CommandRoles.Everyone,
            Example = "статус по районам",
            Help = "сводка по районам: школы, просрочки, консультации (или «статус Ленинский район»)",
            Phrases = ["сводка по районам", "статус районов", "прогресс по районам", "статистика по районам", "как дела по районам", "что по районам"],
            Slots = CommandSlots.School,
        },
    ];

    /// <summary>«статус по районам»; with a district's name after it, that district's roll-up.</summary>
    public const string Districts = "status.districts";

    public async Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct)
    {
        var caller = scope.Caller!;
        var rest = (text.Meaning?.Rest ?? text.Words.Skip(1).ToList()).ToList();
        var number = text.Slots.SchoolNumber;
        var byDistrict = text.Meaning?.Command?.Name == Districts;
        if (byDistrict && rest.Count == 0 && number is null)
        {
            scope.Show(StatusTemplates.Districts, await status.DistrictsAsync(caller, scope.Today, ct));
            return;
        }

        if (FindSchool(caller, number, rest) is { } named)
        {
            scope.Show(StatusTemplates.Status, (await status.SchoolAsync(caller, named, scope.Today, null, ct))!);
            return;
        }

        if (number is not null)
        {
            rest.Insert(0, number);
        }

        if (byDistrict)
        {
            rest.Add("район");
        }

        if (rest.Count > 0 && caller.Schools.Count > 0)
        {
            var municipalities = await scope.Db.Municipalities.AsNoTracking()
                .Where(m => caller.RegionIds.Contains(m.RegionId)).Select(m => new { m.Id, m.Name }).ToListAsync(ct);
            var stems = rest.Where(w => !w.StartsWith("район", StringComparison.Ordinal) && w is not ("р-н" or "округ" or "го" or "муниципальный")).Select(RussianWords.Stem).ToList();
            var district = stems.Count == 0 ? [] : municipalities.Where(m => NamedBy(m.Name, stems)).ToList();
            var phrase = string.Join(' ', rest);
            var elsewhere = await scope.Db.Schools.AsNoTracking()
                .Where(s => caller.RegionIds.Contains(s.RegionId)).Select(s => new { s.Id, s.Name }).ToListAsync(ct);
            var saysDistrict = rest.Any(w => w.StartsWith("район", StringComparison.Ordinal) || w is "округ" or "го");
            if (district.Count == 1 && (saysDistrict || !elsewhere.Any(s => Matches(s.Name, rest))))
            {
                var id = district[0].Id;
                if (caller.Schools.Values.Any(s => s.MunicipalityId == id))
                {
                    scope.Show(StatusTemplates.Rollup, await status.RollupAsync(caller, scope.Today, 0, RollupFilter.None with { MunicipalityId = id }, ct));
                }
                else
                {
                    scope.Say($"В районе «{district[0].Name}» за вами не закреплено ни одной школы, поэтому его сводку показать нельзя. Ваши школы — «статус».");
                }

                return;
            }

            var foreign = elsewhere.Where(s => !caller.Schools.ContainsKey(s.Id) && Matches(s.Name, rest)).ToList();
            var own = caller.Schools.Values.Where(s => Matches(s.Name, rest)).ToList();
            scope.Say(own.Count > 1
                ? $"«{phrase}» подходит к нескольким вашим школам: {string.Join(", ", own.Select(s => s.Name).Order(StringComparer.Ordinal))}. Уточните номер или название."
                : foreign.Count > 0
                    ? $"Школа {foreign[0].Name} не закреплена за вами, поэтому её сводку показать нельзя. Сводка по вашим школам — «статус»."
                    : $"Не нашёл школу или район «{phrase}» среди ваших. Напишите номер или часть названия, например «статус {caller.Schools.Values.OrderBy(s => s.Name, StringComparer.Ordinal).First().Name.Split(' ').Last()}», или просто «статус».");
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

        scope.Show(StatusTemplates.Rollup, await status.RollupAsync(caller, scope.Today, 0, RollupFilter.None, ct));
    }

    /// <summary>
    /// Every word is a word of the name in some case form («Заречному» — «Заречный»), by the stems the understanding
    /// reads messages with; a word merely starting like the name («Зареченский» for «Заречный») is another name.
    /// </summary>
    private static bool NamedBy(string name, List<string> stems)
    {
        var own = ChatText.Normalize(name).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(RussianWords.Stem).ToHashSet(StringComparer.Ordinal);
        return stems.All(own.Contains);
    }

    private static bool Matches(string name, List<string> words) =>
        words.All(w => ChatText.Normalize(name).Contains(w.Length > 5 ? w[..5] : w, StringComparison.Ordinal));

    /// <summary>A school number or a distinctive part of the name (the words the command does not explain), among the caller's schools.</summary>
    private static int? FindSchool(Caller caller, string? number, List<string> rest)
    {
        if (number is null && rest.Count == 0)
        {
            return null;
        }

        var matches = caller.Schools.Values
            .Where(s => number is not null
                ? ChatText.Normalize(s.Name).Split(' ').Contains(number)
                : rest.All(w => ChatText.Normalize(s.Name).Contains(w, StringComparison.Ordinal)))
            .ToList();
        return matches.Count == 1 ? matches[0].SchoolId : null;
    }
}

/// <summary>«школы без консультаций» (30 days unless «за 60 дней» is said): the roll-up narrowed to them.</summary>
public sealed partial class UnconsultedSchoolsCommand(StatusQuery status) : IChatCommand, IDeclaredCommand
{
    public static IReadOnlyList<CommandDeclaration> Declarations { get; } =
    [
        new()
        {
            Name = "status.unconsulted",
            Roles = CommandRoles.Consulting,
            Example = "школы без консультаций",
            Help = "школы, где не было консультаций 30 дней (или «… за 60 дней»)",
            Phrases = ["без консультаций", "давно не консультировали", "где не было консультаций", "школы без консультации"],
            Slots = CommandSlots.Text,
        },
    ];

    public async Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct)
    {
        var caller = scope.Caller!;
        if (caller.Schools.Count == 0)
        {
            scope.Say("За вами пока не закреплено ни одной школы. Если это ошибка, напишите координатору проекта.");
            return;
        }

        var days = Days().Match(text.Normalized) is { Success: true } m && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d is > 0 and <= 366
            ? d
            : StatusQuery.ConsultationGapDays;
        scope.Show(StatusTemplates.Rollup, await status.RollupAsync(caller, scope.Today, 0, RollupFilter.None with { Unconsulted = true, Days = days }, ct));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(\d{1,3}) (?:дн|день|дня|дней)")]
    private static partial System.Text.RegularExpressions.Regex Days();
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

    public IReadOnlyCollection<string> Verbs { get; } = [StatusVerbs.Show, StatusVerbs.Rollup, StatusVerbs.DuePage, StatusVerbs.Districts, StatusVerbs.NotDoneSchools];

    public async Task HandleAsync(TurnScope scope, CancellationToken ct)
    {
        var caller = scope.Caller!;
        var data = scope.Input.Data;
        var form = new CardData(data);
        switch (scope.Input.Verb)
        {
            case StatusVerbs.Show:
                if (form.Id("schoolId") is not { } schoolId || !form.IsValid)
                {
                    scope.Refuse(MarkSubmissionReader.Broken);
                    return;
                }

                var card = await status.SchoolAsync(caller, schoolId, scope.Today, null, ct);
                if (card is null)
                {
                    scope.Refuse(Texts.NotAllowed);
                    return;
                }

                scope.Update(StatusTemplates.Status, card);
                return;
            case StatusVerbs.Rollup:
                var municipality = form.OptionalInt("municipalityId") ?? 0;
                var days = form.OptionalInt("days") is { } d and > 0 and <= 366 ? d : StatusQuery.ConsultationGapDays;
                var unconsulted = form.Flag("unconsulted");
                var page = form.OptionalInt("page") ?? 0;
                if (!form.IsValid)
                {
                    scope.Refuse(BadPage);
                    return;
                }

                if (municipality != 0 && !caller.Schools.Values.Any(s => s.MunicipalityId == municipality))
                {
                    scope.Refuse(Texts.NotAllowed);
                    return;
                }

                scope.Update(StatusTemplates.Rollup, await status.RollupAsync(caller, scope.Today, page, new RollupFilter(municipality, unconsulted, days), ct));
                return;
            case StatusVerbs.Districts:
                scope.Update(StatusTemplates.Districts, await status.DistrictsAsync(caller, scope.Today, ct));
                return;
            case StatusVerbs.NotDoneSchools:
                var schools = form.Id("itemId") is { } itemId && form.Id("roadmapId") is { } roadmapId && form.IsValid
                    ? await status.NotDoneSchoolsAsync(caller, itemId, roadmapId, scope.Today, ct)
                    : null;
                if (schools is null)
                {
                    scope.Refuse(BadPage);
                    return;
                }

                scope.Show(StatusTemplates.SchoolList, schools);
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

    internal static bool TryReadPage(JsonObject? data, DateOnly today, out DueRequest request)
    {
        request = DueRequest.Upcoming(today);
        var form = new CardData(data);
        var kindText = form.RequiredText("kind");
        var (from, to) = (form.Date("from"), form.Date("to"));
        var page = form.OptionalInt("page");
        var schoolId = form.OptionalInt("schoolId") is { } s and > 0 ? s : (int?)null;
        var phrase = form.Text("phrase") ?? "";
        if (data is null || !form.IsValid
            || !Enum.TryParse<DueKind>(kindText, ignoreCase: false, out var kind) || !Enum.IsDefined(kind) || kindText.Any(char.IsDigit)
            || from is not { } start || to is not { } end || start > end || end.DayNumber - start.DayNumber > DueRequest.MaxWindowDays
            || page is not { } p || p is < 0 or > 1000
            || (kind == DueKind.All && schoolId is null))
        {
            return false;
        }

        request = new DueRequest(kind, start, end, PlainText.Clip(new string(phrase.Where(c => !char.IsControl(c)).ToArray()), 60), schoolId, p);
        return true;
    }
}
