using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Cards;
using SchoolSupport.Common;
using SchoolSupport.Conversation;
using SchoolSupport.Data;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;

namespace SchoolSupport.Consultations;

/// <summary>Fills the form card: the schools the person may consult, people for planned actions, topics to link.</summary>
internal static class ConsultationFormBuilder
{
    /// <summary>More would make the card too heavy; a person with more schools names one («консультация 277»).</summary>
    public const int MaxSchools = 40;

    private const int MaxPeople = 8;
    private const int MaxTopicChoices = 30;
    private const int DefaultRows = 2;

    public static IReadOnlyList<SchoolScope> ConsultableSchools(Caller caller) =>
        caller.Schools.Values.Where(s => caller.CanConsult(s.SchoolId)).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();

    public static async Task<ConsultationFormCard> BuildAsync(
        SchoolSupportDbContext db, Caller caller, ConsultationDraft draft, FormErrors errors, DateOnly today, string hint, CancellationToken ct)
    {
        var consultable = ConsultableSchools(caller);
        int? selected = int.TryParse(draft.SchoolId, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : null;
        var shown = consultable.Take(MaxSchools).ToList();
        if (selected is { } sel && shown.All(x => x.SchoolId != sel) && consultable.FirstOrDefault(x => x.SchoolId == sel) is { } extra)
        {
            shown.Insert(0, extra);
        }

        if (selected is null && shown.Count == 1)
        {
            draft.SchoolId = ConsultationDraft.Id(shown[0].SchoolId);
        }

        // «Кто выполняет» offers the people of the chosen school; before a school is chosen, those of every school shown.
        var chosen = shown.FirstOrDefault(x => ConsultationDraft.Id(x.SchoolId) == draft.SchoolId);
        var peopleSchools = chosen is null ? shown : [chosen];
        var schoolIds = peopleSchools.Select(x => x.SchoolId).ToList();
        var regionIds = shown.Select(x => x.RegionId).Distinct().ToList();
        var municipalityIds = peopleSchools.Where(x => x.MunicipalityId != null).Select(x => x.MunicipalityId!.Value).Distinct().ToList();

        var people = await db.RoleAssignments.AsNoTracking()
            .Where(r => r.PersonId != caller.Person.Id
                        && ((r.SchoolId != null && schoolIds.Contains(r.SchoolId.Value))
                            || (r.Role == Role.MunicipalCoordinator && r.MunicipalityId != null && municipalityIds.Contains(r.MunicipalityId.Value))))
            .Join(db.People.Where(p => p.IsActive), r => r.PersonId, p => p.Id, (r, p) => new { p.Id, p.FullName, r.Role })
            .ToListAsync(ct);
        var peopleChoices = new List<Choice> { new($"Я ({caller.Person.FullName})", ConsultationDraft.Id(caller.Person.Id)) };
        peopleChoices.AddRange(people
            .GroupBy(p => p.Id)
            .Select(g => new Choice($"{g.First().FullName} ({RoleNames.Russian(g.Select(x => x.Role).Min())})", ConsultationDraft.Id(g.Key)))
            .OrderBy(c => c.Title, StringComparer.Ordinal)
            .Take(MaxPeople - 1));

        var topicChoices = new List<Choice>();
        var risks = await db.RiskDirections.AsNoTracking()
            .Where(r => regionIds.Contains(r.RegionId) && r.IsActive)
            .OrderBy(r => r.Order).ThenBy(r => r.Name)
            .Select(r => new { r.Id, r.Name })
            .Take(MaxTopicChoices)
            .ToListAsync(ct);
        topicChoices.AddRange(risks.Select(r => new Choice("Риск: " + PlainText.Clip(r.Name, 70), "r:" + ConsultationDraft.Id(r.Id))));

        const RoleMask consulting = RoleMask.Curator | RoleMask.Consultant;
        var candidates = await db.RoadmapItems.AsNoTracking()
            .Where(i => regionIds.Contains(i.Roadmap!.RegionId) && i.Roadmap!.Year == today.Year && !i.IsWithdrawn
                        && (i.TrackedPerSchool || (i.ResponsibleRoles & consulting) != RoleMask.None))
            .OrderBy(i => i.RoadmapId).ThenBy(i => i.Order)
            .Select(i => new { i.Id, i.Number, i.Title, i.SectionId, i.RoadmapId, i.Order })
            .ToListAsync(ct);

        // Every section gets its turn, so the picker is not filled by the first section alone; chosen items always stay.
        var chosenTopics = Split(draft.Topics).ToHashSet(StringComparer.Ordinal);
        var maxItems = MaxTopicChoices - topicChoices.Count;
        var picked = candidates.Where(i => chosenTopics.Contains("i:" + ConsultationDraft.Id(i.Id))).Select(i => i.Id).ToHashSet();
        var bySection = candidates.GroupBy(i => i.SectionId).Select(g => new Queue<int>(g.Select(i => i.Id))).ToList();
        while (picked.Count < maxItems && bySection.Any(q => q.Count > 0))
        {
            foreach (var queue in bySection.Where(q => q.Count > 0))
            {
                if (picked.Count >= maxItems)
                {
                    break;
                }

                picked.Add(queue.Dequeue());
            }
        }

        topicChoices.AddRange(candidates.Where(i => picked.Contains(i.Id))
            .Select(i => new Choice($"п. {i.Number} {PlainText.Clip(i.Title, 70)}", "i:" + ConsultationDraft.Id(i.Id))));

        var rows = Math.Clamp(Math.Max(Math.Max(draft.Rows, draft.Actions.Count), DefaultRows), 1, ConsultationLimits.MaxActions);
        var actionRows = new List<ConsultationFormCard.ActionRow>();
        for (var n = 1; n <= rows; n++)
        {
            var a = n <= draft.Actions.Count ? draft.Actions[n - 1] : new ConsultationDraft.ActionDraft();
            actionRows.Add(new ConsultationFormCard.ActionRow(
                ConsultationDraft.Id(n),
                ConsultationDraft.ActionInputId(n, "Text"),
                ConsultationDraft.ActionInputId(n, "Due"),
                ConsultationDraft.ActionInputId(n, "Who"),
                ConsultationDraft.ActionInputId(n, "WhoText"),
                a.Text, a.Due, a.Who, a.WhoText,
                errors.Of("action" + ConsultationDraft.Id(n))));
        }

        var editing = draft.ConsultationId is not null;
        var card = new ConsultationFormCard
        {
            Title = editing ? "Изменение консультации" : "Новая консультация",
            Hint = hint,
            CardKey = draft.CardKey.Length > 0 ? draft.CardKey : SubmissionKeys.NewCardKey(),
            ConsultationId = draft.ConsultationId is { } id ? ConsultationDraft.Id(id) : "",
            Rows = ConsultationDraft.Id(rows),
            Error = errors.Count > 0 ? "Проверьте отмеченные поля: консультация не сохранена." : "",
            Schools = shown.Select(x => new Choice(x.Name, ConsultationDraft.Id(x.SchoolId))).ToList(),
            SchoolId = draft.SchoolId,
            SchoolError = errors.Of("schoolId"),
            Date = draft.Date.Length > 0 ? draft.Date : ConsultationDraft.Iso(today),
            MaxDate = ConsultationDraft.Iso(today),
            DateError = errors.Of("date"),
            Format = draft.Format,
            FormatError = errors.Of("format"),
            Duration = draft.Duration,
            DurationError = errors.Of("duration"),
            Participants = draft.Participants,
            ParticipantRoles = draft.ParticipantRoles,
            ParticipantsError = errors.Of("participants"),
            Topic = draft.Topic,
            TopicError = errors.Of("topic"),
            HasTopicChoices = topicChoices.Count > 0,
            TopicChoices = topicChoices,
            Topics = draft.Topics,
            TopicsError = errors.Of("topics"),
            TopicsOpen = chosenTopics.Count > 0 || errors.Of("topics").Length > 0,
            TopicsToggleTitle = chosenTopics.Count > 0
                ? $"Направления и пункты: выбрано {ConsultationDraft.Id(chosenTopics.Count)}"
                : "Направления и пункты карты",
            Decisions = draft.Decisions,
            DecisionsError = errors.Of("decisions"),
            Plan = draft.Plan,
            PlanError = errors.Of("plan").Length > 0 ? errors.Of("plan") : errors.Of("actions"),
            PlanRequired = actionRows.All(a => a.Text.Trim().Length == 0),
            People = peopleChoices,
            Actions = actionRows,
            CanAddAction = rows < ConsultationLimits.MaxActions,
            SubmitTitle = editing ? "Сохранить изменения" : "Сохранить",
        };
        return FitTeams(card);
    }

    /// <summary>
    /// The person picker is repeated in every action row, so long texts plus ten rows can exceed what Teams accepts in
    /// one message. Then the pickers shrink to what is already chosen; the texts the person typed are never cut.
    /// </summary>
    internal static ConsultationFormCard FitTeams(ConsultationFormCard card)
    {
        var renderer = new CardRenderer();
        if (CardSize.FitsTeams(renderer.Render(ConsultationTemplates.Form, card)))
        {
            return card;
        }

        var chosenTopics = card.Topics.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var topics = card.TopicChoices.Where(c => chosenTopics.Contains(c.Value)).ToList();
        var chosenPeople = card.Actions.Select(a => a.Who).ToHashSet(StringComparer.Ordinal);
        var people = card.People.Where((c, i) => i == 0 || chosenPeople.Contains(c.Value)).ToList();
        return card with
        {
            TopicChoices = topics,
            HasTopicChoices = topics.Count > 0,
            People = people,
            Hint = (card.Hint + " Форма большая, поэтому списки выбора сокращены до уже выбранного.").Trim(),
        };
    }

    private static IEnumerable<string> Split(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
