using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SchoolSupport.Audiences;
using SchoolSupport.Conversation;
using SchoolSupport.People;
using SchoolSupport.Reminders;

namespace SchoolSupport.Surveys;

public static class SurveyVerbs
{
    public const string Start = "survey.start";
    public const string Answer = "survey.answer";
    public const string Preview = "survey.preview";
    public const string Confirm = "survey.confirm";
    public const string Cancel = "survey.cancel";
    public const string Edit = "survey.edit";
    public const string Build = "survey.build";
    public const string Sample = "survey.sample";
    public const string Status = "survey.status";
    public const string Results = "survey.results";
    public const string Texts = "survey.texts";
    public const string Remind = "survey.remind";
    public const string Extend = "survey.extend";
    public const string Export = "survey.export";
}

/// <summary>«мои опросы»: the open surveys to answer with their state, and for coordinators the surveys they run.</summary>
public sealed class MySurveysCommand : IChatCommand, IDeclaredCommand
{
    public static IReadOnlyList<CommandDeclaration> Declarations { get; } =
    [
        new()
        {
            Name = "survey.list",
            Roles = CommandRoles.Everyone,
            Example = "мои опросы",
            Help = "опросы, на которые ждут вашего ответа (и те, что вы проводите): ответить, продолжить, изменить",
            Phrases = ["опросы", "анкеты", "мои анкеты", "список опросов", "результаты опроса", "итоги опроса", "анкетирование",
                "итоги анкетирования", "кто не ответил на опрос", "напомнить не ответившим", "напомнить по опросу"],
            Slots = CommandSlots.Survey,
            Places = CommandPlaces.Menu,
        },
    ];

    public async Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct) =>
        scope.Show(SurveyTemplates.List, await SurveyLists.ListAsync(scope, ct));
}

/// <summary>«продолжить опрос»: straight to the page to go on with when one survey waits, else the list.</summary>
public sealed class ContinueSurveyCommand : IChatCommand, IDeclaredCommand
{
    public static IReadOnlyList<CommandDeclaration> Declarations { get; } =
    [
        new()
        {
            Name = "survey.continue",
            Roles = CommandRoles.Everyone,
            Example = "продолжить опрос",
            Help = "вернуться к незаконченному опросу с того же вопроса",
            Phrases = ["продолжить анкету", "пройти опрос", "ответить на опрос", "заполнить опрос", "заполнить анкету", "пройти анкету"],
            Slots = CommandSlots.Survey,
        },
    ];

    public async Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct)
    {
        var list = await SurveyLists.ListAsync(scope, ct);
        var waiting = list.ToAnswer.Where(i => i.Verb == SurveyVerbs.Start && i.ButtonTitle != "Изменить ответы").ToList();
        if (waiting.Count == 1)
        {
            var probe = new TurnScope(scope.Input with { IsInvoke = false }, scope.Caller, scope.Db, scope.Today, scope.UtcNow, scope.Services);
            await SurveyAnswering.StartAsync(probe, int.Parse(waiting[0].SurveyId, CultureInfo.InvariantCulture), ct);
            scope.Output.Replies.AddRange(probe.Output.Replies);
            if (probe.Output.UpdatedCard is { } card)
            {
                scope.Show(card.Template, card.Model);
            }

            return;
        }

        if (waiting.Count == 0)
        {
            scope.Say("Сейчас нет опросов, которые ждут вашего ответа. Спасибо!");
            return;
        }

        scope.Show(SurveyTemplates.List, list);
    }
}

/// <summary>«новый опрос»: the card builder (coordinators).</summary>
public sealed class NewSurveyCommand : IChatCommand, IDeclaredCommand
{
    public static IReadOnlyList<CommandDeclaration> Declarations { get; } =
    [
        new()
        {
            Name = "survey.new",
            Roles = CommandRoles.Coordinators,
            Example = "новый опрос",
            Help = "создать опрос до 10 вопросов в карточке (или образец «Опрос участников проекта»)",
            Phrases = ["создать опрос", "провести опрос", "новая анкета", "создать анкету", "запустить опрос", "сделать опрос"],
            NotAllowed = SurveyService.OnlyCoordinators,
        },
    ];

    public Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct)
    {
        if (!AudienceScope.CanAddress(scope.Caller!))
        {
            scope.Say(SurveyService.OnlyCoordinators);
            return Task.CompletedTask;
        }

        scope.Show(SurveyTemplates.Builder, SurveyBuilder.Form(scope.Caller!, null, null, null, scope.Today));
        return Task.CompletedTask;
    }
}

internal static class SurveyLists
{
    private static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");

