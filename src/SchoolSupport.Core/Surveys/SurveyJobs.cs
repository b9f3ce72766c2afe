using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SchoolSupport.Announcements;
using SchoolSupport.Common;
using SchoolSupport.Data;
using SchoolSupport.Outbox;
using SchoolSupport.Reminders;
using SchoolSupport.Schools;

namespace SchoolSupport.Surveys;

/// <summary>
/// The survey clock: opens confirmed surveys when their window starts (invitations through the outbox) and sends each
/// open survey's owner a short daily summary at the region's reminder time. Reminders to non-responders ride on the
/// daily digest (<see cref="SurveyDigestSource"/>). Safe to run on several instances: every write is guarded by a
/// conditional update or a unique dedup key. The host runs it on one instance at a time under a database lease.
/// </summary>
public sealed class SurveyScheduler(IServiceScopeFactory scopes, TimeProvider time, IOptions<ReminderOptions> reminders, ILogger<SurveyScheduler> logger) : IPeriodicJob
{
    private static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");

    public string Name => "surveys";

    public TimeSpan Interval => reminders.Value.CheckInterval;

    Task IPeriodicJob.RunOnceAsync(CancellationToken ct) => RunOnceAsync(ct);

    /// <summary>Opens due surveys and plans today's owner summaries. Returns (invited, summaries).</summary>
    public async Task<(int Invited, int Summaries)> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchoolSupportDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var due = await db.Surveys.AsNoTracking()
            .Where(s => s.Status == SurveyStatus.Confirmed && s.OpenedAt == null && s.OpensAt <= now && s.ClosesAt > now)
            .Select(s => s.Id).ToListAsync(ct);
        var invited = 0;
        foreach (var id in due)
        {
            try
            {
                invited += await SurveyService.OpenAsync(db, id, now, reminders.Value, ct);
            }
            catch (DbUpdateException ex)
            {
                // Another instance opened it at the same moment; its invitations stand.
                logger.LogWarning(ex, "Survey {Id} was opened concurrently", id);
                db.ChangeTracker.Clear();
            }
        }

        var summaries = 0;
        var open = await db.Surveys.AsNoTracking()
            .Where(s => s.Status == SurveyStatus.Confirmed && s.OpenedAt != null && s.ClosesAt > now)
            .ToListAsync(ct);
        foreach (var s in open)
        {
            var region = await db.Regions.AsNoTracking().FirstAsync(r => r.Id == s.RegionId, ct);
            var local = RegionClock.LocalNow(time, region.TimeZone);
            var sendAt = reminders.Value.IsQuiet(region.ReminderTime) ? reminders.Value.QuietTo : region.ReminderTime;
            if (TimeOnly.FromDateTime(local) < sendAt || reminders.Value.IsQuiet(TimeOnly.FromDateTime(local)) || local.Date == SurveyService.Local(s.OpenedAt!.Value, RegionClock.Find(region.TimeZone)).Date)
            {
                continue;
            }

            var key = $"survey:{s.Id}:summary:{local:yyyy-MM-dd}";
            if (await db.OutboxMessages.AnyAsync(m => m.DedupKey == key, ct))
            {
                continue;
            }

            var card = await SurveyService.StatusAsync(db, s, now, $"Сводка на {local.ToString("dd.MM.yyyy", Ru)}", ct);
            OutboxWriter.Enqueue(db, new OutboxMessage
            {
                Kind = DeliveryKind.Survey,
                Template = SurveyTemplates.Status,
                Data = JsonSerializer.Serialize(card, RelaxedJson.Options),
                Text = $"Опрос «{s.Title}»: {card.Rate}",
                Topic = SurveyService.Topic(s.Id),
                DedupKey = key,
            }, [s.OwnerPersonId], now);
            try
            {
                await db.SaveChangesAsync(ct);
                summaries++;
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
            }
        }

        return (invited, summaries);
    }
}

/// <summary>
/// Automatic reminders to non-responders, N days before the close (per survey, «remindDaysBefore»), at the digest's
/// time and so outside quiet hours: a line in the person's daily digest when they get one, otherwise a reminder card
/// of its own. Either way at most one a day (<see cref="SurveyRecipient.LastRemindedOn"/>).
/// </summary>
public sealed class SurveyDigestSource(SchoolSupportDbContext db, TimeProvider time, IOptions<ReminderOptions> reminders) : IDigestSource
{
    private static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");

    public const string Section = "Опросы: ждём ваш ответ";

    private async Task<List<(Survey Survey, TimeZoneInfo Zone)>> DueAsync(int regionId, DateOnly today, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var surveys = await db.Surveys.AsNoTracking()
            .Where(s => s.RegionId == regionId && s.Status == SurveyStatus.Confirmed && s.OpenedAt != null && s.OpensAt <= now && s.ClosesAt > now)
            .ToListAsync(ct);
        var zone = await SurveyService.ZoneAsync(db, regionId, ct);
        return surveys
            .Where(s => s.ReminderDays.Contains(DateOnly.FromDateTime(SurveyService.Local(s.ClosesAt, zone)).DayNumber - today.DayNumber))
            .Select(s => (s, zone))
            .ToList();
    }

    public async Task<IReadOnlyList<DigestExtra>> LinesAsync(int regionId, DateOnly today, CancellationToken ct)
    {
        var lines = new List<DigestExtra>();
        foreach (var (s, zone) in await DueAsync(regionId, today, ct))
        {
            var closes = SurveyService.Local(s.ClosesAt, zone);
            foreach (var person in await SurveyService.PendingReminderAsync(db, s.Id, today, ct))
            {
                lines.Add(new DigestExtra(person, Section, new DigestLine(
                    $"«{PlainText.Clip(s.Title, 150)}» — ответьте, пожалуйста",
                    closes.ToString("dd.MM.yyyy", Ru),
                    "Напишите «продолжить опрос» или «мои опросы».")));
            }
        }

        return lines;
    }

    public async Task DigestsPlannedAsync(int regionId, DateOnly today, IReadOnlySet<int> digested, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var (s, zone) in await DueAsync(regionId, today, ct))
        {
            var pending = await SurveyService.PendingReminderAsync(db, s.Id, today, ct);
            var folded = pending.Where(digested.Contains).ToList();
            if (folded.Count > 0)
            {
                await db.SurveyRecipients.Where(r => r.SurveyId == s.Id && folded.Contains(r.PersonId))
                    .ExecuteUpdateAsync(u => u.SetProperty(r => r.LastRemindedOn, today), ct);
            }

            var alone = pending.Where(p => !digested.Contains(p)).ToList();
            if (alone.Count == 0)
            {
                continue;
            }

            try
            {
                SurveyService.EnqueueReminder(db, s, alone, today, zone, now, reminders.Value, $"survey:{s.Id}:auto:{today:yyyy-MM-dd}");
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Already reminded today by another instance.
                db.ChangeTracker.Clear();
            }
        }
    }
}
