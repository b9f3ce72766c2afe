using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Announcements;
using SchoolSupport.Audiences;
using SchoolSupport.Common;
using SchoolSupport.Data;
using SchoolSupport.Outbox;
using SchoolSupport.People;
using SchoolSupport.Reminders;
using SchoolSupport.Roadmaps;
using SchoolSupport.Schools;

namespace SchoolSupport.Surveys;

/// <summary>Survey drafts, preview, confirmation, opening (invitations through the outbox), extension and chasing.</summary>
public static class SurveyService
{
    public const string OnlyCoordinators = "Проводить опросы могут только региональные и муниципальные координаторы.";
    public const string NotFound = "Опрос не найден или его проводит другой координатор.";

    public static readonly AudienceTexts Texts = new(
        OnlyCoordinators,
        "Выберите, кто отвечает: руководители школ, кураторы, консультанты или координаторы.",
        "Муниципальный координатор не может опрашивать региональных координаторов.",
        "Этот муниципалитет вне вашей зоны ответственности: опрос можно провести только в своём районе.",
        "Среди выбранных есть школа вне вашей зоны ответственности.");

    private static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");

    public sealed record ImportResult(Survey? Survey, bool Created, IReadOnlyList<string> Errors);

    /// <summary>
    /// Stores a definition as a draft of <paramref name="owner"/> in the region (the same key updates the draft and never
    /// adds one). Names in the audience and the roadmap item number are resolved here; any that do not exist are errors.
    /// An open survey only takes a later close; everything else about it is fixed.
    /// </summary>
    public static async Task<ImportResult> ImportAsync(
        SchoolSupportDbContext db, SurveyDefinition d, Person owner, int regionId, string source, DateTime utcNow, CancellationToken ct)
    {
        var errors = new List<string>();
        var region = await db.Regions.AsNoTracking().FirstAsync(r => r.Id == regionId, ct);
        var zone = RegionClock.Find(region.TimeZone);
        var municipalities = await db.Municipalities.AsNoTracking().Where(m => m.RegionId == regionId).ToListAsync(ct);
        var schools = await db.Schools.AsNoTracking().Where(s => s.RegionId == regionId).Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        var municipalityIds = new List<int>();
        foreach (var name in d.Audience.Municipalities)
        {
            var m = municipalities.FirstOrDefault(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase));
            if (m is null)
            {
                errors.Add($"audience.municipalities: «{name}» нет в регионе «{region.Name}».");
            }
            else
            {
                municipalityIds.Add(m.Id);
            }
        }

