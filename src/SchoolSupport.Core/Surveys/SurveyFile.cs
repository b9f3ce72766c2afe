using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SchoolSupport.Common;
using SchoolSupport.Roadmaps;

namespace SchoolSupport.Surveys;

/// <summary>The result of reading a survey file: the definition, or every problem found (in Russian, with where it is).</summary>
public sealed record SurveyFileResult(SurveyDefinition? Definition, IReadOnlyList<string> Errors)
{
    public bool Ok => Definition is not null && Errors.Count == 0;
}

/// <summary>
/// The survey file format (JSON, UTF-8; schema in survey.schema.json next to this file, documented in the README).
/// Reading is strict: an unknown field, a wrong type, a duplicated id or a «показать, если» that points forward is an
/// error with a message a coordinator understands, and nothing is stored.
/// </summary>
public static partial class SurveyFile
{
    private static readonly string[] TopFields =
        ["$schema", "id", "title", "description", "sample", "opens", "closes", "anonymous", "responseMode", "target", "roadmapItem", "audience", "remindDaysBefore", "questions"];

    private static readonly string[] QuestionFields =
        ["id", "type", "text", "help", "required", "choices", "min", "max", "integer", "scale", "minLabel", "maxLabel", "showIf"];

    private static readonly Dictionary<string, QuestionType> Types = new(StringComparer.Ordinal)
    {
        ["single"] = QuestionType.Single,
        ["multiple"] = QuestionType.Multiple,
        ["rating"] = QuestionType.Rating,
        ["yesno"] = QuestionType.YesNo,
        ["number"] = QuestionType.Number,
        ["date"] = QuestionType.Date,
        ["text"] = QuestionType.Text,
        ["longtext"] = QuestionType.LongText,
    };

