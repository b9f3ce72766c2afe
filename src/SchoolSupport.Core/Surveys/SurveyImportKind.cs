using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Cards;
using SchoolSupport.Common;
using SchoolSupport.Conversation;
using SchoolSupport.Imports;

namespace SchoolSupport.Surveys;

/// <summary>
/// A survey file (the JSON format of <see cref="SurveyFile"/>) sent in chat by a coordinator: the preview shows what
/// the file defines and whether it makes a new draft or updates one; «Импортировать» stores it exactly like
/// <c>survey import</c>, so the same file twice updates the draft and never adds a second survey.
/// </summary>
public sealed class SurveyImportKind : IImportKind
{
    public string Name => "survey";

    public bool Recognises(string fileName, byte[] content)
    {
        if (!string.Equals(Path.GetExtension(fileName), ".json", StringComparison.OrdinalIgnoreCase) || content.Length > SurveyLimits.MaxFileBytes)
        {
            return false;
        }

        try
        {
            return JsonNode.Parse(Text(content), documentOptions: RelaxedJson.DocumentOptions)
                is JsonObject o && o.ContainsKey("questions");
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public async Task<ImportOutcome> RunAsync(TurnScope scope, ImportActor actor, string fileName, byte[] content, bool apply, CancellationToken ct)
    {
        const string title = "Опрос";
        var read = SurveyFile.Read(Text(content));
        if (!read.Ok)
        {
            return new ImportOutcome($"{title}: файл с ошибками", [], read.Errors, [], false,
                "Опрос не загружен, ничего не сохранено: исправьте файл и отправьте его снова.");
        }

        var definition = read.Definition!;
        var existing = await scope.Db.Surveys.AsNoTracking()
            .Where(s => s.RegionId == actor.RegionId && s.Key == definition.Key)
            .Select(s => new { s.OwnerPersonId, s.Status, s.Title })
            .FirstOrDefaultAsync(ct);
        CardFact[] counts =
        [
            new("Название", definition.Title),
            new("Вопросов", definition.Questions.Count.ToString(CultureInfo.InvariantCulture)),
            new("Сроки", $"{definition.OpensLocal.ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture)} — {definition.ClosesLocal.ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture)}"),
            new("Анонимность", definition.Anonymous ? "анонимный" : "именной"),
        ];
        if (existing is not null && existing.OwnerPersonId != actor.PersonId)
        {
            return new ImportOutcome($"{title}: файл не подходит", counts,
                [$"Опрос с id «{definition.Key}» («{existing.Title}») ведёт другой координатор. Для своего опроса задайте в файле другой id."], [], false);
        }

        var person = await scope.Db.People.FirstAsync(p => p.Id == actor.PersonId, ct);
        SurveyService.ImportResult result;
        if (apply)
        {
            result = await SurveyService.ImportAsync(scope.Db, definition, person, actor.RegionId, "file", scope.UtcNow, ct);
        }
        else
        {
            // The same checks as the real import (names in the audience, the roadmap item, what an open survey may
            // change), inside a transaction that is never committed.
            await using var transaction = await scope.Db.Database.BeginTransactionAsync(ct);
            result = await SurveyService.ImportAsync(scope.Db, definition, person, actor.RegionId, "file", scope.UtcNow, ct);
            await transaction.RollbackAsync(ct);
            scope.Db.ChangeTracker.Clear();
        }

        if (result.Survey is null)
        {
            return new ImportOutcome($"{title}: {(apply ? "не загружен" : "проверка перед загрузкой")}", counts, result.Errors, [], false,
                "Опрос не загружен, ничего не сохранено: исправьте файл и отправьте его снова.");
        }

        string change = existing switch
        {
            null => $"новый черновик «{definition.Title}» (id «{definition.Key}»)",
            { Status: SurveyStatus.Draft } => $"обновится черновик «{definition.Title}» (id «{definition.Key}»); нового опроса не появится",
            _ => $"опрос уже идёт: изменится только срок окончания — {definition.ClosesLocal.ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture)}",
        };
        if (!apply)
        {
            return new ImportOutcome($"{title}: проверка перед загрузкой", counts, [], [change], true,
                "После загрузки напишите «мои опросы»: там черновик можно просмотреть и подтвердить.");
        }

        return new ImportOutcome($"{title}: загружено", counts, [],
            [existing is null ? "черновик создан" : existing.Status == SurveyStatus.Draft ? "черновик обновлён" : "срок окончания продлён",
             "напишите «мои опросы», чтобы просмотреть и подтвердить опрос"], true, null, "Итог");
    }

    private static string Text(byte[] content) => Encoding.UTF8.GetString(content).TrimStart('\uFEFF');
}
