using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolSupport.Audiences;
using SchoolSupport.Conversation;
using SchoolSupport.People;

namespace SchoolSupport.Announcements;

/// <summary>«объявление»: opens the announcement form for coordinators.</summary>
public sealed class NewAnnouncementCommand : IChatCommand, IDeclaredCommand
{
    public static IReadOnlyList<CommandDeclaration> Declarations { get; } =
    [
        new()
        {
            Name = "announcement.new",
            Roles = CommandRoles.Coordinators,
            Example = "объявление",
            Help = "разослать объявление кураторам и директорам",
            Prefixes = ["объявление"],
            Phrases = ["новое объявление", "разослать объявление", "сделать объявление", "создать объявление", "рассылка",
                "announcement", "написать всем", "разослать всем", "оповестить школы", "сообщить всем"],
            NotAllowed = AudienceResolver.OnlyCoordinators,
            Places = CommandPlaces.Menu,
        },
    ];

    public async Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct)
    {
        var caller = scope.Caller!;
        if (!AudienceResolver.CanAnnounce(caller))
        {
            scope.Say(AudienceResolver.OnlyCoordinators);
            return;
        }

        var zone = await AnnouncementService.ZoneAsync(scope.Db, caller.RegionIds.First(), ct);
        scope.Show("announcement-form", await AnnouncementService.NewFormAsync(scope.Db, caller, null, null, zone, ct));
    }
}

/// <summary>«мои объявления»: a compact list of the caller's announcements, each with its status card one tap away.</summary>
public sealed class MyAnnouncementsCommand : IChatCommand, IDeclaredCommand
{
    public static IReadOnlyList<CommandDeclaration> Declarations { get; } =
    [
        new()
        {
            Name = "announcement.list",
            Roles = CommandRoles.Coordinators,
            Example = "мои объявления",
            Help = "разосланные объявления: кто получил и кто ознакомился",
            Phrases = ["статус объявлений", "статус объявления", "мои рассылки", "статус рассылки", "кто прочитал объявление", "кто ознакомился"],
            NotAllowed = AudienceResolver.OnlyCoordinators,
        },
    ];

    public async Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct)
    {
        var caller = scope.Caller!;
        if (!AudienceResolver.CanAnnounce(caller))
        {
            scope.Say(AudienceResolver.OnlyCoordinators);
            return;
        }

        var zone = await AnnouncementService.ZoneAsync(scope.Db, caller.RegionIds.First(), ct);
        var list = await AnnouncementService.ListAsync(scope.Db, caller.Person.Id, scope.UtcNow, zone, ct);
        if (list.Rows.Count == 0)
        {
            scope.Say("Вы ещё не отправляли объявлений. Напишите «объявление», чтобы создать первое.");
            return;
        }

        scope.Show("announcement-list", list);
    }
}

/// <summary>«кто не подтвердил»: who has not acknowledged the caller's latest announcement that asks for it.</summary>
public sealed class PendingAcknowledgementsCommand : IChatCommand, IDeclaredCommand
{
    public static IReadOnlyList<CommandDeclaration> Declarations { get; } =
    [
        new()
        {
            Name = "announcement.pending",
            Roles = CommandRoles.Coordinators,
            Example = "кто не подтвердил",
            Help = "кто не ознакомился с последним объявлением, со школами",
            Phrases = ["кто не ознакомился", "не подтвердили", "не ознакомились", "кто не подтвердил объявление",
                "кто не ознакомился с объявлением", "кто не прочитал объявление", "кто не прочитал"],
            NotAllowed = AudienceResolver.OnlyCoordinators,
        },
    ];

    public async Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct)
    {
        var caller = scope.Caller!;
        if (!AudienceResolver.CanAnnounce(caller))
        {
            scope.Say(AudienceResolver.OnlyCoordinators);
            return;
        }

        var latest = await scope.Db.Announcements.AsNoTracking()
            .Where(a => a.AuthorPersonId == caller.Person.Id && a.Status == AnnouncementStatus.Confirmed && a.RequireAcknowledgement)
            .OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id)
            .FirstOrDefaultAsync(ct);
        if (latest is null)
        {
            scope.Say("У вас нет отправленных объявлений с подтверждением «Ознакомлен(а)». Список ваших объявлений — «мои объявления».");
            return;
        }

        var zone = await AnnouncementService.ZoneAsync(scope.Db, latest.RegionId, ct);
        scope.Show("announcement-pending", await AnnouncementService.PendingAsync(scope.Db, latest, scope.UtcNow, zone, ct));
    }
}

