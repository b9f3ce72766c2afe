using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Conversation;
using SchoolSupport.Data;
using SchoolSupport.People;
using SchoolSupport.Reminders;
using SchoolSupport.Schools;
using SchoolSupport.Surveys;

namespace SchoolSupport.Benchmarks.Surveys;

/// <summary>
/// A region with N schools and a director each (a conversation address apiece), a regional coordinator who owns a
/// ten-question survey (one question per page), written with prepared inserts; and bulk submitted responses for the
/// results and export benchmarks.
/// </summary>
internal sealed class SurveyWorld
{
    public static readonly DateTimeOffset Now = new(2026, 4, 15, 7, 0, 0, TimeSpan.Zero);

    public required string Path { get; init; }
    public required int SurveyId { get; init; }
    public required IReadOnlyList<int> Directors { get; init; }

    public DatabaseOptions Database => new() { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path}" };

    public static readonly string[] Questions = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10"];

    public static string SurveyJson(bool anonymous) => new JsonObject
    {
        ["id"] = "bench",
        ["title"] = "Опрос участников проекта (нагрузка)",
        ["opens"] = "2026-04-14",
        ["closes"] = "2026-04-30",
        ["anonymous"] = anonymous,
        ["audience"] = new JsonObject { ["roles"] = new JsonArray("director") },
        ["questions"] = new JsonArray(
            Q("q1", "rating", "Оцените пользу проекта"),
            Q("q2", "single", "Как часто проходят консультации?", choices: ["Еженедельно", "Раз в месяц", "Реже"]),
            Q("q3", "multiple", "Что важнее всего?", choices: ["Кадры", "Методика", "Родители", "Мотивация"]),
            Q("q4", "yesno", "Утверждена ли программа?"),
            Q("q5", "number", "Сколько педагогов прошли курсы?"),
            Q("q6", "rating", "Оцените совещания"),
            Q("q7", "single", "Удобен ли формат ВКС?", choices: ["Да", "Скорее да", "Нет"]),
            Q("q8", "date", "Дата последнего педсовета"),
            Q("q9", "text", "Какая помощь нужна?"),
            Q("q10", "yesno", "Готовы ли участвовать дальше?")),
    }.ToJsonString();

    private static JsonObject Q(string id, string type, string text, string[]? choices = null)
    {
        var q = new JsonObject { ["id"] = id, ["type"] = type, ["text"] = text, ["required"] = true };
        if (choices is not null)
        {
            q["choices"] = new JsonArray(choices.Select(c => (JsonNode)c).ToArray());
        }

        return q;
    }

    /// <summary>The value a simulated person gives to a question (deterministic per person, so the totals can be checked).</summary>
    public static string Answer(string question, int person) => question switch
    {
        "q1" or "q6" => (1 + (person % 5)).ToString(CultureInfo.InvariantCulture),
        "q2" or "q7" => (1 + (person % 3)).ToString(CultureInfo.InvariantCulture),
        "q3" => (1 + (person % 4)).ToString(CultureInfo.InvariantCulture),
        "q4" or "q10" => person % 3 == 0 ? "no" : "yes",
        "q5" => (person % 40).ToString(CultureInfo.InvariantCulture),
        "q8" => new DateOnly(2026, 1, 1).AddDays(person % 90).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => "Методическая помощь № " + (person % 97).ToString(CultureInfo.InvariantCulture),
    };

    public static async Task<SurveyWorld> CreateAsync(string folder, int directors, bool anonymous, bool open)
    {
        var path = System.IO.Path.Combine(folder, "survey-bench.db");
        var options = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={path}" };
        await using (var db = DatabaseSetup.CreateContext(options))
        {
            await SchemaMigrator.MigrateAsync(db);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            db.Regions.Add(new Region { Name = "Нагрузочная область", TimeZone = "Europe/Moscow", ReminderTime = new TimeOnly(9, 0) });
            await db.SaveChangesAsync();
        }

        var people = new List<int>();
        await using (var connection = new SqliteConnection(options.ConnectionString))
        {
            await connection.OpenAsync();
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
            Exec(connection, tx, "INSERT INTO Municipalities (RegionId, Name) VALUES (1, 'Нагрузочный район')");
            var now = Now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            Exec(connection, tx, $"INSERT INTO People (FullName, Email, IsActive, RemindersMuted, CreatedAt) VALUES ('Координатор', 'rc@bench.local', 1, 0, '{now}')");
            Exec(connection, tx, "INSERT INTO RoleAssignments (PersonId, Role, RegionId) VALUES (1, 'RegionalCoordinator', 1)");
            using var school = Command(connection, tx, "INSERT INTO Schools (RegionId, MunicipalityId, Name, Cohort, Program) VALUES (1, 1, $name, 2025, '500+')", "$name");
            using var person = Command(connection, tx, $"INSERT INTO People (FullName, Email, IsActive, RemindersMuted, CreatedAt) VALUES ($name, $email, 1, 0, '{now}')", "$name", "$email");
            using var role = Command(connection, tx, "INSERT INTO RoleAssignments (PersonId, Role, RegionId, MunicipalityId, SchoolId) VALUES ($person, 'Director', 1, 1, $school)", "$person", "$school");
            using var address = Command(connection, tx,
                $"INSERT INTO ConversationAddresses (PersonId, ChannelId, UserId, ConversationId, ConversationType, ServiceUrl, TenantId, IsActive, UpdatedAt) VALUES ($person, 'msteams', $user, $conv, 'personal', 'http://127.0.0.1:1/', 'tenant-bench', 1, '{now}')",
                "$person", "$user", "$conv");
            for (var i = 0; i < directors; i++)
            {
                school.Parameters["$name"].Value = "Школа № " + (i + 1).ToString(CultureInfo.InvariantCulture);
                school.ExecuteNonQuery();
                var personId = i + 2;
                person.Parameters["$name"].Value = "Директор " + (i + 1).ToString(CultureInfo.InvariantCulture);
                person.Parameters["$email"].Value = $"d{i}@bench.local";
                person.ExecuteNonQuery();
                role.Parameters["$person"].Value = personId;
                role.Parameters["$school"].Value = i + 1;
                role.ExecuteNonQuery();
                address.Parameters["$person"].Value = personId;
                address.Parameters["$user"].Value = "29:bench-" + personId.ToString(CultureInfo.InvariantCulture);
                address.Parameters["$conv"].Value = "a:bench-" + personId.ToString(CultureInfo.InvariantCulture);
                address.ExecuteNonQuery();
                people.Add(personId);
            }

            await tx.CommitAsync();
        }

        int surveyId;
        await using (var db = DatabaseSetup.CreateContext(options))
        {
            var owner = await db.People.FirstAsync(p => p.Id == 1);
            var definition = SurveyFile.Read(SurveyJson(anonymous)).Definition!;
            var import = await SurveyService.ImportAsync(db, definition, owner, 1, "file", Now.UtcDateTime, CancellationToken.None);
            surveyId = import.Survey!.Id;
            if (open)
            {
                var caller = await CallerLoader.LoadAsync(db, owner, DateOnly.FromDateTime(Now.UtcDateTime), CancellationToken.None);
                var (_, refusal) = await SurveyService.ConfirmAsync(db, caller, surveyId, DateOnly.FromDateTime(Now.UtcDateTime), Now.UtcDateTime, new ReminderOptions(), CancellationToken.None);
                if (refusal is not null)
                {
                    throw new InvalidOperationException(refusal);
                }
            }
        }

        return new SurveyWorld { Path = path, SurveyId = surveyId, Directors = people };
    }

