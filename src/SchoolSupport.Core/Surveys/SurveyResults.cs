using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Common;
using SchoolSupport.Data;
using SchoolSupport.People;

namespace SchoolSupport.Surveys;

/// <summary>Where the bot can show a chart image of a question (a signed link the channel fetches), if anywhere.</summary>
public interface ISurveyCharts
{
    string? ChartUrl(int surveyId, string questionId, string channelId);
}

internal sealed class NoSurveyCharts : ISurveyCharts
{
    public string? ChartUrl(int surveyId, string questionId, string channelId) => null;
}

/// <summary>Response rates and answer distributions, aggregated by the database (GROUP BY), never by loading answers.</summary>
public static class SurveyResults
{
    public const int TextsPerQuestion = 3;
    public const int TextsPerPage = 10;
    public const int MaxNonResponders = 25;
    public const int MaxSchools = 15;

    private static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");

    /// <summary>A unit that is asked to respond: a person, or a school in per-school surveys.</summary>
    public sealed record UnitRate(int Total, int Responded);

    public sealed record Rates(UnitRate Overall, IReadOnlyList<(string Name, UnitRate Rate)> ByMunicipality, IReadOnlyList<(string Name, UnitRate Rate)> BySchool, IReadOnlyList<(string Name, UnitRate Rate)> ByRole);

    public sealed record ChoiceCount(string QuestionId, string ChoiceId, int Count);

    public sealed record QuestionStats(string QuestionId, int Answered, double? Average, double? Min, double? Max, DateOnly? MinDate, DateOnly? MaxDate);

    /// <summary>Totals per municipality, school and role from one grouped query over the recipients.</summary>
    public static async Task<Rates> RatesAsync(SchoolSupportDbContext db, Survey s, CancellationToken ct)
    {
        List<(int? School, int? Municipality, Role Role, int Total, int Done)> groups;
        if (s.Mode == ResponseMode.School)
        {
            var schools = await db.SurveyRecipients.AsNoTracking().Where(r => r.SurveyId == s.Id)
                .GroupBy(r => r.SchoolId)
                .Select(g => new { SchoolId = g.Key, MunicipalityId = g.Max(r => r.MunicipalityId), Responded = g.Max(r => r.HasResponded ? 1 : 0) })
                .ToListAsync(ct);
            groups = schools.Select(r => (r.SchoolId, r.MunicipalityId, Role.Director, 1, r.Responded)).ToList();
        }
        else
        {
            var rows = await db.SurveyRecipients.AsNoTracking().Where(r => r.SurveyId == s.Id)
                .GroupBy(r => new { r.SchoolId, r.MunicipalityId, r.Role })
                .Select(g => new { g.Key.SchoolId, g.Key.MunicipalityId, g.Key.Role, Total = g.Count(), Done = g.Count(r => r.HasResponded) })
                .ToListAsync(ct);
            groups = rows.Select(r => (r.SchoolId, r.MunicipalityId, r.Role, r.Total, r.Done)).ToList();
        }

        var municipalityNames = await db.Municipalities.AsNoTracking().Where(m => m.RegionId == s.RegionId).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        // The survey's schools are the region's: one parameter, where an IN list of thousands of school ids cost EF
        // seconds to translate on every build of the card.
        var schoolNames = await db.Schools.AsNoTracking().Where(x => x.RegionId == s.RegionId).ToDictionaryAsync(x => x.Id, x => x.Name, ct);

        static UnitRate Sum(IEnumerable<(int? School, int? Municipality, Role Role, int Total, int Done)> g) => new(g.Sum(x => x.Total), g.Sum(x => x.Done));
        var overall = Sum(groups);
        var byMunicipality = groups.GroupBy(g => g.Municipality)
            .Select(g => (g.Key is { } m && municipalityNames.TryGetValue(m, out var name) ? name : "Региональный уровень", Sum(g)))
            .OrderBy(x => x.Item1, StringComparer.Ordinal).ToList();
        var bySchool = groups.Where(g => g.School != null).GroupBy(g => g.School!.Value)
            .Select(g => (schoolNames.GetValueOrDefault(g.Key, "школа " + g.Key), Sum(g)))
            .OrderBy(x => (double)x.Item2.Responded / Math.Max(1, x.Item2.Total)).ThenBy(x => x.Item1, StringComparer.Ordinal).ToList();
        var byRole = groups.GroupBy(g => g.Role).OrderBy(g => g.Key)
            .Select(g => (SurveyService.Capitalize(RoleNames.Russian(g.Key)), Sum(g))).ToList();
        return new Rates(overall, byMunicipality, bySchool, byRole);
    }

    private static IQueryable<SurveyAnswer> Submitted(SchoolSupportDbContext db, int surveyId) =>
        db.SurveyAnswers.AsNoTracking()
            .Where(a => a.SurveyId == surveyId)
            .Join(db.SurveyResponses.Where(r => r.SurveyId == surveyId && r.Status == ResponseStatus.Submitted), a => a.ResponseId, r => r.Id, (a, r) => a);

