using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Cli;
using SchoolSupport.Roadmaps;
using SchoolSupport.Tests.Support;

namespace SchoolSupport.Tests.Cli;

public sealed class RoadmapCliTests : IDisposable
{
    private readonly SqliteTestDatabase database = new();
    private readonly string scratch = Directory.CreateTempSubdirectory("schoolsupport-cli").FullName;

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr, database.Options);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static JsonElement Item(JsonDocument doc, string number) =>
        doc.RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("number").GetString() == number);

    [Fact]
    public async Task Parse_LeningradDocx_PrintsEveryItemWithTimeframes()
    {
        var (exit, output, _) = await RunAsync("roadmap", "parse", Fixture("leningrad-oblast-500plus-2022.docx"));

        exit.ShouldBe(0);
        using var doc = JsonDocument.Parse(output);
        doc.RootElement.GetProperty("year").GetInt32().ShouldBe(2022);
        doc.RootElement.GetProperty("items").GetArrayLength().ShouldBe(120);
        var consultations = Item(doc, "1.18");
        consultations.GetProperty("section").GetString().ShouldBe("1");
        var tf = consultations.GetProperty("timeframe");
        tf.GetProperty("text").GetString().ShouldBe("Февраль-апрель 2022");
        tf.GetProperty("start").GetString().ShouldBe("2022-02-01");
        tf.GetProperty("end").GetString().ShouldBe("2022-04-30");
        consultations.GetProperty("expectedResult").GetString().ShouldNotBeNull().ShouldContain("(тема, принятые решения, намеченные мероприятия)");

        var weekly = Item(doc, "1.4").GetProperty("timeframe");
        weekly.GetProperty("kind").GetString().ShouldBe("recurring");
        var rules = weekly.GetProperty("recurrence").EnumerateArray().ToList();
        rules.Count.ShouldBe(2);
        rules[0].GetProperty("weekday").GetString().ShouldBe("thursday");
        rules[0].GetProperty("weeksOfMonth").EnumerateArray().Select(e => e.GetInt32()).ShouldBe([1, 3]);
        rules[1].GetProperty("weeksOfMonth").EnumerateArray().Select(e => e.GetInt32()).ShouldBe([2, 4]);
    }

    [Fact]
    public async Task Parse_SmolenskAndStPetersburg_GiveTheRecurringAndRangeTimeframes()
    {
        var (exit, output, _) = await RunAsync("roadmap", "parse", Fixture("smolensk-oblast-500plus-2022.txt"));
        exit.ShouldBe(0);
        using (var doc = JsonDocument.Parse(output))
        {
            doc.RootElement.GetProperty("items").GetArrayLength().ShouldBe(58);
            var tf = Item(doc, "13").GetProperty("timeframe");
            tf.GetProperty("text").GetString().ShouldBe("С марта 2022 г. 2-й и 4-й понедельник");
            tf.GetProperty("kind").GetString().ShouldBe("recurring");
            var rule = tf.GetProperty("recurrence").EnumerateArray().Single();
            rule.GetProperty("weekday").GetString().ShouldBe("monday");
            rule.GetProperty("weeksOfMonth").EnumerateArray().Select(e => e.GetInt32()).ShouldBe([2, 4]);
            rule.GetProperty("start").GetString().ShouldBe("2022-03-01");
        }

        (exit, output, _) = await RunAsync("roadmap", "parse", Fixture("spb-kirovsky-district-shnor-2022.txt"));
        exit.ShouldBe(0);
        using (var doc = JsonDocument.Parse(output))
        {
            var tf = Item(doc, "1.9").GetProperty("timeframe");
            tf.GetProperty("kind").GetString().ShouldBe("range");
            tf.GetProperty("start").GetString().ShouldBe("2022-02-14");
            tf.GetProperty("end").GetString().ShouldBe("2022-03-01");
        }
    }

    [Fact]
    public async Task Import_SameDocumentTwice_UpdatesInsteadOfDuplicating()
    {
        (await RunAsync("roadmap", "import", Fixture("leningrad-oblast-500plus-2022.txt"), "--region", "Ленинградская область")).Exit.ShouldBe(0);
        var (exit, output, _) = await RunAsync("roadmap", "import", Fixture("leningrad-oblast-500plus-2022.docx"), "--region", "Ленинградская область");

        exit.ShouldBe(0);
        output.ShouldContain("Обновлена");
        await using var db = database.CreateContext();
        (await db.Roadmaps.CountAsync()).ShouldBe(1);
        (await db.RoadmapItems.CountAsync()).ShouldBe(120);
        (await db.RoadmapItems.Select(i => i.Number).Distinct().CountAsync()).ShouldBe(120);
        var item = await db.RoadmapItems.SingleAsync(i => i.Number == "1.18");
        item.StartDate.ShouldBe(new DateOnly(2022, 2, 1));
        item.DueDate.ShouldBe(new DateOnly(2022, 4, 30));
        item.ResponsibleRoles.ShouldBe(RoleMask.Curator | RoleMask.Consultant);
        var survey = await db.RoadmapItems.SingleAsync(i => i.Number == "1.22");
        survey.ResponsibleRoles.HasFlag(RoleMask.Director).ShouldBeTrue();
        survey.TrackedPerSchool.ShouldBeTrue();
        survey.TargetPercent.ShouldBe(100m);
    }

    [Fact]
    public async Task Import_AllThreeSeeds_StoresEveryItemOnceInOrder()
    {
        (await RunAsync("roadmap", "import", Fixture("smolensk-oblast-500plus-2022.txt"), "--region", "Смоленская область")).Exit.ShouldBe(0);
        (await RunAsync("roadmap", "import", Fixture("spb-kirovsky-district-shnor-2022.txt"), "--region", "Санкт-Петербург", "--municipality", "Кировский район")).Exit.ShouldBe(0);

        await using var db = database.CreateContext();
        var smolensk = await db.Roadmaps.Include(r => r.Items).SingleAsync(r => r.Items.Count == 58);
        smolensk.Items.OrderBy(i => i.Order).Select(i => i.Number).ShouldBe(Enumerable.Range(1, 58).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var spb = await db.Roadmaps.Include(r => r.Items).SingleAsync(r => r.Level == RoadmapLevel.Municipality);
        spb.Items.Select(i => i.Number).ShouldContain("4.2.1-2");
        (await db.Organisations.Select(o => o.ShortName).ToListAsync()).ShouldContain("ЦНППМ");
    }

    [Theory]
    [InlineData("empty.txt", 0)]
    [InlineData("garbage.docx", 4096)]
    [InlineData("garbage.txt", 4096)]
    [InlineData("roadmap.pdf", 100)]
    public async Task ParseAndImport_BadFile_ExitCode2AndNothingStored(string name, int randomBytes)
    {
        var path = Path.Combine(scratch, name);
        var bytes = new byte[randomBytes];
        new Random(42).NextBytes(bytes);
        await File.WriteAllBytesAsync(path, bytes);

        var parse = await RunAsync("roadmap", "parse", path);
        parse.Exit.ShouldBe(2);
        parse.Err.ShouldNotBeEmpty();
        parse.Out.ShouldBeEmpty();

        var import = await RunAsync("roadmap", "import", path, "--region", "Тверская область");
        import.Exit.ShouldBe(2);
        await using var db = database.CreateContext();
        await SchoolSupport.Data.SchemaMigrator.MigrateAsync(db);
        (await db.Roadmaps.CountAsync()).ShouldBe(0);
        (await db.Regions.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Parse_FiftyMegabyteFile_IsRefusedWithExitCode2()
    {
        var path = Path.Combine(scratch, "huge.txt");
        await using (var file = File.Create(path))
        {
            file.SetLength(50L * 1024 * 1024);
        }

        var (exit, output, error) = await RunAsync("roadmap", "parse", path);
        exit.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Parse_MissingFile_ExitCode2()
    {
        var (exit, _, error) = await RunAsync("roadmap", "parse", Path.Combine(scratch, "nope.docx"));
        exit.ShouldBe(2);
        error.ShouldContain("не найден");
    }

    public void Dispose()
    {
        database.Dispose();
        Directory.Delete(scratch, recursive: true);
    }
}
