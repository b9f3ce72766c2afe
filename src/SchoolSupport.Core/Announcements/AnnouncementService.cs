using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Audiences;
using SchoolSupport.Common;
using SchoolSupport.Data;
using SchoolSupport.Outbox;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;
using SchoolSupport.Schools;

namespace SchoolSupport.Announcements;

/// <summary>The use cases behind the announcement commands and card actions.</summary>
public static class AnnouncementService
{
    public const int MaxTitle = 200;
    public const int MaxText = 3000;
    public const int MaxSchoolChoices = 150;

    private static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");

    /// <summary>camelCase JSON with readable Cyrillic: the shape templates bind to.</summary>
    public static readonly IReadOnlyList<Choice> RoleChoices =
    [
        new("Кураторам", nameof(RoleMask.Curator)),
        new("Руководителям школ", nameof(RoleMask.Director)),
        new("Консультантам", nameof(RoleMask.Consultant)),
        new("Муниципальным координаторам", nameof(RoleMask.MunicipalCoordinator)),
        new("Региональным координаторам", nameof(RoleMask.RegionalCoordinator)),
    ];

    public static async Task<AnnouncementForm> NewFormAsync(SchoolSupportDbContext db, Caller author, Announcement? draft, string? error, TimeZoneInfo zone, CancellationToken ct)
    {
        var isRegional = author.Has(Role.RegionalCoordinator);
        var municipalityIds = author.Schools.Values.Where(s => s.MunicipalityId != null).Select(s => s.MunicipalityId!.Value).ToHashSet();
        municipalityIds.UnionWith(author.Roles.Where(r => r.Role == Role.MunicipalCoordinator && r.MunicipalityId != null).Select(r => r.MunicipalityId!.Value));
        var regionIds = author.Roles.Where(r => r.Role == Role.RegionalCoordinator).Select(r => r.RegionId).ToList();
        var municipalities = await db.Municipalities.AsNoTracking()
            .Where(m => (isRegional && regionIds.Contains(m.RegionId)) || municipalityIds.Contains(m.Id))
            .OrderBy(m => m.Name)
            .Select(m => new Choice(m.Name, m.Id.ToString(CultureInfo.InvariantCulture)))
            .ToListAsync(ct);
        var scope = author.Schools.Values.Where(s => s.Via.Contains(Role.RegionalCoordinator) || s.Via.Contains(Role.MunicipalCoordinator)).ToList();
        var cohorts = scope.Select(s => s.Cohort).Where(c => c > 0).Distinct().Order()
            .Select(c => new Choice($"{c} год вхождения", c.ToString(CultureInfo.InvariantCulture))).ToList();
        var schools = scope.OrderBy(s => s.Name, StringComparer.Ordinal).Take(MaxSchoolChoices)
            .Select(s => new Choice(s.Name, s.SchoolId.ToString(CultureInfo.InvariantCulture))).ToList();
        var roles = RoleChoices.Where(c => isRegional || c.Value != nameof(RoleMask.RegionalCoordinator)).ToList();

        var local = draft?.ScheduledAt is { } at ? TimeZoneInfo.ConvertTimeFromUtc(at, zone) : (DateTime?)null;
        return new AnnouncementForm(
            draft?.Id,
            draft?.Title ?? "",
            draft?.Text ?? "",
            draft?.LinkUrl ?? "",
            draft?.ButtonTitle ?? "",
            roles,
            draft is null ? $"{nameof(RoleMask.Curator)},{nameof(RoleMask.Director)}" : string.Join(",", Enum.GetValues<RoleMask>().Where(r => r != RoleMask.None && draft.AudienceRoles.HasFlag(r))),
            municipalities,
            draft?.AudienceMunicipalities ?? "",
            cohorts,
            draft?.AudienceCohorts ?? "",
            schools,
            draft?.AudienceSchools ?? "",
            local?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            local?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "",
            draft?.RequireAcknowledgement ?? false,
            error);
    }

    /// <summary>Form fields as they arrive in card action data.</summary>
    public sealed record FormInput(
        int? AnnouncementId, string Title, string Text, string? Link, string? ButtonTitle, string Roles,
        string Municipalities, string Cohorts, string Schools, string? SendDate, string? SendTime, bool RequireAck);

