using System.CommandLine;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Data;
using SchoolSupport.Imports;
using SchoolSupport.People;
using SchoolSupport.Reports;
using SchoolSupport.Schools;

namespace SchoolSupport.Cli.Commands;

/// <summary>
/// <c>schools import|export</c> and <c>people import|export</c>: a region's school list and roster from its own CSV or
/// XLSX files. A file with errors stores nothing (unless <c>--skip-invalid</c>) and exits with code 2.
/// </summary>
internal static class RosterCommands
{
    private delegate Task<ImportSummary> Importer(SchoolSupportDbContext db, ImportTable table, ImportOptions options, DateTime utcNow, CancellationToken ct);

    private delegate Task<TabularReport> Exporter(SchoolSupportDbContext db, int regionId, CancellationToken ct);

    public static IEnumerable<Command> Create(CliContext context)
    {
        yield return Group(context, "schools", "Школы региона: загрузка и выгрузка списка ОО.", SchoolImporter.ImportAsync, SchoolImporter.ExportAsync, people: false);
        yield return Group(context, "people", "Участники проекта: загрузка и выгрузка списка людей с ролями и школами.", RosterImporter.ImportAsync, RosterImporter.ExportAsync, people: true);
    }

    private static Command Group(CliContext context, string name, string description, Importer importer, Exporter exporter, bool people)
    {
        var file = new Argument<FileInfo>("file") { Description = "Таблица .xlsx (первый лист) или .csv (UTF-8 или Windows-1251, «;» или «,»)" };
        var region = new Option<string>("--region") { Description = "Регион, например «Смоленская область»", Required = true };
        var timeZone = new Option<string>("--time-zone") { Description = "Часовой пояс нового региона (IANA)", DefaultValueFactory = _ => RegionClock.DefaultTimeZone };
        var dryRun = new Option<bool>("--dry-run") { Description = "Только проверить и показать, что изменится; ничего не сохранять" };
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "Сохранить верные строки, даже если в других есть ошибки" };
        var json = new Option<bool>("--json") { Description = "Итог в формате JSON" };
        var deactivateMissing = new Option<bool>("--deactivate-missing") { Description = "Отключить участников региона, которых нет в файле" };
        var import = new Command("import", people
            ? "Загрузить участников (повторная загрузка обновляет людей по e-mail)."
            : "Загрузить список школ (повторная загрузка обновляет школы по коду или наименованию).")
        {
            file, region, dryRun, skipInvalid, json,
        };
        if (people)
        {
            import.Options.Add(deactivateMissing);
        }
        else
        {
            import.Options.Add(timeZone);
        }

        import.SetAction(async (parse, ct) =>
        {
            var info = parse.GetValue(file)!;
            if (!info.Exists)
            {
                throw new CliException($"Файл не найден: {info.FullName}");
            }

            var options = new ImportOptions(
                parse.GetValue(region)!,
                people ? RegionClock.DefaultTimeZone : parse.GetValue(timeZone)!,
                DryRun: parse.GetValue(dryRun),
                SkipInvalid: parse.GetValue(skipInvalid),
                DeactivateMissing: people && parse.GetValue(deactivateMissing));
            ImportSummary summary;
            try
            {
                var table = TabularFile.Read(await File.ReadAllBytesAsync(info.FullName, ct), info.Name);
                await using var db = await context.OpenDatabaseAsync(ct);
                summary = await importer(db, table, options, DateTime.UtcNow, ct);
            }
            catch (ImportFormatException ex)
            {
                throw new CliException(ex.Message);
            }

            await WriteSummaryAsync(context, summary, options, parse.GetValue(json));
            return summary.HasErrors && !summary.Applied ? CliApp.BadInput : CliApp.Ok;
        });

        var exportRegion = new Option<string>("--region") { Description = "Регион", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Файл выгрузки: .csv или .xlsx", Required = true };
        var export = new Command("export", "Выгрузить в тех же столбцах, что и загрузка (файл можно исправить и загрузить обратно).") { exportRegion, output };
        export.SetAction(async (parse, ct) =>
        {
            var regionName = parse.GetValue(exportRegion)!.Trim();
            var target = parse.GetValue(output)!;
            await using var db = await context.OpenDatabaseAsync(ct);
            var regionId = await db.Regions.Where(r => r.Name == regionName).Select(r => (int?)r.Id).FirstOrDefaultAsync(ct)
                ?? throw new CliException($"Регион «{regionName}» не найден.");
            var report = await exporter(db, regionId, ct);
            var bytes = target.Extension.Equals(".xlsx", StringComparison.OrdinalIgnoreCase) ? XlsxWriter.ToBytes(report) : CsvWriter.ToBytes(report);
            if (target.Directory is { Exists: false } directory)
            {
                directory.Create();
            }

            await File.WriteAllBytesAsync(target.FullName, bytes, ct);
            await context.Out.WriteLineAsync($"Выгружено строк: {report.Rows.Count} → {target.FullName}");
            return CliApp.Ok;
        });

        return new Command(name, description) { import, export };
    }

    private static async Task WriteSummaryAsync(CliContext context, ImportSummary summary, ImportOptions options, bool json)
    {
        if (json)
        {
            await context.Out.WriteLineAsync(JsonSerializer.Serialize(new
            {
                summary.Rows,
                summary.Created,
                summary.Updated,
                summary.Unchanged,
                summary.Deactivated,
                Errors = summary.Errors.Select(e => new { e.Row, e.Message }),
                summary.Applied,
                options.DryRun,
            }, RoadmapCommands.Json));
            return;
        }

        var rows = new (string Label, int Count)[]
        {
            ("создано", summary.Created), ("обновлено", summary.Updated), ("без изменений", summary.Unchanged),
            ("отключено", summary.Deactivated), ("ошибок", summary.Errors.Count),
        };
        foreach (var (label, count) in rows)
        {
            await context.Out.WriteLineAsync($"{label,-15}{count,6}");
        }

        foreach (var error in summary.Errors)
        {
            await context.Error.WriteLineAsync(error.ToString());
        }

        await context.Out.WriteLineAsync(summary.Applied ? "Изменения сохранены."
            : options.DryRun ? "Пробный запуск: ничего не сохранено."
            : "В файле есть ошибки: ничего не сохранено (исправьте строки или добавьте --skip-invalid).");
    }
}