        var schoolIds = new List<int>();
        foreach (var name in d.Audience.Schools)
        {
            var s = schools.FirstOrDefault(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase));
            if (s is null)
            {
                errors.Add($"audience.schools: школы «{name}» нет в регионе «{region.Name}».");
            }
            else
            {
                schoolIds.Add(s.Id);
            }
        }

        int? itemId = null;
        if (d.RoadmapItem is { } number)
        {
            itemId = await db.RoadmapItems.AsNoTracking()
                .Where(i => i.Number == number && i.Roadmap!.RegionId == regionId && i.Roadmap.Level == RoadmapLevel.Region && !i.IsWithdrawn)
                .OrderByDescending(i => i.Roadmap!.Year).Select(i => (int?)i.Id).FirstOrDefaultAsync(ct);
            if (itemId is null)
            {
                errors.Add($"roadmapItem: пункта «{number}» нет в дорожной карте региона.");
            }
        }

        var opens = ToUtc(d.OpensLocal, zone);
        var closes = ToUtc(d.ClosesLocal, zone);
        if (closes <= utcNow)
        {
            errors.Add("closes: срок окончания опроса уже прошёл.");
        }

        if (errors.Count > 0)
        {
            return new(null, false, errors);
        }

        var survey = await db.Surveys.FirstOrDefaultAsync(s => s.RegionId == regionId && s.Key == d.Key, ct);
        var questions = SurveyQuestionsJson.Write(d.Questions);
        var audience = new Audience(d.Audience.Roles, municipalityIds, d.Audience.Cohorts, schoolIds) { Emails = d.Audience.Emails };
        if (survey is not null && survey.Status != SurveyStatus.Draft)
        {
            if (survey.Status == SurveyStatus.Cancelled)
            {
                return new(null, false, [$"Опрос «{survey.Title}» с id «{d.Key}» отменён. Для нового опроса задайте другой id."]);
            }

            var probe = new Survey { Key = d.Key, Title = d.Title, Questions = questions, Audience = audience };
            var same = survey.Title == d.Title && survey.Questions == questions && survey.OpensAt == opens && survey.Anonymous == d.Anonymous
                       && survey.Mode == d.Mode && survey.AudienceRoles == probe.AudienceRoles && survey.AudienceMunicipalities == probe.AudienceMunicipalities
                       && survey.AudienceCohorts == probe.AudienceCohorts && survey.AudienceSchools == probe.AudienceSchools && survey.AudienceEmails == probe.AudienceEmails;
            if (!same || closes < survey.ClosesAt)
            {
                return new(null, false, [$"Опрос «{survey.Title}» уже подтверждён: изменить в нём можно только срок окончания (closes), и только на более поздний."]);
            }

            survey.ClosesAt = closes;
            survey.UpdatedAt = utcNow;
            await db.SaveChangesAsync(ct);
            return new(survey, false, []);
        }

        var created = survey is null;
        survey ??= db.Surveys.Add(new Survey { Key = d.Key, Title = d.Title, Questions = questions, RegionId = regionId, CreatedAt = utcNow }).Entity;
        survey.OwnerPersonId = owner.Id;
        survey.Title = d.Title;
        survey.Description = d.Description;
        survey.IsSample = d.IsSample;
        survey.OpensAt = opens;
        survey.ClosesAt = closes;
        survey.Anonymous = d.Anonymous;
        survey.Mode = d.Mode;
        survey.TargetPercent = d.TargetPercent;
        survey.RoadmapItemId = itemId;
        survey.Audience = audience;
        survey.RemindDaysBefore = string.Join(",", d.RemindDaysBefore);
        survey.Questions = questions;
        survey.Source = source;
        survey.UpdatedAt = utcNow;
        await db.SaveChangesAsync(ct);
        return new(survey, created, []);
    }

    /// <summary>The definition of a stored survey in the file format, for export and re-import.</summary>
    public static async Task<SurveyDefinition> DefinitionAsync(SchoolSupportDbContext db, Survey s, CancellationToken ct)
    {
        var zone = await ZoneAsync(db, s.RegionId, ct);
        var audience = s.Audience;
        var municipalities = await db.Municipalities.Where(m => audience.MunicipalityIds.Contains(m.Id)).Select(m => m.Name).ToListAsync(ct);
        var schools = await db.Schools.Where(x => audience.SchoolIds.Contains(x.Id)).Select(x => x.Name).ToListAsync(ct);
        var item = s.RoadmapItemId is { } id ? await db.RoadmapItems.Where(i => i.Id == id).Select(i => i.Number).FirstOrDefaultAsync(ct) : null;
        return new SurveyDefinition
        {
            Key = s.Key,
            Title = s.Title,
            Description = s.Description,
            IsSample = s.IsSample,
            OpensLocal = Local(s.OpensAt, zone),
            ClosesLocal = Local(s.ClosesAt, zone),
            Anonymous = s.Anonymous,
            Mode = s.Mode,
            TargetPercent = s.TargetPercent,
            RoadmapItem = item,
            Audience = new SurveyAudienceSpec(audience.Roles, municipalities, audience.Cohorts, schools, audience.Emails),
            RemindDaysBefore = s.ReminderDays,
            Questions = s.ParsedQuestions,
        };
    }

    public static async Task<Survey?> OwnedAsync(SchoolSupportDbContext db, Caller caller, int? surveyId, CancellationToken ct) =>
        surveyId is { } id ? await db.Surveys.FirstOrDefaultAsync(s => s.Id == id && s.OwnerPersonId == caller.Person.Id, ct) : null;

    public static async Task<SurveyPreviewCard> PreviewAsync(SchoolSupportDbContext db, Caller owner, Survey s, DateOnly today, AudienceReach reach, CancellationToken ct)
    {
        var zone = await ZoneAsync(db, s.RegionId, ct);
        var audience = await AudienceScope.ResolveAsync(db, owner, s.Audience, today, Texts, ct);
        var warnings = new List<string>();
        if (audience.Refusal is { } refusal)
        {
            warnings.Add(refusal);
        }

        if (audience.UnknownEmails.Count > 0)
        {
            warnings.Add("Не найдены в вашей зоне: " + string.Join(", ", audience.UnknownEmails) + ".");
        }

        if (s.IsSample)
        {
            warnings.Add("Это образец «Опрос участников проекта»: поправьте вопросы, даты и аудиторию под свой регион, прежде чем подтверждать.");
        }

        var count = audience.Refusal is null ? audience.PersonIds.Count : 0;
        if (count > 0)
        {
            warnings.AddRange((await reach.DescribeAsync(db, audience.PersonIds, ct)).Lines);
        }

        var questions = s.ParsedQuestions;
        var item = s.RoadmapItemId is { } itemId
            ? await db.RoadmapItems.AsNoTracking().Where(i => i.Id == itemId).Select(i => i.Number + ". " + i.Title).FirstOrDefaultAsync(ct)
            : null;
        var facts = new List<CountLine>
        {
            new("Кто отвечает", s.Mode == ResponseMode.School ? "одна анкета от школы (заполняет руководитель)" : "каждый участник"),
            new("Анонимность", s.Anonymous ? "анонимный: ответы не связаны с людьми" : "именной"),
            new("Цель", $"{s.TargetPercent} % ответивших"),
            new("Напоминания", s.ReminderDays.Count == 0 ? "нет" : "за " + string.Join(" и ", s.ReminderDays) + " " + RussianPlural(s.ReminderDays.Last(), "день", "дня", "дней") + " до окончания"),
        };
        if (item is not null)
        {
            facts.Add(new("Пункт дорожной карты", PlainText.Clip(item, 160)));
        }

        return new SurveyPreviewCard(
            Id(s),
            s.Title,
            s.Description,
            s.IsSample,
            Window(s, zone),
            facts,
            count == 0 ? "Получателей нет: измените аудиторию." : $"Получат приглашение: {count}",
            audience.ByRole.OrderBy(kv => kv.Key).Select(kv => new CountLine(Capitalize(RoleNames.Russian(kv.Key)), N(kv.Value))).ToList(),
            questions.Select((q, i) => new QuestionLine($"{i + 1}.", PlainText.Clip(q.Text, 200), Describe(q, questions))).ToList(),
            warnings,
            CanConfirm: s.Status == SurveyStatus.Draft && count > 0,
            CanEdit: s.Status == SurveyStatus.Draft && s.Source == "chat");
    }

    /// <summary>
    /// Draft → confirmed, once (a second press or a redelivered action changes nothing). When the window is already
    /// open the invitations are queued in the same call.
    /// </summary>
    public static async Task<(Survey? Survey, string? Refusal)> ConfirmAsync(
        SchoolSupportDbContext db, Caller owner, int surveyId, DateOnly today, DateTime utcNow, ReminderOptions quiet, CancellationToken ct)
    {
        var s = await db.Surveys.FirstOrDefaultAsync(x => x.Id == surveyId && x.OwnerPersonId == owner.Person.Id, ct);
        if (s is null)
        {
            return (null, NotFound);
        }

        if (s.Status == SurveyStatus.Cancelled)
        {
            return (null, "Опрос отменён.");
        }

        if (s.Status == SurveyStatus.Draft)
        {
            if (s.ClosesAt <= utcNow)
            {
                return (null, "Срок окончания опроса уже прошёл: измените даты и загрузите файл заново.");
            }

            var audience = await AudienceScope.ResolveAsync(db, owner, s.Audience, today, Texts, ct);
            if (audience.Refusal is { } refusal)
            {
                return (null, refusal);
            }

            if (audience.PersonIds.Count == 0)
            {
                return (null, "Получателей нет: измените аудиторию.");
            }

            // Only one confirmation wins, whichever instance or redelivery gets here first.
            var won = await db.Surveys.Where(x => x.Id == s.Id && x.Status == SurveyStatus.Draft)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.Status, SurveyStatus.Confirmed).SetProperty(x => x.ConfirmedAt, utcNow).SetProperty(x => x.UpdatedAt, utcNow), ct);
            await db.Entry(s).ReloadAsync(ct);
            if (won == 0)
            {
                return (s, null);
            }
        }

        if (s.OpensAt <= utcNow)
        {
            await OpenAsync(db, s.Id, utcNow, quiet, ct);
            await db.Entry(s).ReloadAsync(ct);
        }

        return (s, null);
    }

    /// <summary>
    /// Opens a confirmed survey whose window has started: records the recipients and queues one invitation per person
    /// through the outbox, in one transaction guarded by <see cref="Survey.OpenedAt"/> and the message's dedup key, so
    /// two instances (or a retried job) can never invite twice. Returns the number invited (0 when already open).
    /// </summary>
    public static async Task<int> OpenAsync(SchoolSupportDbContext db, int surveyId, DateTime utcNow, ReminderOptions quiet, CancellationToken ct)
    {
        var s = await db.Surveys.AsNoTracking().FirstOrDefaultAsync(x => x.Id == surveyId, ct);
        if (s is null || s.Status != SurveyStatus.Confirmed || s.OpenedAt is not null || s.OpensAt > utcNow || s.ClosesAt <= utcNow)
        {
            return 0;
        }

        var owner = await db.People.AsNoTracking().FirstAsync(p => p.Id == s.OwnerPersonId, ct);
        var zone = await ZoneAsync(db, s.RegionId, ct);
        var today = DateOnly.FromDateTime(Local(utcNow, zone));
        var caller = await CallerLoader.LoadAsync(db, owner, today, ct);
        var audience = await AudienceScope.ResolveAsync(db, caller, s.Audience, today, Texts, ct);
        var members = audience.Refusal is null ? audience.Members : [];
        if (s.Mode == ResponseMode.School)
        {
            members = members.Where(m => m.Role == Role.Director && m.SchoolId != null).ToList();
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var won = await db.Surveys.Where(x => x.Id == s.Id && x.OpenedAt == null && x.Status == SurveyStatus.Confirmed)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.OpenedAt, utcNow).SetProperty(x => x.RecipientCount, members.Count), ct);
        if (won == 0)
        {
            return 0;
        }

        db.SurveyRecipients.AddRange(members.Select(m => new SurveyRecipient
        {
            SurveyId = s.Id,
            PersonId = m.PersonId,
            Role = m.Role,
            SchoolId = m.SchoolId,
            MunicipalityId = m.MunicipalityId,
        }));
        var card = Invitation(s, zone, preview: false, reminder: false);
        var message = OutboxWriter.Enqueue(db, new OutboxMessage
        {
            Kind = DeliveryKind.Survey,
            Template = SurveyTemplates.Invitation,
            Data = JsonSerializer.Serialize(card, RelaxedJson.Options),
            Text = "Опрос: " + s.Title,
            Topic = Topic(s.Id),
            DedupKey = $"survey:{s.Id}:invite",
            CreatedByPersonId = s.OwnerPersonId,
        }, members.Select(m => m.PersonId), utcNow, NotQuiet(utcNow, zone, quiet));
        await db.SaveChangesAsync(ct);
        await db.Surveys.Where(x => x.Id == s.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.InvitationMessageId, message.Id), ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return members.Count;
    }

    /// <summary>A confirmed survey's close can only move later (and only while it has not closed).</summary>
    public static async Task<string?> ExtendAsync(SchoolSupportDbContext db, Survey s, string? date, DateTime utcNow, CancellationToken ct)
    {
        var zone = await ZoneAsync(db, s.RegionId, ct);
        if (!DateOnly.TryParseExact(date?.Trim(), ["yyyy-MM-dd", "dd.MM.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return "Не понял новую дату окончания. Выберите дату в календаре.";
        }

        var closes = ToUtc(day.ToDateTime(new TimeOnly(23, 59)), zone);
        if (s.Status != SurveyStatus.Confirmed)
        {
            return s.Status == SurveyStatus.Draft ? "Черновик можно изменить целиком: загрузите файл заново или отредактируйте его." : "Опрос отменён.";
        }

        if (closes <= s.ClosesAt)
        {
            return $"Продлить можно только на более позднюю дату, чем {Local(s.ClosesAt, zone).ToString("dd.MM.yyyy", Ru)}.";
        }

        if (day.DayNumber - DateOnly.FromDateTime(Local(utcNow, zone)).DayNumber > 366)
        {
            return "Слишком далёкая дата: опрос можно продлить не больше чем на год.";
        }

        s.ClosesAt = closes;
        s.UpdatedAt = utcNow;
        await db.SaveChangesAsync(ct);
        return null;
    }

    public static async Task<string> CancelAsync(SchoolSupportDbContext db, Survey s, DateTime utcNow, CancellationToken ct)
    {
        if (s.Status == SurveyStatus.Cancelled)
        {
            return "Опрос уже отменён.";
        }

        var messageIds = await db.OutboxMessages.Where(m => m.Topic == Topic(s.Id)).Select(m => m.Id).ToListAsync(ct);
        var stopped = messageIds.Count == 0 ? 0 : await OutboxWriter.CancelPendingAsync(db, messageIds, utcNow, ct);
        var wasDraft = s.Status == SurveyStatus.Draft;
        s.Status = SurveyStatus.Cancelled;
        s.UpdatedAt = utcNow;
        await db.SaveChangesAsync(ct);
        return wasDraft ? "Черновик опроса отменён, ничего не отправлено." : $"Опрос отменён. Неотправленных приглашений остановлено: {stopped}.";
    }

    /// <summary>
    /// «Напомнить не ответившим»: once a day per survey, to those who were invited and have not answered (and were not
    /// already reminded today). Returns how many were reminded, or the refusal.
    /// </summary>
    public static async Task<(int Count, string? Refusal)> RemindAsync(
        SchoolSupportDbContext db, Survey s, DateTime utcNow, ReminderOptions quiet, CancellationToken ct)
    {
        var zone = await ZoneAsync(db, s.RegionId, ct);
        var today = DateOnly.FromDateTime(Local(utcNow, zone));
        if (!s.IsOpenAt(utcNow) || s.OpenedAt is null)
        {
            return (0, s.IsClosedAt(utcNow) ? "Опрос уже закрыт: напоминать поздно." : "Опрос ещё не открыт: приглашения не отправлены.");
        }

        if (s.LastManualReminderAt is { } last && DateOnly.FromDateTime(Local(last, zone)) == today)
        {
            return (0, $"Сегодня напоминание уже отправлено в {Local(last, zone).ToString("HH:mm", Ru)}. Следующее можно отправить завтра.");
        }

        // The once-a-day guard and the reminder rows commit together; a concurrent press loses the conditional update.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var previous = s.LastManualReminderAt;
        var won = await db.Surveys.Where(x => x.Id == s.Id && x.LastManualReminderAt == previous)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.LastManualReminderAt, utcNow), ct);
        if (won == 0)
        {
            return (0, "Напоминание уже отправляется.");
        }

        var people = await PendingReminderAsync(db, s.Id, today, ct);
        var sent = EnqueueReminder(db, s, people, today, zone, utcNow, quiet, $"survey:{s.Id}:remind:{today:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await db.Entry(s).ReloadAsync(ct);
        return (sent, null);
    }

    /// <summary>Non-responders of a survey not yet reminded today.</summary>
    public static Task<List<int>> PendingReminderAsync(SchoolSupportDbContext db, int surveyId, DateOnly today, CancellationToken ct) =>
        db.SurveyRecipients.AsNoTracking()
            .Where(r => r.SurveyId == surveyId && !r.HasResponded && (r.LastRemindedOn == null || r.LastRemindedOn < today))
            .Select(r => r.PersonId)
            .ToListAsync(ct);

    /// <summary>Queues a reminder card for the people and marks them reminded today.</summary>
    internal static int EnqueueReminder(
        SchoolSupportDbContext db, Survey s, IReadOnlyList<int> people, DateOnly today, TimeZoneInfo zone, DateTime utcNow, ReminderOptions quiet, string dedupKey)
    {
        if (people.Count == 0)
        {
            return 0;
        }

        var card = Invitation(s, zone, preview: false, reminder: true);
        OutboxWriter.Enqueue(db, new OutboxMessage
        {
            Kind = DeliveryKind.Survey,
            Template = SurveyTemplates.Invitation,
            Data = JsonSerializer.Serialize(card, RelaxedJson.Options),
            Text = "Напоминание: опрос «" + s.Title + "»",
            Topic = Topic(s.Id),
            DedupKey = dedupKey,
            CreatedByPersonId = s.OwnerPersonId,
        }, people, utcNow, NotQuiet(utcNow, zone, quiet));
        foreach (var r in db.SurveyRecipients.Local.Where(r => r.SurveyId == s.Id && people.Contains(r.PersonId)))
        {
            r.LastRemindedOn = today;
        }

        var ids = people.ToList();
        db.SurveyRecipients.Where(r => r.SurveyId == s.Id && ids.Contains(r.PersonId))
            .ExecuteUpdate(u => u.SetProperty(r => r.LastRemindedOn, today));
        return people.Count;
    }

    public static async Task<SurveyStatusCard> StatusAsync(SchoolSupportDbContext db, Survey s, DateTime utcNow, string? headline, CancellationToken ct)
    {
        var zone = await ZoneAsync(db, s.RegionId, ct);
        var rates = await SurveyResults.RatesAsync(db, s, ct);
        var total = rates.Overall.Total;
        var responded = rates.Overall.Responded;
        var inProgress = await db.SurveyResponses.CountAsync(r => r.SurveyId == s.Id && r.Status == ResponseStatus.InProgress, ct);
        var counts = s.InvitationMessageId is { } id ? await RecipientTracking.CountAsync(db, [id], ct) : DeliveryCounts.From(new Dictionary<DeliveryStatus, int>());
        var facts = new List<CountLine>();
        if (s.OpenedAt is not null)
        {
            facts.Add(new("Приглашения отправлены", $"{counts.Sent} из {counts.Total}" + (counts.Pending > 0 ? $", в очереди {counts.Pending}" : "")));
            if (counts.NoAddress + counts.Blocked + counts.Failed > 0)
            {
                facts.Add(new("Не доставлено", N(counts.NoAddress + counts.Blocked + counts.Failed)));
            }

            facts.Add(new("Заполняют сейчас", N(inProgress)));
        }

        var state = State(s, utcNow);
        return new SurveyStatusCard(
            Id(s),
            s.Title,
            headline,
            state,
            Window(s, zone),
            s.OpenedAt is null ? "Приглашения ещё не отправлены" : $"Ответили {responded} из {total} — {Percent(responded, total)} % (цель {s.TargetPercent} %)",
            facts,
            s.LastManualReminderAt is { } last ? "Последнее напоминание: " + Local(last, zone).ToString("dd.MM.yyyy в HH:mm", Ru) : "Напоминаний вручную ещё не было",
            IsDraft: s.Status == SurveyStatus.Draft,
            IsOpen: s.IsOpenAt(utcNow),
            CanRemind: s.IsOpenAt(utcNow) && s.OpenedAt is not null && responded < total,
            ExtendDate: Local(s.ClosesAt, zone).AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            HasAnswers: responded > 0,
            UpdatedAt: "Обновлено " + Local(utcNow, zone).ToString("dd.MM.yyyy HH:mm", Ru));
    }

    public static SurveyInvitationCard Invitation(Survey s, TimeZoneInfo zone, bool preview, bool reminder)
    {
        var questions = s.ParsedQuestions;
        return new SurveyInvitationCard(
            Id(s),
            s.Title,
            s.Description,
            reminder ? "Напоминаем: ждём ваш ответ на опрос." : s.Mode == ResponseMode.School ? "Приглашаем ответить на опрос от имени школы." : "Приглашаем ответить на опрос.",
            "Ответить до " + Local(s.ClosesAt, zone).ToString("dd.MM.yyyy HH:mm", Ru),
            $"{questions.Count} {RussianPlural(questions.Count, "вопрос", "вопроса", "вопросов")}; ответы сохраняются по ходу, можно продолжить позже («продолжить опрос»).",
            s.Anonymous ? "Опрос анонимный: ваши ответы не связываются с вашим именем." : null,
            preview);
    }

    public static string State(Survey s, DateTime utcNow) => s.Status switch
    {
        SurveyStatus.Draft => "Черновик",
        SurveyStatus.Cancelled => "Отменён",
        _ when utcNow >= s.ClosesAt => "Завершён",
        _ when utcNow < s.OpensAt => "Запланирован",
        _ => "Идёт",
    };

    public static string Window(Survey s, TimeZoneInfo zone) =>
        $"{Local(s.OpensAt, zone).ToString("dd.MM.yyyy HH:mm", Ru)} — {Local(s.ClosesAt, zone).ToString("dd.MM.yyyy HH:mm", Ru)}";

    public static string Describe(SurveyQuestion q, IReadOnlyList<SurveyQuestion> all)
    {
        var kind = q.Type switch
        {
            QuestionType.Single => "один вариант: " + string.Join(" / ", q.Choices.Select(c => c.Text)),
            QuestionType.Multiple => "несколько вариантов" + (q.Min is not null || q.Max is not null ? $" ({AnswerReader.Range(q).Replace("от", "выбрать от")})" : "") + ": " + string.Join(" / ", q.Choices.Select(c => c.Text)),
            QuestionType.Rating => $"оценка 1–{q.Scale}" + (q.MinLabel is not null ? $" ({q.MinLabel} … {q.MaxLabel})" : ""),
            QuestionType.YesNo => "да / нет",
            QuestionType.Number => "число" + (q.Min is not null || q.Max is not null ? " " + AnswerReader.Range(q) : ""),
            QuestionType.Date => "дата",
            QuestionType.Text => "короткий ответ",
            _ => "развёрнутый ответ",
        };
        var parts = new List<string> { kind };
        if (q.Required)
        {
            parts.Add("обязательный");
        }

        if (q.ShowIf is { } c && all.FirstOrDefault(x => x.Id == c.QuestionId) is { } source)
        {
            var index = all.ToList().IndexOf(source) + 1;
            parts.Add($"если в вопросе {index} ответ «{string.Join("» или «", c.AnyOf.Select(v => source.Options.FirstOrDefault(o => o.Id == v)?.Text ?? v))}»");
        }

        return PlainText.Clip(string.Join("; ", parts), 300);
    }

    public static string Topic(int surveyId) => "survey:" + surveyId.ToString(CultureInfo.InvariantCulture);

    public static string Id(Survey s) => s.Id.ToString(CultureInfo.InvariantCulture);

    public static async Task<TimeZoneInfo> ZoneAsync(SchoolSupportDbContext db, int regionId, CancellationToken ct) =>
        RegionClock.Find(await db.Regions.Where(r => r.Id == regionId).Select(r => r.TimeZone).FirstOrDefaultAsync(ct));

    public static DateTime Local(DateTime utc, TimeZoneInfo zone) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    public static DateTime ToUtc(DateTime local, TimeZoneInfo zone) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);

    /// <summary>Proactive survey messages wait for the end of the region's quiet hours.</summary>
    public static DateTime NotQuiet(DateTime utcNow, TimeZoneInfo zone, ReminderOptions quiet)
    {
        var local = Local(utcNow, zone);
        if (!quiet.IsQuiet(TimeOnly.FromDateTime(local)))
        {
            return utcNow;
        }

        var morning = local.Date + quiet.QuietTo.ToTimeSpan();
        if (morning <= local)
        {
            morning = morning.AddDays(1);
        }

        return ToUtc(morning, zone);
    }

    public static int Percent(int part, int total) => total <= 0 ? 0 : (int)Math.Round(100.0 * part / total, MidpointRounding.AwayFromZero);

    internal static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    internal static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpper(s[0], Ru) + s[1..];

    internal static string RussianPlural(int n, string one, string few, string many) => ReminderPlanner.Plural(n, one, few, many);
}