    /// <summary>Validates the form and returns the parsed draft fields, or a message for the author.</summary>
    public static (Announcement? Draft, string? Error) Parse(FormInput input, TimeZoneInfo zone, DateTime utcNow)
    {
        var title = input.Title.Trim();
        var text = input.Text.Trim();
        if (title.Length == 0 || text.Length == 0)
        {
            return (null, "Заполните заголовок и текст объявления.");
        }

        if (title.Length > MaxTitle || text.Length > MaxText)
        {
            return (null, $"Заголовок — не длиннее {MaxTitle} символов, текст — не длиннее {MaxText}.");
        }

        string? link = null;
        if (!string.IsNullOrWhiteSpace(input.Link))
        {
            if (!Uri.TryCreate(input.Link.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                return (null, "Ссылка должна начинаться с https:// (или http://).");
            }

            link = uri.ToString();
        }

        var roles = RoleMask.None;
        foreach (var name in input.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Enum.TryParse<RoleMask>(name, out var role))
            {
                roles |= role;
            }
        }

        DateTime? scheduled = null;
        if (!string.IsNullOrWhiteSpace(input.SendDate) || !string.IsNullOrWhiteSpace(input.SendTime))
        {
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utcNow, zone));
            var date = today;
            var time = new TimeOnly(9, 0);
            if (!string.IsNullOrWhiteSpace(input.SendDate) && !DateOnly.TryParseExact(input.SendDate.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            {
                return (null, "Не понял дату отправки.");
            }

            if (!string.IsNullOrWhiteSpace(input.SendTime) && !TimeOnly.TryParseExact(input.SendTime.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time))
            {
                return (null, "Не понял время отправки.");
            }

            var utc = TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(time, DateTimeKind.Unspecified), zone);
            scheduled = utc > utcNow ? utc : null;
        }

