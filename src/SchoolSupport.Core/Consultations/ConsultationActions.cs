using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Conversation;

namespace SchoolSupport.Consultations;

/// <summary>Shared steps of the consultation card actions.</summary>
internal static class ConsultationFlow
{
    public const string NoSchools =
        "Записывать консультации могут кураторы и консультанты закреплённых школ и координаторы. За вами не закреплено ни одной школы. " +
        "Напишите «помощь», чтобы увидеть, что доступно вам.";

    public static async Task ShowFormAsync(TurnScope scope, ConsultationDraft draft, FormErrors errors, string hint, bool replace, CancellationToken ct)
    {
        var card = await ConsultationFormBuilder.BuildAsync(scope.Db, scope.Caller!, draft, errors, scope.Today, hint, ct);
        if (replace)
        {
            scope.Update(ConsultationTemplates.Form, card);
        }
        else
        {
            scope.Show(ConsultationTemplates.Form, card);
        }
    }

    /// <summary>
    /// What makes two deliveries «the same submission» (see <see cref="SubmissionKeys"/>): the person and the form
    /// instance key, or else the person, the conversation and the activity id. A turn with neither is always new.
    /// </summary>
    public static string SourceKey(TurnScope scope, ConsultationDraft draft) =>
        SubmissionKeys.For("consultation", scope.Caller!.Person.Id, draft.CardKey, scope.Input) ?? "once:" + Guid.NewGuid().ToString("N");

    /// <summary>The key of an edit: the same form applied to the same record by the same person.</summary>
    public static string EditKey(string sourceKey, int consultationId) =>
        $"edit:{consultationId.ToString(CultureInfo.InvariantCulture)}:{sourceKey}" is var key && key.Length <= SubmissionKeys.MaxLength
            ? key
            : key[..SubmissionKeys.MaxLength];

    /// <summary>
    /// Shows one consultation only to those allowed to see it; every path that displays a record goes through here,
    /// so an id from someone else's card, or a replayed form key, never reveals another school's consultation.
    /// </summary>
    public static async Task ShowDetailsAsync(TurnScope scope, Consultation row, string status, bool replace, CancellationToken ct)
    {
        if (!ConsultationAccess.CanSee(scope.Caller!, row))
        {
            scope.Refuse(ConsultationAccess.NotFound);
            return;
        }

        var card = await ConsultationView.DetailsAsync(scope.Db, scope.Caller!, row, scope.UtcNow, status, ct);
        if (replace)
        {
            scope.Update(ConsultationTemplates.Details, card);
        }
        else
        {
            scope.Show(ConsultationTemplates.Details, card);
        }
    }

}

/// <summary>«Записать консультацию» button (optionally for one school, e.g. from the status card).</summary>
public sealed class NewConsultationAction : ICardAction
{
    public IReadOnlyCollection<string> Verbs => [ConsultationVerbs.New];

    public async Task HandleAsync(TurnScope scope, CancellationToken ct)
    {
        var caller = scope.Caller!;
        if (ConsultationFormBuilder.ConsultableSchools(caller).Count == 0)
        {
            scope.Refuse(ConsultationFlow.NoSchools);
            return;
        }

        var draft = new ConsultationDraft();
        if (new CardData(scope.Input.Data).OptionalId("schoolId") is { } schoolId)
        {
            if (!caller.CanConsult(schoolId))
            {
                scope.Refuse(Texts.NotAllowed);
                return;
            }

            draft.SchoolId = ConsultationDraft.Id(schoolId);
        }

        await ConsultationFlow.ShowFormAsync(scope, draft, new FormErrors(), "", replace: false, ct);
    }
}

/// <summary>«Ещё мероприятие»: the same form with one more planned-action row, values kept.</summary>
public sealed class AddActionRowAction : ICardAction
{
    public IReadOnlyCollection<string> Verbs => [ConsultationVerbs.AddAction];

    public Task HandleAsync(TurnScope scope, CancellationToken ct)
    {
        var draft = ConsultationDraft.FromData(scope.Input.Data);
        if (draft.IsBroken)
        {
            scope.Refuse(CardData.Broken);
            return Task.CompletedTask;
        }

        draft.Rows = Math.Min(Math.Max(draft.Rows, draft.Actions.Count) + 1, ConsultationLimits.MaxActions);
        return ConsultationFlow.ShowFormAsync(scope, draft, new FormErrors(), "", replace: true, ct);
    }
}