    public static async Task<SurveyListCard> ListAsync(TurnScope scope, CancellationToken ct)
    {
        var db = scope.Db;
        var person = scope.Caller!.Person.Id;
        var now = scope.UtcNow;
        var mine = await db.SurveyRecipients.AsNoTracking().Where(r => r.PersonId == person)
            .Join(db.Surveys.Where(s => s.Status == SurveyStatus.Confirmed && s.OpenedAt != null && s.ClosesAt > now), r => r.SurveyId, s => s.Id, (r, s) => new { Survey = s, r.HasResponded, r.SchoolId })
            .OrderBy(x => x.Survey.ClosesAt).Take(10).ToListAsync(ct);
        var toAnswer = new List<SurveyListItem>();
        foreach (var x in mine)
        {
            var s = x.Survey;
            var unit = s.Mode == ResponseMode.School && x.SchoolId is { } school ? "s:" + school.ToString(CultureInfo.InvariantCulture) : "p:" + person.ToString(CultureInfo.InvariantCulture);
            var draft = await db.SurveyResponses.AsNoTracking().Where(r => r.SurveyId == s.Id && r.UnitKey == unit).Select(r => (ResponseStatus?)r.Status).FirstOrDefaultAsync(ct);
            var zone = await SurveyService.ZoneAsync(db, s.RegionId, ct);
            var deadline = "до " + SurveyService.Local(s.ClosesAt, zone).ToString("dd.MM.yyyy HH:mm", Ru);
            var (state, button) = x.HasResponded || draft == ResponseStatus.Submitted
                ? ("Ответ отправлен", s.Anonymous ? "" : "Изменить ответы")
                : draft == ResponseStatus.InProgress ? ("Заполняется", "Продолжить") : ("Не начат", "Ответить");
            toAnswer.Add(new SurveyListItem(SurveyService.Id(s), s.Title, state, deadline, button, button.Length == 0 ? "" : SurveyVerbs.Start));
        }

        var owned = new List<SurveyListItem>();
        if (AudienceScope.CanAddress(scope.Caller))
        {
            var surveys = await db.Surveys.AsNoTracking().Where(s => s.OwnerPersonId == person && s.Status != SurveyStatus.Cancelled)
                .OrderByDescending(s => s.UpdatedAt).Take(8).ToListAsync(ct);
            foreach (var s in surveys)
            {
                var zone = await SurveyService.ZoneAsync(db, s.RegionId, ct);
                owned.Add(new SurveyListItem(SurveyService.Id(s), s.Title + (s.IsSample ? " (образец)" : ""), SurveyService.State(s, now), SurveyService.Window(s, zone),
                    s.Status == SurveyStatus.Draft ? "Предпросмотр" : "Ход и результаты", s.Status == SurveyStatus.Draft ? SurveyVerbs.Preview : SurveyVerbs.Status));
            }
        }

        return new SurveyListCard(
            "Опросы",
            toAnswer,
            toAnswer.Count == 0 ? "Сейчас нет открытых опросов для вас." : null,
            owned);
    }
}

/// <summary>Every survey card verb. Each re-checks on the server who is acting and on what, whatever the card says.</summary>
public sealed class SurveyActions(ISurveyCharts charts, IOptions<ReminderOptions> reminders) : ICardAction
{
    public IReadOnlyCollection<string> Verbs { get; } =
    [
        SurveyVerbs.Start, SurveyVerbs.Answer, SurveyVerbs.Preview, SurveyVerbs.Confirm, SurveyVerbs.Cancel, SurveyVerbs.Edit, SurveyVerbs.Build,
        SurveyVerbs.Sample, SurveyVerbs.Status, SurveyVerbs.Results, SurveyVerbs.Texts, SurveyVerbs.Remind, SurveyVerbs.Extend, SurveyVerbs.Export,
    ];

