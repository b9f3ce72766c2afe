using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Common;
using SchoolSupport.Data;
using SchoolSupport.People;
using SchoolSupport.Reports;

namespace SchoolSupport.Surveys;

public enum SurveyExportFormat
{
    Csv,
    Xlsx,
}

/// <summary>
/// Submitted responses as a sheet: one row per response, one column per question (several choices joined with «; »).
/// Named surveys start with who answered; anonymous ones carry nothing about the person — no name, school, role or
/// time. Rows stream from the database reader straight into the writer, so memory does not grow with the answers.
/// </summary>
public static class SurveyExport
{
    public static string ContentType(SurveyExportFormat format) =>
        format == SurveyExportFormat.Xlsx ? TabularReport.ContentTypes.Xlsx : TabularReport.ContentTypes.Csv;

    public static string FileName(Survey s, SurveyExportFormat format) =>
        $"опрос-{s.Id.ToString(CultureInfo.InvariantCulture)}-ответы.{(format == SurveyExportFormat.Xlsx ? "xlsx" : "csv")}";

    public static IReadOnlyList<ReportColumn> Columns(Survey s)
    {
        var columns = new List<ReportColumn> { new("№", 6) };
        if (!s.Anonymous)
        {
            columns.Add(new("ФИО", 32));
            columns.Add(new("Школа", 36));
            columns.Add(new("Роль", 22));
            columns.Add(new("Отправлено", 18));
        }

        columns.AddRange(s.ParsedQuestions.Select((q, i) => new ReportColumn($"{i + 1}. {PlainText.Clip(q.Text, 120)}", q.Type == QuestionType.LongText ? 50 : 24)));
        return columns;
    }

    /// <summary>Writes the export; returns the number of responses written.</summary>
    public static async Task<long> WriteAsync(SchoolSupportDbContext db, Survey s, SurveyExportFormat format, Stream output, CancellationToken ct)
    {
        var columns = Columns(s);
        var rows = RowsAsync(db, s, ct);
        return format == SurveyExportFormat.Xlsx
            ? await XlsxWriter.WriteAsync("Ответы", columns, rows, output, ct)
            : await CsvWriter.WriteAsync(columns, rows, output, ct);
    }

    public static async Task<byte[]> ToBytesAsync(SchoolSupportDbContext db, Survey s, SurveyExportFormat format, CancellationToken ct)
    {
        using var stream = new MemoryStream();
        await WriteAsync(db, s, format, stream, ct);
        return stream.ToArray();
    }

    private sealed record Row(Guid ResponseId, int? PersonId, int? SchoolId, Role? Role, DateTime? SubmittedAt, string QuestionId, string? ChoiceId, double? Number, DateOnly? Date, string? Text);

    public static async IAsyncEnumerable<IReadOnlyList<ReportCell>> RowsAsync(SchoolSupportDbContext db, Survey s, [EnumeratorCancellation] CancellationToken ct)
    {
        var questions = s.ParsedQuestions;
        var index = questions.Select((q, i) => (q.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var zone = await SurveyService.ZoneAsync(db, s.RegionId, ct);
        Dictionary<int, string> people = [];
        Dictionary<int, string> schools = [];
        if (!s.Anonymous)
        {
            people = await db.SurveyRecipients.AsNoTracking().Where(r => r.SurveyId == s.Id)
                .Join(db.People, r => r.PersonId, p => p.Id, (r, p) => new { p.Id, p.FullName })
                .ToDictionaryAsync(p => p.Id, p => p.FullName, ct);
            schools = await db.Schools.AsNoTracking().Where(x => x.RegionId == s.RegionId).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        }

        var fixedColumns = s.Anonymous ? 1 : 5;
        var source = db.SurveyResponses.AsNoTracking()
            .Where(r => r.SurveyId == s.Id && r.Status == ResponseStatus.Submitted)
            .Join(db.SurveyAnswers.AsNoTracking().Where(a => a.SurveyId == s.Id), r => r.Id, a => a.ResponseId,
                (r, a) => new { ResponseId = r.Id, r.PersonId, r.SchoolId, r.Role, r.SubmittedAt, a.QuestionId, a.ChoiceId, a.Number, a.Date, a.Text })
            .OrderBy(x => x.ResponseId).ThenBy(x => x.QuestionId).ThenBy(x => x.ChoiceId)
            .Select(x => new Row(x.ResponseId, x.PersonId, x.SchoolId, x.Role, x.SubmittedAt, x.QuestionId, x.ChoiceId, x.Number, x.Date, x.Text))
            .AsAsyncEnumerable();

        Guid? current = null;
        ReportCell[]? cells = null;
        var choices = new List<string>?[questions.Count];
        var number = 0;
        await foreach (var row in source.WithCancellation(ct))
        {
            if (row.ResponseId != current)
            {
                if (cells is not null)
                {
                    yield return Finish(cells, choices, questions, fixedColumns);
                }

                current = row.ResponseId;
                number++;
                cells = new ReportCell[fixedColumns + questions.Count];
                Array.Fill(cells, ReportCell.Empty);
                Array.Clear(choices);
                cells[0] = number;
                if (!s.Anonymous)
                {
                    cells[1] = row.PersonId is { } p ? people.GetValueOrDefault(p, "") : "";
                    cells[2] = row.SchoolId is { } sc ? schools.GetValueOrDefault(sc, "") : "";
                    cells[3] = row.Role is { } role ? RoleNames.Russian(role) : "";
                    cells[4] = row.SubmittedAt is { } at ? ReportCell.Of(SurveyService.Local(at, zone)) : ReportCell.Empty;
                }
            }

            if (!index.TryGetValue(row.QuestionId, out var qi))
            {
                continue;
            }

            var q = questions[qi];
            if (q.IsChoiceLike && row.ChoiceId is { } choice)
            {
                (choices[qi] ??= []).Add(q.Type == QuestionType.Rating ? choice : q.Options.FirstOrDefault(o => o.Id == choice)?.Text ?? choice);
            }
            else
            {
                cells![fixedColumns + qi] = q.Type switch
                {
                    QuestionType.Number => ReportCell.Of(row.Number),
                    QuestionType.Date => ReportCell.Of(row.Date),
                    _ => ReportCell.Of(row.Text),
                };
            }
        }

        if (cells is not null)
        {
            yield return Finish(cells, choices, questions, fixedColumns);
        }
    }

    private static ReportCell[] Finish(ReportCell[] cells, List<string>?[] choices, IReadOnlyList<SurveyQuestion> questions, int fixedColumns)
    {
        for (var i = 0; i < questions.Count; i++)
        {
            if (choices[i] is { } picked)
            {
                var q = questions[i];
                cells[fixedColumns + i] = q.Type == QuestionType.Rating && picked.Count == 1
                    ? ReportCell.Of(double.Parse(picked[0], CultureInfo.InvariantCulture))
                    : ReportCell.Of(string.Join("; ", q.Type == QuestionType.Multiple ? q.Options.Select(o => o.Text).Where(picked.Contains) : picked));
            }
        }

        return cells;
    }
}