    private static readonly Dictionary<string, RoleMask> RoleNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["director"] = RoleMask.Director,
        ["curator"] = RoleMask.Curator,
        ["consultant"] = RoleMask.Consultant,
        ["municipal"] = RoleMask.MunicipalCoordinator,
        ["regional"] = RoleMask.RegionalCoordinator,
    };

    public static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string TypeName(QuestionType type) => Types.First(kv => kv.Value == type).Key;

    public static SurveyFileResult Read(string json)
    {
        var errors = new List<string>();
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: RelaxedJson.DocumentOptions);
        }
        catch (JsonException ex)
        {
            return new(null, [$"Файл не является корректным JSON: {ex.Message}"]);
        }

        if (Duplicate(json) is { } duplicate)
        {
            return new(null, [$"Поле «{duplicate}» встречается дважды в одном объекте — оставьте одно."]);
        }

        if (root is not JsonObject o)
        {
            return new(null, ["Файл опроса должен быть JSON-объектом { … } с полями id, title, opens, closes, audience, questions."]);
        }

        Unknown(o, TopFields, "", errors);
        var key = Str(o, "id", "", errors, required: true);
        if (key is not null && !IdPattern().IsMatch(key))
        {
            errors.Add($"id: «{key}» — допустимы латинские буквы, цифры, «-» и «_», до {SurveyLimits.Id} символов.");
        }

        var title = Str(o, "title", "", errors, required: true, max: SurveyLimits.Title);
        var description = Str(o, "description", "", errors, max: SurveyLimits.Description);
        var sample = Bool(o, "sample", "", errors) ?? false;
        var opens = When(o, "opens", errors, endOfDay: false);
        var closes = When(o, "closes", errors, endOfDay: true);
        if (opens is { } a && closes is { } b && b <= a)
        {
            errors.Add("closes: окончание опроса должно быть позже начала (opens).");
        }

        var anonymous = Bool(o, "anonymous", "", errors) ?? false;
        var mode = ResponseMode.Person;
        switch (Str(o, "responseMode", "", errors))
        {
            case null or "person":
                break;
            case "school":
                mode = ResponseMode.School;
                break;
            case { } other:
                errors.Add($"responseMode: «{other}» — допустимо «person» (каждый участник) или «school» (один ответ от школы, отвечает руководитель).");
                break;
        }

        var target = Num(o, "target", "", errors) ?? 100;
        if (target is < 1 or > 100 || target != Math.Floor(target))
        {
            errors.Add("target: целевая доля ответивших — целое число процентов от 1 до 100.");
        }

        var roadmapItem = Str(o, "roadmapItem", "", errors, max: 32);
        var audience = ReadAudience(o, errors);
        if (mode == ResponseMode.School && audience is not null && audience.Roles != RoleMask.Director)
        {
            errors.Add("audience.roles: при responseMode «school» отвечают руководители школ — укажите roles: [\"director\"].");
        }

        var remind = new List<int> { 3, 1 };
        if (o["remindDaysBefore"] is { } remindNode)
        {
            remind.Clear();
            if (remindNode is not JsonArray arr || arr.Any(n => n is not JsonValue v || !v.TryGetValue<int>(out var d) || d is < 0 or > 60))
            {
                errors.Add("remindDaysBefore: список чисел дней до окончания (от 0 до 60), например [3, 1].");
            }
            else
            {
                remind.AddRange(arr.Select(n => n!.GetValue<int>()).Distinct().OrderDescending());
            }
        }

        var questions = ReadQuestions(o, errors);
        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        return new(new SurveyDefinition
        {
            Key = key!,
            Title = title!,
            Description = description,
            IsSample = sample,
            OpensLocal = opens!.Value,
            ClosesLocal = closes!.Value,
            Anonymous = anonymous,
            Mode = mode,
            TargetPercent = (int)target,
            RoadmapItem = roadmapItem,
            Audience = audience!,
            RemindDaysBefore = remind,
            Questions = questions,
        }, []);
    }

    /// <summary>A property name repeated within one object (JsonNode would throw on it later), or null.</summary>
    private static string? Duplicate(string json)
    {
        using var document = JsonDocument.Parse(json, RelaxedJson.DocumentOptions);
        static string? Walk(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var p in e.EnumerateObject())
                    {
                        if (!seen.Add(p.Name))
                        {
                            return p.Name;
                        }

                        if (Walk(p.Value) is { } inner)
                        {
                            return inner;
                        }
                    }

                    return null;
                case JsonValueKind.Array:
                    return e.EnumerateArray().Select(Walk).FirstOrDefault(x => x is not null);
                default:
                    return null;
            }
        }

        return Walk(document.RootElement);
    }

    /// <summary>Writes a definition in the file format (what «survey import» reads back unchanged).</summary>
    public static string Write(SurveyDefinition d)
    {
        var o = new JsonObject
        {
            ["id"] = d.Key,
            ["title"] = d.Title,
        };
        if (!string.IsNullOrEmpty(d.Description))
        {
            o["description"] = d.Description;
        }

        if (d.IsSample)
        {
            o["sample"] = true;
        }

        o["opens"] = d.OpensLocal.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        o["closes"] = d.ClosesLocal.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        o["anonymous"] = d.Anonymous;
        o["responseMode"] = d.Mode == ResponseMode.School ? "school" : "person";
        o["target"] = d.TargetPercent;
        if (d.RoadmapItem is not null)
        {
            o["roadmapItem"] = d.RoadmapItem;
        }

        var audience = new JsonObject
        {
            ["roles"] = new JsonArray(RoleNames.Where(kv => d.Audience.Roles.HasFlag(kv.Value)).Select(kv => (JsonNode)kv.Key).ToArray()),
        };
        Add(audience, "municipalities", d.Audience.Municipalities);
        Add(audience, "schools", d.Audience.Schools);
        Add(audience, "emails", d.Audience.Emails);
        if (d.Audience.Cohorts.Count > 0)
        {
            audience["cohorts"] = new JsonArray(d.Audience.Cohorts.Select(c => (JsonNode)c).ToArray());
        }

        o["audience"] = audience;
        o["remindDaysBefore"] = new JsonArray(d.RemindDaysBefore.Select(n => (JsonNode)n).ToArray());
        o["questions"] = new JsonArray(d.Questions.Select(q => (JsonNode)WriteQuestion(q)).ToArray());
        return o.ToJsonString(WriteOptions);
    }

    internal static JsonObject WriteQuestion(SurveyQuestion q)
    {
        var o = new JsonObject { ["id"] = q.Id, ["type"] = TypeName(q.Type), ["text"] = q.Text };
        if (q.Help is not null)
        {
            o["help"] = q.Help;
        }

        if (q.Required)
        {
            o["required"] = true;
        }

        if (q.Type is QuestionType.Single or QuestionType.Multiple)
        {
            o["choices"] = new JsonArray(q.Choices.Select(c => (JsonNode)new JsonObject { ["id"] = c.Id, ["text"] = c.Text }).ToArray());
        }

        if (q.Min is { } min)
        {
            o["min"] = min;
        }

        if (q.Max is { } max)
        {
            o["max"] = max;
        }

        if (q.Integer)
        {
            o["integer"] = true;
        }

        if (q.Type == QuestionType.Rating)
        {
            o["scale"] = q.Scale;
            if (q.MinLabel is not null)
            {
                o["minLabel"] = q.MinLabel;
            }

            if (q.MaxLabel is not null)
            {
                o["maxLabel"] = q.MaxLabel;
            }
        }

        if (q.ShowIf is { } showIf)
        {
            o["showIf"] = new JsonObject { ["question"] = showIf.QuestionId, ["anyOf"] = new JsonArray(showIf.AnyOf.Select(v => (JsonNode)v).ToArray()) };
        }

        return o;
    }

    private static void Add(JsonObject o, string name, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            o[name] = new JsonArray(values.Select(v => (JsonNode)v).ToArray());
        }
    }

    private static SurveyAudienceSpec? ReadAudience(JsonObject o, List<string> errors)
    {
        if (o["audience"] is not JsonObject a)
        {
            errors.Add("audience: укажите, кто отвечает, например \"audience\": { \"roles\": [\"director\", \"curator\"] }.");
            return null;
        }

        Unknown(a, ["roles", "municipalities", "cohorts", "schools", "emails"], "audience.", errors);
        var roles = RoleMask.None;
        foreach (var name in Strings(a, "roles", "audience.", errors))
        {
            if (RoleNames.TryGetValue(name, out var role))
            {
                roles |= role;
            }
            else
            {
                errors.Add($"audience.roles: неизвестная роль «{name}». Допустимо: {string.Join(", ", RoleNames.Keys)}.");
            }
        }

        var emails = Strings(a, "emails", "audience.", errors).Select(e => e.Trim().ToLowerInvariant()).ToList();
        foreach (var bad in emails.Where(e => !EmailPattern().IsMatch(e)))
        {
            errors.Add($"audience.emails: «{bad}» не похоже на адрес электронной почты.");
        }

        if (roles == RoleMask.None && emails.Count == 0)
        {
            errors.Add("audience: нужна хотя бы одна роль (roles) или список адресов (emails).");
        }

        var cohorts = new List<int>();
        if (a["cohorts"] is { } cohortNode)
        {
            if (cohortNode is not JsonArray arr || arr.Any(n => n is not JsonValue v || !v.TryGetValue<int>(out var y) || y is < 2000 or > 2100))
            {
                errors.Add("audience.cohorts: список годов вхождения школ в проект, например [2025, 2026].");
            }
            else
            {
                cohorts.AddRange(arr.Select(n => n!.GetValue<int>()).Distinct());
            }
        }

        return new SurveyAudienceSpec(roles, Strings(a, "municipalities", "audience.", errors), cohorts, Strings(a, "schools", "audience.", errors), emails);
    }

    private static List<SurveyQuestion> ReadQuestions(JsonObject o, List<string> errors)
    {
        var list = new List<SurveyQuestion>();
        if (o["questions"] is not JsonArray arr || arr.Count == 0)
        {
            errors.Add("questions: нужен список вопросов (хотя бы один).");
            return list;
        }

        if (arr.Count > SurveyLimits.MaxQuestions)
        {
            errors.Add($"questions: не больше {SurveyLimits.MaxQuestions} вопросов.");
            return list;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < arr.Count; i++)
        {
            var at = $"Вопрос {i + 1}";
            if (arr[i] is not JsonObject q)
            {
                errors.Add($"{at}: ожидался объект {{ \"id\": …, \"type\": …, \"text\": … }}.");
                continue;
            }

            var before = errors.Count;
            Unknown(q, QuestionFields, at + ": ", errors);
            var id = Str(q, "id", at + ": ", errors, required: true);
            if (id is not null)
            {
                at = $"Вопрос {i + 1} («{id}»)";
                if (!IdPattern().IsMatch(id))
                {
                    errors.Add($"{at}: id — латинские буквы, цифры, «-» и «_», до {SurveyLimits.Id} символов.");
                }
                else if (!ids.Add(id))
                {
                    errors.Add($"{at}: id повторяется — у каждого вопроса свой id.");
                }
            }

            var typeName = Str(q, "type", at + ": ", errors, required: true);
            QuestionType type = QuestionType.Text;
            if (typeName is not null && !Types.TryGetValue(typeName, out type))
            {
                errors.Add($"{at}: тип «{typeName}» не поддерживается. Допустимо: {string.Join(", ", Types.Keys)}.");
            }

            var text = Str(q, "text", at + ": ", errors, required: true, max: SurveyLimits.QuestionText);
            var help = Str(q, "help", at + ": ", errors, max: SurveyLimits.QuestionText);
            var required = Bool(q, "required", at + ": ", errors) ?? false;
            var min = Num(q, "min", at + ": ", errors);
            var max = Num(q, "max", at + ": ", errors);
            var integer = Bool(q, "integer", at + ": ", errors) ?? false;
            var scale = (int)(Num(q, "scale", at + ": ", errors) ?? 5);
            var minLabel = Str(q, "minLabel", at + ": ", errors, max: 60);
            var maxLabel = Str(q, "maxLabel", at + ": ", errors, max: 60);
            var choices = new List<SurveyChoice>();
            if (type is QuestionType.Single or QuestionType.Multiple)
            {
                choices = ReadChoices(q, at, errors);
            }
            else if (q["choices"] is not null)
            {
                errors.Add($"{at}: варианты ответа (choices) бывают только у вопросов single и multiple.");
            }

            if (type == QuestionType.Rating && scale is not (5 or 10))
            {
                errors.Add($"{at}: шкала оценки (scale) — 5 или 10.");
            }

            if (min is { } lo && max is { } hi && lo > hi)
            {
                errors.Add($"{at}: min больше max.");
            }

            if (type == QuestionType.Multiple)
            {
                if ((min is { } m1 && (m1 < 0 || m1 != Math.Floor(m1) || m1 > choices.Count)) || (max is { } m2 && (m2 < 1 || m2 != Math.Floor(m2) || m2 > choices.Count)))
                {
                    errors.Add($"{at}: min и max для множественного выбора — целые числа в пределах числа вариантов ({choices.Count}).");
                }
            }
            else if (type != QuestionType.Number && (min is not null || max is not null))
            {
                errors.Add($"{at}: min и max задают только для number (диапазон) и multiple (сколько выбрать).");
            }

            ShowIf? showIf = null;
            if (q["showIf"] is { } showNode)
            {
                showIf = ReadShowIf(showNode, at, list, errors);
            }

            if (errors.Count > before)
            {
                continue;
            }

            list.Add(new SurveyQuestion
            {
                Id = id!,
                Type = type,
                Text = text!,
                Help = help,
                Required = required,
                Choices = choices,
                Min = min,
                Max = max,
                Integer = integer,
                Scale = type == QuestionType.Rating ? scale : 5,
                MinLabel = minLabel,
                MaxLabel = maxLabel,
                ShowIf = showIf,
            });
        }

        return list;
    }

    private static List<SurveyChoice> ReadChoices(JsonObject q, string at, List<string> errors)
    {
        var result = new List<SurveyChoice>();
        if (q["choices"] is not JsonArray arr || arr.Count < 2)
        {
            errors.Add($"{at}: нужны хотя бы два варианта ответа (choices).");
            return result;
        }

        if (arr.Count > SurveyLimits.MaxChoices)
        {
            errors.Add($"{at}: не больше {SurveyLimits.MaxChoices} вариантов ответа.");
            return result;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < arr.Count; i++)
        {
            switch (arr[i])
            {
                case JsonValue v when v.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text):
                    // A bare string is a choice whose id is its position: «1», «2»…
                    result.Add(new SurveyChoice((i + 1).ToString(CultureInfo.InvariantCulture), text.Trim()));
                    break;
                case JsonObject c:
                    var where = $"{at}, вариант {i + 1}: ";
                    Unknown(c, ["id", "text"], where, errors);
                    var id = Str(c, "id", where, errors, required: true);
                    var ctext = Str(c, "text", where, errors, required: true, max: SurveyLimits.ChoiceText);
                    if (id is not null && !IdPattern().IsMatch(id))
                    {
                        errors.Add($"{where}id — латинские буквы, цифры, «-» и «_».");
                    }
                    else if (id is not null && ctext is not null)
                    {
                        result.Add(new SurveyChoice(id, ctext));
                    }

                    break;
                default:
                    errors.Add($"{at}, вариант {i + 1}: строка с текстом или объект {{ \"id\": …, \"text\": … }}.");
                    break;
            }
        }

        foreach (var c in result.Where(c => !ids.Add(c.Id)))
        {
            errors.Add($"{at}: вариант с id «{c.Id}» повторяется.");
        }

        return result;
    }

    private static ShowIf? ReadShowIf(JsonNode node, string at, IReadOnlyList<SurveyQuestion> earlier, List<string> errors)
    {
        if (node is not JsonObject s)
        {
            errors.Add($"{at}: showIf — объект {{ \"question\": \"q1\", \"anyOf\": [\"yes\"] }}.");
            return null;
        }

        Unknown(s, ["question", "anyOf", "equals"], at + ", showIf: ", errors);
        var source = Str(s, "question", at + ", showIf: ", errors, required: true);
        var values = Strings(s, "anyOf", at + ", showIf: ", errors);
        if (Str(s, "equals", at + ", showIf: ", errors) is { } equals)
        {
            values.Add(equals);
        }

        if (source is null)
        {
            return null;
        }

        var target = earlier.FirstOrDefault(q => q.Id == source);
        if (target is null)
        {
            errors.Add($"{at}: showIf ссылается на «{source}» — это должен быть один из предыдущих вопросов.");
            return null;
        }

        if (!target.IsChoiceLike)
        {
            errors.Add($"{at}: showIf может зависеть только от вопроса с выбором (single, multiple, yesno, rating).");
            return null;
        }

        if (values.Count == 0)
        {
            errors.Add($"{at}: showIf — укажите значения в anyOf (или equals).");
            return null;
        }

        var options = target.Options.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var bad in values.Where(v => !options.Contains(v)))
        {
            errors.Add($"{at}: showIf — у вопроса «{source}» нет варианта «{bad}» (есть: {string.Join(", ", options)}).");
        }

        return new ShowIf(source, values.Distinct().ToList());
    }

    /// <summary>
    /// «2026-03-10» or «2026-03-10T09:00» (or «10.03.2026»), local to the region. A date alone opens at 09:00 and
    /// closes at the end of the day.
    /// </summary>
    private static DateTime? When(JsonObject o, string name, List<string> errors, bool endOfDay)
    {
        var text = Str(o, name, "", errors, required: true);
        if (text is null)
        {
            return null;
        }

        if (DateTime.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "dd.MM.yyyy HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            return at;
        }

        if (DateOnly.TryParseExact(text, ["yyyy-MM-dd", "dd.MM.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return endOfDay ? day.ToDateTime(new TimeOnly(23, 59)) : day.ToDateTime(new TimeOnly(9, 0));
        }

        errors.Add($"{name}: дата «{text}» не распознана. Пишите 2026-03-10 или 2026-03-10T09:00 (местное время региона).");
        return null;
    }

    private static void Unknown(JsonObject o, string[] known, string at, List<string> errors)
    {
        foreach (var (name, _) in o)
        {
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                errors.Add($"{at}{(at.Length == 0 ? "" : "")}неизвестное поле «{name}». Допустимо: {string.Join(", ", known.Where(k => k != "$schema"))}.");
            }
        }
    }

    private static string? Str(JsonObject o, string name, string at, List<string> errors, bool required = false, int max = 400)
    {
        var node = o[name];
        if (node is null)
        {
            if (required)
            {
                errors.Add($"{at}{name}: обязательное поле.");
            }

            return null;
        }

        if (node is not JsonValue v || !v.TryGetValue<string>(out var s))
        {
            errors.Add($"{at}{name}: ожидалась строка.");
            return null;
        }

        s = s.Trim();
        if (s.Length == 0)
        {
            if (required)
            {
                errors.Add($"{at}{name}: не может быть пустым.");
            }

            return null;
        }

        if (s.Length > max)
        {
            errors.Add($"{at}{name}: не длиннее {max} символов.");
            return null;
        }

        if (s.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            errors.Add($"{at}{name}: недопустимые управляющие символы.");
            return null;
        }

        return s;
    }

    private static List<string> Strings(JsonObject o, string name, string at, List<string> errors)
    {
        var node = o[name];
        if (node is null)
        {
            return [];
        }

        if (node is not JsonArray arr || arr.Any(n => n is not JsonValue v || !v.TryGetValue<string>(out _)))
        {
            errors.Add($"{at}{name}: ожидался список строк [\"…\", \"…\"].");
            return [];
        }

        return arr.Select(n => n!.GetValue<string>().Trim()).Where(s => s.Length > 0).Distinct().ToList();
    }

    private static bool? Bool(JsonObject o, string name, string at, List<string> errors)
    {
        var node = o[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue v && v.TryGetValue<bool>(out var b))
        {
            return b;
        }

        errors.Add($"{at}{name}: ожидалось true или false.");
        return null;
    }

    private static double? Num(JsonObject o, string name, string at, List<string> errors)
    {
        var node = o[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var d) && double.IsFinite(d))
        {
            return d;
        }

        errors.Add($"{at}{name}: ожидалось число.");
        return null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_\-]{1,40}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
