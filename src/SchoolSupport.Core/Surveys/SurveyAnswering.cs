using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolSupport.Common;
using SchoolSupport.Conversation;
using SchoolSupport.Data;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;
using SchoolSupport.Status;
using SchoolSupport.Telemetry;

namespace SchoolSupport.Surveys;

/// <summary>
/// Answering in the card: pages of questions saved as they go, resumable with «продолжить опрос», changeable until the
/// close (named surveys), refused politely after it. Every submission is re-checked: the survey is addressed to the
/// person, it is open, the questions are this page's, the options exist, the values are in range.
/// </summary>
public static class SurveyAnswering
{
    public const string Broken = "Карточка опроса повреждена или устарела. Напишите «мои опросы», чтобы открыть опрос заново. Ничего не сохранено.";
    public const string NotYours = "Этот опрос адресован не вам. Ничего не сохранено.";
    public const string AnonymousDone = "Вы уже ответили на этот анонимный опрос. Изменить ответы нельзя: они хранятся без связи с вами. Спасибо!";

    private static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");

    public static string ClosedText(Survey s, TimeZoneInfo zone) =>
        $"Спасибо, что откликнулись! Опрос «{s.Title}» завершился {SurveyService.Local(s.ClosesAt, zone).ToString("dd.MM.yyyy в HH:mm", Ru)}, ответы больше не принимаются. Ничего не сохранено.";

    private sealed record Access(Survey Survey, IReadOnlyList<SurveyRecipient> Unit, SurveyRecipient Me, TimeZoneInfo Zone, string UnitKey);

    private static async Task<(Access? Access, string? Refusal)> CheckAsync(TurnScope scope, int surveyId, CancellationToken ct)
    {
        var db = scope.Db;
        var person = scope.Caller!.Person.Id;
        var survey = await db.Surveys.AsNoTracking().FirstOrDefaultAsync(s => s.Id == surveyId, ct);
        var me = survey is null ? null : await db.SurveyRecipients.FirstOrDefaultAsync(r => r.SurveyId == surveyId && r.PersonId == person, ct);
        if (survey is null || me is null || survey.Status != SurveyStatus.Confirmed || survey.OpenedAt is null)
        {
            return (null, NotYours);
        }

        var zone = await SurveyService.ZoneAsync(db, survey.RegionId, ct);
        if (scope.UtcNow >= survey.ClosesAt)
        {
            return (null, ClosedText(survey, zone));
        }

        var unitKey = survey.Mode == ResponseMode.School && me.SchoolId is { } school
            ? "s:" + school.ToString(CultureInfo.InvariantCulture)
            : "p:" + person.ToString(CultureInfo.InvariantCulture);
        var unit = survey.Mode == ResponseMode.School && me.SchoolId is { } sid
            ? await db.SurveyRecipients.Where(r => r.SurveyId == surveyId && r.SchoolId == sid).ToListAsync(ct)
            : [me];
        return (new Access(survey, unit, me, zone, unitKey), null);
    }

    /// <summary>«Начать», «Продолжить», «Изменить ответы»: the page to go on with.</summary>
    public static async Task StartAsync(TurnScope scope, int surveyId, CancellationToken ct)
    {
        var (access, refusal) = await CheckAsync(scope, surveyId, ct);
        if (access is null)
        {
            scope.Refuse(refusal!);
            return;
        }

        var s = access.Survey;
        var response = await scope.Db.SurveyResponses.AsNoTracking().FirstOrDefaultAsync(r => r.SurveyId == s.Id && r.UnitKey == access.UnitKey, ct);
        if (response is null && access.Me.HasResponded)
        {
            scope.Update(SurveyTemplates.Done, new SurveyDoneCard(SurveyService.Id(s), s.Title, s.Anonymous ? AnonymousDone : "Ответ от вашей школы уже отправлен. Спасибо!", false, null));
            return;
        }

        var questions = s.ParsedQuestions;
        var answers = response is null ? new Dictionary<string, AnswerValue>() : await AnswersAsync(scope.Db, response.Id, questions, ct);
        var pages = SurveyPaging.Pages(questions, answers);
        var index = response?.Status == ResponseStatus.Submitted ? 0 : FirstOpenPage(pages, answers);
        var notice = response?.Status == ResponseStatus.Submitted ? "Ваш ответ отправлен; его можно изменить до окончания опроса."
            : response is not null ? "Продолжаем с того места, где вы остановились." : null;
        scope.Update(SurveyTemplates.Page, Page(s, questions, pages, index, answers, null, null, notice, access.Zone, preview: false) with
        {
            CanSubmitNow = response?.Status == ResponseStatus.Submitted,
        });
    }

