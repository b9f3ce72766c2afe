using Microsoft.EntityFrameworkCore;
using SchoolSupport.Common;
using SchoolSupport.Conversation;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;

namespace SchoolSupport.Status;

/// <summary>
/// «пункт 1.4», «1.18 выполнено», «отметь 2.3.1 в работе»: a roadmap item by its number. Without a status it opens the
/// item's mark form; with one it asks for a confirmation whose button is the card's own «item.mark», so the mark passes
/// the same server checks as one made on the form.
/// </summary>
public sealed class ItemCommand : IChatCommand, IDeclaredCommand
{
    public const string Name = "item";

    public static IReadOnlyList<CommandDeclaration> Declarations { get; } =
    [
        new()
        {
            Name = Name,
            Roles = CommandRoles.Everyone,
            Example = "пункт 1.18",
            Help = "пункт дорожной карты по номеру: срок, статус, отметка",
            // Status words count only next to an item number: «1.18 сделано» is this command, «сколько выполнено» is not.
            Phrases = ["отметь", "отметить", "открой пункт", "отметить пункт", "показать пункт", "сделано", "готово", "выполнен",
                "выполнена", "выполнили", "завершено", "в работе", "в процессе", "не начато", "не начали", "не требуется",
                "не выполнено", "не сделано"],
            MoreHelp = [new("1.18 выполнено", "отметить пункт после подтверждения (или «в работе», «не начато», «не требуется»)")],
            Slots = CommandSlots.Item | CommandSlots.School,
            Requires = CommandSlots.Item,
        },
    ];

    public const string SeveralSchools = "За вами несколько школ. Добавьте номер школы, например «1.18 выполнено 277».";

    public async Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct)
    {
        var caller = scope.Caller!;
        var number = text.Slots.Item;
        if (number is null)
        {
            scope.Say("Напишите номер пункта дорожной карты, например «пункт 1.18» или «1.18 выполнено».");
            return;
        }

        var school = SchoolOf(caller, text.Slots.SchoolNumber);
        if (school is null)
        {
            scope.Say(caller.Schools.Count == 0
                ? "За вами пока не закреплено ни одной школы. Если это ошибка, напишите координатору проекта."
                : text.Slots.SchoolNumber is { } asked ? $"Школа {asked} не найдена среди ваших. Напишите номер своей школы или просто «статус»." : SeveralSchools);
            return;
        }

        // Item numbers repeat across roadmaps (regional, municipal, the school's own); the first one that applies to
        // the school and is tracked there is the one meant, exactly as the card would have offered it.
        var candidates = await scope.Db.RoadmapItems.AsNoTracking()
            .Where(i => i.Number == number && !i.IsWithdrawn && i.TrackedPerSchool)
            .OrderBy(i => i.RoadmapId).ThenBy(i => i.Id)
            .Select(i => new { i.Id, i.RoadmapId })
            .Take(20)
            .ToListAsync(ct);
        RoadmapItem? item = null;
        foreach (var c in candidates)
        {
            item = await MarkItemAction.FindItemAsync(scope.Db, caller, new MarkTargetIds(school.SchoolId, c.Id, c.RoadmapId), ct);
            if (item is not null)
            {
                break;
            }
        }

        if (item is null)
        {
            scope.Say($"Пункт {number} не найден в дорожной карте школы {school.Name} или не требует отметки. Номера пунктов — в «статус» и «что просрочено».");
            return;
        }

        var target = new MarkTargetIds(school.SchoolId, item.Id, item.RoadmapId);
        if (StatusOf(text) is not { } status)
        {
            await MarkItemAction.ShowFormAsync(scope, target, null, ct);
            if (scope.Output.UpdatedCard is { } form)
            {
                // A message has no card to replace: the form is a new message.
                scope.Output.UpdatedCard = null;
                scope.Output.Replies.Add(form);
            }

            return;
        }

        var statusName = RussianFormat.StatusName(status).ToLowerInvariant();
        scope.Show(StatusTemplates.ItemConfirm, new ItemConfirmCard(
            $"Отметить п. {item.Number} — {statusName}?",
            PlainText.Clip(item.Title, 400),
            school.Name,
            school.SchoolId,
            item.Id,
            item.RoadmapId,
            status.ToString(),
            SubmissionKeys.NewCardKey()));
    }

    /// <summary>The school meant: the one with that number among the caller's, or the caller's only school.</summary>
    private static SchoolScope? SchoolOf(Caller caller, string? number) =>
        number is not null
            ? caller.Schools.Values.Where(s => ChatText.Normalize(s.Name).Split(' ').Contains(number)).Take(2).ToList() is [var one] ? one : null
            : caller.Schools.Count == 1 ? caller.Schools.Values.First() : null;

    /// <summary>The status a message asks for; negations first («не выполнено» is not «выполнено»).</summary>
    internal static ProgressStatus? StatusOf(ChatText text) =>
        text.Contains("не требуется", "не нужно", "не применимо", "не относится") ? ProgressStatus.NotApplicable
        : text.Contains("не начато", "не начат", "не начали", "не выполнено", "не выполнен", "не сделано") ? ProgressStatus.NotStarted
        : text.Contains("в работе", "в процессе", "начали", "делаем") ? ProgressStatus.InProgress
        : text.HasStem("выполн", "сделан", "готов", "заверш") ? ProgressStatus.Done
        : null;
}