    public async Task HandleAsync(TurnScope scope, CancellationToken ct)
    {
        var data = scope.Input.Data ?? [];
        switch (scope.Input.Verb)
        {
            case SurveyVerbs.Answer:
                await SurveyAnswering.AnswerAsync(scope, ct);
                return;
            case SurveyVerbs.Start:
                if (new CardData(data).Id("surveyId") is not { } startId)
                {
                    scope.Refuse(SurveyAnswering.Broken);
                    return;
                }

                await SurveyAnswering.StartAsync(scope, startId, ct);
                return;
        }

        var caller = scope.Caller!;
        if (!AudienceScope.CanAddress(caller))
        {
            scope.Refuse(SurveyService.OnlyCoordinators);
            return;
        }

        switch (scope.Input.Verb)
        {
            case SurveyVerbs.Build:
                await BuildAsync(scope, caller, data, ct);
                return;
            case SurveyVerbs.Sample:
                await SampleAsync(scope, caller, ct);
                return;
        }

        var form = new CardData(data);
        var survey = form.Id("surveyId") is { } id ? await SurveyService.OwnedAsync(scope.Db, caller, id, ct) : null;
        if (survey is null)
        {
            scope.Refuse(SurveyService.NotFound);
            return;
        }

        var db = scope.Db;
        switch (scope.Input.Verb)
        {
            case SurveyVerbs.Preview:
                scope.Update(SurveyTemplates.Preview, await SurveyService.PreviewAsync(db, caller, survey, scope.Today, scope.Services.GetRequiredService<AudienceReach>(), ct));
                break;
            case SurveyVerbs.Confirm:
                var (confirmed, refusal) = await SurveyService.ConfirmAsync(db, caller, survey.Id, scope.Today, scope.UtcNow, reminders.Value, ct);
                if (refusal is not null)
                {
                    scope.Refuse(refusal);
                    return;
                }

                scope.Update(SurveyTemplates.Status, await SurveyService.StatusAsync(db, confirmed!, scope.UtcNow, "Опрос подтверждён", ct));
                break;
            case SurveyVerbs.Cancel:
                var said = await SurveyService.CancelAsync(db, survey, scope.UtcNow, ct);
                scope.Update(SurveyTemplates.Status, await SurveyService.StatusAsync(db, survey, scope.UtcNow, said, ct));
                scope.Output.ActionMessage = said;
                break;
            case SurveyVerbs.Edit when survey.Status == SurveyStatus.Draft && survey.Source == "chat":
                var definition = await SurveyService.DefinitionAsync(db, survey, ct);
                scope.Update(SurveyTemplates.Builder, SurveyBuilder.Form(caller, definition, SurveyService.Id(survey), null, scope.Today));
                break;
            case SurveyVerbs.Edit:
                scope.Refuse(survey.Status == SurveyStatus.Draft
                    ? "Этот опрос загружен из файла: исправьте файл и загрузите его снова (тот же id обновит черновик)."
                    : "Опрос уже подтверждён: можно только продлить срок.");
                break;
            case SurveyVerbs.Status:
                scope.Update(SurveyTemplates.Status, await SurveyService.StatusAsync(db, survey, scope.UtcNow, null, ct));
                break;
            case SurveyVerbs.Results:
                scope.Update(SurveyTemplates.Results, await SurveyResults.BuildAsync(db, survey, scope.UtcNow, charts, scope.Input.ChannelId, ct));
                break;
            case SurveyVerbs.Texts:
                var question = form.Text("questionId") is { } qid ? survey.ParsedQuestions.FirstOrDefault(q => q.Id == qid && q.Type is QuestionType.Text or QuestionType.LongText) : null;
                var page = form.OptionalInt("page") is { } p and >= 0 and < 100_000 ? p : -1;
                if (question is null || page < 0 || !form.IsValid)
                {
                    scope.Refuse(SurveyAnswering.Broken);
                    return;
                }

                scope.Update(SurveyTemplates.Texts, await SurveyResults.TextsCardAsync(db, survey, question, page, ct));
                break;
            case SurveyVerbs.Remind:
                var (count, why) = await SurveyService.RemindAsync(db, survey, scope.UtcNow, reminders.Value, ct);
                if (why is not null)
                {
                    scope.Refuse(why);
                    return;
                }

                var notice = count == 0 ? "Все, кому можно напомнить, уже получили напоминание сегодня или ответили." : $"Напоминание отправляется: {count}.";
                scope.Update(SurveyTemplates.Status, await SurveyService.StatusAsync(db, survey, scope.UtcNow, notice, ct));
                scope.Output.ActionMessage = notice;
                break;
            case SurveyVerbs.Extend:
                var closes = form.Text("closes");
                if (!form.IsValid)
                {
                    scope.Refuse(SurveyAnswering.Broken);
                    return;
                }

                var problem = await SurveyService.ExtendAsync(db, survey, closes, scope.UtcNow, ct);
                if (problem is not null)
                {
                    scope.Refuse(problem);
                    return;
                }

                scope.Update(SurveyTemplates.Status, await SurveyService.StatusAsync(db, survey, scope.UtcNow, "Срок продлён", ct));
                break;
            case SurveyVerbs.Export:
                var xlsx = form.Text("format") == "xlsx";
                var format = xlsx ? SurveyExportFormat.Xlsx : SurveyExportFormat.Csv;
                var bytes = await SurveyExport.ToBytesAsync(db, survey, format, ct);
                var responses = await SurveyResults.ResponseCountAsync(db, survey.Id, ct);
                scope.Output.Replies.Add(new FileReply(SurveyExport.FileName(survey, format), SurveyExport.ContentType(format), bytes, $"Ответы на опрос «{survey.Title}»: {responses}"));
                break;
        }
    }

