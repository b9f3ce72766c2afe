using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SchoolSupport.Cards;
using SchoolSupport.Conversation;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;
using SchoolSupport.Roadmaps.Documents;
using SchoolSupport.Roadmaps.Import;
using SchoolSupport.Schools;

namespace SchoolSupport.Imports;

/// <summary>Who imports and into what: the coordinator's region, and their municipality when they coordinate only one.</summary>
public sealed record ImportActor(int PersonId, int RegionId, string RegionName, int? MunicipalityId, string? MunicipalityName);

/// <summary>Model of cards/import-preview.json.</summary>
public sealed record ImportPreviewCard(
    int ImportId,
    string Title,
    string FileName,
    IReadOnlyList<CardFact> Counts,
    IReadOnlyList<string> Errors,
    string ChangesTitle,
    IReadOnlyList<string> Changes,
    string? Note,
    string? Outcome,
    bool CanImport,
    bool CanCancel);

/// <summary>What a kind of file would do (preview) or did (apply).</summary>
public sealed record ImportOutcome(
    string Title,
    IReadOnlyList<CardFact> Counts,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Changes,
    bool CanApply,
    string? Note = null,
    string ChangesTitle = "Что изменится");

/// <summary>
/// A kind of file a coordinator can send to the bot (roster, school list, roadmap…). A feature adds its own with
/// <see cref="ImportSetup.AddImportKind{T}"/>; the first kind that recognises a file handles it.
/// </summary>
public interface IImportKind
{
    /// <summary>Stored with the pending import; stable.</summary>
    string Name { get; }

    bool Recognises(string fileName, byte[] content);

    /// <param name="apply">False: check and describe only, nothing stored. True: store (the same checks apply).</param>
    Task<ImportOutcome> RunAsync(TurnScope scope, ImportActor actor, string fileName, byte[] content, bool apply, CancellationToken ct);
}

public static class ImportSetup
{
    public const long MaxFileBytes = 10 * 1024 * 1024;
    public static readonly TimeSpan PendingLifetime = TimeSpan.FromDays(1);

    public static IServiceCollection AddImports(this IServiceCollection services)
    {
        services.AddScoped<ChatImports>();
        services.AddImportKind<RosterImportKind>();
        services.AddImportKind<SchoolListImportKind>();
        services.AddImportKind<RoadmapImportKind>();
        services.AddCardAction<ImportDecisionAction>();
        return services;
    }

    public static IServiceCollection AddImportKind<T>(this IServiceCollection services) where T : class, IImportKind
    {
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IImportKind, T>());
        return services;
    }
}

/// <summary>
/// A file sent in a personal chat: fetched through the channel's reader, recognised, previewed on a card with
/// «Импортировать» / «Отмена». The file waits in the database, so the answer may reach any instance.
/// </summary>
public sealed class ChatImports(InboundFiles files, IEnumerable<IImportKind> kinds)
{
    public async Task HandleAsync(TurnScope scope, CancellationToken ct)
    {
        if (Actor(scope) is not { } actor)
        {
            scope.Say("Файлы со списками школ, участников, дорожными картами и опросами принимаются от региональных и муниципальных координаторов.");
            return;
        }

        var file = scope.Input.Files[0];
        byte[] content;
        try
        {
            content = await files.ReadAsync(file, ImportSetup.MaxFileBytes, ct);
        }
        catch (InboundFileException ex)
        {
            scope.Say(ex.Message);
            return;
        }

        var kind = kinds.FirstOrDefault(k => k.Recognises(file.Name, content));
        if (kind is null)
        {
            scope.Say($"Не понял, что в файле «{file.Name}». Я принимаю список школ или участников (.xlsx, .csv), дорожную карту (.docx, .txt) и опрос (.json); " +
                      "образцы столбцов — в разделе «Setting up a region» README.");
            return;
        }

        var pending = new PendingImport
        {
            PersonId = actor.PersonId,
            Kind = kind.Name,
            FileName = file.Name,
            Content = content,
            CreatedAt = scope.UtcNow,
            ExpiresAt = scope.UtcNow + ImportSetup.PendingLifetime,
        };
        var outcome = await kind.RunAsync(scope, actor, file.Name, content, apply: false, ct);
        scope.Db.ChangeTracker.Clear();
        if (outcome.CanApply)
        {
            scope.Db.PendingImports.Add(pending);
            await scope.Db.SaveChangesAsync(ct);
        }

        scope.Show("import-preview", Card(pending, actor, outcome, null, outcome.CanApply));
    }

    public static ImportActor? Actor(TurnScope scope)
    {
        var caller = scope.Caller;
        var regional = caller?.Roles.FirstOrDefault(r => r.Role == Role.RegionalCoordinator);
        var municipal = caller?.Roles.FirstOrDefault(r => r.Role == Role.MunicipalCoordinator && r.MunicipalityId is not null);
        var role = regional ?? municipal;
        if (caller is null || role is null)
        {
            return null;
        }

        var region = scope.Db.Regions.AsNoTracking().First(r => r.Id == role.RegionId);
        var municipality = regional is null
            ? scope.Db.Municipalities.AsNoTracking().First(m => m.Id == municipal!.MunicipalityId)
            : null;
        return new ImportActor(caller.Person.Id, region.Id, region.Name, municipality?.Id, municipality?.Name);
    }

