using System.Globalization;
using SchoolSupport.Common;
using SchoolSupport.Conversation;

namespace SchoolSupport.Consultations;

/// <summary>
/// «записать консультацию» opens the form; «консультация 277 вчера: тема …; решения …; план …» opens it pre-filled
/// with what was understood, to check and save.
/// </summary>
public sealed class NewConsultationCommand : IChatCommand, IDeclaredCommand
{
    public static IReadOnlyList<CommandDeclaration> Declarations { get; } =
    [
        new()
        {
            Name = "consultation.new",
            Roles = CommandRoles.Consulting,
            Example = "записать консультацию",
            Help = "зафиксировать консультацию школы: тема, решения, план",
            Prefixes = ["консультация", "записать консультацию", "новая консультация", "добавить консультацию", "зафиксировать консультацию"],
            Phrases = ["новая консультация", "добавить консультацию", "зафиксировать консультацию", "внести консультацию",
                "провел консультацию", "провела консультацию", "запиши консультацию", "оформить консультацию",
                "зафиксируй консультацию", "добавь консультацию", "внеси консультацию", "оформи консультацию"],
            Slots = CommandSlots.School | CommandSlots.Text,
            NotAllowed = ConsultationFlow.NoSchools,
            Places = CommandPlaces.Menu | CommandPlaces.Welcome,
        },
    ];

    public async Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct)
    {
        var caller = scope.Caller!;
        var schools = ConsultationFormBuilder.ConsultableSchools(caller);
        if (schools.Count == 0)
        {
            scope.Say(ConsultationFlow.NoSchools);
            return;
        }

        var draft = new ConsultationDraft();
        if (!ConsultationShortcut.HasDetails(text.Original))
        {
            var hint = schools.Count > ConsultationFormBuilder.MaxSchools
                ? "Если нужной школы нет в списке, напишите «консультация» и номер школы, например «консультация 277»."
                : "";
            await ConsultationFlow.ShowFormAsync(scope, draft, new FormErrors(), hint, replace: false, ct);
            return;
        }

        var parsed = ConsultationShortcut.Parse(text.Original, scope.Today);
        var understood = new List<string>();
        var notes = new List<string>();
        if (parsed.SchoolText is { } schoolText)
        {
            var match = await ConsultationSchools.FindAsync(scope.Db, schools, schoolText, ct);
            if (match.School is { } school)
            {
                draft.SchoolId = ConsultationDraft.Id(school.SchoolId);
                understood.Add("школа");
            }
            else if (match.Candidates.Count > 1)
            {
                notes.Add($"«{schoolText}» подходит к нескольким школам — выберите нужную");
            }
            else
            {
                notes.Add($"школа «{schoolText}» не найдена среди ваших — выберите её");
            }
        }

        if (parsed.Date is { } date)
        {
            draft.Date = ConsultationDraft.Iso(date);
            understood.Add("дата");
        }

        if (parsed.Format is { } format)
        {
            draft.Format = format.ToString();
            understood.Add("формат");
        }

        if (parsed.DurationMinutes is { } minutes)
        {
            draft.Duration = minutes.ToString(CultureInfo.InvariantCulture);
            understood.Add("длительность");
        }

        Take(parsed.Topic, v => draft.Topic = v, "тема");
        Take(parsed.Decisions, v => draft.Decisions = v, "решения");
        Take(parsed.Participants, v => draft.Participants = v, "участники");
        Take(parsed.Plan, v => draft.Plan = v, "план");
        if (parsed.Actions.Count > 0)
        {
            draft.Actions = parsed.Actions.Select(a => new ConsultationDraft.ActionDraft
            {
                Text = a.Text,
                Due = a.Due is { } d ? ConsultationDraft.Iso(d) : "",
            }).ToList();
            understood.Add("план");
        }

        if (parsed.Unparsed.Count > 0)
        {
            notes.Add("не разобрано: «" + PlainText.Clip(string.Join("; ", parsed.Unparsed), 300) + "»");
        }

        var summary = understood.Count > 0 ? "Я понял: " + string.Join(", ", understood) + "." : "Я не смог разобрать сообщение.";
        var rest = notes.Count > 0 ? " Обратите внимание: " + string.Join("; ", notes) + "." : "";
        await ConsultationFlow.ShowFormAsync(scope, draft, new FormErrors(), $"{summary}{rest} Проверьте, дополните и нажмите «Сохранить».", replace: false, ct);

        void Take(string? value, Action<string> set, string name)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                set(value);
                understood.Add(name);
            }
        }
    }
}