    private static async Task BuildAsync(TurnScope scope, Caller caller, JsonObject data, CancellationToken ct)
    {
        Survey? existing = null;
        var submitted = new CardData(data);
        var existingId = submitted.OptionalId("surveyId");
        if (!submitted.IsValid)
        {
            scope.Refuse(SurveyAnswering.Broken);
            return;
        }

        if (existingId is { } id)
        {
            existing = await SurveyService.OwnedAsync(scope.Db, caller, id, ct);
            if (existing is null || existing.Status != SurveyStatus.Draft || existing.Source != "chat")
            {
                scope.Refuse("Этот опрос уже нельзя изменить или он создан другим координатором.");
                return;
            }
        }

        var key = existing?.Key ?? $"chat-{caller.Person.Id.ToString(CultureInfo.InvariantCulture)}-{scope.UtcNow:yyyyMMddHHmmssfff}";
        var (definition, error) = SurveyBuilder.Read(data, key, scope.Today);
        SurveyService.ImportResult? imported = null;
        if (definition is not null)
        {
            imported = await SurveyService.ImportAsync(scope.Db, definition, caller.Person, caller.RegionIds.First(), "chat", scope.UtcNow, ct);
            error = imported.Errors.Count > 0 ? string.Join(" ", imported.Errors) : null;
        }

        if (imported?.Survey is not { } survey)
        {
            scope.Output.Refused = true;
            var form = SurveyBuilder.Form(caller, definition, existing is null ? null : SurveyService.Id(existing), error, scope.Today);
            scope.Update(SurveyTemplates.Builder, KeepTyped(form, data));
            return;
        }

        scope.Update(SurveyTemplates.Preview, await SurveyService.PreviewAsync(scope.Db, caller, survey, scope.Today, scope.Services.GetRequiredService<AudienceReach>(), ct));
    }

    /// <summary>Shows the form again with what was typed, so a refusal never loses the author's work.</summary>
    private static SurveyBuilderCard KeepTyped(SurveyBuilderCard form, JsonObject data)
    {
        string S(string name, string fallback) => data[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : fallback;
        return form with
        {
            Title = S("title", form.Title),
            Description = S("description", form.Description),
            Opens = S("opens", form.Opens),
            Closes = S("closes", form.Closes),
            Roles = S("roles", form.Roles),
            Anonymous = S("anonymous", form.Anonymous ? "true" : "false") == "true",
            PerSchool = S("perSchool", form.PerSchool ? "true" : "false") == "true",
            Slots = form.Slots.Select(slot => slot with
            {
                Text = S(slot.TextId, slot.Text),
                Type = S(slot.TypeId, slot.Type),
                Options = S(slot.OptionsId, slot.Options),
                Required = S(slot.RequiredId, slot.Required ? "true" : "false") == "true",
            }).ToList(),
        };
    }

    private static async Task SampleAsync(TurnScope scope, Caller caller, CancellationToken ct)
    {
        SurveyService.ImportResult imported;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                imported = await ImportSampleAsync(scope, caller, ct);
                break;
            }
            catch (DbUpdateException) when (attempt < 4)
            {
                // A concurrent press (a double click, a redelivery, another coordinator) created that draft first:
                // look again, and take it if it is the caller's own.
                scope.Db.ChangeTracker.Clear();
            }
        }

        if (imported.Survey is not { } survey)
        {
            scope.Refuse(string.Join(" ", imported.Errors));
            return;
        }

        scope.Update(SurveyTemplates.Preview, await SurveyService.PreviewAsync(scope.Db, caller, survey, scope.Today, scope.Services.GetRequiredService<AudienceReach>(), ct));
    }

    private static async Task<SurveyService.ImportResult> ImportSampleAsync(TurnScope scope, Caller caller, CancellationToken ct)
    {
        var region = caller.RegionIds.First();
        var sample = SurveySample.Definition(scope.Today);
        // Each coordinator's sample has its own key, so two coordinators never compete for one row, and concurrent
        // presses of one coordinator meet on the unique (region, key) index: the loser retries and reuses the draft.
        var definition = sample with { Key = sample.Key + "-" + caller.Person.Id.ToString(CultureInfo.InvariantCulture) };
        // Only the caller's own draft is reused; a confirmed survey made from an earlier sample stays as it is.
        var confirmed = await scope.Db.Surveys.AsNoTracking()
            .AnyAsync(s => s.RegionId == region && s.Key == definition.Key && s.Status != SurveyStatus.Draft, ct);
        if (confirmed)
        {
            definition = definition with
            {
                Key = definition.Key + "-" + scope.UtcNow.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture),
            };
        }

        var imported = await SurveyService.ImportAsync(scope.Db, definition, caller.Person, region, "file", scope.UtcNow, ct);
        if (imported.Survey is null && definition.RoadmapItem is not null)
        {
            // Another region's roadmap numbers its items differently: the sample then stands on its own.
            imported = await SurveyService.ImportAsync(scope.Db, definition with { RoadmapItem = null }, caller.Person, region, "file", scope.UtcNow, ct);
        }

        return imported;
    }
}
