using System.Globalization;
using System.Text.Json.Nodes;
using SchoolSupport.Conversation;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;

namespace SchoolSupport.Surveys;

/// <summary>«новый опрос»: a simple survey of up to ten questions built in one card, turned into a definition.</summary>
public static class SurveyBuilder
{
    public static readonly IReadOnlyList<ChoiceView> RoleChoices =
    [
        new("Руководители школ", "director"),
        new("Кураторы", "curator"),
        new("Консультанты", "consultant"),
        new("Муниципальные координаторы", "municipal"),
        new("Региональные координаторы", "regional"),
    ];

    public static readonly IReadOnlyList<ChoiceView> TypeChoices =
    [
        new("Один вариант", "single"),
        new("Несколько вариантов", "multiple"),
        new("Оценка 1–5", "rating"),
        new("Да / нет", "yesno"),
        new("Число", "number"),
        new("Дата", "date"),
        new("Короткий ответ", "text"),
        new("Развёрнутый ответ", "longtext"),
    ];

    private static readonly Dictionary<string, RoleMask> Roles = new(StringComparer.Ordinal)
    {
        ["director"] = RoleMask.Director,
        ["curator"] = RoleMask.Curator,
        ["consultant"] = RoleMask.Consultant,
        ["municipal"] = RoleMask.MunicipalCoordinator,
        ["regional"] = RoleMask.RegionalCoordinator,
    };

    public static SurveyBuilderCard Form(Caller caller, SurveyDefinition? d, string? surveyId, string? error, DateOnly today)
    {
        var slots = Enumerable.Range(1, SurveyLimits.BuilderQuestions).Select(i =>
        {
            var q = d is not null && i <= d.Questions.Count ? d.Questions[i - 1] : null;
            var n = i.ToString(CultureInfo.InvariantCulture);
            return new BuilderSlot($"q{n}_text", $"q{n}_type", $"q{n}_options", $"q{n}_required", $"Вопрос {n}",
                q?.Text ?? "", q is null ? "single" : SurveyFile.TypeName(q.Type), string.Join("\n", q?.Choices.Select(c => c.Text) ?? []), q?.Required ?? false);
        }).ToList();
        return new SurveyBuilderCard(
            surveyId ?? "",
            d?.Title ?? "",
            d?.Description ?? "",
            (d is null ? today : DateOnly.FromDateTime(d.OpensLocal)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            (d is null ? today.AddDays(14) : DateOnly.FromDateTime(d.ClosesLocal)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            RoleChoices.Where(c => c.Value != "regional" || caller.Has(Role.RegionalCoordinator)).ToList(),
            d is null ? "director,curator" : string.Join(",", Roles.Where(kv => d.Audience.Roles.HasFlag(kv.Value)).Select(kv => kv.Key)),
            d?.Anonymous ?? false,
            d?.Mode == ResponseMode.School,
            TypeChoices,
            slots,
            error);
    }

    /// <summary>Reads the card into a definition (dates are local days: opens at 09:00, closes at 23:59), or the first problem.</summary>
    public static (SurveyDefinition? Definition, string? Error) Read(JsonObject data, string key, DateOnly today)
    {
        // Every field through the one strict reader: a value of the wrong JSON type is a broken card, not an empty field.
        var card = new CardData(data);
        string S(string name) => card.Text(name)?.Trim() ?? "";
        bool Flag(string name) => card.Flag(name);
        string[] fields = ["title", "description", "opens", "closes", "roles", "anonymous", "perSchool",
            .. Enumerable.Range(1, SurveyLimits.BuilderQuestions).SelectMany(i => new[] { $"q{i}_text", $"q{i}_type", $"q{i}_options", $"q{i}_required" })];
        foreach (var field in fields)
        {
            if (field.EndsWith("_required", StringComparison.Ordinal) || field is "anonymous" or "perSchool")
            {
                Flag(field);
            }
            else
            {
                S(field);
            }
        }

        if (!card.IsValid)
        {
            return (null, CardData.Broken);
        }

        var title = S("title");
        if (title.Length == 0)
        {
            return (null, "Укажите название опроса.");
        }

        if (title.Length > SurveyLimits.Title || S("description").Length > SurveyLimits.Description)
        {
            return (null, $"Название — не длиннее {SurveyLimits.Title} символов, описание — не длиннее {SurveyLimits.Description}.");
        }

        if (!DateOnly.TryParseExact(S("opens"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var opens)
            || !DateOnly.TryParseExact(S("closes"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var closes))
        {
            return (null, "Укажите даты начала и окончания опроса.");
        }

        if (closes < opens || closes < today)
        {
            return (null, "Дата окончания должна быть не раньше даты начала и не в прошлом.");
        }

        var roles = RoleMask.None;
        foreach (var r in S("roles").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Roles.TryGetValue(r, out var mask))
            {
                return (null, "Неизвестная группа участников. Выберите из списка.");
            }

            roles |= mask;
        }

        var perSchool = Flag("perSchool");
        if (perSchool)
        {
            roles = RoleMask.Director;
        }

        var questions = new List<JsonNode>();
        for (var i = 1; i <= SurveyLimits.BuilderQuestions; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            var text = S($"q{n}_text");
            if (text.Length == 0)
            {
                continue;
            }

            var type = S($"q{n}_type");
            if (TypeChoices.All(t => t.Value != type))
            {
                return (null, $"Вопрос {n}: выберите тип ответа из списка.");
            }

            var q = new JsonObject { ["id"] = "q" + n, ["type"] = type, ["text"] = text, ["required"] = Flag($"q{n}_required") };
            if (type is "single" or "multiple")
            {
                var options = S($"q{n}_options").Split(['\n', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                q["choices"] = new JsonArray(options.Select(o => (JsonNode)o).ToArray());
            }

            questions.Add(q);
        }

        if (questions.Count == 0)
        {
            return (null, "Добавьте хотя бы один вопрос.");
        }

        var file = new JsonObject
        {
            ["id"] = key,
            ["title"] = title,
            ["description"] = S("description").Length > 0 ? S("description") : null,
            ["opens"] = opens.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["closes"] = closes.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["anonymous"] = Flag("anonymous"),
            ["responseMode"] = perSchool ? "school" : "person",
            ["audience"] = new JsonObject { ["roles"] = new JsonArray(Roles.Where(kv => roles.HasFlag(kv.Value)).Select(kv => (JsonNode)kv.Key).ToArray()) },
            ["questions"] = new JsonArray(questions.ToArray()),
        };
        if (file["description"] is null)
        {
            file.Remove("description");
        }

        var result = SurveyFile.Read(file.ToJsonString());
        return result.Ok ? (result.Definition, null) : (null, string.Join(" ", result.Errors.Take(3)));
    }
}