/// <summary>The form's «Сохранить»: validate again on the server, then create (once) or apply the edit.</summary>
public sealed class SaveConsultationAction : ICardAction
{
    public IReadOnlyCollection<string> Verbs => [ConsultationVerbs.Save];

    public async Task HandleAsync(TurnScope scope, CancellationToken ct)
    {
        var caller = scope.Caller!;
        var draft = ConsultationDraft.FromData(scope.Input.Data);
        if (draft.IsBroken)
        {
            scope.Refuse(CardData.Broken);
            return;
        }

        if (int.TryParse(draft.SchoolId, NumberStyles.None, CultureInfo.InvariantCulture, out var schoolId) && !caller.CanConsult(schoolId))
        {
            scope.Refuse(Texts.NotAllowed);
            return;
        }

        var sourceKey = ConsultationFlow.SourceKey(scope, draft);
        Consultation? row = null;
        if (draft.ConsultationId is { } id)
        {
            row = await ConsultationStore.LoadAsync(scope.Db, id, ct);
            if (row is null || !ConsultationAccess.CanSee(caller, row))
            {
                scope.Refuse(ConsultationAccess.NotFound);
                return;
            }

            sourceKey = ConsultationFlow.EditKey(sourceKey, row.Id);
            if (await ConsultationStore.IsAppliedEditAsync(scope.Db, row.Id, caller.Person.Id, sourceKey, ct))
            {
                await ConsultationFlow.ShowDetailsAsync(scope, row, "Изменения уже сохранены.", replace: true, ct);
                return;
            }

            if (ConsultationStore.CheckAuthorWindow(row, caller, scope.UtcNow) is { } reason)
            {
                scope.Refuse(reason);
                return;
            }
        }
        else if (await ConsultationStore.FindBySourceKeyAsync(scope.Db, sourceKey, ct) is { } saved && saved.AuthorPersonId == caller.Person.Id)
        {
            await ConsultationFlow.ShowDetailsAsync(scope, saved, "Эта консультация уже сохранена.", replace: true, ct);
            return;
        }

        var (valid, errors) = await ConsultationValidator.ValidateAsync(scope.Db, caller, draft, scope.Today, ct);
        if (valid is null)
        {
            await ConsultationFlow.ShowFormAsync(scope, draft, errors, "", replace: true, ct);
            return;
        }

        if (row is null)
        {
            var (created, isNew) = await ConsultationStore.CreateAsync(scope.Db, valid, caller.Person.Id, sourceKey, scope.UtcNow, ct);
            var status = isNew
                ? $"Консультация сохранена. Изменить или удалить её можно в течение {ConsultationLimits.EditWindow.Days} дней."
                : "Эта консультация уже сохранена.";
            await ConsultationFlow.ShowDetailsAsync(scope, created, status, replace: true, ct);
            return;
        }

        try
        {
            var applied = await ConsultationStore.UpdateAsync(scope.Db, row, valid, caller.Person.Id, sourceKey, scope.UtcNow, ct);
            await ConsultationFlow.ShowDetailsAsync(scope, row,
                applied ? "Изменения сохранены, прежняя версия — в истории." : "Изменения уже сохранены.", replace: true, ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent edit of the same record (or the same edit delivered twice at once) won: show what is stored.
            scope.Db.ChangeTracker.Clear();
            var current = await ConsultationStore.LoadAsync(scope.Db, row.Id, ct);
            await ConsultationFlow.ShowDetailsAsync(scope, current!,
                "Запись только что изменили. Проверьте её и при необходимости измените ещё раз.", replace: true, ct);
        }
    }
}

/// <summary>«Изменить»: the form filled with the stored values, for the author within the edit window.</summary>
public sealed class EditConsultationAction : ICardAction
{
    public IReadOnlyCollection<string> Verbs => [ConsultationVerbs.Edit];

    public async Task HandleAsync(TurnScope scope, CancellationToken ct)
    {
        var row = new CardData(scope.Input.Data).OptionalId("consultationId") is { } id ? await ConsultationStore.LoadAsync(scope.Db, id, ct) : null;
        if (row is null || !ConsultationAccess.CanSee(scope.Caller!, row))
        {
            scope.Refuse(ConsultationAccess.NotFound);
            return;
        }

        if (ConsultationStore.CheckAuthorWindow(row, scope.Caller!, scope.UtcNow) is { } reason)
        {
            scope.Refuse(reason);
            return;
        }

        var draft = ConsultationDraft.FromConsultation(row);
        draft.CardKey = SubmissionKeys.NewCardKey();
        await ConsultationFlow.ShowFormAsync(scope, draft, new FormErrors(), "", replace: true, ct);
    }
}

/// <summary>«Отмена» on the edit form: the stored consultation again, unchanged.</summary>
public sealed class CancelEditConsultationAction : ICardAction
{
    public IReadOnlyCollection<string> Verbs => [ConsultationVerbs.CancelEdit];