    public static ImportPreviewCard Card(PendingImport pending, ImportActor actor, ImportOutcome outcome, string? result, bool canDecide) => new(
        pending.Id,
        outcome.Title,
        $"{pending.FileName} · {actor.MunicipalityName ?? actor.RegionName}",
        outcome.Counts,
        outcome.Errors.Take(10).ToList(),
        outcome.ChangesTitle,
        outcome.Changes.Take(15).ToList(),
        canDecide ? outcome.Note : null,
        result,
        canDecide && outcome.CanApply,
        canDecide);
}

/// <summary>«Импортировать» / «Отмена» on the preview card; re-checked on the server for the person and the file.</summary>
public sealed class ImportDecisionAction(IEnumerable<IImportKind> kinds) : ICardAction
{
    public const string Apply = "import.apply";
    public const string Cancel = "import.cancel";

    public IReadOnlyCollection<string> Verbs { get; } = [Apply, Cancel];

    public async Task HandleAsync(TurnScope scope, CancellationToken ct)
    {
        if (new CardData(scope.Input.Data).Id("importId") is not { } id || ChatImports.Actor(scope) is not { } actor)
        {
            scope.Refuse("Эта загрузка недоступна.");
            return;
        }

        var pending = await scope.Db.PendingImports.FirstOrDefaultAsync(p => p.Id == id && p.PersonId == actor.PersonId, ct);
        var kind = kinds.FirstOrDefault(k => k.Name == pending?.Kind);
        if (pending is null || kind is null)
        {
            scope.Refuse("Эта загрузка недоступна.");
            return;
        }

        if (pending.CompletedAt is not null || pending.ExpiresAt < scope.UtcNow)
        {
            scope.Refuse(pending.Outcome == "imported" ? "Файл уже загружен." : "Эта загрузка отменена или устарела: отправьте файл снова.");
            return;
        }

        if (scope.Input.Verb == Cancel)
        {
            pending.CompletedAt = scope.UtcNow;
            pending.Outcome = "cancelled";
            await scope.Db.SaveChangesAsync(ct);
            var preview = await kind.RunAsync(scope, actor, pending.FileName, pending.Content, apply: false, ct);
            scope.Update("import-preview", ChatImports.Card(pending, actor, preview, "Загрузка отменена, ничего не изменено.", canDecide: false));
            return;
        }

        // Claim the file first: of two presses (or two instances) only one applies it.
        var claimed = await scope.Db.PendingImports.Where(p => p.Id == id && p.CompletedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.CompletedAt, scope.UtcNow).SetProperty(p => p.Outcome, "imported"), ct);
        if (claimed == 0)
        {
            scope.Refuse("Файл уже загружен.");
            return;
        }

        var outcome = await kind.RunAsync(scope, actor, pending.FileName, pending.Content, apply: true, ct);
        if (!outcome.CanApply)
        {
            // The data changed since the preview and the file no longer applies cleanly: nothing was stored.
            await scope.Db.PendingImports.Where(p => p.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Outcome, "failed"), ct);
            scope.Update("import-preview", ChatImports.Card(pending, actor, outcome, "Файл не загружен: исправьте ошибки и отправьте его снова.", canDecide: false));
            return;
        }

        scope.Update("import-preview", ChatImports.Card(pending, actor, outcome with { Title = outcome.Title.Replace("проверка перед загрузкой", "загружено", StringComparison.Ordinal) },
            "Готово: изменения сохранены.", canDecide: false));
    }
}

/// <summary>Shared by the school list and the roster: a table with known headers.</summary>
public abstract class TableImportKind : IImportKind
{
    public abstract string Name { get; }

    protected abstract IReadOnlyList<ImportColumn> Columns { get; }

    protected abstract string Title { get; }

    public bool Recognises(string fileName, byte[] content)
    {
        if (!TabularFile.IsSupported(fileName))
        {
            return false;
        }

        try
        {
            var headers = TabularFile.Read(content, fileName).Headers;
            ImportColumns.Match(headers, Columns, "файле");
            return true;
        }
        catch (ImportFormatException)
        {
            return false;
        }
    }

