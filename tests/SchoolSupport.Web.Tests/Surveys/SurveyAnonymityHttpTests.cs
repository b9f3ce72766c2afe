using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Surveys;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests.Surveys;

/// <summary>
/// An anonymous survey answered through /api/messages (one person straight through, one resumed later): afterwards
/// no row of any table joins an answer to a person — only the one-way «has responded» marker says who took part.
/// </summary>
public sealed class SurveyAnonymityHttpTests : IDisposable
{
    private readonly BotApp bot = new(extraSettings: new Dictionary<string, string?> { ["Reminders:CheckInterval"] = "01:00:00", ["Outbox:PollInterval"] = "01:00:00" });

    public void Dispose() => bot.Dispose();

    [Fact]
    public async Task AnonymousSurvey_Answered_NoRowInAnyTableLinksAnAnswerToAPerson()
    {
        var file = SurveyDriver.SampleFile("2026-03-18T09:00", "2026-03-25", f => f["anonymous"] = true);
        (await SurveyDriver.CliAsync(bot, "survey", "import", file, "--region", "Ленинградская область")).Code.ShouldBe(0);
        var id = await SurveyDriver.SurveyIdAsync(bot, "opros-uchastnikov-1");
        var sid = new JsonObject { ["surveyId"] = id.ToString(CultureInfo.InvariantCulture) };
        await bot.SubmitAsync("29:demo-coordinator", "survey.confirm", sid);

        var first = new Dictionary<string, string>
        {
            ["benefit"] = "5",
            ["priorities"] = "staff",
            ["consultations"] = "weekly",
            ["program"] = "yes",
            ["program-date"] = "2026-02-11",
            ["trained"] = "17",
            ["help"] = "секрет-ивановой-4711",
            ["ideas"] = "идея-ивановой-0815",
        };
        var second = new Dictionary<string, string>
        {
            ["benefit"] = "2",
            ["priorities"] = "parents",
            ["consultations"] = "never",
            ["program"] = "no",
            ["trained"] = "3",
            ["help"] = "секрет-второй-9090",
            ["ideas"] = "",
        };
        var done = await SurveyDriver.AnswerAllAsync(bot, "29:demo-director", id, first);
        SurveyDriver.Texts(done).ShouldContain("✔ Спасибо! Ваши ответы записаны анонимно.");
        await SurveyDriver.AnswerAllAsync(bot, "29:demo-director2", id, second, pages: 2);
        var resumed = SurveyDriver.Card(await bot.SayAsync("29:demo-director2", "продолжить опрос"));
        while (SurveyDriver.ActionData(resumed, "survey.answer") is not null)
        {
            resumed = await SurveyDriver.AnswerPageAsync(bot, "29:demo-director2", resumed, second);
        }

        // Once sent, an anonymous answer cannot be found again, so it cannot be changed (nor sent twice).
        var again = await bot.SubmitAsync("29:demo-director", "survey.start", sid);
        SurveyDriver.Texts(SurveyDriver.Card(again)).ShouldContain(SurveyAnswering.AnonymousDone);

        await using var db = bot.OpenDatabase();
        var people = await db.People.Where(p => p.Email == "director@demo.schoolsupport.local" || p.Email == "director2@demo.schoolsupport.local")
            .Select(p => new { p.Id, p.FullName, p.Email }).ToListAsync();
        people.Count.ShouldBe(2);
        var responses = await db.SurveyResponses.Where(r => r.SurveyId == id).ToListAsync();
        responses.Count.ShouldBe(2);
        responses.ShouldAllBe(r => r.Status == ResponseStatus.Submitted && r.PersonId == null && r.SchoolId == null && r.Role == null
                                   && r.MunicipalityId == null && r.UnitKey == null && r.SubmittedAt == null && r.UpdatedAt == null);
        var answerIds = await db.SurveyAnswers.Where(a => a.SurveyId == id).Select(a => a.Id).ToListAsync();
        answerIds.Count.ShouldBeGreaterThan(10);
        (await db.SurveyRecipients.CountAsync(r => r.SurveyId == id && r.HasResponded)).ShouldBe(2);

        // Every value of every row of every table: the answers' ids and texts live only in the answer tables, and the
        // answer tables carry nothing about people.
        var rows = await AllRowsAsync(db.Database.GetDbConnection());
        var secrets = new[] { "секрет-ивановой-4711", "идея-ивановой-0815", "секрет-второй-9090" };
        var markers = responses.Select(r => r.Id.ToString()).Concat(answerIds.Select(a => a.ToString())).Concat(secrets).ToList();
        foreach (var (table, _, values) in rows)
        {
            var hits = markers.Where(m => values.Any(v => v.Contains(m, StringComparison.OrdinalIgnoreCase))).ToList();
            if (hits.Count > 0)
            {
                table.ShouldBeOneOf("SurveyResponses", "SurveyAnswers");
            }
        }

        rows.Where(r => r.Table == "SurveyAnswers").Select(r => r.Columns).First()
            .ShouldBe(["Id", "SurveyId", "ResponseId", "QuestionId", "ChoiceId", "Number", "Date", "Text"], ignoreOrder: true);
        foreach (var person in people)
        {
            rows.Where(r => r.Table is "SurveyAnswers" or "SurveyResponses")
                .ShouldAllBe(r => !r.Values.Contains(person.FullName) && !r.Values.Contains(person.Email!));
        }

        // The owner's views say nothing about who: no names in the results, no person columns in the export.
        var results = SurveyDriver.Texts(SurveyDriver.Card(await bot.SubmitAsync("29:demo-coordinator", "survey.results", sid)));
        results.ShouldContain("Опрос анонимный: ответы не связаны с людьми");
        results.ShouldNotContain("Иванова");
        var columns = SurveyExport.Columns((await db.Surveys.SingleAsync(s => s.Id == id))).Select(c => c.Header).ToList();
        columns.ShouldNotContain("ФИО");
        columns.ShouldNotContain("Школа");
        columns.ShouldNotContain("Отправлено");
    }

    private static async Task<List<(string Table, List<string> Columns, List<string> Values)>> AllRowsAsync(DbConnection connection)
    {
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        tables.ShouldContain("SurveyAnswers");
        var rows = new List<(string, List<string>, List<string>)>();
        foreach (var table in tables)
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await cmd.ExecuteReaderAsync();
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            while (await reader.ReadAsync())
            {
                var values = Enumerable.Range(0, reader.FieldCount)
                    .Select(i => reader.IsDBNull(i) ? "" : reader.GetValue(i) is byte[] bytes ? Encoding.UTF8.GetString(bytes) : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "")
                    .ToList();
                rows.Add((table, columns, values));
            }
        }

        return rows;
    }
}