    /// <summary>Writes <paramref name="responses"/> submitted responses (ten answers each) straight into the tables.</summary>
    public async Task SeedResponsesAsync(int responses)
    {
        await using var connection = new SqliteConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        var anonymous = Convert.ToInt64(new SqliteCommand($"SELECT Anonymous FROM Surveys WHERE Id = {SurveyId}", connection, tx).ExecuteScalar(), CultureInfo.InvariantCulture) == 1;
        using var response = Command(connection, tx,
            "INSERT INTO SurveyResponses (Id, SurveyId, UnitKey, PersonId, SchoolId, Role, Status, SubmittedAt) VALUES ($id, $survey, $unit, $person, $school, $role, 'Submitted', $at)",
            "$id", "$survey", "$unit", "$person", "$school", "$role", "$at");
        using var answer = Command(connection, tx,
            "INSERT INTO SurveyAnswers (Id, SurveyId, ResponseId, QuestionId, ChoiceId, Number, Date, Text) VALUES ($id, $survey, $response, $question, $choice, $number, $date, $text)",
            "$id", "$survey", "$response", "$question", "$choice", "$number", "$date", "$text");
        response.Parameters["$survey"].Value = SurveyId;
        answer.Parameters["$survey"].Value = SurveyId;
        for (var i = 0; i < responses; i++)
        {
            var id = Guid.NewGuid().ToString().ToUpperInvariant();
            var personId = Directors[i % Directors.Count];
            response.Parameters["$id"].Value = id;
            response.Parameters["$unit"].Value = anonymous ? DBNull.Value : "p:" + i.ToString(CultureInfo.InvariantCulture);
            response.Parameters["$person"].Value = anonymous ? DBNull.Value : personId;
            response.Parameters["$school"].Value = anonymous ? DBNull.Value : personId - 1;
            response.Parameters["$role"].Value = anonymous ? DBNull.Value : "Director";
            response.Parameters["$at"].Value = anonymous ? DBNull.Value : Now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            response.ExecuteNonQuery();
            foreach (var q in Questions)
            {
                var value = Answer(q, i);
                answer.Parameters["$id"].Value = Guid.NewGuid().ToString().ToUpperInvariant();
                answer.Parameters["$response"].Value = id;
                answer.Parameters["$question"].Value = q;
                answer.Parameters["$choice"].Value = q is "q5" or "q8" or "q9" ? DBNull.Value : value;
                answer.Parameters["$number"].Value = q is "q1" or "q6" or "q5" ? double.Parse(value, CultureInfo.InvariantCulture) : DBNull.Value;
                answer.Parameters["$date"].Value = q == "q8" ? value : DBNull.Value;
                answer.Parameters["$text"].Value = q == "q9" ? value : DBNull.Value;
                answer.ExecuteNonQuery();
            }
        }

        // Everyone the rows stand for has responded (the rates then show the load, too).
        Exec(connection, tx, $"UPDATE SurveyRecipients SET HasResponded = 1 WHERE SurveyId = {SurveyId} AND Id IN (SELECT Id FROM SurveyRecipients WHERE SurveyId = {SurveyId} LIMIT {responses})");
        await tx.CommitAsync();
    }

    private static void Exec(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        using var cmd = new SqliteCommand(sql, connection, tx);
        cmd.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction tx, string sql, params string[] parameters)
    {
        var cmd = new SqliteCommand(sql, connection, tx);
        foreach (var p in parameters)
        {
            cmd.Parameters.Add(new SqliteParameter { ParameterName = p });
        }

        cmd.Prepare();
        return cmd;
    }
}