    /// <summary><c>survey.answer</c>: saves the page (next / submit) or goes back a page.</summary>
    public static async Task AnswerAsync(TurnScope scope, CancellationToken ct)
    {
        var data = scope.Input.Data ?? [];
        if (!TryControl(data, out var surveyId, out var from, out var nav))
        {
            scope.Refuse(Broken);
            return;
        }

        var (access, refusal) = await CheckAsync(scope, surveyId, ct);
        if (access is null)
        {
            scope.Refuse(refusal!);
            return;
        }

        var db = scope.Db;
        var s = access.Survey;
        var questions = s.ParsedQuestions;
        var response = await db.SurveyResponses.FirstOrDefaultAsync(r => r.SurveyId == s.Id && r.UnitKey == access.UnitKey, ct);
        if (response is null && access.Me.HasResponded)
        {
            scope.Refuse(s.Anonymous ? AnonymousDone : "Ответ от вашей школы уже отправлен. Ничего не изменено.");
            return;
        }

        var answers = response is null ? new Dictionary<string, AnswerValue>() : await AnswersAsync(db, response.Id, questions, ct);
        var pages = SurveyPaging.Pages(questions, answers);
        var index = pages.ToList().FindIndex(p => p.Any(q => q.Id == from));
        if (index < 0)
        {
            scope.Refuse(Broken);
            return;
        }

        var page = pages[index];
        foreach (var key in data.Select(kv => kv.Key).Where(k => k.StartsWith(AnswerReader.InputPrefix, StringComparison.Ordinal)))
        {
            if (page.All(q => AnswerReader.InputId(q) != key))
            {
                // An answer to a question of another page, another survey, or none at all.
                scope.Refuse(Broken);
                return;
            }
        }

        if (nav == "back")
        {
            scope.Update(SurveyTemplates.Page, Page(s, questions, pages, Math.Max(0, index - 1), answers, null, null, null, access.Zone, preview: false));
            return;
        }

        var typed = new Dictionary<string, string>(StringComparer.Ordinal);
        var parsed = new Dictionary<string, AnswerValue>(StringComparer.Ordinal);
        string? error = null;
        foreach (var q in page)
        {
            if (!AnswerReader.TryRaw(data, q, out var raw))
            {
                scope.Refuse(Broken);
                return;
            }

            typed[q.Id] = raw ?? "";
            var (value, problem) = AnswerReader.Parse(q, raw ?? "");
            if (problem is not null)
            {
                // A value no card of ours can produce (an unknown option, out of range): refused, nothing stored.
                scope.Output.Refused = true;
                error ??= problem + " Ничего не сохранено.";
                continue;
            }

            if (value!.IsEmpty && q.Required)
            {
                error ??= $"Ответьте, пожалуйста, на вопрос «{PlainText.Clip(q.Text, 80)}».";
                continue;
            }

            parsed[q.Id] = value;
        }

        if (error is not null)
        {
            scope.Output.ActionMessage = error;
            scope.Update(SurveyTemplates.Page, Page(s, questions, pages, index, answers, typed, error, null, access.Zone, preview: false));
            return;
        }

        var merged = new Dictionary<string, AnswerValue>(answers, StringComparer.Ordinal);
        foreach (var (id, value) in parsed)
        {
            merged[id] = value;
        }

        var visible = SurveyPaging.Visible(questions, merged).Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var hidden in merged.Keys.Where(k => !visible.Contains(k)).ToList())
        {
            // An answer that made a later question irrelevant also drops that question's answer.
            merged.Remove(hidden);
        }

        response = await SaveAsync(db, s, access, response, questions, merged, scope.UtcNow, ct);
        if (response is null)
        {
            scope.Refuse(s.Anonymous ? AnonymousDone : "Ответ от вашей школы уже отправлен. Ничего не изменено.");
            return;
        }

