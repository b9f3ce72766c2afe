using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Cards;
using SchoolSupport.Conversation;

namespace SchoolSupport.People;

/// <summary>
/// «закрепить куратора petrova@school.ru за школой ЛО-002», «открепить куратора Петрова Анна от школы ЛО-002»,
/// «отключить ivanova@school.ru». Nothing changes yet: the answer is a card to confirm, checked again when pressed.
/// </summary>
public sealed partial class RosterChangeCommand : IChatCommand, IDeclaredCommand
{
    private const string Assign = "roster.assign";
    private const string Unassign = "roster.unassign";
    private const string Deactivate = "roster.deactivate";
    private const string CoordinatorsOnly = "Закреплять и откреплять кураторов и отключать участников могут региональные и муниципальные координаторы.";

    public static IReadOnlyList<CommandDeclaration> Declarations { get; } =
    [
        new()
        {
            Name = Assign,
            Roles = CommandRoles.Coordinators,
            Example = "закрепить куратора petrova@school.ru за школой ЛО-002",
            Help = "закрепить куратора за школой (куратора — по почте или ФИО, школу — по коду, номеру или названию)",
            Prefixes = ["закрепить"],
            Slots = CommandSlots.Person | CommandSlots.School | CommandSlots.Text,
            NotAllowed = CoordinatorsOnly,
        },
        new()
        {
            Name = Unassign,
            Roles = CommandRoles.Coordinators,
            Example = "открепить куратора petrova@school.ru от школы ЛО-002",
            Help = "открепить куратора от школы",
            Prefixes = ["открепить"],
            Slots = CommandSlots.Person | CommandSlots.School | CommandSlots.Text,
            NotAllowed = CoordinatorsOnly,
        },
        new()
        {
            // Only with an e-mail: «отключить напоминания» belongs to the reminder switches.
            Name = Deactivate,
            Roles = CommandRoles.Coordinators,
            Example = "отключить ivanova@school.ru",
            Help = "закрыть участнику доступ и рассылки; история сохраняется",
            Prefixes = ["отключить", "деактивировать"],
            Phrases = ["деактивировать участника", "заблокировать участника", "отключить участника"],
            Slots = CommandSlots.Person,
            Requires = CommandSlots.Person,
            NotAllowed = CoordinatorsOnly,
        },
    ];

