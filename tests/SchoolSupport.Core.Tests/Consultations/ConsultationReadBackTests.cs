using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SchoolSupport.Consultations;
using SchoolSupport.Conversation;

namespace SchoolSupport.Tests.Consultations;

public sealed class ConsultationReadBackTests
{
    [Fact]
    public async Task MyConsultations_TwelveRecords_LatestFirstPagedByTen()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        for (var day = 1; day <= 12; day++)
        {
            await f.AddConsultationAsync(f.School277, new DateOnly(2025, 3, day), $"Тема {day}");
        }

        await f.AddConsultationAsync(f.Other, new DateOnly(2025, 3, 13), "Чужая", authorId: f.OtherCuratorId);
        await f.AddConsultationAsync(f.School277, new DateOnly(2025, 3, 13), "Удалённая", deleted: true);

        var first = (await f.SayAsync("curator", "мои консультации")).Card<ConsultationListCard>(ConsultationTemplates.List);

        first.Items.Count.ShouldBe(10);
        first.Items[0].Topic.ShouldBe("Тема 12");
        first.Items[9].Topic.ShouldBe("Тема 3");
        first.HasMore.ShouldBeTrue();
        first.Subtitle.ShouldContain("12 записей");
        var second = (await f.ActAsync("curator", ConsultationVerbs.List, new JsonObject { ["query"] = first.Query, ["page"] = first.NextPage }))
            .Card<ConsultationListCard>(ConsultationTemplates.List);
        second.Items.Select(i => i.Topic).ShouldBe(["Тема 2", "Тема 1"]);
        second.HasMore.ShouldBeFalse();
        second.HasPrevious.ShouldBeTrue();
    }

    [Fact]
    public async Task SchoolConsultations_ByNumber_OnlyThatSchoolAndDeletedShownToCoordinator()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        await f.AddConsultationAsync(f.School277, new DateOnly(2025, 3, 3), "Живая");
        await f.AddConsultationAsync(f.School277, new DateOnly(2025, 3, 4), "Удалённая", deleted: true);
        await f.AddConsultationAsync(f.Sosnovo, new DateOnly(2025, 3, 5), "Другая школа");

        var byDirector = (await f.SayAsync("director", "консультации школы 277")).Card<ConsultationListCard>(ConsultationTemplates.List);
        var byCoordinator = (await f.SayAsync("coordinator", "консультации 277")).Card<ConsultationListCard>(ConsultationTemplates.List);
        var outsider = await f.SayAsync("curator2", "консультации школы 277");

        byDirector.Title.ShouldBe("Консультации: ГБОУ СОШ № 277");
        byDirector.Items.Select(i => i.Topic).ShouldBe(["Живая"]);
        byCoordinator.Items.Select(i => i.Heading).ShouldBe(["04.03.2025 · ГБОУ СОШ № 277 · удалена", "03.03.2025 · ГБОУ СОШ № 277"]);
        outsider.Replies.OfType<TextReply>().Single().Text.ShouldContain("Не нашёл школу «277»");
    }

    [Fact]
    public async Task PeriodByDistrict_Coordinator_MonthWithCountsPerDistrict()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        await f.AddConsultationAsync(f.School277, new DateOnly(2025, 2, 27), "Февраль");
        await f.AddConsultationAsync(f.School277, new DateOnly(2025, 3, 3), "Март 277");
        await f.AddConsultationAsync(f.Other, new DateOnly(2025, 3, 4), "Март другая", authorId: f.OtherCuratorId);
        await f.AddConsultationAsync(f.Sosnovo, new DateOnly(2025, 3, 5), "Март Сосново");

        var regional = (await f.SayAsync("coordinator", "консультации за март по району")).Card<ConsultationListCard>(ConsultationTemplates.List);
        var municipal = (await f.SayAsync("municipal", "консультации за март")).Card<ConsultationListCard>(ConsultationTemplates.List);
        var named = (await f.SayAsync("coordinator", "консультации за март по Приозерскому району")).Card<ConsultationListCard>(ConsultationTemplates.List);

        regional.Title.ShouldBe("Консультации в марте 2025");
        regional.Items.Count.ShouldBe(3);
        regional.Summary.ShouldBe([new("Кировский район", "2"), new("Приозерский район", "1")]);
        regional.CanExport.ShouldBeTrue();
        regional.From.ShouldBe("2025-03-01");
        regional.To.ShouldBe("2025-03-31");
        municipal.Items.Select(i => i.Topic).ShouldBe(["Март другая", "Март 277"]);
        named.Items.Select(i => i.Topic).ShouldBe(["Март Сосново"]);
        named.Subtitle.ShouldStartWith("Приозерский район");
    }

    [Fact]
    public async Task ExportCommand_Coordinator_XlsxFileWithEveryColumn()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        await f.ActAsync("curator", ConsultationVerbs.Save, f.ValidForm());
        await f.AddConsultationAsync(f.Sosnovo, new DateOnly(2025, 2, 10), "Февральская");

        var output = await f.SayAsync("municipal", "выгрузить консультации за март");

        var file = output.Replies.OfType<FileReply>().Single();
        file.FileName.ShouldBe("consultations_2025-03-01_2025-03-31.xlsx");
        file.ContentType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        file.Caption!.ShouldContain("1 запись");
        var sheet = XlsxTestReader.Read(file.Content);
        sheet.Rows[0].Select(c => c.Text).ShouldBe(ConsultationExport.Columns.Select(c => c.Header));
        sheet.Rows.Count.ShouldBe(2);
        var row = sheet.Rows[1];
        row[0].Number.ShouldNotBeNull();
        row[1].Date.ShouldBe(new DateTime(2025, 3, 12));
        row[1].NumberFormat.ShouldBe("dd.mm.yyyy");
        row[2].Text.ShouldBe("Кировский район");
        row[3].Text.ShouldBe("ГБОУ СОШ № 277");
        row[4].Text.ShouldBe("очно");
        row[5].Number.ShouldBe(45);
        row[6].Text.ShouldBe("руководитель школы, куратор");
        row[7].Text.ShouldBe("Иванова А. П.; педагоги 7-х классов");
        row[8].Text.ShouldBe("Антирисковая программа: учебная мотивация");
        row[9].Text.ShouldBe("риск: Низкая учебная мотивация обучающихся; п. 1.18 Фиксация проведенных консультаций (тема, принятые решения, намеченные мероприятия)");
        row[10].Text.ShouldBe("Доработать раздел мониторинга; провести анкетирование 7–9 классов");
        row[11].Text.ShouldBe("Обсудить итоги анкетирования на следующей встрече");
        row[12].Text.ShouldBe("1) Провести педсовет по итогам анкетирования — срок 28.03.2025 · Иванова Анна Павловна\n2) Прислать доработанную программу — заместитель директора по УВР");
        row[13].Text.ShouldBe("Петрова Мария Сергеевна");
        row[14].Date.ShouldBe(new DateTime(2025, 3, 14, 12, 0, 0));
        row[14].NumberFormat.ShouldBe("dd.mm.yyyy hh:mm");
        row[15].Date.ShouldBe(new DateTime(2025, 3, 14, 12, 0, 0));
    }

    [Fact]
    public async Task ExportCommand_Csv_ParsesWithEveryColumn()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        await f.ActAsync("curator", ConsultationVerbs.Save, f.ValidForm());

        var file = (await f.SayAsync("coordinator", "выгрузить консультации за март csv")).Replies.OfType<FileReply>().Single();

        file.FileName.ShouldEndWith(".csv");
        file.Content.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var rows = CsvTestParser.Parse(Encoding.UTF8.GetString(file.Content, 3, file.Content.Length - 3), ';');
        rows[0].ShouldBe(ConsultationExport.Columns.Select(c => c.Header).ToList());
        rows.Count.ShouldBe(2);
        var row = rows[1];
        row.Count.ShouldBe(16);
        int.Parse(row[0], CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
        row.Skip(1).ShouldBe([
            "12.03.2025", "Кировский район", "ГБОУ СОШ № 277", "очно", "45", "руководитель школы, куратор",
            "Иванова А. П.; педагоги 7-х классов", "Антирисковая программа: учебная мотивация",
            "риск: Низкая учебная мотивация обучающихся; п. 1.18 Фиксация проведенных консультаций (тема, принятые решения, намеченные мероприятия)",
            "Доработать раздел мониторинга; провести анкетирование 7–9 классов", "Обсудить итоги анкетирования на следующей встрече",
            "1) Провести педсовет по итогам анкетирования — срок 28.03.2025 · Иванова Анна Павловна\n2) Прислать доработанную программу — заместитель директора по УВР",
            "Петрова Мария Сергеевна", "14.03.2025 12:00", "14.03.2025 12:00",
        ]);
    }

    [Fact]
    public async Task ExportCommand_Curator_ToldItIsForCoordinators()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        await f.ActAsync("curator", ConsultationVerbs.Save, f.ValidForm());

        var output = await f.SayAsync("curator", "выгрузить консультации за март");

        output.Replies.OfType<FileReply>().ShouldBeEmpty();
        output.Replies.OfType<TextReply>().Single().Text.ShouldContain("координаторам");
    }

    [Fact]
    public async Task ExportAction_MunicipalCoordinator_OnlyTheirDistrict()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        await f.AddConsultationAsync(f.School277, new DateOnly(2025, 3, 3), "Кировский");
        await f.AddConsultationAsync(f.Sosnovo, new DateOnly(2025, 3, 4), "Приозерский");

        var output = await f.ActAsync("municipal", ConsultationVerbs.Export, new JsonObject { ["from"] = "2025-03-01", ["to"] = "2025-03-31" });

        var sheet = XlsxTestReader.Read(output.Replies.OfType<FileReply>().Single().Content);
        sheet.Rows.Skip(1).Select(r => r[8].Text).ShouldBe(["Кировский"]);
    }

    [Fact]
    public async Task Cli_ExportConsultations_WritesXlsxAndCsvForTheRegion()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        await f.ActAsync("curator", ConsultationVerbs.Save, f.ValidForm());
        await f.AddConsultationAsync(f.Sosnovo, new DateOnly(2024, 12, 20), "Прошлый год");
        var folder = Path.Combine(Path.GetTempPath(), "schoolsupport-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var xlsx = Path.Combine(folder, "out.xlsx");
            var csv = Path.Combine(folder, "out.csv");
            var (code, stdout, _) = await RunCliAsync(f, "export", "consultations", "--region", "Ленинградская область", "--from", "2025-01-01", "--to", "2025-12-31", "--out", xlsx);
            var (csvCode, _, _) = await RunCliAsync(f, "export", "consultations", "--region", "Ленинградская область", "--from", "01.01.2024", "--to", "31.12.2025", "--format", "csv", "--out", csv);
            var (badCode, _, stderr) = await RunCliAsync(f, "export", "consultations", "--region", "Смоленская область", "--from", "2025-01-01", "--to", "2025-12-31", "--out", csv);

            code.ShouldBe(0, stdout);
            stdout.ShouldContain("Выгружено консультаций: 1");
            var sheet = XlsxTestReader.Read(await File.ReadAllBytesAsync(xlsx));
            sheet.Rows.Count.ShouldBe(2);
            sheet.Rows[1][3].Text.ShouldBe("ГБОУ СОШ № 277");
            csvCode.ShouldBe(0);
            var rows = CsvTestParser.Parse(Encoding.UTF8.GetString(await File.ReadAllBytesAsync(csv))[1..], ';');
            rows.Skip(1).Select(r => r[8]).ShouldBe(["Прошлый год", "Антирисковая программа: учебная мотивация"]);
            badCode.ShouldBe(2);
            stderr.ShouldContain("Регион «Смоленская область» не найден");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunCliAsync(ConsultationFixture f, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await SchoolSupport.Cli.CliApp.RunAsync(args, stdout, stderr, f.DatabaseOptions);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