        var draft = new Announcement
        {
            Title = title,
            Text = text,
            LinkUrl = link,
            ButtonTitle = link is null ? null : string.IsNullOrWhiteSpace(input.ButtonTitle) ? "Открыть" : input.ButtonTitle.Trim()[..Math.Min(input.ButtonTitle.Trim().Length, 100)],
            RequireAcknowledgement = input.RequireAck,
            ScheduledAt = scheduled,
        };
        draft.Audience = new AnnouncementAudience(roles, Announcement.Ids(input.Municipalities), Announcement.Ids(input.Cohorts), Announcement.Ids(input.Schools));
        return (draft, null);
    }

    /// <summary>Saves (or updates) the draft and returns the preview with the recipient count, or a refusal.</summary>
    public static async Task<(AnnouncementPreview? Preview, string? Refusal)> PreviewAsync(
        SchoolSupportDbContext db, Caller author, Announcement parsed, int? draftId, DateOnly today, DateTime utcNow, TimeZoneInfo zone, AudienceReach reach, CancellationToken ct)
    {
        var audience = await AudienceResolver.ResolveAsync(db, author, parsed.Audience, today, ct);
        if (audience.Refusal is { } refusal)
        {
            return (null, refusal);
        }

        var draft = draftId is { } id ? await db.Announcements.FirstOrDefaultAsync(a => a.Id == id, ct) : null;
        if (draft is not null && (draft.AuthorPersonId != author.Person.Id || draft.Status != AnnouncementStatus.Draft))
        {
            return (null, "Это объявление уже отправлено или принадлежит другому автору: создайте новое («объявление»).");
        }

        if (draft is null)
        {
            draft = new Announcement
            {
                Title = parsed.Title,
                Text = parsed.Text,
                AuthorPersonId = author.Person.Id,
                RegionId = author.RegionIds.First(),
                CreatedAt = utcNow,
            };
            db.Announcements.Add(draft);
        }

        draft.Title = parsed.Title;
        draft.Text = parsed.Text;
        draft.LinkUrl = parsed.LinkUrl;
        draft.ButtonTitle = parsed.ButtonTitle;
        draft.RequireAcknowledgement = parsed.RequireAcknowledgement;
        draft.ScheduledAt = parsed.ScheduledAt;
        draft.Audience = parsed.Audience;
        draft.RecipientCount = audience.PersonIds.Count;
        await db.SaveChangesAsync(ct);

        return (await BuildPreviewAsync(db, draft, author, audience, zone, reach, ct), null);
    }

    private static async Task<AnnouncementPreview> BuildPreviewAsync(
        SchoolSupportDbContext db, Announcement a, Caller author, AudienceResult audience, TimeZoneInfo zone, AudienceReach reach, CancellationToken ct)
    {
        var byRole = audience.ByRole.OrderBy(kv => kv.Key)
            .Select(kv => new CountLine(Capitalize(RoleNames.Russian(kv.Key)), kv.Value.ToString(CultureInfo.InvariantCulture)))
            .ToList();
        return new AnnouncementPreview(
            a.Id,
            ToCard(a, author.Person.FullName, zone, acknowledgedAt: null, preview: true),
            audience.PersonIds.Count,
            audience.PersonIds.Count == 0 ? "Получателей нет: измените аудиторию." : $"Получателей: {audience.PersonIds.Count}",
            byRole,
            await DescribeAudienceAsync(db, a.Audience, ct),
            Schedule(a, zone),
            await reach.DescribeAsync(db, audience.PersonIds, ct));
    }

    /// <summary>Confirms a draft: resolves the audience again and writes the deliveries in the same transaction.</summary>
    public static async Task<(Announcement? Announcement, string? Refusal)> ConfirmAsync(
        SchoolSupportDbContext db, Caller author, int announcementId, DateOnly today, DateTime utcNow, TimeZoneInfo zone, CancellationToken ct)
    {
        var a = await db.Announcements.FirstOrDefaultAsync(x => x.Id == announcementId, ct);
        if (a is null || a.AuthorPersonId != author.Person.Id)
        {
            return (null, "Объявление не найдено.");
        }

        if (a.Status != AnnouncementStatus.Draft)
        {
            // A second press of «Отправить» (or a redelivered action) must not send twice.
            return (a, null);
        }

        var audience = await AudienceResolver.ResolveAsync(db, author, a.Audience, today, ct);
        if (audience.Refusal is { } refusal)
        {
            return (null, refusal);
        }

        if (audience.PersonIds.Count == 0)
        {
            return (null, "Получателей нет: измените аудиторию.");
        }

        // The deliveries and the confirmed state commit together: either everyone is queued or nobody is. The state
        // changes only from Draft (a conditional update), so of several concurrent presses exactly one enqueues; the
        // others find no draft to confirm, roll back and show the announcement as it is.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.Announcements
            .Where(x => x.Id == a.Id && x.Status == AnnouncementStatus.Draft)
            .ExecuteUpdateAsync(u => u
                .SetProperty(x => x.Status, AnnouncementStatus.Confirmed)
                .SetProperty(x => x.ConfirmedAt, utcNow)
                .SetProperty(x => x.RecipientCount, audience.PersonIds.Count), ct);
        if (claimed == 0)
        {
            await tx.RollbackAsync(ct);
            return (await CurrentAsync(db, a.Id, ct), null);
        }

        a.Status = AnnouncementStatus.Confirmed;
        a.ConfirmedAt = utcNow;
        a.RecipientCount = audience.PersonIds.Count;
        var card = ToCard(a, author.Person.FullName, zone, acknowledgedAt: null, preview: false);
        var message = OutboxWriter.Enqueue(db, new OutboxMessage
        {
            Kind = DeliveryKind.Announcement,
            Template = "announcement",
            Data = JsonSerializer.Serialize(card, RelaxedJson.Options),
            Text = a.Title,
            Topic = a.Topic,
            DedupKey = SendKey(a.Id),
            CreatedByPersonId = author.Person.Id,
        }, audience.PersonIds, utcNow, a.ScheduledAt);
        try
        {
            await db.SaveChangesAsync(ct);
            a.MessageId = message.Id;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The send's deduplication key already exists: another instance queued this announcement.
            await tx.RollbackAsync(ct);
            return (await CurrentAsync(db, a.Id, ct), null);
        }

        return (a, null);
    }

    /// <summary>Deduplication key of an announcement's broadcast: one per announcement, ever.</summary>
    public static string SendKey(int announcementId) => $"announcement:{announcementId.ToString(CultureInfo.InvariantCulture)}:send";

    /// <summary>Deduplication key of «напомнить не подтвердившим»: one reminder per announcement per local day.</summary>
    public static string ReminderKey(int announcementId, DateOnly localDay) =>
        $"announcement:{announcementId.ToString(CultureInfo.InvariantCulture)}:remind:{localDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    private static async Task<Announcement> CurrentAsync(SchoolSupportDbContext db, int id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await db.Announcements.FirstAsync(x => x.Id == id, ct);
    }

    public static async Task<string> CancelAsync(SchoolSupportDbContext db, Announcement a, DateTime utcNow, CancellationToken ct)
    {
        if (a.Status == AnnouncementStatus.Cancelled)
        {
            return "Объявление уже отменено.";
        }

        var wasDraft = a.Status == AnnouncementStatus.Draft;
        var messageIds = await MessageIdsAsync(db, a, ct);
        var cancelled = messageIds.Count == 0 ? 0 : await OutboxWriter.CancelPendingAsync(db, messageIds, utcNow, ct);
        a.Status = AnnouncementStatus.Cancelled;
        a.CancelledAt = utcNow;
        await db.SaveChangesAsync(ct);
        return wasDraft ? "Черновик отменён, ничего не отправлено." : $"Рассылка остановлена: не отправлено {cancelled}.";
    }

    /// <summary>What a press of «Напомнить не подтвердившим» did.</summary>
    /// <param name="Sent">How many people the reminder is being sent to now (0 when nobody needed it).</param>
    /// <param name="AlreadyToday">The earlier reminder of the same local day, when this press was refused.</param>
    public sealed record ReminderResult(int Sent, LastReminder? AlreadyToday);

    /// <summary>The latest reminder of an announcement: when it was queued and how many people it went to.</summary>
    public sealed record LastReminder(DateTime At, int Recipients);

    /// <summary>
    /// Sends the announcement again to everyone who received it and has not acknowledged it, at most once per local
    /// day: a second press the same day reports the earlier reminder instead of sending again.
    /// </summary>
    public static async Task<ReminderResult> RemindUnacknowledgedAsync(SchoolSupportDbContext db, Announcement a, string authorName, DateTime utcNow, TimeZoneInfo zone, CancellationToken ct)
    {
        // A concurrent press can make the write fail before its own reminder is visible (SQLite refuses a second writer
        // at once instead of waiting): try again, and the second try finds today's reminder or writes it.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RemindOnceAsync(db, a, authorName, utcNow, zone, ct);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), ct);
            }
        }
    }

    private static async Task<ReminderResult> RemindOnceAsync(SchoolSupportDbContext db, Announcement a, string authorName, DateTime utcNow, TimeZoneInfo zone, CancellationToken ct)
    {
        if (a.MessageId is not { } original || !a.RequireAcknowledgement)
        {
            return new(0, null);
        }

        if (await LastReminderAsync(db, a, ct) is { } last
            && DateOnly.FromDateTime(Local(last.At, zone)) == DateOnly.FromDateTime(Local(utcNow, zone)))
        {
            return new(0, last);
        }

        var key = ReminderKey(a.Id, DateOnly.FromDateTime(Local(utcNow, zone)));

        var acknowledged = db.AnnouncementAcknowledgements.Where(k => k.AnnouncementId == a.Id).Select(k => k.PersonId);
        var people = await RecipientTracking.NotActedAsync(db, original, acknowledged, ct);
        if (people.Count == 0)
        {
            return new(0, null);
        }

        var card = ToCard(a, authorName, zone, acknowledgedAt: null, preview: false) with { Title = "Напоминание: " + a.Title };
        OutboxWriter.Enqueue(db, new OutboxMessage
        {
            Kind = DeliveryKind.AnnouncementReminder,
            Template = "announcement",
            Data = JsonSerializer.Serialize(card, RelaxedJson.Options),
            Text = "Напоминание: " + a.Title,
            Topic = a.Topic,
            DedupKey = key,
            CreatedByPersonId = a.AuthorPersonId,
        }, people, utcNow);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent press wrote today's reminder first; the unique key kept it to one.
            db.ChangeTracker.Clear();
            var earlier = await db.OutboxMessages.AsNoTracking()
                .Where(m => m.DedupKey == key)
                .Select(m => new { m.Id, m.CreatedAt })
                .FirstOrDefaultAsync(ct);
            if (earlier is null)
            {
                throw;
            }

            return new(0, new LastReminder(earlier.CreatedAt, await db.Deliveries.CountAsync(d => d.MessageId == earlier.Id, ct)));
        }

        return new(people.Count, null);
    }

    public static async Task<LastReminder?> LastReminderAsync(SchoolSupportDbContext db, Announcement a, CancellationToken ct)
    {
        var topic = a.Topic;
        var last = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Topic == topic && m.Kind == DeliveryKind.AnnouncementReminder)
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Select(m => new { m.Id, m.CreatedAt })
            .FirstOrDefaultAsync(ct);
        return last is null ? null : new LastReminder(last.CreatedAt, await db.Deliveries.CountAsync(d => d.MessageId == last.Id, ct));
    }

    /// <summary>The sentence a reminder press answers with (also the line on the status card).</summary>
    public static string DescribeReminder(ReminderResult result, TimeZoneInfo zone) => result switch
    {
        { AlreadyToday: { } last } => $"Сегодня уже напоминали — в {Local(last.At, zone).ToString("HH:mm", Ru)}, {Recipients(last.Recipients)}. Следующее напоминание можно отправить завтра.",
        { Sent: 0 } => "Все, кому объявление доставлено, уже ознакомились — напоминать некому.",
        _ => $"Напоминание отправляется: {Recipients(result.Sent)}.",
    };

    private static string Recipients(int n) => $"{N(n)} {RussianPlural(n, "получателю", "получателям", "получателям")}";

    private static string RussianPlural(int n, string one, string few, string many)
    {
        var mod100 = n % 100;
        var mod10 = n % 10;
        return mod100 is >= 11 and <= 14 ? many : mod10 == 1 ? one : mod10 is >= 2 and <= 4 ? few : many;
    }

    /// <summary>Records «Ознакомлен(а)» once per person; returns when it was first recorded, or null if not a recipient.</summary>
    public static async Task<DateTime?> AcknowledgeAsync(SchoolSupportDbContext db, int announcementId, int personId, DateTime utcNow, CancellationToken ct)
    {
        var messageIds = db.OutboxMessages.Where(m => m.Topic == Announcement.TopicFor(announcementId)).Select(m => m.Id);
        var isRecipient = await db.Deliveries.AnyAsync(d => messageIds.Contains(d.MessageId) && d.PersonId == personId, ct);
        if (!isRecipient)
        {
            return null;
        }

        var existing = await db.AnnouncementAcknowledgements.AsNoTracking()
            .FirstOrDefaultAsync(k => k.AnnouncementId == announcementId && k.PersonId == personId, ct);
        if (existing is not null)
        {
            return existing.AcknowledgedAt;
        }

        db.AnnouncementAcknowledgements.Add(new AnnouncementAcknowledgement { AnnouncementId = announcementId, PersonId = personId, AcknowledgedAt = utcNow });
        try
        {
            await db.SaveChangesAsync(ct);
            return utcNow;
        }
        catch (DbUpdateException)
        {
            // Two presses raced; the unique index kept the first, which is the one that counts.
            db.ChangeTracker.Clear();
            return (await db.AnnouncementAcknowledgements.AsNoTracking()
                .FirstAsync(k => k.AnnouncementId == announcementId && k.PersonId == personId, ct)).AcknowledgedAt;
        }
    }

    public static async Task<AnnouncementStatusCard> StatusAsync(SchoolSupportDbContext db, Announcement a, DateTime utcNow, TimeZoneInfo zone, CancellationToken ct)
    {
        var counts = a.MessageId is { } id ? await OutboxWriter.CountAsync(db, [id], ct) : DeliveryCounts.From(new Dictionary<DeliveryStatus, int>());
        var acknowledged = await db.AnnouncementAcknowledgements.CountAsync(k => k.AnnouncementId == a.Id, ct);
        var sent = db.Deliveries.AsNoTracking().Where(d => d.MessageId == a.MessageId && d.SentAt != null);
        var sentTimes = counts.Sent == 0 ? null : new { First = await sent.MinAsync(d => d.SentAt, ct), Last = await sent.MaxAsync(d => d.SentAt, ct) };
        var notReached = counts.Failed + counts.Blocked + counts.NoAddress;
        var lines = new List<CountLine>
        {
            new("Получателей", N(counts.Total)),
            new("Доставлено", N(counts.Sent)),
        };
        if (counts.Pending > 0)
        {
            lines.Add(new("В очереди", N(counts.Pending)));
        }

        if (counts.Failed > 0)
        {
            lines.Add(new("Ошибка", N(counts.Failed)));
        }

        if (counts.Blocked > 0)
        {
            lines.Add(new("Заблокировали бота", N(counts.Blocked)));
        }

        if (counts.NoAddress > 0)
        {
            lines.Add(new("Бот не установлен", N(counts.NoAddress)));
        }

        if (counts.Cancelled > 0)
        {
            lines.Add(new("Отменено", N(counts.Cancelled)));
        }

        if (a.RequireAcknowledgement && a.Status != AnnouncementStatus.Draft)
        {
            lines.Add(new("Ознакомились", counts.Sent == 0 ? "пока некому: никому не доставлено" : $"{acknowledged} из {counts.Sent}"));
        }

        var (state, style) = a.Status switch
        {
            AnnouncementStatus.Draft => ("Черновик", "default"),
            AnnouncementStatus.Cancelled => ("Отменено", "default"),
            _ when a.ScheduledAt > utcNow => ("Запланировано", "default"),
            _ when counts.Pending > 0 => ("Отправляется", "default"),
            _ when counts.Sent == 0 => ("Никому не доставлено", "attention"),
            _ when notReached > 0 => ("Отправлено с проблемами", "warning"),
            _ => ("Отправлено", "good"),
        };
        var schedule = a.Status switch
        {
            AnnouncementStatus.Draft => Schedule(a, zone),
            _ when a.ScheduledAt > utcNow && counts.Sent == 0 => Schedule(a, zone),
            _ when sentTimes?.Last is { } last && counts.Pending == 0 => "Отправлено " + Local(last, zone).ToString("dd.MM.yyyy в HH:mm", Ru),
            _ when sentTimes?.First is { } first => "Отправка началась " + Local(first, zone).ToString("dd.MM.yyyy в HH:mm", Ru),
            _ when a.ConfirmedAt is { } confirmed && counts.Pending > 0 => "Подтверждено " + Local(confirmed, zone).ToString("dd.MM.yyyy в HH:mm", Ru) + ", отправка идёт",
            _ when a.ConfirmedAt is { } confirmed => "Подтверждено " + Local(confirmed, zone).ToString("dd.MM.yyyy в HH:mm", Ru),
            _ => "",
        };
        var problems = new List<string>();
        if (counts.NoAddress > 0)
        {
            problems.Add($"У {N(counts.NoAddress)} {RussianPlural(counts.NoAddress, "получателя", "получателей", "получателей")} бот ещё не установлен в Teams: им объявление не пришло.");

            // Why, in the words the outbox recorded: the install was refused, or not set up and what to ask for.
            var reasons = await db.Deliveries.AsNoTracking()
                .Where(d => d.MessageId == a.MessageId && d.Status == DeliveryStatus.NoAddress && d.Error != null && d.Error != OutboxDispatcher.NoAddressReason)
                .Select(d => d.Error!).Distinct().Take(3).ToListAsync(ct);
            problems.AddRange(reasons.Select(Sentence));
        }

        if (counts.Failed + counts.Blocked > 0)
        {
            problems.Add($"Не доставлено из-за ошибки или блокировки: {N(counts.Failed + counts.Blocked)}. Подробности — в выгрузке.");
        }

        var reminder = a.RequireAcknowledgement ? await LastReminderAsync(db, a, ct) : null;
        return new AnnouncementStatusCard(
            a.Id,
            a.Title,
            state,
            style,
            schedule,
            lines,
            string.Join(" ", problems),
            reminder is null ? "" : $"Последнее напоминание: {Local(reminder.At, zone).ToString("dd.MM.yyyy в HH:mm", Ru)}, {Recipients(reminder.Recipients)}",
            "",
            CanCancel: a.Status == AnnouncementStatus.Confirmed && counts.Queued + counts.Throttled > 0,
            CanRemind: a.Status == AnnouncementStatus.Confirmed && a.RequireAcknowledgement && acknowledged < counts.Sent,
            CanListPending: a.Status != AnnouncementStatus.Draft && a.RequireAcknowledgement && acknowledged < counts.Total,
            UpdatedAt: "Обновлено " + Local(utcNow, zone).ToString("dd.MM.yyyy HH:mm", Ru));
    }

    private static string Sentence(string text)
    {
        var t = text.Trim();
        t = t.Length == 0 ? t : char.ToUpper(t[0], Ru) + t[1..];
        return t.EndsWith('.') ? t : t + ".";
    }

    /// <summary>The reason without the advice after it («Teams отказал в установке (403). Попросите…» → the first part).</summary>
    private static string FirstSentence(string text)
    {
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        return (end < 0 ? text : text[..end]).TrimEnd('.');
    }

    /// <summary>«кто не подтвердил»: the recipients who have not acknowledged, with their school, not reached ones marked.</summary>
    public static async Task<AnnouncementPendingCard> PendingAsync(SchoolSupportDbContext db, Announcement a, DateTime utcNow, TimeZoneInfo zone, CancellationToken ct)
    {
        const int MaxRows = 60;
        var acknowledged = db.AnnouncementAcknowledgements.Where(k => k.AnnouncementId == a.Id).Select(k => k.PersonId);
        var rows = a.MessageId is { } mid
            ? await db.Deliveries.AsNoTracking()
                .Where(d => d.MessageId == mid && d.Status != DeliveryStatus.Cancelled && !acknowledged.Contains(d.PersonId))
                .Join(db.People, d => d.PersonId, p => p.Id, (d, p) => new { p.Id, p.FullName, d.Status, d.Error })
                .ToListAsync(ct)
            : [];
        var personIds = rows.Select(r => r.Id).ToList();
        var places = await db.RoleAssignments.AsNoTracking()
            .Where(r => personIds.Contains(r.PersonId) && r.SchoolId != null)
            .Join(db.Schools, r => r.SchoolId, s => (int?)s.Id, (r, s) => new { r.PersonId, Name = s.ShortName ?? s.Name })
            .ToListAsync(ct);
        var municipalities = await db.RoleAssignments.AsNoTracking()
            .Where(r => personIds.Contains(r.PersonId) && r.SchoolId == null && r.MunicipalityId != null)
            .Join(db.Municipalities, r => r.MunicipalityId, m => (int?)m.Id, (r, m) => new { r.PersonId, m.Name })
            .ToListAsync(ct);
        string PlaceOf(int personId)
        {
            var schools = places.Where(p => p.PersonId == personId).Select(p => p.Name).Distinct().Order(StringComparer.Ordinal).ToList();
            if (schools.Count > 0)
            {
                return schools.Count <= 2 ? string.Join("; ", schools) : $"{schools[0]} и ещё {schools.Count - 1}";
            }

            return municipalities.Where(m => m.PersonId == personId).Select(m => m.Name).FirstOrDefault() ?? "без школы";
        }

        var people = rows
            .Select(r => new PendingPerson(
                r.FullName,
                PlaceOf(r.Id),
                r.Status switch
                {
                    DeliveryStatus.Sent => "не ознакомился(-ась)",
                    DeliveryStatus.NoAddress when r.Error is { Length: > 0 } e && e != OutboxDispatcher.NoAddressReason => "не доставлено: " + FirstSentence(e),
                    DeliveryStatus.NoAddress => "не доставлено: бот не установлен",
                    DeliveryStatus.Blocked => "не доставлено: бот заблокирован",
                    DeliveryStatus.Failed => "не доставлено: ошибка",
                    _ => "ещё не доставлено",
                },
                r.Status == DeliveryStatus.Sent))
            .OrderBy(p => p.School, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
        var delivered = people.Count(p => p.Delivered);
        var summary = people.Count == 0
            ? "Все получатели ознакомились."
            : $"Не подтвердили: {N(people.Count)}" + (delivered < people.Count ? $" (из них не доставлено — {N(people.Count - delivered)})" : "");
        return new AnnouncementPendingCard(
            a.Id,
            a.Title,
            summary,
            people.Take(MaxRows).ToList(),
            people.Count > MaxRows ? $"И ещё {N(people.Count - MaxRows)} — полный список в выгрузке." : "",
            CanRemind: a.Status == AnnouncementStatus.Confirmed && delivered > 0,
            UpdatedAt: "Обновлено " + Local(utcNow, zone).ToString("dd.MM.yyyy HH:mm", Ru));
    }

    /// <summary>«мои объявления»: one line per announcement, newest first, with the status card one tap away.</summary>
    public static async Task<AnnouncementListCard> ListAsync(SchoolSupportDbContext db, int authorPersonId, DateTime utcNow, TimeZoneInfo zone, CancellationToken ct)
    {
        const int MaxRows = 10;
        var latest = await db.Announcements.AsNoTracking()
            .Where(a => a.AuthorPersonId == authorPersonId && a.Status != AnnouncementStatus.Draft)
            .OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id)
            .Take(MaxRows + 1)
            .ToListAsync(ct);
        var rows = new List<AnnouncementListRow>();
        foreach (var a in latest.Take(MaxRows))
        {
            var status = await StatusAsync(db, a, utcNow, zone, ct);
            var ack = status.Counts.FirstOrDefault(c => c.Title == "Ознакомились");
            var delivered = status.Counts.First(c => c.Title == "Доставлено").Value;
            var total = status.Counts.First(c => c.Title == "Получателей").Value;
            var date = Local(a.ScheduledAt ?? a.ConfirmedAt ?? a.CreatedAt, zone).ToString("dd.MM", Ru);
            var line = $"{date} · {status.State} · доставлено {delivered} из {total}" + (ack is null || !char.IsDigit(ack.Value[0]) ? "" : $" · ознакомились {ack.Value}");
            rows.Add(new AnnouncementListRow(a.Id, a.Title, line, status.StateStyle));
        }

        return new AnnouncementListCard(
            rows,
            latest.Count > MaxRows ? $"Показаны последние {MaxRows}." : "",
            "Обновлено " + Local(utcNow, zone).ToString("dd.MM.yyyy HH:mm", Ru));
    }

    public static AnnouncementCard ToCard(Announcement a, string author, TimeZoneInfo zone, DateTime? acknowledgedAt, bool preview) => new(
        a.Id,
        a.Title,
        a.Text,
        author,
        Local(a.ScheduledAt ?? a.ConfirmedAt ?? a.CreatedAt, zone).ToString("dd.MM.yyyy", Ru),
        a.LinkUrl,
        a.ButtonTitle,
        a.RequireAcknowledgement,
        acknowledgedAt is not null,
        acknowledgedAt is { } at ? "Вы ознакомились " + Local(at, zone).ToString("dd.MM.yyyy в HH:mm", Ru) : null,
        preview);

    public static async Task<IReadOnlyList<long>> MessageIdsAsync(SchoolSupportDbContext db, Announcement a, CancellationToken ct) =>
        await db.OutboxMessages.Where(m => m.Topic == a.Topic).Select(m => m.Id).ToListAsync(ct);

    public static async Task<TimeZoneInfo> ZoneAsync(SchoolSupportDbContext db, int regionId, CancellationToken ct) =>
        RegionClock.Find(await db.Regions.Where(r => r.Id == regionId).Select(r => r.TimeZone).FirstOrDefaultAsync(ct));

    private static async Task<string> DescribeAudienceAsync(SchoolSupportDbContext db, AnnouncementAudience audience, CancellationToken ct)
    {
        var parts = new List<string>
        {
            string.Join(", ", RoleChoices.Where(c => Enum.TryParse<RoleMask>(c.Value, out var r) && audience.Roles.HasFlag(r)).Select(c => c.Title.ToLower(Ru))),
        };
        if (audience.MunicipalityIds.Count > 0)
        {
            var names = await db.Municipalities.Where(m => audience.MunicipalityIds.Contains(m.Id)).OrderBy(m => m.Name).Select(m => m.Name).ToListAsync(ct);
            parts.Add(string.Join(", ", names));
        }

        if (audience.Cohorts.Count > 0)
        {
            parts.Add("школы " + string.Join(", ", audience.Cohorts) + " года вхождения");
        }

        if (audience.SchoolIds.Count > 0)
        {
            var names = await db.Schools.Where(s => audience.SchoolIds.Contains(s.Id)).OrderBy(s => s.Name).Select(s => s.Name).ToListAsync(ct);
            parts.Add(names.Count <= 5 ? string.Join(", ", names) : $"{string.Join(", ", names.Take(5))} и ещё {names.Count - 5}");
        }

        return Capitalize(string.Join("; ", parts.Where(p => p.Length > 0)));
    }

    private static string Schedule(Announcement a, TimeZoneInfo zone) =>
        a.ScheduledAt is { } at ? "Отправка " + Local(at, zone).ToString("dd.MM.yyyy в HH:mm", Ru) : "Отправка сразу после подтверждения";

    private static DateTime Local(DateTime utc, TimeZoneInfo zone) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpper(s[0], Ru) + s[1..];
}
