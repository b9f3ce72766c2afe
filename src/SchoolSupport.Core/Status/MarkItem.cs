using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Common;
using SchoolSupport.Conversation;
using SchoolSupport.Data;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;

namespace SchoolSupport.Status;

/// <summary>A mark submitted from the card, read strictly: anything unexpected is refused, never coerced.</summary>
public sealed record MarkSubmission(int SchoolId, int ItemId, int RoadmapId, ProgressStatus Status, string? EvidenceUrl, string? Note, string? CardKey)
{
    public const int NoteMaxLength = 2000;
    public const int EvidenceMaxLength = 2000;
    public const int CardKeyMaxLength = 64;

    public static readonly IReadOnlyDictionary<string, ProgressStatus> StatusValues = new Dictionary<string, ProgressStatus>(StringComparer.Ordinal)
    {
        ["NotStarted"] = ProgressStatus.NotStarted,
        ["InProgress"] = ProgressStatus.InProgress,
        ["Done"] = ProgressStatus.Done,
        ["NotApplicable"] = ProgressStatus.NotApplicable,
    };
}

/// <summary>The item a form or mark is about: target ids read from card data, before any access check.</summary>
public sealed record MarkTargetIds(int SchoolId, int ItemId, int RoadmapId);

public static partial class MarkSubmissionReader
{
    public const string Broken = "Карточка повреждена или устарела: не хватает данных о пункте. Откройте сводку заново командой «статус». Ничего не изменено.";
    public const string BadStatus = "Неизвестный статус. Выберите один из вариантов: «Выполнено», «В работе», «Не начато», «Не требуется». Ничего не изменено.";
    public const string BadEvidence = "Ссылка на подтверждающий документ должна быть полным адресом, начинающимся с http:// или https://. Ничего не изменено.";
    public static readonly string LongNote = $"Комментарий слишком длинный (больше {MarkSubmission.NoteMaxLength} символов). Сократите его. Ничего не изменено.";
    public const string BadNote = "Комментарий содержит недопустимые символы. Ничего не изменено.";

    public static bool TryReadTarget(JsonObject? data, out MarkTargetIds target, out string error)
    {
        var form = new CardData(data);
        var (school, item, roadmap) = (form.Id("schoolId"), form.Id("itemId"), form.Id("roadmapId"));
        target = new MarkTargetIds(school ?? 0, item ?? 0, roadmap ?? 0);
        error = form.IsValid ? "" : Broken;
        return data is not null && form.IsValid;
    }

    public static bool TryRead(JsonObject? data, out MarkSubmission submission, out string error)
    {
        submission = new MarkSubmission(0, 0, 0, ProgressStatus.NotStarted, null, null, null);
        if (!TryReadTarget(data, out var target, out error))
        {
            return false;
        }

        var form = new CardData(data);
        if (form.Text("status") is not { } statusText || !form.IsValid
            || !MarkSubmission.StatusValues.TryGetValue(statusText, out var status))
        {
            error = BadStatus;
            return false;
        }

        var evidence = form.Text("evidenceUrl");
        evidence = string.IsNullOrWhiteSpace(evidence) ? null : WithScheme(evidence.Trim());
        if (!form.IsValid || (evidence is not null && !IsEvidenceUrl(evidence)))
        {
            error = BadEvidence;
            return false;
        }

        var note = form.Text("note");
        if (!form.IsValid)
        {
            error = BadNote;
            return false;
        }

        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note is { Length: > MarkSubmission.NoteMaxLength })
        {
            error = LongNote;
            return false;
        }

        if (note is not null && note.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            error = BadNote;
            return false;
        }

        var cardKey = form.Text("cardKey");
        if (!form.IsValid || (!string.IsNullOrEmpty(cardKey) && !SubmissionKeys.IsCardKey(cardKey)))
        {
            error = Broken;
            return false;
        }

