using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using SchoolSupport.Roadmaps.Documents;
using SchoolSupport.Roadmaps.Import;
using SchoolSupport.Schedules;

namespace SchoolSupport.Cli.Commands;

internal static class RoadmapCommands
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static Command Create(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "Документ дорожной карты: .docx или текстовая выгрузка .txt" };
        var parse = new Command("parse", "Разобрать дорожную карту и напечатать её как JSON.") { file };
        parse.SetAction(async (result, ct) =>
        {
            var parsed = Read(result.GetValue(file)!);
            await context.Out.WriteLineAsync(JsonSerializer.Serialize(ToJson(parsed), Json));
            return CliApp.Ok;
        });

        var importFile = new Argument<FileInfo>("file") { Description = "Документ дорожной карты: .docx или .txt" };
        var region = new Option<string>("--region") { Description = "Регион (создаётся, если его ещё нет)", Required = true };
        var municipality = new Option<string?>("--municipality") { Description = "Для муниципальной дорожной карты: район" };
        var import = new Command("import", "Загрузить дорожную карту в базу (повторная загрузка обновляет, а не дублирует).")
        {
            importFile, region, municipality,
        };
        import.SetAction(async (result, ct) =>
        {
            var info = result.GetValue(importFile)!;
            var parsed = Read(info);
            var regionName = result.GetValue(region);
            if (string.IsNullOrWhiteSpace(regionName))
            {
                throw new CliException("Укажите регион: --region \"Название региона\".");
            }

            var municipalityName = result.GetValue(municipality);
            var target = new ImportTarget(regionName, municipalityName is null ? Roadmaps.RoadmapLevel.Region : Roadmaps.RoadmapLevel.Municipality, municipalityName);
            await using var db = await context.OpenDatabaseAsync(ct);
            var outcome = await RoadmapImporter.ImportAsync(db, parsed, target, RoadmapImporter.Hash(await File.ReadAllBytesAsync(info.FullName, ct)), DateTime.UtcNow, ct);
            await context.Out.WriteLineAsync(
                $"{(outcome.Created ? "Загружена" : "Обновлена")} дорожная карта «{parsed.Title}» ({parsed.Year}): " +
                $"пунктов {parsed.Items.Count} (новых {outcome.ItemsAdded}, обновлено {outcome.ItemsUpdated}, снято {outcome.ItemsWithdrawn}).");
            foreach (var warning in outcome.Warnings)
            {
                await context.Error.WriteLineAsync("Предупреждение: " + warning);
            }

            return CliApp.Ok;
        });

        return new Command("roadmap", "Дорожные карты.") { parse, import };
    }

    private static ParsedRoadmap Read(FileInfo info)
    {
        if (!info.Exists)
        {
            throw new CliException($"Файл не найден: {info.FullName}");
        }

        try
        {
            return RoadmapDocumentReader.Read(info.FullName);
        }
        catch (RoadmapFormatException ex)
        {
            throw new CliException(ex.Message);
        }
        catch (IOException ex)
        {
            throw new CliException($"Не удалось прочитать файл {info.Name}: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new CliException($"Нет доступа к файлу {info.Name}: {ex.Message}");
        }
    }

    private static object ToJson(ParsedRoadmap parsed) => new
    {
        parsed.Title,
        parsed.Year,
        parsed.AcademicYearStart,
        parsed.Region,
        parsed.SourceFileName,
        parsed.Columns,
        Sections = parsed.Sections.Select(s => new { s.Number, s.Title, s.ParentNumber }),
        Items = parsed.Items.Select(i => new
        {
            i.Number,
            Section = i.SectionNumber,
            i.Title,
            Timeframe = ToJson(i.Timeframe),
            i.Responsible,
            ResponsibleByLevel = i.ResponsibleByLevel.Count == 0 ? null : i.ResponsibleByLevel,
            ResolvedRoles = ResponsibilityResolver.Resolve(i.Responsible, i.ResponsibleByLevel).Roles.ToString(),
            i.ExpectedResult,
            i.TargetPercent,
            i.TargetCount,
            i.InformationSupport,
            i.Confidence,
            i.Guesses,
        }),
        parsed.Warnings,
    };

    private static object ToJson(Timeframe t) => new
    {
        t.Text,
        t.Kind,
        t.Start,
        t.End,
        t.Dates,
        Recurrence = t.Recurrences.Count == 0 ? null : t.Recurrences,
        t.Note,
    };
}