    public async Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct)
    {
        var caller = scope.Caller!;
        if (!caller.IsCoordinator)
        {
            scope.Say(CoordinatorsOnly);
            return;
        }

        var command = text.Meaning?.Command?.Name;
        if (command == Deactivate || (command is null && text.StartsWith("отключить", "деактивировать")))
        {
            await ProposeDeactivationAsync(scope, caller, text, ct);
            return;
        }

        var assign = command == Assign || (command is null && text.StartsWith("закрепить"));
        var match = (assign ? AssignPattern() : UnassignPattern()).Match(text.Original);
        if (!match.Success)
        {
            scope.Say(assign
                ? "Напишите так: «закрепить куратора petrova@school.ru за школой ЛО-002» (куратора — по почте или ФИО, школу — по коду, номеру или названию)."
                : "Напишите так: «открепить куратора petrova@school.ru от школы ЛО-002».");
            return;
        }

        var (school, schoolProblem) = await RosterScope.FindSchoolAsync(scope.Db, caller, match.Groups["school"].Value, ct);
        if (school is null)
        {
            scope.Say(schoolProblem!);
            return;
        }

        var (person, personProblem) = await RosterScope.FindPersonAsync(scope.Db, caller, match.Groups["who"].Value, Role.Curator, ct);
        if (person is null)
        {
            scope.Say(personProblem!);
            return;
        }

        var assigned = await RosterChangeAction.IsAssignedAsync(scope.Db, person.Id, school.Id, ct);
        if (assign && assigned)
        {
            scope.Say($"{person.FullName} уже закреплён(а) за школой {RosterScope.Label(school)}.");
            return;
        }

        if (!assign && !assigned)
        {
            scope.Say($"{person.FullName} не закреплён(а) за школой {RosterScope.Label(school)}.");
            return;
        }

        var facts = new List<CardFact>
        {
            new("Куратор", person.FullName),
            new("E-mail", person.Email ?? "—"),
            new("Школа", RosterScope.Label(school)),
        };
        if (!assign && await scope.Db.RoleAssignments.CountAsync(r => r.PersonId == person.Id && r.Role == Role.Curator, ct) == 1)
        {
            facts.Add(new("Внимание", "это последняя школа куратора; закрепить его снова можно будет только списком участников"));
        }

        var data = new Dictionary<string, object?> { ["personId"] = person.Id, ["schoolId"] = school.Id, ["requestKey"] = SubmissionKeys.NewCardKey() };
        scope.Show(CardNames.Message, new MessageCard(
            assign ? "Закрепить куратора за школой?" : "Открепить куратора от школы?",
            "Проверьте и подтвердите. Изменение попадёт в журнал изменений состава.",
            MessageStyle.Emphasis)
        {
            Facts = facts,
            Actions =
            [
                new CardAction(assign ? "Закрепить" : "Открепить", assign ? RosterChangeAction.ConfirmAssign : RosterChangeAction.ConfirmUnassign, data),
                new CardAction("Отмена", RosterChangeAction.Cancel),
            ],
        });
    }

    private static async Task ProposeDeactivationAsync(TurnScope scope, Caller caller, ChatText text, CancellationToken ct)
    {
        var email = EmailPattern().Match(text.Original);
        var (person, problem) = email.Success
            ? await RosterScope.FindPersonAsync(scope.Db, caller, email.Value, null, ct)
            : (null, "Напишите «отключить» и рабочую почту человека, например «отключить ivanova@school.ru».");
        if (person is null)
        {
            scope.Say(problem!);
            return;
        }

        var roles = await scope.Db.RoleAssignments.AsNoTracking().Where(r => r.PersonId == person.Id).ToListAsync(ct);
        if (!RosterScope.CanDeactivate(caller, person, roles))
        {
            scope.Say(person.Id == caller.Person.Id
                ? "Отключить самого себя нельзя: попросите другого координатора."
                : $"{person.FullName} работает не только в вашем районе: отключить его может региональный координатор.");
            return;
        }

        var schoolIds = roles.Where(r => r.SchoolId != null).Select(r => r.SchoolId!.Value).ToList();
        var schools = await scope.Db.Schools.AsNoTracking().Where(s => schoolIds.Contains(s.Id)).ToListAsync(ct);
        var facts = new List<CardFact>
        {
            new("Участник", person.FullName),
            new("E-mail", person.Email ?? "—"),
            new("Роль", string.Join(", ", roles.Select(r => r.Role).Distinct().Order().Select(RoleNames.Russian))),
        };
        if (schools.Count > 0)
        {
            facts.Add(new("Школы", string.Join(", ", schools.OrderBy(s => s.Name, StringComparer.Ordinal).Select(RosterScope.Label))));
        }

        scope.Show(CardNames.Message, new MessageCard(
            "Отключить участника?",
            "Человек потеряет доступ к боту и перестанет получать сообщения. Его история (отметки, консультации, ответы) сохранится.",
            MessageStyle.Warning)
        {
            Facts = facts,
            Actions =
            [
                new CardAction("Отключить", RosterChangeAction.ConfirmDeactivate,
                    new Dictionary<string, object?> { ["personId"] = person.Id, ["requestKey"] = SubmissionKeys.NewCardKey() }),
                new CardAction("Отмена", RosterChangeAction.Cancel),
            ],
        });
    }

    [GeneratedRegex(@"^\s*закрепить\s+(?:куратора\s+)?(?<who>.+?)\s+за\s+(?:школой|школу|школе|оо)\s+(?<school>.+?)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AssignPattern();

    [GeneratedRegex(@"^\s*открепить\s+(?:куратора\s+)?(?<who>.+?)\s+от\s+(?:школы|школе|оо)\s+(?<school>.+?)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnassignPattern();

    [GeneratedRegex(@"[^\s<>()«»""',;:]+@[^\s<>()«»""',;:]+\.[^\s<>()«»""',;:]+")]
    private static partial Regex EmailPattern();
}

/// <summary>
/// The buttons of the roster confirmation cards. Every id the card carries is checked again here against the
/// presser's scope; the card's request key makes a second press (or a redelivery) change nothing.
/// </summary>
public sealed class RosterChangeAction : ICardAction
{
    public const string ConfirmAssign = "roster.assign.confirm";
    public const string ConfirmUnassign = "roster.unassign.confirm";
    public const string ConfirmDeactivate = "roster.deactivate.confirm";
    public const string Cancel = "roster.change.cancel";

    public IReadOnlyCollection<string> Verbs { get; } = [ConfirmAssign, ConfirmUnassign, ConfirmDeactivate, Cancel];

    public static Task<bool> IsAssignedAsync(SchoolSupport.Data.SchoolSupportDbContext db, int personId, int schoolId, CancellationToken ct) =>
        db.RoleAssignments.AnyAsync(r => r.PersonId == personId && r.Role == Role.Curator && r.SchoolId == schoolId, ct);

    public async Task HandleAsync(TurnScope scope, CancellationToken ct)
    {
        var caller = scope.Caller!;
        if (scope.Input.Verb == Cancel)
        {
            scope.Update(CardNames.Message, new MessageCard("Отменено", "Ничего не изменено."));
            return;
        }

        if (!caller.IsCoordinator)
        {
            scope.Refuse("Менять состав участников могут региональные и муниципальные координаторы.");
            return;
        }

        var form = new CardData(scope.Input.Data);
        var cardKey = form.RequiredText("requestKey");
        var key = SubmissionKeys.IsCardKey(cardKey) ? SubmissionKeys.For("roster", caller.Person.Id, cardKey, scope.Input) : null;
        if (form.Id("personId") is not { } personId || !form.IsValid || key is null)
        {
            scope.Refuse("Эта карточка устарела или повреждена: повторите команду.");
            return;
        }

        if (await scope.Db.RosterChanges.AnyAsync(c => c.RequestKey == key, ct))
        {
            scope.Refuse("Это изменение уже сохранено.");
            return;
        }

        var person = await scope.Db.People.FirstOrDefaultAsync(p => p.Id == personId, ct);
        if (person is null)
        {
            scope.Refuse("Участник не найден.");
            return;
        }

        if (scope.Input.Verb == ConfirmDeactivate)
        {
            await DeactivateAsync(scope, caller, person, key, ct);
            return;
        }

        if (form.Id("schoolId") is not { } schoolId || !form.IsValid || !RosterScope.ManagesSchool(caller, schoolId))
        {
            scope.Refuse("Эта школа вне вашей зоны ответственности: ничего не изменено.");
            return;
        }

        var school = await scope.Db.Schools.AsNoTracking().FirstAsync(x => x.Id == schoolId, ct);
        if (!await RosterScope.IsCuratorInRegionAsync(scope.Db, person.Id, school.RegionId, ct))
        {
            scope.Refuse($"{person.FullName} — не куратор этого региона: ничего не изменено.");
            return;
        }

        var assigned = await scope.Db.RoleAssignments
            .Where(r => r.PersonId == person.Id && r.Role == Role.Curator && r.SchoolId == schoolId).ToListAsync(ct);
        var assign = scope.Input.Verb == ConfirmAssign;
        if (assign ? assigned.Count > 0 : assigned.Count == 0)
        {
            scope.Refuse(assign ? $"{person.FullName} уже закреплён(а) за этой школой." : $"{person.FullName} уже откреплён(а) от этой школы.");
            return;
        }

        if (assign)
        {
            scope.Db.RoleAssignments.Add(new RoleAssignment
            {
                PersonId = person.Id,
                Role = Role.Curator,
                RegionId = school.RegionId,
                MunicipalityId = school.MunicipalityId,
                SchoolId = school.Id,
            });
        }
        else
        {
            scope.Db.RoleAssignments.RemoveRange(assigned);
        }

        var details = assign
            ? $"{person.FullName} ({person.Email}) закреплён(а) за школой {RosterScope.Label(school)}"
            : $"{person.FullName} ({person.Email}) откреплён(а) от школы {RosterScope.Label(school)}";
        if (!await SaveAsync(scope, caller, assign ? RosterActions.Assign : RosterActions.Unassign, person.Id, school.Id, school.RegionId, details, key, ct))
        {
            return;
        }

        scope.Update(CardNames.Message, new MessageCard(assign ? "Куратор закреплён" : "Куратор откреплён", details + ".", MessageStyle.Good));
    }

    private static async Task DeactivateAsync(TurnScope scope, Caller caller, Person person, string key, CancellationToken ct)
    {
        var roles = await scope.Db.RoleAssignments.AsNoTracking().Where(r => r.PersonId == person.Id).ToListAsync(ct);
        if (!RosterScope.CanDeactivate(caller, person, roles))
        {
            scope.Refuse("Этот участник вне вашей зоны ответственности: ничего не изменено.");
            return;
        }

        if (!person.IsActive)
        {
            scope.Refuse($"{person.FullName} уже отключён(а).");
            return;
        }

        person.IsActive = false;
        var details = $"{person.FullName} ({person.Email}) отключён(а)";
        if (!await SaveAsync(scope, caller, RosterActions.Deactivate, person.Id, null, roles[0].RegionId, details, key, ct))
        {
            return;
        }

        scope.Update(CardNames.Message, new MessageCard("Участник отключён",
            $"{details}. Доступ к боту закрыт, сообщения больше не придут; история сохранена. " +
            "Вернуть участника можно, загрузив список участников с ним снова.", MessageStyle.Good));
    }

    /// <summary>The change and its audit row in one save: of two presses of one card, the second fails on the key.</summary>
    private static async Task<bool> SaveAsync(
        TurnScope scope, Caller caller, string action, int personId, int? schoolId, int regionId, string details, string key, CancellationToken ct)
    {
        scope.Db.RosterChanges.Add(new RosterChange
        {
            At = scope.UtcNow,
            ActorPersonId = caller.Person.Id,
            Action = action,
            PersonId = personId,
            SchoolId = schoolId,
            RegionId = regionId,
            Details = details,
            RequestKey = key,
        });
        try
        {
            await scope.Db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            scope.Db.ChangeTracker.Clear();
            if (await scope.Db.RosterChanges.AnyAsync(c => c.RequestKey == key, ct))
            {
                scope.Refuse("Это изменение уже сохранено.");
                return false;
            }

            throw;
        }
    }
}
