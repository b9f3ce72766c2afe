using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.People;
using SchoolSupport.Reminders;
using SchoolSupport.Surveys;

namespace SchoolSupport.Cli.Commands;

/// <summary>
/// <c>survey import FILE --region NAME</c> (a draft; the same file again updates it), <c>survey export ID --format
/// csv|xlsx --out FILE</c> (streamed), <c>survey sample</c> (the shipped template) and <c>survey definition ID</c>.
/// </summary>
internal static class SurveyCommands
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "Файл опроса (JSON, см. README: «Опросы»)" };
        var region = new Option<string>("--region") { Description = "Регион, например «Ленинградская область»", Required = true };
        var owner = new Option<string?>("--owner") { Description = "Эл. почта координатора, который проводит опрос (по умолчанию — первый региональный координатор)" };
        var import = new Command("import", "Загрузить опрос из файла как черновик (повторная загрузка с тем же id обновляет черновик).") { file, region, owner };
        import.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new CliException($"Файл «{path.FullName}» не найден.");
            }

            if (path.Length > SurveyLimits.MaxFileBytes)
            {
                throw new CliException($"Файл больше {SurveyLimits.MaxFileBytes / 1024} КБ — это не похоже на опрос.");
            }

            var read = SurveyFile.Read(await File.ReadAllTextAsync(path.FullName, ct));
            if (!read.Ok)
            {
                throw new CliException("Опрос не загружен, ничего не сохранено:\n  " + string.Join("\n  ", read.Errors));
            }

            await using var db = await context.OpenDatabaseAsync(ct);
            var regionName = parse.GetValue(region)!.Trim();
            var regionId = await db.Regions.Where(r => r.Name == regionName).Select(r => (int?)r.Id).FirstOrDefaultAsync(ct)
                ?? throw new CliException($"Регион «{regionName}» не найден. Есть: {string.Join(", ", await db.Regions.Select(r => r.Name).ToListAsync(ct))}.");
            var person = await OwnerAsync(db, regionId, parse.GetValue(owner), ct);
            var result = await SurveyService.ImportAsync(db, read.Definition!, person, regionId, "file", context.Time.GetUtcNow().UtcDateTime, ct);
            if (result.Survey is not { } survey)
            {
                throw new CliException("Опрос не загружен, ничего не сохранено:\n  " + string.Join("\n  ", result.Errors));
            }

            await context.Out.WriteLineAsync(
                $"Опрос № {survey.Id} «{survey.Title}» {(result.Created ? "загружен" : "обновлён")} ({SurveyService.State(survey, context.Time.GetUtcNow().UtcDateTime).ToLowerInvariant()}), " +
                $"вопросов: {survey.ParsedQuestions.Count}. Проводит: {person.FullName}. Подтвердить: в чате с ботом «мои опросы» → «Предпросмотр».");
            return CliApp.Ok;
        });

        var id = new Argument<int>("id") { Description = "Номер опроса" };
        var format = new Option<string>("--format") { Description = "csv или xlsx", DefaultValueFactory = _ => "csv" };
        var output = new Option<FileInfo?>("--out") { Description = "Файл для выгрузки (по умолчанию опрос-N-ответы.csv|xlsx)" };
        var export = new Command("export", "Выгрузить ответы: одна строка — один ответ, один столбец — один вопрос (CSV или XLSX).") { id, format, output };
        export.SetAction(async (parse, ct) =>
        {
            var kind = parse.GetValue(format)?.Trim().ToLowerInvariant() switch
            {
                "csv" => SurveyExportFormat.Csv,
                "xlsx" => SurveyExportFormat.Xlsx,
                _ => throw new CliException("Формат выгрузки: csv или xlsx."),
            };
            await using var db = await context.OpenDatabaseAsync(ct);
            var survey = await db.Surveys.AsNoTracking().FirstOrDefaultAsync(s => s.Id == parse.GetValue(id), ct)
                ?? throw new CliException($"Опрос {parse.GetValue(id)} не найден.");
            var target = parse.GetValue(output)?.FullName ?? Path.GetFullPath(SurveyExport.FileName(survey, kind));
            if (Path.GetDirectoryName(target) is { } dir)
            {
                Directory.CreateDirectory(dir);
            }

            long rows;
            await using (var stream = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                rows = await SurveyExport.WriteAsync(db, survey, kind, stream, ct);
            }

            await context.Out.WriteLineAsync($"«{survey.Title}»: ответов {rows}, выгружено в {target}");
            return CliApp.Ok;
        });

        var sampleOut = new Option<FileInfo?>("--out") { Description = "Куда записать образец (по умолчанию — на экран)" };
        var sample = new Command("sample", "Образец файла опроса «Опрос участников проекта» для адаптации.") { sampleOut };
        sample.SetAction(async (parse, ct) =>
        {
            var json = SurveySample.Json();
            if (parse.GetValue(sampleOut) is { } target)
            {
                await File.WriteAllTextAsync(target.FullName, json, ct);
                await context.Out.WriteLineAsync($"Образец записан в {target.FullName}");
            }
            else
            {
                await context.Out.WriteAsync(json);
            }

            return CliApp.Ok;
        });

        var definitionId = new Argument<int>("id") { Description = "Номер опроса" };
        var definition = new Command("definition", "Напечатать опрос в формате файла (для правки и повторной загрузки).") { definitionId };
        definition.SetAction(async (parse, ct) =>
        {
            await using var db = await context.OpenDatabaseAsync(ct);
            var survey = await db.Surveys.AsNoTracking().FirstOrDefaultAsync(s => s.Id == parse.GetValue(definitionId), ct)
                ?? throw new CliException($"Опрос {parse.GetValue(definitionId)} не найден.");
            await context.Out.WriteLineAsync(SurveyFile.Write(await SurveyService.DefinitionAsync(db, survey, ct)));
            return CliApp.Ok;
        });

        return new Command("survey", "Опросы участников проекта.") { import, export, sample, definition };
    }

    private static async Task<Person> OwnerAsync(Data.SchoolSupportDbContext db, int regionId, string? email, CancellationToken ct)
    {
        var coordinators = db.RoleAssignments.Where(r => r.RegionId == regionId && (r.Role == Role.RegionalCoordinator || r.Role == Role.MunicipalCoordinator))
            .Join(db.People.Where(p => p.IsActive), r => r.PersonId, p => p.Id, (r, p) => new { p, r.Role });
        if (email is not null)
        {
            var normalized = email.Trim().ToLowerInvariant();
            return await coordinators.Where(x => x.p.Email == normalized).Select(x => x.p).FirstOrDefaultAsync(ct)
                ?? throw new CliException($"{email}: нет такого координатора в регионе. Опрос проводит региональный или муниципальный координатор.");
        }

        return await coordinators.Where(x => x.Role == Role.RegionalCoordinator).OrderBy(x => x.p.Id).Select(x => x.p).FirstOrDefaultAsync(ct)
            ?? throw new CliException("В регионе нет регионального координатора: укажите --owner.");
    }
}