        var after = SurveyPaging.Pages(questions, merged);
        var at = after.ToList().FindIndex(p => p.Any(q => q.Id == from));
        var next = at + 1;
        if (nav != "submit" && next < after.Count)
        {
            scope.Update(SurveyTemplates.Page, Page(s, questions, after, next, merged, null, null, null, access.Zone, preview: false) with
            {
                CanSubmitNow = response.Status == ResponseStatus.Submitted,
            });
            return;
        }

        var missing = after.Select((p, i) => (p, i)).FirstOrDefault(x => x.p.Any(q => q.Required && (!merged.TryGetValue(q.Id, out var v) || v.IsEmpty)));
        if (missing.p is not null)
        {
            var q = missing.p.First(q => q.Required && (!merged.TryGetValue(q.Id, out var v) || v.IsEmpty));
            scope.Update(SurveyTemplates.Page, Page(s, questions, after, missing.i, merged, null, $"Остался вопрос без ответа: «{PlainText.Clip(q.Text, 80)}».", null, access.Zone, preview: false));
            return;
        }

        var wasSubmitted = response.Status == ResponseStatus.Submitted;
        var submitted = await SubmitAsync(db, s, access, response, questions, merged, scope.UtcNow, ct);
        if (!submitted)
        {
            scope.Refuse(AnonymousDone);
            return;
        }

        scope.Services.GetService<SchoolSupportMetrics>()?.SurveyResponse(s.Anonymous, changed: wasSubmitted);