    public async Task HandleAsync(TurnScope scope, CancellationToken ct)
    {
        var row = new CardData(scope.Input.Data).OptionalId("consultationId") is { } id ? await ConsultationStore.LoadAsync(scope.Db, id, ct) : null;
        if (row is null)
        {
            scope.Refuse(ConsultationAccess.NotFound);
            return;
        }

        await ConsultationFlow.ShowDetailsAsync(scope, row, "Изменения не сохранены.", replace: true, ct);
    }
}

/// <summary>«Удалить»: a soft delete by the author within the edit window; coordinators still see the record.</summary>
public sealed class DeleteConsultationAction : ICardAction
{
    public IReadOnlyCollection<string> Verbs => [ConsultationVerbs.Delete];

    public async Task HandleAsync(TurnScope scope, CancellationToken ct)
    {
        var caller = scope.Caller!;
        var row = new CardData(scope.Input.Data).OptionalId("consultationId") is { } id ? await ConsultationStore.LoadAsync(scope.Db, id, ct) : null;
        if (row is null || !ConsultationAccess.CanSee(caller, row))
        {
            scope.Refuse(ConsultationAccess.NotFound);
            return;
        }

        if (row.DeletedAt is not null && row.AuthorPersonId == caller.Person.Id)
        {
            await ConsultationFlow.ShowDetailsAsync(scope, row, "", replace: true, ct);
            return;
        }

        if (ConsultationStore.CheckAuthorWindow(row, caller, scope.UtcNow) is { } reason)
        {
            scope.Refuse(reason);
            return;
        }

        await ConsultationStore.DeleteAsync(scope.Db, row, caller.Person.Id, scope.UtcNow, ct);
        await ConsultationFlow.ShowDetailsAsync(scope, row, "", replace: true, ct);
    }
}

/// <summary>Opens one consultation from a list.</summary>
public sealed class ShowConsultationAction : ICardAction
{
    public IReadOnlyCollection<string> Verbs => [ConsultationVerbs.Show];

    public async Task HandleAsync(TurnScope scope, CancellationToken ct)
    {
        var caller = scope.Caller!;
        var row = new CardData(scope.Input.Data).OptionalId("consultationId") is { } id ? await ConsultationStore.LoadAsync(scope.Db, id, ct) : null;
        if (row is null)
        {
            scope.Refuse(ConsultationAccess.NotFound);
            return;
        }

        await ConsultationFlow.ShowDetailsAsync(scope, row, "", replace: false, ct);
    }
}

/// <summary>«Выполнено» on a planned action (from the consultation card or a reminder).</summary>
public sealed class ActionDoneAction : ICardAction
{
    public IReadOnlyCollection<string> Verbs => [ConsultationVerbs.ActionDone];

    public async Task HandleAsync(TurnScope scope, CancellationToken ct)
    {
        var caller = scope.Caller!;
        var action = new CardData(scope.Input.Data).OptionalId("actionId") is { } id
            ? await scope.Db.ConsultationActions.FirstOrDefaultAsync(a => a.Id == id, ct)
            : null;
        var row = action is null ? null : await ConsultationStore.LoadAsync(scope.Db, action.ConsultationId, ct);
        if (action is null || row is null || row.DeletedAt is not null)
        {
            scope.Refuse("Такого мероприятия нет.");
            return;
        }

        var allowed = action.AssigneePersonId == caller.Person.Id || row.AuthorPersonId == caller.Person.Id || caller.CanConsult(row.SchoolId);
        if (!allowed)
        {
            scope.Refuse(Texts.NotAllowed);
            return;
        }

        if (!action.Done)
        {
            action.Done = true;
            action.DoneAt = scope.UtcNow;
            await scope.Db.SaveChangesAsync(ct);
        }

        await ConsultationFlow.ShowDetailsAsync(scope, row, $"Отмечено выполненным: {action.Text}", replace: true, ct);
    }
}
