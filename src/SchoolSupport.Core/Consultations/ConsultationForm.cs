using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Conversation;
using SchoolSupport.Data;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;

namespace SchoolSupport.Consultations;

/// <summary>The form's values as entered (card inputs are text), so an invalid form comes back exactly as it was sent.</summary>
public sealed class ConsultationDraft
{
    public string CardKey { get; set; } = "";
    public int? ConsultationId { get; set; }
    public int Rows { get; set; }
    public string SchoolId { get; set; } = "";
    public string Date { get; set; } = "";
    public string Format { get; set; } = "";
    public string Duration { get; set; } = "";
    public string Participants { get; set; } = "";
    public string ParticipantRoles { get; set; } = "";
    public string Topic { get; set; } = "";
    public string Decisions { get; set; } = "";
    public string Plan { get; set; } = "";
    public string Topics { get; set; } = "";
    public List<ActionDraft> Actions { get; set; } = [];

    /// <summary>A value of the wrong JSON type (a tampered or foreign card): the draft is refused, not shown back.</summary>
    internal bool IsBroken { get; private set; }

    /// <summary>Beyond the limit, only so the form can say that there were too many.</summary>
    internal int ExtraActions { get; set; }

    public sealed class ActionDraft
    {
        public string Text { get; set; } = "";
        public string Due { get; set; } = "";
        public string Who { get; set; } = "";
        public string WhoText { get; set; } = "";

        public bool IsEmpty => Text.Trim().Length == 0 && Due.Trim().Length == 0 && Who.Trim().Length == 0 && WhoText.Trim().Length == 0;
    }

    public static string ActionInputId(int number, string part) => $"action{number}{part}";

    public static ConsultationDraft FromData(JsonObject? data)
    {
        var form = new CardData(data);
        string Read(string name) => form.Text(name) ?? "";
        var draft = new ConsultationDraft
        {
            CardKey = Read("cardKey"),
            ConsultationId = form.OptionalId("consultationId"),
            Rows = form.OptionalInt("rows") is { } rows ? Math.Clamp(rows, 0, ConsultationLimits.MaxActions) : 0,
            SchoolId = Read("schoolId"),
            Date = Read("date"),
            Format = Read("format"),
            Duration = Read("duration"),
            Participants = Read("participants"),
            ParticipantRoles = Read("participantRoles"),
            Topic = Read("topic"),
            Decisions = Read("decisions"),
            Plan = Read("plan"),
            Topics = Read("topics"),
        };

        // Rows past the limit can only come from a tampered card; a few are read so the answer can name the problem.
        for (var n = 1; n <= ConsultationLimits.MaxActions + 5; n++)
        {
            var row = new ActionDraft
            {
                Text = Read(ActionInputId(n, "Text")),
                Due = Read(ActionInputId(n, "Due")),
                Who = Read(ActionInputId(n, "Who")),
                WhoText = Read(ActionInputId(n, "WhoText")),
            };
            if (n <= ConsultationLimits.MaxActions)
            {
                draft.Actions.Add(row);
            }
            else if (!row.IsEmpty)
            {
                draft.ExtraActions++;
            }
        }

        while (draft.Actions.Count > 0 && draft.Actions[^1].IsEmpty)
        {
            draft.Actions.RemoveAt(draft.Actions.Count - 1);
        }

        draft.IsBroken = !form.IsValid;
        return draft;
    }

    public static ConsultationDraft FromConsultation(Consultation c) => new()
    {
        ConsultationId = c.Id,
        SchoolId = Id(c.SchoolId),
        Date = Iso(c.Date),
        Format = c.Format.ToString(),
        Duration = Id(c.DurationMinutes),
        Participants = c.Participants ?? "",
        ParticipantRoles = string.Join(",", ConsultationText.ParticipantRoleOrder.Where(r => (c.ParticipantRoles & Caller.ToMask(r)) != 0)),
        Topic = c.Topic,
        Decisions = c.Decisions,
        Plan = c.Plan ?? "",
        Topics = string.Join(",", c.Topics.Select(t => t.RiskDirectionId is { } r ? "r:" + Id(r) : "i:" + Id(t.RoadmapItemId ?? 0))),
        Actions = c.Actions.OrderBy(a => a.Order).Select(a => new ActionDraft
        {
            Text = a.Text,
            Due = a.DueDate is { } d ? Iso(d) : "",
            Who = a.AssigneePersonId is { } p ? Id(p) : "",
            WhoText = a.AssigneeText ?? "",
        }).ToList(),
    };

