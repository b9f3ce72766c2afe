using System.Text;
using System.Text.Json.Nodes;
using SchoolSupport.Announcements;
using SchoolSupport.Cli;
using SchoolSupport.Outbox;

namespace SchoolSupport.Tests.Announcements;

public sealed class AnnouncementCliTests : IAsyncLifetime
{
    private readonly string scratch = Directory.CreateTempSubdirectory("schoolsupport-cli").FullName;
    private AnnouncementWorld world = null!;

    public async Task InitializeAsync() => world = await AnnouncementWorld.CreateAsync();

    public async Task DisposeAsync()
    {
        await world.DisposeAsync();
        Directory.Delete(scratch, recursive: true);
    }

    [Fact]
    public async Task Export_SentAnnouncement_WritesCsvWithEveryRecipient()
    {
        var preview = await world.ActAsync("rc", AnnouncementActions.Preview, new JsonObject
        {
            ["title"] = "Опрос",
            ["text"] = "Пройдите опрос до пятницы.",
            ["roles"] = "Director",
            ["requireAck"] = "false",
        });
        var id = ((AnnouncementPreview)preview.UpdatedCard!.Model).AnnouncementId;
        await world.ActAsync("rc", AnnouncementActions.Send, new JsonObject { ["announcementId"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await world.Host.DrainAsync(world.Host.NewDispatcher());
        var file = Path.Combine(scratch, "out.csv");
        var stdout = new StringWriter();

        var exit = await CliApp.RunAsync(["announcements", "export", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", file], stdout, new StringWriter(), world.Host.DatabaseOptions);

        exit.ShouldBe(0);
        stdout.ToString().ShouldContain("получателей 4");
        var lines = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file)).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(5);
        lines.Skip(1).ShouldAllBe(l => l.Contains(";" + AnnouncementExport.StatusName(DeliveryStatus.Sent) + ";", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_UnknownAnnouncement_ExitsWithBadInput()
    {
        var stderr = new StringWriter();

        var exit = await CliApp.RunAsync(["announcements", "export", "999"], new StringWriter(), stderr, world.Host.DatabaseOptions);

        exit.ShouldBe(CliApp.BadInput);
        stderr.ToString().ShouldContain("не найдено");
    }
}