/// <summary>The verbs of the announcement cards: preview, edit, send, status, cancel, remind, export, acknowledge.</summary>
public sealed class AnnouncementActions : ICardAction
{
    public const string Preview = "announcement.preview";
    public const string Edit = "announcement.edit";
    public const string Send = "announcement.send";
    public const string Status = "announcement.status";
    public const string Cancel = "announcement.cancel";
    public const string Remind = "announcement.remind";
    public const string Export = "announcement.export";
    public const string Acknowledge = "announcement.ack";
    public const string Pending = "announcement.pending";
    public const string ForSchool = "announcement.school";

    public IReadOnlyCollection<string> Verbs => [Preview, Edit, Send, Status, Cancel, Remind, Export, Acknowledge, Pending, ForSchool];

    public async Task HandleAsync(TurnScope scope, CancellationToken ct)
    {
        var caller = scope.Caller!;
        var data = scope.Input.Data ?? [];
        var form = new CardData(data);
        if (scope.Input.Verb == Acknowledge)
        {
            await AcknowledgeAsync(scope, caller, data, ct);
            return;
        }

        if (!AudienceResolver.CanAnnounce(caller))
        {
            scope.Refuse(AudienceResolver.OnlyCoordinators);
            return;
        }

        if (scope.Input.Verb == Preview)
        {
            await PreviewAsync(scope, caller, data, ct);
            return;
        }

        if (scope.Input.Verb == ForSchool)
        {
            // «Объявление этой школе» from a school's card: the form with that school chosen, if it is in the author's scope.
            var zone0 = await AnnouncementService.ZoneAsync(scope.Db, caller.RegionIds.First(), ct);
            var blank = await AnnouncementService.NewFormAsync(scope.Db, caller, null, null, zone0, ct);
            var schoolId = form.Id("schoolId")?.ToString(CultureInfo.InvariantCulture);
            if (schoolId is null || !form.IsValid || !blank.SchoolChoices.Any(c => c.Value == schoolId))
            {
                scope.Refuse("Эта школа не входит в вашу зону: объявление ей отправить нельзя.");
                return;
            }

            scope.Show("announcement-form", blank with { Schools = schoolId });
            return;
        }

        var announcement = form.Id("announcementId") is { } id && form.IsValid
            ? await scope.Db.Announcements.FirstOrDefaultAsync(a => a.Id == id, ct)
            : null;
        if (announcement is null || announcement.AuthorPersonId != caller.Person.Id)
        {
            scope.Refuse("Объявление не найдено или создано другим автором.");
            return;
        }

        var zone = await AnnouncementService.ZoneAsync(scope.Db, announcement.RegionId, ct);
        switch (scope.Input.Verb)
        {
            case Edit when announcement.Status == AnnouncementStatus.Draft:
                scope.Update("announcement-form", await AnnouncementService.NewFormAsync(scope.Db, caller, announcement, null, zone, ct));
                break;
            case Edit:
                scope.Refuse("Объявление уже отправлено; изменить его нельзя.");
                break;
            case Send:
                var (sent, refusal) = await AnnouncementService.ConfirmAsync(scope.Db, caller, announcement.Id, scope.Today, scope.UtcNow, zone, ct);
                if (refusal is not null)
                {
                    scope.Refuse(refusal);
                    return;
                }

                scope.Update("announcement-status", await AnnouncementService.StatusAsync(scope.Db, sent!, scope.UtcNow, zone, ct));
                break;
            case Status when form.Text("from") == "list":
                // From «мои объявления»: the list stays where it is and the full status card opens below it.
                scope.Show("announcement-status", await AnnouncementService.StatusAsync(scope.Db, announcement, scope.UtcNow, zone, ct));
                break;
            case Status:
                scope.Update("announcement-status", await AnnouncementService.StatusAsync(scope.Db, announcement, scope.UtcNow, zone, ct));
                break;
            case Pending:
                scope.Show("announcement-pending", await AnnouncementService.PendingAsync(scope.Db, announcement, scope.UtcNow, zone, ct));
                break;
            case Cancel:
                var said = await AnnouncementService.CancelAsync(scope.Db, announcement, scope.UtcNow, ct);
                scope.Update("announcement-status", await AnnouncementService.StatusAsync(scope.Db, announcement, scope.UtcNow, zone, ct));
                scope.Output.ActionMessage = said;
                break;
            case Remind:
                var reminded = await AnnouncementService.RemindUnacknowledgedAsync(scope.Db, announcement, caller.Person.FullName, scope.UtcNow, zone, ct);
                var sentence = AnnouncementService.DescribeReminder(reminded, zone);
                scope.Update("announcement-status", await AnnouncementService.StatusAsync(scope.Db, announcement, scope.UtcNow, zone, ct) with { Notice = sentence });
                scope.Output.ActionMessage = sentence;
                break;
            case Export:
                var rows = await AnnouncementExport.RowsAsync(scope.Db, announcement, zone, ct);
                var xlsx = string.Equals(form.Text("format"), "xlsx", StringComparison.OrdinalIgnoreCase);
                var name = $"объявление-{announcement.Id}-получатели.{(xlsx ? "xlsx" : "csv")}";
                scope.Output.Replies.Add(new FileReply(
                    name,
                    xlsx ? AnnouncementExport.XlsxContentType : AnnouncementExport.CsvContentType,
                    xlsx ? AnnouncementExport.ToXlsx(rows) : AnnouncementExport.ToCsv(rows),
                    $"Статус доставки по получателям: {rows.Count}"));
                break;
        }
    }