    public static Task<List<ChoiceCount>> ChoiceCountsAsync(SchoolSupportDbContext db, int surveyId, CancellationToken ct) =>
        Submitted(db, surveyId).Where(a => a.ChoiceId != null)
            .GroupBy(a => new { a.QuestionId, a.ChoiceId })
            .Select(g => new ChoiceCount(g.Key.QuestionId, g.Key.ChoiceId!, g.Count()))
            .ToListAsync(ct);

    /// <summary>
    /// Per question: how many responses answered it, and the numeric/date range. Every question type stores one row per
    /// answer except multiple choice (a row per ticked option), so only those questions pay for COUNT(DISTINCT).
    /// </summary>
    public static async Task<List<QuestionStats>> StatsAsync(SchoolSupportDbContext db, int surveyId, IReadOnlyCollection<string> multipleChoiceIds, CancellationToken ct)
    {
        var stats = await Submitted(db, surveyId)
            .GroupBy(a => a.QuestionId)
            .Select(g => new QuestionStats(
                g.Key,
                g.Count(),
                g.Average(a => a.Number),
                g.Min(a => a.Number),
                g.Max(a => a.Number),
                g.Min(a => a.Date),
                g.Max(a => a.Date)))
            .ToListAsync(ct);
        if (multipleChoiceIds.Count == 0)
        {
            return stats;
        }

        var distinct = await Submitted(db, surveyId)
            .Where(a => multipleChoiceIds.Contains(a.QuestionId))
            .GroupBy(a => a.QuestionId)
            .Select(g => new { g.Key, Answered = g.Select(a => a.ResponseId).Distinct().Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Answered, StringComparer.Ordinal, ct);
        return stats.Select(x => distinct.TryGetValue(x.QuestionId, out var n) ? x with { Answered = n } : x).ToList();
    }

    public static Task<List<string>> TextsAsync(SchoolSupportDbContext db, int surveyId, string questionId, int skip, int take, CancellationToken ct) =>
        Submitted(db, surveyId).Where(a => a.QuestionId == questionId && a.Text != null)
            .OrderBy(a => a.Id)
            .Skip(skip).Take(take)
            .Select(a => a.Text!)
            .ToListAsync(ct);

    public static Task<int> ResponseCountAsync(SchoolSupportDbContext db, int surveyId, CancellationToken ct) =>
        db.SurveyResponses.CountAsync(r => r.SurveyId == surveyId && r.Status == ResponseStatus.Submitted, ct);

    public static async Task<SurveyResultsCard> BuildAsync(SchoolSupportDbContext db, Survey s, DateTime utcNow, ISurveyCharts charts, string channelId, CancellationToken ct)
    {
        var zone = await SurveyService.ZoneAsync(db, s.RegionId, ct);
        var rates = await RatesAsync(db, s, ct);
        var counts = (await ChoiceCountsAsync(db, s.Id, ct)).ToLookup(c => c.QuestionId, StringComparer.Ordinal);
        var questions = s.ParsedQuestions;
        var multiple = questions.Where(q => q.Type == QuestionType.Multiple).Select(q => q.Id).ToList();
        var stats = (await StatsAsync(db, s.Id, multiple, ct)).ToDictionary(x => x.QuestionId, StringComparer.Ordinal);
        var results = new List<QuestionResult>();
        for (var i = 0; i < questions.Count; i++)
        {
            var q = questions[i];
            var answered = stats.TryGetValue(q.Id, out var st) ? st.Answered : 0;
            var bars = new List<BarLine>();
            string? summary = null;
            IReadOnlyList<string> texts = [];
            var more = false;
            if (q.IsChoiceLike)
            {
                var byChoice = counts[q.Id].ToDictionary(c => c.ChoiceId, c => c.Count, StringComparer.Ordinal);
                foreach (var o in q.Options)
                {
                    var n = byChoice.GetValueOrDefault(o.Id);
                    var p = SurveyService.Percent(n, answered);
                    bars.Add(new BarLine(PlainText.Clip(o.Text, 60), Bar(p), $"{n} ({p} %)"));
                }

                if (q.Type == QuestionType.Rating && st?.Average is { } avg)
                {
                    summary = $"Средняя оценка: {avg.ToString("0.0", Ru)} из {q.Scale}";
                }
                else if (q.Type == QuestionType.Multiple)
                {
                    summary = "Можно было выбрать несколько вариантов: проценты — от ответивших.";
                }
            }
            else if (q.Type == QuestionType.Number && st?.Average is { } average)
            {
                summary = $"Среднее {average.ToString("0.##", Ru)}, минимум {st.Min!.Value.ToString("0.##", Ru)}, максимум {st.Max!.Value.ToString("0.##", Ru)}";
            }
            else if (q.Type == QuestionType.Date && st?.MinDate is { } minDate)
            {
                summary = $"С {minDate.ToString("dd.MM.yyyy", Ru)} по {st.MaxDate!.Value.ToString("dd.MM.yyyy", Ru)}";
            }
            else if (q.Type is QuestionType.Text or QuestionType.LongText)
            {
                var page = await TextsAsync(db, s.Id, q.Id, 0, TextsPerQuestion + 1, ct);
                texts = page.Take(TextsPerQuestion).Select(t => "«" + PlainText.Clip(t, 300) + "»").ToList();
                more = page.Count > TextsPerQuestion;
            }

            results.Add(new QuestionResult(
                q.Id,
                $"{i + 1}. {PlainText.Clip(q.Text, 200)}",
                $"Ответили: {answered}",
                bars,
                summary,
                q.IsChoiceLike && answered > 0 ? charts.ChartUrl(s.Id, q.Id, channelId) : null,
                texts,
                more));
        }

        var nonResponders = new List<string>();
        string? nonRespondersMore = null;
        if (!s.Anonymous && s.OpenedAt is not null)
        {
            var pending = db.SurveyRecipients.AsNoTracking().Where(r => r.SurveyId == s.Id && !r.HasResponded);
            var total = await pending.CountAsync(ct);
            var names = await pending
                .Join(db.People, r => r.PersonId, p => p.Id, (r, p) => new { p.FullName, r.SchoolId, r.Role })
                .OrderBy(x => x.FullName).Take(MaxNonResponders).ToListAsync(ct);
            var schoolIds = names.Where(n => n.SchoolId != null).Select(n => n.SchoolId!.Value).Distinct().ToList();
            var schoolNames = await db.Schools.AsNoTracking().Where(x => schoolIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
            nonResponders.AddRange(names.Select(n => n.FullName + " — " + (n.SchoolId is { } sid ? schoolNames.GetValueOrDefault(sid, "") : RoleNames.Russian(n.Role))));
            nonRespondersMore = total > names.Count ? $"… и ещё {total - names.Count}" : null;
        }

        var overall = rates.Overall;
        var percent = SurveyService.Percent(overall.Responded, overall.Total);
        var unitWord = s.Mode == ResponseMode.School ? "школ" : "участников";
        return new SurveyResultsCard(
            SurveyService.Id(s),
            s.Title,
            SurveyService.State(s, utcNow) + " · " + SurveyService.Window(s, zone),
            $"Ответили {overall.Responded} из {overall.Total} {unitWord} — {percent} %",
            Bar(percent),
            $"Цель: {s.TargetPercent} %",
            percent >= s.TargetPercent,
            rates.ByMunicipality.Select(r => Rate(r.Name, r.Rate)).ToList(),
            rates.BySchool.Take(MaxSchools).Select(r => Rate(r.Name, r.Rate)).ToList(),
            rates.BySchool.Count > MaxSchools ? $"Показаны {MaxSchools} школ с наименьшей долей ответов из {rates.BySchool.Count}." : null,
            rates.ByRole.Select(r => Rate(r.Name, r.Rate)).ToList(),
            ShowNonResponders: !s.Anonymous && nonResponders.Count > 0,
            nonResponders,
            nonRespondersMore,
            s.Anonymous ? "Опрос анонимный: ответы не связаны с людьми, список не ответивших не показывается." : null,
            results,
            "Обновлено " + SurveyService.Local(utcNow, zone).ToString("dd.MM.yyyy HH:mm", Ru));
    }

    public static async Task<SurveyTextsCard> TextsCardAsync(SchoolSupportDbContext db, Survey s, SurveyQuestion q, int page, CancellationToken ct)
    {
        var rows = await TextsAsync(db, s.Id, q.Id, page * TextsPerPage, TextsPerPage + 1, ct);
        return new SurveyTextsCard(
            SurveyService.Id(s),
            q.Id,
            s.Title,
            PlainText.Clip(q.Text, 300),
            $"Ответы {page * TextsPerPage + Math.Min(1, rows.Count)}–{page * TextsPerPage + Math.Min(TextsPerPage, rows.Count)}",
            rows.Take(TextsPerPage).Select(t => "«" + PlainText.Clip(t, 600) + "»").ToList(),
            page > 0,
            rows.Count > TextsPerPage,
            Math.Max(0, page - 1).ToString(CultureInfo.InvariantCulture),
            (page + 1).ToString(CultureInfo.InvariantCulture));
    }

    private static RateLine Rate(string name, UnitRate rate)
    {
        var p = SurveyService.Percent(rate.Responded, rate.Total);
        return new RateLine(PlainText.Clip(name, 60), Bar(p), $"{rate.Responded} из {rate.Total} ({p} %)");
    }

    /// <summary>A text bar of ten cells: «██████░░░░».</summary>
    public static string Bar(int percent)
    {
        var full = Math.Clamp((int)Math.Round(percent / 10.0, MidpointRounding.AwayFromZero), 0, 10);
        return new string('█', full) + new string('░', 10 - full);
    }
}