        await MarkRoadmapItemAsync(db, scope.Caller!, s, access, scope.Today, scope.UtcNow, ct);
        var text = s.Anonymous
            ? "Спасибо! Ваши ответы записаны анонимно."
            : wasSubmitted ? "Изменения сохранены. Спасибо!" : "Спасибо! Ваши ответы сохранены.";
        scope.Output.ActionMessage = text;
        scope.Update(SurveyTemplates.Done, new SurveyDoneCard(
            SurveyService.Id(s),
            s.Title,
            text,
            CanChange: !s.Anonymous,
            !s.Anonymous ? "Ответы можно изменить до " + SurveyService.Local(s.ClosesAt, access.Zone).ToString("dd.MM.yyyy HH:mm", Ru) + "." : null));
    }

    private static bool TryControl(JsonObject data, out int surveyId, out string from, out string nav)
    {
        surveyId = 0;
        from = "";
        nav = "";
        foreach (var (key, _) in data)
        {
            if (!AnswerReader.ControlFields.Contains(key) && !key.StartsWith(AnswerReader.InputPrefix, StringComparison.Ordinal))
            {
                return false;
            }
        }

        var form = new CardData(data);
        if (form.Id("surveyId") is not { } id || form.RequiredText("from") is not { } f || form.RequiredText("nav") is not { } n || !form.IsValid)
        {
            return false;
        }

        (surveyId, from, nav) = (id, f, n);
        return from.Length is > 0 and <= SurveyLimits.Id && nav is "next" or "back" or "submit";
    }

    private static int FirstOpenPage(IReadOnlyList<IReadOnlyList<SurveyQuestion>> pages, IReadOnlyDictionary<string, AnswerValue> answers)
    {
        for (var i = 0; i < pages.Count; i++)
        {
            if (pages[i].Any(q => !answers.ContainsKey(q.Id)))
            {
                return i;
            }
        }

        return Math.Max(0, pages.Count - 1);
    }

    internal static async Task<Dictionary<string, AnswerValue>> AnswersAsync(SchoolSupportDbContext db, Guid responseId, IReadOnlyList<SurveyQuestion> questions, CancellationToken ct)
    {
        var rows = await db.SurveyAnswers.AsNoTracking().Where(a => a.ResponseId == responseId).ToListAsync(ct);
        var byQuestion = rows.ToLookup(r => r.QuestionId, StringComparer.Ordinal);
        var result = new Dictionary<string, AnswerValue>(StringComparer.Ordinal);
        foreach (var q in questions.Where(q => byQuestion.Contains(q.Id)))
        {
            result[q.Id] = AnswerValue.FromRows(q, byQuestion[q.Id]);
        }

        return result;
    }

    /// <summary>Writes the response's answers; null when the response was submitted meanwhile by someone else of the unit.</summary>
    private static async Task<SurveyResponse?> SaveAsync(
        SchoolSupportDbContext db, Survey s, Access access, SurveyResponse? response, IReadOnlyList<SurveyQuestion> questions,
        IReadOnlyDictionary<string, AnswerValue> answers, DateTime utcNow, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (response is null)
            {
                response = new SurveyResponse
                {
                    Id = Guid.NewGuid(),
                    SurveyId = s.Id,
                    UnitKey = access.UnitKey,
                    PersonId = access.Me.PersonId,
                    SchoolId = access.Me.SchoolId,
                    MunicipalityId = access.Me.MunicipalityId,
                    Role = access.Me.Role,
                    Status = ResponseStatus.InProgress,
                };
                db.SurveyResponses.Add(response);
            }

            response.UpdatedAt = utcNow;
            if (s.Mode == ResponseMode.Person || response.PersonId == null)
            {
                response.PersonId = access.Me.PersonId;
            }

            await db.SurveyAnswers.Where(a => a.ResponseId == response.Id).ExecuteDeleteAsync(ct);
            foreach (var q in questions.Where(q => answers.ContainsKey(q.Id)))
            {
                db.SurveyAnswers.AddRange(answers[q.Id].ToRows(q, s.Id, response.Id));
            }

            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return response;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Two pages of the same unit saved at once (a double click, two directors of a school): the other draft won.
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                response = await db.SurveyResponses.FirstOrDefaultAsync(r => r.SurveyId == s.Id && r.UnitKey == access.UnitKey, ct);
                if (response is null)
                {
                    return null;
                }
            }
        }
    }

    /// <summary>
    /// Marks the unit as having responded. A named response just changes state. An anonymous one is copied into a
    /// response with no person, school, role or time (new ids), and the linked draft is deleted — all in one transaction
    /// guarded by the marker, so a second submission is refused and nothing is stored twice.
    /// </summary>
    private static async Task<bool> SubmitAsync(
        SchoolSupportDbContext db, Survey s, Access access, SurveyResponse response, IReadOnlyList<SurveyQuestion> questions,
        IReadOnlyDictionary<string, AnswerValue> answers, DateTime utcNow, CancellationToken ct)
    {
        var unit = access.Unit.Select(r => r.Id).ToList();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var marked = await db.SurveyRecipients.Where(r => unit.Contains(r.Id) && !r.HasResponded)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.HasResponded, true), ct);
        if (!s.Anonymous)
        {
            if (response.Status != ResponseStatus.Submitted)
            {
                response.Status = ResponseStatus.Submitted;
                response.SubmittedAt = utcNow;
            }

            response.UpdatedAt = utcNow;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return true;
        }

        if (marked == 0)
        {
            return false;
        }

        var anonymous = new SurveyResponse { Id = Guid.NewGuid(), SurveyId = s.Id, Status = ResponseStatus.Submitted };
        db.SurveyResponses.Add(anonymous);
        foreach (var q in questions.Where(q => answers.ContainsKey(q.Id)))
        {
            db.SurveyAnswers.AddRange(answers[q.Id].ToRows(q, s.Id, anonymous.Id));
        }

        await db.SaveChangesAsync(ct);
        await db.SurveyAnswers.Where(a => a.ResponseId == response.Id).ExecuteDeleteAsync(ct);
        await db.SurveyResponses.Where(r => r.Id == response.Id).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return true;
    }

    /// <summary>A survey that fulfils a roadmap item marks it done for the school that answered, with the answer as its confirmation.</summary>
    private static async Task MarkRoadmapItemAsync(SchoolSupportDbContext db, Caller caller, Survey s, Access access, DateOnly today, DateTime utcNow, CancellationToken ct)
    {
        if (s.RoadmapItemId is not { } itemId || access.Me.SchoolId is not { } schoolId || access.Me.Role != Role.Director)
        {
            return;
        }

        var roadmapId = await db.RoadmapItems.Where(i => i.Id == itemId).Select(i => i.RoadmapId).FirstOrDefaultAsync(ct);
        var target = new MarkTargetIds(schoolId, itemId, roadmapId);
        if (await MarkItemAction.FindItemAsync(db, caller, target, ct) is null
            || await db.ItemProgress.AnyAsync(p => p.SchoolId == schoolId && p.ItemId == itemId && p.Status == ProgressStatus.Done, ct))
        {
            return;
        }

        var note = $"Ответ на опрос «{PlainText.Clip(s.Title, 150)}» отправлен {today.ToString("dd.MM.yyyy", Ru)} (опрос № {s.Id}).";
        var mark = new MarkSubmission(schoolId, itemId, roadmapId, ProgressStatus.Done, null, note, null);
        await ProgressWriter.ApplyAsync(db, caller.Person.Id, mark, $"survey:{s.Id}:school:{schoolId}", today, utcNow, 3, ct);
    }

    public static SurveyPageCard Page(
        Survey s,
        IReadOnlyList<SurveyQuestion> all,
        IReadOnlyList<IReadOnlyList<SurveyQuestion>> pages,
        int index,
        IReadOnlyDictionary<string, AnswerValue> answers,
        IReadOnlyDictionary<string, string>? typed,
        string? error,
        string? notice,
        TimeZoneInfo zone,
        bool preview)
    {
        index = Math.Clamp(index, 0, Math.Max(0, pages.Count - 1));
        var page = pages.Count == 0 ? [] : pages[index];
        var visible = pages.SelectMany(p => p).ToList();
        var first = visible.IndexOf(page.FirstOrDefault()!) + 1;
        var last = first + page.Count - 1;
        var progress = pages.Count <= 1 ? $"{visible.Count} {SurveyService.RussianPlural(visible.Count, "вопрос", "вопроса", "вопросов")}"
            : page.Count == 1 ? $"Вопрос {first} из {visible.Count}"
            : $"Вопросы {first}–{last} из {visible.Count}";
        var views = page.Select((q, i) => View(q, first + i, typed is not null && typed.TryGetValue(q.Id, out var t) ? t : answers.TryGetValue(q.Id, out var a) ? a.ToInput() : "")).ToList();
        return new SurveyPageCard(
            SurveyService.Id(s),
            s.Title,
            progress,
            page.FirstOrDefault()?.Id ?? "",
            views,
            CanGoBack: index > 0,
            IsLast: index >= pages.Count - 1,
            error,
            notice,
            "Ответить до " + SurveyService.Local(s.ClosesAt, zone).ToString("dd.MM.yyyy HH:mm", Ru),
            s.Anonymous ? "Опрос анонимный." : null,
            preview);
    }

    private static QuestionView View(SurveyQuestion q, int number, string value)
    {
        // A typed value that was refused is shown again only when the input can hold it.
        if ((q.Type == QuestionType.Number && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            || (q.Type == QuestionType.Date && !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
        {
            value = "";
        }

        var help = q.Help;
        if (q.Type == QuestionType.Rating && (q.MinLabel is not null || q.MaxLabel is not null))
        {
            help = $"1 — {q.MinLabel ?? "минимум"}, {q.Scale} — {q.MaxLabel ?? "максимум"}" + (help is null ? "" : ". " + help);
        }
        else if (q.Type == QuestionType.Multiple && (q.Min is not null || q.Max is not null))
        {
            help = "Выберите " + AnswerReader.Range(q).Replace("от ", "от ", StringComparison.Ordinal) + (help is null ? "" : ". " + help);
        }
        else if (q.Type == QuestionType.Number && (q.Min is not null || q.Max is not null))
        {
            help = "Число " + AnswerReader.Range(q) + (help is null ? "" : ". " + help);
        }

        var choices = q.Options.Select(o => new ChoiceView(
            q.Type == QuestionType.Rating && o.Id == "1" && q.MinLabel is not null ? $"1 — {q.MinLabel}"
            : q.Type == QuestionType.Rating && o.Id == q.Scale.ToString(CultureInfo.InvariantCulture) && q.MaxLabel is not null ? $"{q.Scale} — {q.MaxLabel}"
            : o.Text,
            o.Id)).ToList();
        return new QuestionView(
            AnswerReader.InputId(q),
            $"{number}. {q.Text}",
            help,
            q.Required,
            IsChoice: q.Type is QuestionType.Single or QuestionType.YesNo or QuestionType.Rating,
            IsMultiple: q.Type == QuestionType.Multiple,
            IsNumber: q.Type == QuestionType.Number,
            IsDate: q.Type == QuestionType.Date,
            IsText: q.Type == QuestionType.Text,
            IsLongText: q.Type == QuestionType.LongText,
            choices,
            value,
            q.Min ?? -1_000_000_000,
            q.Max ?? 1_000_000_000,
            q.MaxLength,
            q.Type == QuestionType.Number ? "Введите число " + AnswerReader.Range(q) : "Ответьте на этот вопрос");
    }
}