    internal static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A draft that passed validation.</summary>
internal sealed record ValidConsultation(
    int SchoolId,
    DateOnly Date,
    ConsultationFormat Format,
    int DurationMinutes,
    string? Participants,
    RoleMask ParticipantRoles,
    string Topic,
    string Decisions,
    string? Plan,
    IReadOnlyList<int> RiskDirectionIds,
    IReadOnlyList<int> RoadmapItemIds,
    IReadOnlyList<ValidAction> Actions);

internal sealed record ValidAction(string Text, DateOnly? DueDate, int? AssigneePersonId, string? AssigneeText);

/// <summary>Field → Russian reason. Keys are the form's input ids; action rows use «action{n}».</summary>
public sealed class FormErrors : Dictionary<string, string>
{
    public string Of(string field) => TryGetValue(field, out var e) ? e : "";
}

/// <summary>Checks a draft on the server exactly as the card does, and more (access, dates, references).</summary>
internal static class ConsultationValidator
{
    public static async Task<(ValidConsultation? Valid, FormErrors Errors)> ValidateAsync(
        SchoolSupportDbContext db, Caller caller, ConsultationDraft draft, DateOnly today, CancellationToken ct)
    {
        var errors = new FormErrors();

        Schools.School? school = null;
        if (!int.TryParse(draft.SchoolId, NumberStyles.None, CultureInfo.InvariantCulture, out var schoolId))
        {
            errors["schoolId"] = "Выберите школу.";
        }
        else
        {
            school = await db.Schools.AsNoTracking().FirstOrDefaultAsync(s => s.Id == schoolId, ct);
            if (school is null)
            {
                errors["schoolId"] = "Такой школы нет.";
            }
        }

        DateOnly? date = null;
        if (draft.Date.Trim().Length == 0)
        {
            errors["date"] = "Укажите дату консультации.";
        }
        else if (!TryParseDate(draft.Date, out var d))
        {
            errors["date"] = "Дата не распознана: выберите её в календаре.";
        }
        else if (d > today)
        {
            errors["date"] = "Дата консультации не может быть в будущем.";
        }
        else if (school?.JoinedOn is { } joined && d < joined)
        {
            errors["date"] = $"Школа участвует в проекте с {ConsultationText.Day(joined)}: консультация не может быть раньше.";
        }
        else
        {
            date = d;
        }

        var format = ConsultationText.ParseFormat(draft.Format);
        if (format is null)
        {
            errors["format"] = "Выберите формат консультации.";
        }

        int duration = 0;
        if (!int.TryParse(draft.Duration.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out duration)
            || duration < ConsultationLimits.MinDuration || duration > ConsultationLimits.MaxDuration)
        {
            errors["duration"] = $"Укажите длительность в минутах: от {ConsultationLimits.MinDuration} до {ConsultationLimits.MaxDuration}.";
        }

        var topic = Required(errors, "topic", draft.Topic, ConsultationLimits.Topic, "Укажите тему консультации.");
        var decisions = Required(errors, "decisions", draft.Decisions, ConsultationLimits.LongText, "Опишите принятые решения.");
        var plan = Optional(errors, "plan", draft.Plan, ConsultationLimits.LongText);
        var participants = Optional(errors, "participants", draft.Participants, ConsultationLimits.LongText);

        var roles = RoleMask.None;
        foreach (var value in Split(draft.ParticipantRoles))
        {
            if (Enum.TryParse<Role>(value, out var role) && Enum.IsDefined(role))
            {
                roles |= Caller.ToMask(role);
            }
            else
            {
                errors["participants"] = "Выбрана неизвестная роль участников.";
            }
        }

        var riskIds = new List<int>();
        var itemIds = new List<int>();
        foreach (var value in Split(draft.Topics))
        {
            var ok = value.Length > 2 && int.TryParse(value[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var id);
            if (ok && value.StartsWith("r:", StringComparison.Ordinal))
            {
                riskIds.Add(int.Parse(value[2..], CultureInfo.InvariantCulture));
            }
            else if (ok && value.StartsWith("i:", StringComparison.Ordinal))
            {
                itemIds.Add(int.Parse(value[2..], CultureInfo.InvariantCulture));
            }
            else
            {
                errors["topics"] = "Выбрано неизвестное направление или пункт.";
            }
        }

        if (school is not null && (riskIds.Count > 0 || itemIds.Count > 0))
        {
            var known = await db.RiskDirections.CountAsync(r => riskIds.Contains(r.Id) && r.RegionId == school.RegionId, ct)
                        + await db.RoadmapItems.CountAsync(i => itemIds.Contains(i.Id) && i.Roadmap!.RegionId == school.RegionId, ct);
            if (known != riskIds.Distinct().Count() + itemIds.Distinct().Count())
            {
                errors["topics"] = "Выбрано направление или пункт другого региона.";
            }
        }

        var actions = new List<ValidAction>();
        if (draft.ExtraActions > 0 || draft.Actions.Count(a => !a.IsEmpty) > ConsultationLimits.MaxActions)
        {
            errors["actions"] = $"Не больше {ConsultationLimits.MaxActions} мероприятий.";
        }

        for (var i = 0; i < draft.Actions.Count; i++)
        {
            var row = draft.Actions[i];
            if (row.IsEmpty)
            {
                continue;
            }

            var key = "action" + (i + 1).ToString(CultureInfo.InvariantCulture);
            var text = row.Text.Trim();
            var whoText = row.WhoText.Trim();
            DateOnly? due = null;
            int? personId = null;
            if (text.Length == 0)
            {
                errors[key] = "Напишите, что нужно сделать.";
                continue;
            }

            if (text.Length > ConsultationLimits.ActionText)
            {
                errors[key] = TooLong(text.Length, ConsultationLimits.ActionText);
                continue;
            }

            if (whoText.Length > ConsultationLimits.Assignee)
            {
                errors[key] = $"Исполнитель: {TooLong(whoText.Length, ConsultationLimits.Assignee)}";
                continue;
            }

            if (row.Due.Trim().Length > 0)
            {
                if (!TryParseDate(row.Due, out var dueDate))
                {
                    errors[key] = "Срок не распознан: выберите его в календаре.";
                    continue;
                }

                if (date is { } day && dueDate < day)
                {
                    errors[key] = "Срок не может быть раньше даты консультации.";
                    continue;
                }

                due = dueDate;
            }

            if (row.Who.Trim().Length > 0)
            {
                if (!int.TryParse(row.Who.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                    || (school is not null && !await WorksWithSchoolAsync(db, pid, caller, school, ct)))
                {
                    errors[key] = "Исполнитель не связан с этой школой: выберите из списка или впишите текстом.";
                    continue;
                }

                personId = pid;
            }

            actions.Add(new ValidAction(text, due, personId, whoText.Length == 0 ? null : whoText));
        }

        if (plan is null && actions.Count == 0 && !errors.Keys.Any(k => k.StartsWith("action", StringComparison.Ordinal)) && !errors.ContainsKey("plan"))
        {
            errors["plan"] = "Укажите намеченные мероприятия: текстом или строками ниже.";
        }

        if (errors.Count > 0 || school is null || date is null || format is null || topic is null || decisions is null)
        {
            return (null, errors);
        }

        return (new ValidConsultation(school.Id, date.Value, format.Value, duration, participants, roles, topic, decisions, plan,
            riskIds.Distinct().ToList(), itemIds.Distinct().ToList(), actions), errors);
    }

    /// <summary>
    /// Whoever a planned action may be given to — exactly the people «Кто выполняет» offers for the school: the author,
    /// an active person with a role at the school, or the district's municipal coordinator.
    /// </summary>
    internal static async Task<bool> WorksWithSchoolAsync(SchoolSupportDbContext db, int personId, Caller caller, Schools.School school, CancellationToken ct) =>
        personId == caller.Person.Id
        || (await db.People.AnyAsync(p => p.Id == personId && p.IsActive, ct)
            && await db.RoleAssignments.AnyAsync(r => r.PersonId == personId
                && (r.SchoolId == school.Id
                    || (r.Role == Role.MunicipalCoordinator && r.MunicipalityId == school.MunicipalityId && r.MunicipalityId != null)), ct));

    internal static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text.Trim(), ["yyyy-MM-dd", "dd.MM.yyyy", "d.M.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static string? Required(FormErrors errors, string key, string value, int max, string missing)
    {
        var v = value.Trim();
        if (v.Length == 0)
        {
            errors[key] = missing;
            return null;
        }

        if (v.Length > max)
        {
            errors[key] = TooLong(v.Length, max);
            return null;
        }

        return v;
    }

    private static string? Optional(FormErrors errors, string key, string value, int max)
    {
        var v = value.Trim();
        if (v.Length > max)
        {
            errors[key] = TooLong(v.Length, max);
            return null;
        }

        return v.Length == 0 ? null : v;
    }

    internal static string TooLong(int length, int max) =>
        $"Слишком длинный текст: {length} символов, допустимо не больше {max}. Сократите его.";

    private static IEnumerable<string> Split(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
