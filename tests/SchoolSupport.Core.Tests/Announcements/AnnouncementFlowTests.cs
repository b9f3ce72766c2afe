using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Announcements;
using SchoolSupport.Conversation;
using SchoolSupport.Outbox;

namespace SchoolSupport.Tests.Announcements;

public sealed class AnnouncementFlowTests : IAsyncLifetime
{
    private AnnouncementWorld world = null!;

    public async Task InitializeAsync() => world = await AnnouncementWorld.CreateAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task Command_Coordinator_GetsTheFormLimitedToTheirScope()
    {
        var output = await world.SayAsync("mc1", "объявление");

        var form = output.Replies.OfType<CardReply>().Single();
        form.Template.ShouldBe("announcement-form");
        var model = (AnnouncementForm)form.Model;
        model.MunicipalityChoices.Select(c => c.Title).ShouldBe(["Северный район"]);
        model.SchoolChoices.Select(c => c.Title).ShouldBe(["Школа 1", "Школа 2"]);
        model.RoleChoices.ShouldNotContain(c => c.Value == "RegionalCoordinator");
    }

    [Fact]
    public async Task Command_Director_CannotAnnounce()
    {
        var output = await world.SayAsync("dir1", "объявление");

        output.Replies.OfType<TextReply>().Single().Text.ShouldBe(AudienceResolver.OnlyCoordinators);
        var preview = await world.ActAsync("dir1", AnnouncementActions.Preview, Form(roles: "Director"));
        preview.Refused.ShouldBeTrue();
        await using var db = world.Host.Db();
        (await db.Announcements.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Preview_MunicipalCoordinatorTargetsAnotherMunicipality_IsRefusedAndNothingSaved()
    {
        var output = await world.ActAsync("mc1", AnnouncementActions.Preview, Form(roles: "Director", municipalities: world.M2.ToString()));

        output.Refused.ShouldBeTrue();
        var form = (AnnouncementForm)output.UpdatedCard!.Model;
        form.Error!.ShouldContain("вне вашей зоны");
        form.Title.ShouldBe("Совещание");
        await using var db = world.Host.Db();
        (await db.Announcements.CountAsync()).ShouldBe(0);
        (await db.Deliveries.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task PreviewThenSend_CountShownBeforeSending_DeliveriesWrittenOnceAndSent()
    {
        var output = await world.ActAsync("rc", AnnouncementActions.Preview, Form(roles: "Director,Curator", cohorts: "2022"));
        var preview = (AnnouncementPreview)output.UpdatedCard!.Model;
        preview.RecipientCount.ShouldBe(4);
        preview.ByRole.Select(l => l.Value).ShouldBe(["2", "2"]);
        await using (var db = world.Host.Db())
        {
            (await db.Deliveries.CountAsync()).ShouldBe(0);
        }

        var sent = await world.ActAsync("rc", AnnouncementActions.Send, Id(preview.AnnouncementId));
        var again = await world.ActAsync("rc", AnnouncementActions.Send, Id(preview.AnnouncementId));
        await world.Host.DrainAsync(world.Host.NewDispatcher());

        sent.UpdatedCard!.Template.ShouldBe("announcement-status");
        again.Refused.ShouldBeFalse();
        world.Host.Connector.Accepted.Select(m => m.Address.UserId).Order()
            .ShouldBe(new[] { "cur1", "cur3", "dir2", "dir4" }.Select(k => Outbox.OutboxTestHost.UserId(world.P[k])).Order());
        var card = JsonSerializer.Deserialize<JsonObject>(world.Host.Connector.Accepted.First().CardData!)!;
        card["title"]!.GetValue<string>().ShouldBe("Совещание");
        card["requireAck"]!.GetValue<bool>().ShouldBeTrue();
        var status = (AnnouncementStatusCard)(await world.ActAsync("rc", AnnouncementActions.Status, Id(preview.AnnouncementId))).UpdatedCard!.Model;
        status.State.ShouldBe("Отправлено");
        status.Counts.Single(c => c.Title == "Доставлено").Value.ShouldBe("4");
        status.Counts.Single(c => c.Title == "Ознакомились").Value.ShouldBe("0 из 4");
        status.CanCancel.ShouldBeFalse();
        status.CanRemind.ShouldBeTrue();
    }

    [Fact]
    public async Task Scheduled_SendsAtItsLocalTimeAndNotBefore()
    {
        // Start is 06:00 UTC = 09:00 in Moscow; schedule for 12:30 Moscow = 09:30 UTC.
        var id = await SendAsync(Form(roles: "Curator", sendDate: "2025-03-03", sendTime: "12:30", requireAck: false));
        var dispatcher = world.Host.NewDispatcher();

        (await dispatcher.RunOnceAsync(CancellationToken.None)).ShouldBe(0);
        world.Host.Time.Advance(TimeSpan.FromHours(3.5) - TimeSpan.FromSeconds(1));
        (await dispatcher.RunOnceAsync(CancellationToken.None)).ShouldBe(0);
        var status = (AnnouncementStatusCard)(await world.ActAsync("rc", AnnouncementActions.Status, Id(id))).UpdatedCard!.Model;
        status.State.ShouldBe("Запланировано");
        status.Schedule.ShouldBe("Отправка 03.03.2025 в 12:30");

        world.Host.Time.Advance(TimeSpan.FromSeconds(1));
        await world.Host.DrainAsync(dispatcher);
        world.Host.Connector.Accepted.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Cancel_WhileScheduled_NothingIsSent()
    {
        var id = await SendAsync(Form(roles: "Curator,Director", sendDate: "2025-03-04", sendTime: "10:00"));

        var output = await world.ActAsync("rc", AnnouncementActions.Cancel, Id(id));
        world.Host.Time.Advance(TimeSpan.FromDays(2));
        await world.Host.DrainAsync(world.Host.NewDispatcher());

        output.Output().ShouldContain("не отправлено 7");
        world.Host.Connector.Accepted.ShouldBeEmpty();
        ((AnnouncementStatusCard)output.UpdatedCard!.Model).State.ShouldBe("Отменено");
    }

    [Fact]
    public async Task Cancel_ByAnotherCoordinator_IsRefused()
    {
        var id = await SendAsync(Form(roles: "Curator", sendDate: "2025-03-04", sendTime: "10:00"));

        var output = await world.ActAsync("rc2", AnnouncementActions.Cancel, Id(id));

        output.Refused.ShouldBeTrue();
        await using var db = world.Host.Db();
        (await db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.Queued)).ShouldBe(3);
    }

    [Fact]
    public async Task Acknowledge_PressedTwice_CountedOnceAndTheCardRefreshes()
    {
        var id = await SendAsync(Form(roles: "Director", municipalities: world.M1.ToString()));
        await world.Host.DrainAsync(world.Host.NewDispatcher());

        var first = await world.ActAsync("dir1", AnnouncementActions.Acknowledge, Id(id));
        world.Host.Time.Advance(TimeSpan.FromMinutes(5));
        var second = await world.ActAsync("dir1", AnnouncementActions.Acknowledge, Id(id));
        var stranger = await world.ActAsync("dir3", AnnouncementActions.Acknowledge, Id(id));

        var card = (AnnouncementCard)first.UpdatedCard!.Model;
        card.Acknowledged.ShouldBeTrue();
        card.AcknowledgedText.ShouldBe("Вы ознакомились 03.03.2025 в 09:00");
        ((AnnouncementCard)second.UpdatedCard!.Model).AcknowledgedText.ShouldBe(card.AcknowledgedText);
        stranger.Refused.ShouldBeTrue();
        await using var db = world.Host.Db();
        (await db.AnnouncementAcknowledgements.CountAsync()).ShouldBe(1);
        var status = (AnnouncementStatusCard)(await world.ActAsync("rc", AnnouncementActions.Status, Id(id))).UpdatedCard!.Model;
        status.Counts.Single(c => c.Title == "Ознакомились").Value.ShouldBe("1 из 2");
    }

    [Fact]
    public async Task Remind_NotAcknowledged_SendsOnlyToThoseWhoDidNotConfirm()
    {
        var id = await SendAsync(Form(roles: "Director"));
        await world.Host.DrainAsync(world.Host.NewDispatcher());
        await world.ActAsync("dir1", AnnouncementActions.Acknowledge, Id(id));
        await world.ActAsync("dir2", AnnouncementActions.Acknowledge, Id(id));

        var output = await world.ActAsync("rc", AnnouncementActions.Remind, Id(id));
        await world.Host.DrainAsync(world.Host.NewDispatcher());

        output.Output().ShouldContain("2 получателям");
        var reminders = world.Host.Connector.Accepted.Where(m => m.Kind == DeliveryKind.AnnouncementReminder).ToList();
        reminders.Select(m => m.Address.UserId).Order().ShouldBe(new[] { "dir3", "dir4" }.Select(k => Outbox.OutboxTestHost.UserId(world.P[k])).Order());
        JsonSerializer.Deserialize<JsonObject>(reminders[0].CardData!)!["title"]!.GetValue<string>().ShouldStartWith("Напоминание: ");
    }

    [Fact]
    public async Task Export_Csv_HasOneRowPerRecipientWithStatus()
    {
        var id = await SendAsync(Form(roles: "Curator"));
        world.Host.Connector.Script(Outbox.OutboxTestHost.UserId(world.P["cur2"]), new SendOutcome.Blocked());
        await world.Host.DrainAsync(world.Host.NewDispatcher());

        var output = await world.ActAsync("rc", AnnouncementActions.Export, Id(id, ("format", "csv")));
        var xlsx = await world.ActAsync("rc", AnnouncementActions.Export, Id(id, ("format", "xlsx")));

        var file = output.Replies.OfType<FileReply>().Single();
        var lines = Encoding.UTF8.GetString(file.Content).TrimStart('\uFEFF').Split("\r\n".ToCharArray(), StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("ФИО;Эл. почта;Статус;Причина;Отправлено;Ознакомлен(а)");
        lines.Length.ShouldBe(4);
        lines.ShouldContain(l => l.StartsWith("Участник cur2;cur2@test.local;бот заблокирован;", StringComparison.Ordinal));
        lines.Count(l => l.Contains(";отправлено;", StringComparison.Ordinal)).ShouldBe(2);
        var workbook = xlsx.Replies.OfType<FileReply>().Single();
        workbook.ContentType.ShouldBe(AnnouncementExport.XlsxContentType);
        workbook.Content.Take(2).ShouldBe("PK"u8.ToArray());
    }

    private async Task<int> SendAsync(JsonObject form)
    {
        var preview = await world.ActAsync("rc", AnnouncementActions.Preview, form);
        var id = ((AnnouncementPreview)preview.UpdatedCard!.Model).AnnouncementId;
        (await world.ActAsync("rc", AnnouncementActions.Send, Id(id))).Refused.ShouldBeFalse();
        return id;
    }

    private static JsonObject Id(int id, params (string Key, string Value)[] extra)
    {
        var data = new JsonObject { ["announcementId"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var (key, value) in extra)
        {
            data[key] = value;
        }

        return data;
    }

    private static JsonObject Form(
        string roles, string municipalities = "", string cohorts = "", string schools = "", string sendDate = "", string sendTime = "", bool requireAck = true) => new()
        {
            ["announcementId"] = "",
            ["title"] = "Совещание",
            ["text"] = "В четверг **ВКС** в 15:00.",
            ["link"] = "https://example.org/vks",
            ["buttonTitle"] = "",
            ["roles"] = roles,
            ["municipalities"] = municipalities,
            ["cohorts"] = cohorts,
            ["schools"] = schools,
            ["sendDate"] = sendDate,
            ["sendTime"] = sendTime,
            ["requireAck"] = requireAck ? "true" : "false",
        };
}

internal static class TurnOutputText
{
    public static string Output(this TurnOutput output) =>
        string.Join("\n", output.Replies.OfType<TextReply>().Select(r => r.Text).Append(output.ActionMessage ?? ""));
}