    public async Task<ImportOutcome> RunAsync(TurnScope scope, ImportActor actor, string fileName, byte[] content, bool apply, CancellationToken ct)
    {
        var options = new ImportOptions(actor.RegionName, DryRun: !apply, OnlyMunicipalityId: actor.MunicipalityId, ActorPersonId: actor.PersonId);
        ImportSummary summary;
        try
        {
            summary = await ImportAsync(scope, TabularFile.Read(content, fileName), options, ct);
        }
        catch (ImportFormatException ex)
        {
            return new ImportOutcome(Title, [], [ex.Message], [], false);
        }

        CardFact[] counts =
        [
            new("Строк", Text(summary.Rows)), new("Новых", Text(summary.Created)), new("Изменится", Text(summary.Updated)),
            new("Без изменений", Text(summary.Unchanged)), new("Ошибок", Text(summary.Errors.Count)),
        ];
        return new ImportOutcome(
            $"{Title}: проверка перед загрузкой",
            counts,
            summary.Errors.Select(e => e.ToString()).ToList(),
            summary.Changes,
            !summary.HasErrors,
            summary.HasErrors ? "Пока в файле есть ошибки, он не будет загружен: исправьте строки и отправьте файл снова." : null);
    }

    protected abstract Task<ImportSummary> ImportAsync(TurnScope scope, ImportTable table, ImportOptions options, CancellationToken ct);

    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);
}

public sealed class RosterImportKind : TableImportKind
{
    public override string Name => "people";

    protected override IReadOnlyList<ImportColumn> Columns => RosterImporter.Columns;

    protected override string Title => "Список участников";

    protected override Task<ImportSummary> ImportAsync(TurnScope scope, ImportTable table, ImportOptions options, CancellationToken ct) =>
        RosterImporter.ImportAsync(scope.Db, table, options, scope.UtcNow, ct);
}

public sealed class SchoolListImportKind : TableImportKind
{
    public override string Name => "schools";

    protected override IReadOnlyList<ImportColumn> Columns => SchoolImporter.Columns;

    protected override string Title => "Список школ";

    protected override Task<ImportSummary> ImportAsync(TurnScope scope, ImportTable table, ImportOptions options, CancellationToken ct) =>
        SchoolImporter.ImportAsync(scope.Db, table, options, scope.UtcNow, ct);
}

/// <summary>A roadmap .docx/.txt: sections, item count, items whose timeframe was not understood, and what was guessed.</summary>
public sealed class RoadmapImportKind : IImportKind
{
    public string Name => "roadmap";

    public bool Recognises(string fileName, byte[] content) =>
        Path.GetExtension(fileName).ToLowerInvariant() is ".docx" or ".txt";

    public async Task<ImportOutcome> RunAsync(TurnScope scope, ImportActor actor, string fileName, byte[] content, bool apply, CancellationToken ct)
    {
        ParsedRoadmap parsed;
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            parsed = RoadmapDocumentReader.Read(stream, fileName);
        }
        catch (RoadmapFormatException ex)
        {
            return new ImportOutcome("Дорожная карта", [], [ex.Message], [], false);
        }

        var unknown = parsed.Items.Where(i => i.Timeframe.Kind == Schedules.TimeframeKind.Unrecognised).ToList();
        var guessed = parsed.Items.Where(i => i.Confidence < 0.8 && i.Timeframe.Kind != Schedules.TimeframeKind.Unrecognised).ToList();
        CardFact[] counts =
        [
            new("Год", parsed.AcademicYearStart is { } a ? $"{a}/{a + 1} учебный" : parsed.Year?.ToString(CultureInfo.InvariantCulture) ?? "не указан"),
            new("Разделов", parsed.Sections.Count.ToString(CultureInfo.InvariantCulture)),
            new("Пунктов", parsed.Items.Count.ToString(CultureInfo.InvariantCulture)),
            new("Срок не распознан", unknown.Count.ToString(CultureInfo.InvariantCulture)),
            new("С допущениями", guessed.Count.ToString(CultureInfo.InvariantCulture)),
        ];
        var lines = parsed.Sections.Take(8).Select(s => $"Раздел {s.Number}. {s.Title}")
            .Concat(unknown.Take(5).Select(i => $"Пункт {i.Number}: срок «{i.TimeframeText}» не распознан"))
            .Concat(guessed.Take(5).Select(i => $"Пункт {i.Number} (уверенность {i.Confidence.ToString("0.##", CultureInfo.InvariantCulture)}): {string.Join("; ", i.Guesses)}"))
            .ToList();
        var title = $"Дорожная карта «{Shorten(parsed.Title)}»";
        if (!apply)
        {
            return new ImportOutcome($"{title}: проверка перед загрузкой", counts, [], lines, true,
                unknown.Count > 0 ? "Пункты с нераспознанным сроком загрузятся без даты: их можно будет увидеть, но напоминаний по ним не будет." : null,
                "Разделы и замечания");
        }

        var target = actor.MunicipalityName is { } municipality
            ? new ImportTarget(actor.RegionName, RoadmapLevel.Municipality, municipality)
            : new ImportTarget(actor.RegionName);
        var result = await RoadmapImporter.ImportAsync(scope.Db, parsed, target, RoadmapImporter.Hash(content), scope.UtcNow, ct);
        return new ImportOutcome($"{title}: загружено", counts, [],
            [$"новых пунктов {result.ItemsAdded}, обновлено {result.ItemsUpdated}, снято {result.ItemsWithdrawn}"], true, null, "Итог");
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "…";
}
