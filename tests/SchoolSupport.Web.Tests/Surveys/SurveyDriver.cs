using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolSupport.Cli;
using SchoolSupport.Surveys;
using SchoolSupport.Web.Tests.Support;

namespace SchoolSupport.Web.Tests.Surveys;

/// <summary>Drives surveys through /api/messages the way a person would: press buttons, fill the inputs of each page.</summary>
internal static class SurveyDriver
{
    /// <summary>The sample survey file with its window moved (local Moscow times) and optional changes.</summary>
    public static string SampleFile(string opens, string closes, Action<JsonObject>? change = null)
    {
        var json = JsonNode.Parse(SurveySample.Json())!.AsObject();
        json["opens"] = opens;
        json["closes"] = closes;
        change?.Invoke(json);
        var path = Path.Combine(Path.GetTempPath(), "survey-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    public static async Task<(int Code, string Out, string Error)> CliAsync(BotApp bot, params string[] args)
    {
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        _ = bot.Server;
        var code = await CliApp.RunAsync(args, stdout, stderr, bot.DatabaseOptions, bot.Clock);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public static async Task<int> RunSchedulerAsync(BotApp bot) =>
        (await bot.Services.GetRequiredService<SurveyScheduler>().RunOnceAsync(CancellationToken.None)).Invited;

    public static JsonObject Card(IReadOnlyList<JsonObject> replies) =>
        replies.Select(BotApp.CardOf).LastOrDefault(c => c is not null) ?? throw new InvalidOperationException("No card in " + string.Join(" | ", replies.Select(r => (string?)r["text"])));

    public static string Texts(JsonObject card) => string.Join("\n", BotApp.TextsOf(card));

    public static JsonObject? ActionData(JsonNode? node, string verb, string? nav = null)
    {
        switch (node)
        {
            case JsonObject o when o["data"] is JsonObject data && (string?)data["verb"] == verb && (nav is null || (string?)data["nav"] == nav):
                return (JsonObject)data.DeepClone();
            case JsonObject o:
                foreach (var (_, child) in o)
                {
                    if (ActionData(child, verb, nav) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonArray a:
                foreach (var child in a)
                {
                    if (ActionData(child, verb, nav) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>Input ids of the answer inputs on a page card (a_question).</summary>
    public static List<string> Inputs(JsonNode? node)
    {
        var ids = new List<string>();
        void Walk(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    if ((string?)o["id"] is { } id && id.StartsWith("a_", StringComparison.Ordinal) && ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true)
                    {
                        ids.Add(id);
                    }

                    foreach (var (_, child) in o)
                    {
                        Walk(child);
                    }

                    break;
                case JsonArray a:
                    foreach (var child in a)
                    {
                        Walk(child);
                    }

                    break;
            }
        }

        Walk(node);
        return ids;
    }

    /// <summary>
    /// Answers the page shown on <paramref name="card"/> with the values for its questions and presses «Далее» (or
    /// «Отправить» on the last page). Returns the next card.
    /// </summary>
    public static async Task<JsonObject> AnswerPageAsync(BotApp bot, string user, JsonObject card, IReadOnlyDictionary<string, string> answers, string? nav = null)
    {
        var data = (nav is null ? ActionData(card, "survey.answer", "next") ?? ActionData(card, "survey.answer", "submit") : ActionData(card, "survey.answer", nav))
                   ?? throw new InvalidOperationException("No answer button on: " + Texts(card));
        foreach (var input in Inputs(card))
        {
            data[input] = answers.TryGetValue(input[2..], out var v) ? v : "";
        }

        data.Remove("verb");
        return Card(await bot.SubmitAsync(user, "survey.answer", data));
    }

    /// <summary>Starts the survey and answers every page until the «спасибо» card, or stops after <paramref name="pages"/> pages.</summary>
    public static async Task<JsonObject> AnswerAllAsync(BotApp bot, string user, int surveyId, IReadOnlyDictionary<string, string> answers, int pages = int.MaxValue)
    {
        var card = Card(await bot.SubmitAsync(user, "survey.start", new JsonObject { ["surveyId"] = surveyId.ToString(CultureInfo.InvariantCulture) }));
        for (var i = 0; i < pages && ActionData(card, "survey.answer") is not null; i++)
        {
            card = await AnswerPageAsync(bot, user, card, answers);
        }

        return card;
    }

    public static async Task<int> SurveyIdAsync(BotApp bot, string key)
    {
        await using var db = bot.OpenDatabase();
        return await db.Surveys.Where(s => s.Key == key).Select(s => s.Id).SingleAsync();
    }
}
