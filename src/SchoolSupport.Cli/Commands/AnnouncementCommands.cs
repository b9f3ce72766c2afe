using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Announcements;

namespace SchoolSupport.Cli.Commands;

internal static class AnnouncementCommands
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<int>("id") { Description = "Номер объявления" };
        var format = new Option<string>("--format") { Description = "csv или xlsx", DefaultValueFactory = _ => "csv" };
        var output = new Option<FileInfo?>("--out") { Description = "Файл для выгрузки (по умолчанию объявление-N.csv|xlsx)" };
        var export = new Command("export", "Выгрузить статус доставки объявления по получателям (CSV или XLSX).") { id, format, output };
        export.SetAction(async (result, ct) =>
        {
            var kind = result.GetValue(format)?.Trim().ToLowerInvariant();
            if (kind is not ("csv" or "xlsx"))
            {
                throw new CliException("Формат выгрузки: csv или xlsx.");
            }

            await using var db = await context.OpenDatabaseAsync(ct);
            var announcement = await db.Announcements.AsNoTracking().FirstOrDefaultAsync(a => a.Id == result.GetValue(id), ct)
                ?? throw new CliException($"Объявление {result.GetValue(id)} не найдено.");
            var zone = await AnnouncementService.ZoneAsync(db, announcement.RegionId, ct);
            var rows = await AnnouncementExport.RowsAsync(db, announcement, zone, ct);
            var file = result.GetValue(output)?.FullName ?? Path.GetFullPath($"объявление-{announcement.Id}.{kind}");
            await File.WriteAllBytesAsync(file, kind == "xlsx" ? AnnouncementExport.ToXlsx(rows) : AnnouncementExport.ToCsv(rows), ct);
            await context.Out.WriteLineAsync($"«{announcement.Title}»: получателей {rows.Count}, выгружено в {file}");
            return CliApp.Ok;
        });

        return new Command("announcements", "Объявления координаторов.") { export };
    }
}