    private static async Task PreviewAsync(TurnScope scope, Caller caller, JsonObject data, CancellationToken ct)
    {
        var zone = await AnnouncementService.ZoneAsync(scope.Db, caller.RegionIds.First(), ct);
        var submitted = new CardData(data);
        var input = new AnnouncementService.FormInput(
            submitted.OptionalId("announcementId"),
            submitted.Text("title") ?? "",
            submitted.Text("text") ?? "",
            submitted.Text("link"),
            submitted.Text("buttonTitle"),
            submitted.Text("roles") ?? "",
            submitted.Text("municipalities") ?? "",
            submitted.Text("cohorts") ?? "",
            submitted.Text("schools") ?? "",
            submitted.Text("sendDate"),
            submitted.Text("sendTime"),
            submitted.Flag("requireAck"));
        if (!submitted.IsValid)
        {
            scope.Refuse(submitted.Refusal);
            return;
        }

        var (parsed, error) = AnnouncementService.Parse(input, zone, scope.UtcNow);
        string? refusal = error;
        AnnouncementPreview? preview = null;
        if (parsed is not null)
        {
            (preview, refusal) = await AnnouncementService.PreviewAsync(
                scope.Db, caller, parsed, input.AnnouncementId, scope.Today, scope.UtcNow, zone, scope.Services.GetRequiredService<AudienceReach>(), ct);
        }

        if (preview is null)
        {
            // Keep what was typed: show the form again with the reason on top.
            var form = await AnnouncementService.NewFormAsync(scope.Db, caller, null, refusal, zone, ct) with
            {
                AnnouncementId = input.AnnouncementId,
                Title = input.Title,
                Text = input.Text,
                Link = input.Link ?? "",
                ButtonTitle = input.ButtonTitle ?? "",
                Roles = input.Roles,
                Municipalities = input.Municipalities,
                Cohorts = input.Cohorts,
                Schools = input.Schools,
                SendDate = input.SendDate ?? "",
                SendTime = input.SendTime ?? "",
                RequireAck = input.RequireAck,
            };
            scope.Output.Refused = refusal is not null && refusal != error;
            scope.Update("announcement-form", form);
            return;
        }

        scope.Update("announcement-preview", preview);
    }

    private static async Task AcknowledgeAsync(TurnScope scope, Caller caller, JsonObject data, CancellationToken ct)
    {
        var announcement = new CardData(data).Id("announcementId") is { } id
            ? await scope.Db.Announcements.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct)
            : null;
        if (announcement is null)
        {
            scope.Refuse("Объявление не найдено.");
            return;
        }

        var at = await AnnouncementService.AcknowledgeAsync(scope.Db, announcement.Id, caller.Person.Id, scope.UtcNow, ct);
        if (at is null)
        {
            scope.Refuse("Это объявление адресовано не вам.");
            return;
        }

        var zone = await AnnouncementService.ZoneAsync(scope.Db, announcement.RegionId, ct);
        var author = await scope.Db.People.Where(p => p.Id == announcement.AuthorPersonId).Select(p => p.FullName).FirstAsync(ct);
        scope.Update("announcement", AnnouncementService.ToCard(announcement, author, zone, at, preview: false));
        scope.Output.ActionMessage = "Спасибо, отмечено: вы ознакомились.";
    }
}
