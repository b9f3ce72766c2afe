using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Consultations;

namespace SchoolSupport.Cli.Commands;

/// <summary>
/// <c>export consultations --region "Ленинградская область" --from 2022-01-01 --to 2022-12-31 --format xlsx --out file</c>.
/// CSV is UTF-8 with BOM and «;» separators, which Excel in the Russian locale opens directly.
/// </summary>
internal static class ExportCommands
{
    public static Command Create(CliContext context)
    {
        var region = new Option<string>("--region") { Description = "Регион (как в базе, например «Ленинградская область»).", Required = true };
        var from = new Option<string>("--from") { Description = "Начало периода: 2022-01-01 или 01.01.2022.", Required = true };
        var to = new Option<string>("--to") { Description = "Конец периода включительно.", Required = true };
        var format = new Option<string?>("--format") { Description = "csv или xlsx (по умолчанию — по расширению файла, иначе xlsx)." };
        format.AcceptOnlyFromAmong("csv", "xlsx");
        var output = new Option<FileInfo>("--out") { Description = "Файл, куда записать выгрузку.", Required = true };

        var consultations = new Command("consultations", "Консультации школ за период: тема, решения, намеченные мероприятия.")
        {
            region, from, to, format, output,
        };
        consultations.SetAction(async (parse, ct) =>
        {
            var start = ParseDate(parse.GetValue(from)!, "--from");
            var end = ParseDate(parse.GetValue(to)!, "--to");
            if (end < start)
            {
                throw new CliException("Конец периода (--to) раньше начала (--from).");
            }

            var file = parse.GetValue(output)!;
            var kind = (parse.GetValue(format) ?? file.Extension.TrimStart('.')).ToLowerInvariant() == "csv" ? ExportFormat.Csv : ExportFormat.Xlsx;
            var regionName = parse.GetValue(region)!.Trim();

            await using var db = await context.OpenDatabaseAsync(ct);
            var regionId = await db.Regions.Where(r => r.Name == regionName).Select(r => (int?)r.Id).FirstOrDefaultAsync(ct)
                ?? throw new CliException($"Регион «{regionName}» не найден. Есть: {string.Join(", ", await db.Regions.Select(r => r.Name).ToListAsync(ct))}.");

            var report = await ConsultationExport.BuildAsync(db, new ConsultationExportFilter(start, end) { RegionId = regionId }, ct);
            var bytes = ConsultationExport.Render(report, kind);
            if (file.Directory is { Exists: false } directory)
            {
                directory.Create();
            }

            await File.WriteAllBytesAsync(file.FullName, bytes, ct);
            await context.Out.WriteLineAsync(
                $"Выгружено консультаций: {report.Rows.Count} ({kind.ToString().ToLowerInvariant()}) → {file.FullName}");
            return CliApp.Ok;
        });

        return new Command("export", "Выгрузки для отчётности.") { consultations };
    }

    private static DateOnly ParseDate(string text, string option) =>
        DateOnly.TryParseExact(text.Trim(), ["yyyy-MM-dd", "dd.MM.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new CliException($"{option}: дата «{text}» не распознана. Пишите 2022-01-31 или 31.01.2022.");
}