        submission = new MarkSubmission(target.SchoolId, target.ItemId, target.RoadmapId, status, evidence, note, string.IsNullOrEmpty(cardKey) ? null : cardKey);
        error = "";
        return true;
    }

    /// <summary>
    /// People paste links as the address bar shows them: «disk.yandex.ru/d/…» or «www.school.ru/doc». A bare host
    /// with a dot and no scheme gets https:// in front; anything else is left to be checked as it is.
    /// </summary>
    public static string WithScheme(string value) =>
        !value.Contains("://", StringComparison.Ordinal) && BareHost().IsMatch(value) ? "https://" + value : value;

    /// <summary>Absolute http(s) address with a host and nothing a browser could run or misread.</summary>
    public static bool IsEvidenceUrl(string value) =>
        value.Length <= MarkSubmission.EvidenceMaxLength
        && !value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.Host.Length > 0
        && string.IsNullOrEmpty(uri.UserInfo);

    [GeneratedRegex(@"^(?:[\p{L}\p{N}-]+\.)+[\p{L}]{2,}(?::\d{1,5})?(?:[/?#]\S*)?$")]
    private static partial Regex BareHost();
}

/// <summary>
/// «Отметить»: shows the form (<c>item.mark.form</c>) and saves the mark (<c>item.mark</c>). Every id in the data is
/// checked again against the caller's reach: the school, the item's roadmap and cohort, and that the item is tracked.
/// </summary>
public sealed class MarkItemAction(StatusQuery status, DueQuery due) : ICardAction
{
    public const string ItemNotOfSchool = "Этот пункт не относится к дорожной карте выбранной школы или не требует отметки. Ничего не изменено.";
    private const int MaxAttempts = 3;

    public IReadOnlyCollection<string> Verbs { get; } = [StatusVerbs.MarkForm, StatusVerbs.Mark];

    public Task HandleAsync(TurnScope scope, CancellationToken ct) =>
        scope.Input.Verb == StatusVerbs.MarkForm ? ShowFormAsync(scope, ct) : MarkAsync(scope, ct);

    private static Task ShowFormAsync(TurnScope scope, CancellationToken ct)
    {
        if (!MarkSubmissionReader.TryReadTarget(scope.Input.Data, out var target, out var error))
        {
            scope.Refuse(error);
            return Task.CompletedTask;
        }

        return ShowFormAsync(scope, target, scope.Input.Data?["back"] as JsonObject, ct);
    }

    /// <summary>The mark form of one item of one school, after the same reach checks whoever asks (a card, a message).</summary>
    internal static async Task ShowFormAsync(TurnScope scope, MarkTargetIds target, JsonObject? backData, CancellationToken ct)
    {
        var caller = scope.Caller!;
        if (!caller.CanEditProgress(target.SchoolId))
        {
            scope.Refuse(Texts.NotAllowed);
            return;
        }

        var item = await FindItemAsync(scope.Db, caller, target, ct);
        if (item is null)
        {
            scope.Refuse(ItemNotOfSchool);
            return;
        }

        var current = await scope.Db.ItemProgress.AsNoTracking()
            .Where(p => p.SchoolId == target.SchoolId && p.ItemId == target.ItemId)
            .Select(p => new { p.Status, p.EvidenceUrl, p.Note, p.ChangedAt, p.ChangedByPersonId })
            .FirstOrDefaultAsync(ct);
        var changedBy = current?.ChangedByPersonId is { } personId
            ? await scope.Db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => p.FullName).FirstOrDefaultAsync(ct)
            : null;
        var status = current?.Status ?? ProgressStatus.NotStarted;
        var back = backData is not null && StatusNavigationAction.TryReadPage(backData, scope.Today, out var request)
            ? BackData(request)
            : DuePageData.None;
        var dates = item.DueDate is { } d
            ? RussianFormat.ItemDates(item.TimeframeKind, item.StartDate, item.EndDate, item.DueDate, d, scope.Today)
            : item.TimeframeText;
        var closed = status is ProgressStatus.Done or ProgressStatus.NotApplicable;
        var dueText = item.DueDate is { } dueDate && !closed
            ? $"Срок: {dates} · {RussianFormat.DaysLeft(dueDate.DayNumber - scope.Today.DayNumber)}"
            : closed ? $"Срок: {dates} · {RussianFormat.StatusName(status).ToLowerInvariant()}" : $"Срок: {dates}";
        var lastChange = current is null
            ? ""
            : $"Последнее изменение: {current.ChangedAt:dd.MM.yyyy}" + (changedBy is null ? "" : $", {changedBy}");

        scope.Update(StatusTemplates.MarkForm, new MarkFormCard(
            target.SchoolId,
            target.ItemId,
            target.RoadmapId,
            SubmissionKeys.NewCardKey(),
            caller.Schools[target.SchoolId].Name,
            item.Number,
            PlainText.Clip(item.Title, 400),
            PlainText.Clip(item.TimeframeText, 120),
            dueText,
            RussianFormat.StatusName(status),
            status == ProgressStatus.NotStarted ? nameof(ProgressStatus.Done) : status.ToString(),
            current?.EvidenceUrl ?? "",
            current?.Note ?? "",
            MarkSubmission.StatusValues.Select(kv => new StatusChoice(RussianFormat.StatusName(kv.Value), kv.Key))
                .OrderBy(c => c.Value == nameof(ProgressStatus.Done) ? 0 : c.Value == nameof(ProgressStatus.InProgress) ? 1 : c.Value == nameof(ProgressStatus.NotApplicable) ? 2 : 3)
                .ToList(),
            lastChange,
            lastChange.Length > 0,
            MarkSubmission.NoteMaxLength,
            MarkSubmission.EvidenceMaxLength,
            back,
            back.Kind.Length > 0));
    }

    private static DuePageData BackData(DueRequest request) => new(
        request.Kind.ToString(),
        request.From.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        request.To.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        request.Phrase,
        request.SchoolId ?? 0,
        request.Page);

    private async Task MarkAsync(TurnScope scope, CancellationToken ct)
    {
        var caller = scope.Caller!;
        if (!MarkSubmissionReader.TryRead(scope.Input.Data, out var mark, out var error))
        {
            scope.Refuse(error);
            return;
        }

        if (!caller.CanEditProgress(mark.SchoolId))
        {
            scope.Refuse(Texts.NotAllowed);
            return;
        }

        var target = new MarkTargetIds(mark.SchoolId, mark.ItemId, mark.RoadmapId);
        var item = await FindItemAsync(scope.Db, caller, target, ct);
        if (item is null)
        {
            scope.Refuse(ItemNotOfSchool);
            return;
        }

        var key = SourceKey(caller, mark, scope.Input);
        var applied = await ProgressWriter.ApplyAsync(scope.Db, caller.Person.Id, mark, key, scope.Today, scope.UtcNow, MaxAttempts, ct);
        var notice = applied
            ? $"Отмечено: п. {item.Number} — {RussianFormat.StatusName(mark.Status).ToLowerInvariant()}."
            : $"Эта отметка уже сохранена: п. {item.Number}.";
        // Back to the list the form was opened from, refreshed, so the next item is one tap away.
        if (scope.Input.Data?["back"] is JsonObject back && StatusNavigationAction.TryReadPage(back, scope.Today, out var request)
            && await due.BuildAsync(caller, request, scope.Today, ct) is { } list)
        {
            scope.Update(StatusTemplates.Due, list with { Notice = notice, HasNotice = true });
            return;
        }

        var card = await status.SchoolAsync(caller, mark.SchoolId, scope.Today, notice, ct);
        scope.Update(StatusTemplates.Status, card!);
    }

    /// <summary>The same form submitted twice (double click, channel redelivery) must count once.</summary>
    internal static string? SourceKey(Caller caller, MarkSubmission mark, TurnInput input) =>
        SubmissionKeys.For("item.mark", caller.Person.Id, mark.CardKey, input);

    internal static async Task<RoadmapItem?> FindItemAsync(SchoolSupportDbContext db, Caller caller, MarkTargetIds target, CancellationToken ct)
    {
        if (!caller.Schools.TryGetValue(target.SchoolId, out var school))
        {
            return null;
        }

        var item = await db.RoadmapItems.AsNoTracking()
            .Include(i => i.Roadmap)
            .FirstOrDefaultAsync(i => i.Id == target.ItemId && i.RoadmapId == target.RoadmapId, ct);
        if (item?.Roadmap is not { } roadmap || !item.TrackedPerSchool || item.IsWithdrawn || (item.Cohort is { } cohort && cohort != school.Cohort))
        {
            return null;
        }

        var applies = new ReachRoadmap(roadmap.Id, roadmap.Level, roadmap.RegionId, roadmap.MunicipalityId, roadmap.SchoolId, roadmap.Year, roadmap.PeriodStart, roadmap.PeriodEnd)
            .AppliesTo(school);
        return applies ? item : null;
    }
}

/// <summary>Writes one mark: the current row (optimistic concurrency on Version) and one history row, atomically.</summary>
public static class ProgressWriter
{
    /// <summary>False when <paramref name="sourceKey"/> was already applied (a redelivery): nothing is written.</summary>
    public static async Task<bool> ApplyAsync(
        SchoolSupportDbContext db, int personId, MarkSubmission mark, string? sourceKey, DateOnly today, DateTime utcNow, int attempts, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (sourceKey is not null && await db.ItemProgressChanges.AnyAsync(c => c.SourceKey == sourceKey, ct))
            {
                return false;
            }

            var row = await db.ItemProgress.FirstOrDefaultAsync(p => p.SchoolId == mark.SchoolId && p.ItemId == mark.ItemId, ct);
            if (row is null)
            {
                row = new ItemProgress { SchoolId = mark.SchoolId, ItemId = mark.ItemId };
                db.ItemProgress.Add(row);
            }

            var completedOn = mark.Status == ProgressStatus.Done
                ? (row.Status == ProgressStatus.Done && row.CompletedOn is { } earlier ? earlier : today)
                : (DateOnly?)null;
            row.Status = mark.Status;
            row.CompletedOn = completedOn;
            row.EvidenceUrl = mark.EvidenceUrl;
            row.Note = mark.Note;
            row.ChangedByPersonId = personId;
            row.ChangedAt = utcNow;
            row.Version++;

            var change = new ItemProgressChange
            {
                ItemId = mark.ItemId,
                SchoolId = mark.SchoolId,
                Status = mark.Status,
                CompletedOn = completedOn,
                EvidenceUrl = mark.EvidenceUrl,
                Note = mark.Note,
                ChangedByPersonId = personId,
                ChangedAt = utcNow,
                SourceKey = sourceKey,
            };
            db.ItemProgressChanges.Add(change);

            try
            {
                await db.SaveChangesAsync(ct);
                return true;
            }
            catch (DbUpdateException) when (attempt < attempts)
            {
                // Someone marked the same item (or the same form was delivered twice) at the same moment:
                // forget this attempt and decide again from what is now stored.
                Detach(db, row, change);
            }
            catch (DbUpdateException) when (sourceKey is not null)
            {
                Detach(db, row, change);
                if (await db.ItemProgressChanges.AnyAsync(c => c.SourceKey == sourceKey, ct))
                {
                    return false;
                }

                throw;
            }
        }
    }

    private static void Detach(SchoolSupportDbContext db, ItemProgress row, ItemProgressChange change)
    {
        db.Entry(row).State = EntityState.Detached;
        db.Entry(change).State = EntityState.Detached;
    }
}
