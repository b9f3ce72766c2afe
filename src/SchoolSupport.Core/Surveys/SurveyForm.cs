using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SchoolSupport.Common;

namespace SchoolSupport.Surveys;

/// <summary>An answer to one question, as stored: chosen option ids, or a number, a date, a text.</summary>
public sealed record AnswerValue(IReadOnlyList<string> Choices, double? Number = null, DateOnly? Date = null, string? Text = null)
{
    public static readonly AnswerValue Empty = new([]);

    public bool IsEmpty => Choices.Count == 0 && Number is null && Date is null && string.IsNullOrEmpty(Text);

    /// <summary>The value as the card input shows it («a,b», «12», «2026-03-10», text).</summary>
    public string ToInput() =>
        Choices.Count > 0 ? string.Join(",", Choices)
        : Number is { } n ? n.ToString("0.##########", CultureInfo.InvariantCulture)
        : Date is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : Text ?? "";

    public static AnswerValue FromRows(SurveyQuestion q, IEnumerable<SurveyAnswer> rows)
    {
        var list = rows.ToList();
        if (list.Count == 0)
        {
            return Empty;
        }

        return q.Type switch
        {
            QuestionType.Number => new([], Number: list[0].Number),
            QuestionType.Date => new([], Date: list[0].Date),
            QuestionType.Text or QuestionType.LongText => new([], Text: list[0].Text),
            _ => new(list.Where(r => r.ChoiceId != null).Select(r => r.ChoiceId!).ToList()),
        };
    }

    public IEnumerable<SurveyAnswer> ToRows(SurveyQuestion q, int surveyId, Guid responseId)
    {
        if (IsEmpty)
        {
            yield break;
        }

        switch (q.Type)
        {
            case QuestionType.Number:
                yield return new SurveyAnswer { Id = Guid.NewGuid(), SurveyId = surveyId, ResponseId = responseId, QuestionId = q.Id, Number = Number };
                break;
            case QuestionType.Date:
                yield return new SurveyAnswer { Id = Guid.NewGuid(), SurveyId = surveyId, ResponseId = responseId, QuestionId = q.Id, Date = Date };
                break;
            case QuestionType.Text or QuestionType.LongText:
                yield return new SurveyAnswer { Id = Guid.NewGuid(), SurveyId = surveyId, ResponseId = responseId, QuestionId = q.Id, Text = Text };
                break;
            default:
                foreach (var choice in Choices)
                {
                    yield return new SurveyAnswer
                    {
                        Id = Guid.NewGuid(),
                        SurveyId = surveyId,
                        ResponseId = responseId,
                        QuestionId = q.Id,
                        ChoiceId = choice,
                        Number = q.Type == QuestionType.Rating ? double.Parse(choice, CultureInfo.InvariantCulture) : null,
                    };
                }

                break;
        }
    }
}

/// <summary>
/// Which questions are asked (a «показать, если» condition on an earlier answer) and how they are split into pages:
/// a short survey (up to five questions) is one page, a longer one is asked question by question. A question never
/// shares a page with the question its condition depends on.
/// </summary>
public static class SurveyPaging
{
    public const int ShortSurvey = 5;

    public static bool IsVisible(SurveyQuestion q, IReadOnlyDictionary<string, AnswerValue> answers) =>
        q.ShowIf is not { } condition
        || (answers.TryGetValue(condition.QuestionId, out var source) && source.Choices.Any(c => condition.AnyOf.Contains(c)));

    public static IReadOnlyList<SurveyQuestion> Visible(IReadOnlyList<SurveyQuestion> questions, IReadOnlyDictionary<string, AnswerValue> answers)
    {
        // Conditions only look back, so one pass in order settles visibility (a hidden source hides its dependants).
        var visible = new List<SurveyQuestion>();
        var shown = new Dictionary<string, AnswerValue>(StringComparer.Ordinal);
        foreach (var q in questions)
        {
            if (IsVisible(q, shown))
            {
                visible.Add(q);
                if (answers.TryGetValue(q.Id, out var a))
                {
                    shown[q.Id] = a;
                }
            }
        }

        return visible;
    }

    public static IReadOnlyList<IReadOnlyList<SurveyQuestion>> Pages(IReadOnlyList<SurveyQuestion> questions, IReadOnlyDictionary<string, AnswerValue> answers)
    {
        var visible = Visible(questions, answers);
        var size = questions.Count <= ShortSurvey ? ShortSurvey : 1;
        var pages = new List<IReadOnlyList<SurveyQuestion>>();
        var page = new List<SurveyQuestion>();
        foreach (var q in visible)
        {
            var dependsOnPage = q.ShowIf is { } condition && page.Any(p => p.Id == condition.QuestionId);
            if (page.Count == size || dependsOnPage)
            {
                pages.Add(page);
                page = [];
            }

            page.Add(q);
        }

        if (page.Count > 0)
        {
            pages.Add(page);
        }

        return pages;
    }
}

/// <summary>
/// Reads the answers of one page from card data strictly: only the page's questions, values of the right type,
/// options that exist in this survey, numbers in range. Anything else refuses the whole page.
/// </summary>
public static class AnswerReader
{
    public const string InputPrefix = "a_";

    public static readonly IReadOnlySet<string> ControlFields = new HashSet<string>(StringComparer.Ordinal) { "verb", "surveyId", "from", "nav" };

    public static string InputId(SurveyQuestion q) => InputPrefix + q.Id;

    /// <summary>The raw input value, or null when the card did not send it; a non-string is an error.</summary>
    public static bool TryRaw(JsonObject data, SurveyQuestion q, out string? raw)
    {
        raw = null;
        if (!data.TryGetPropertyValue(InputId(q), out var node) || node is null)
        {
            return true;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            raw = v.GetValue<string>();
            return true;
        }

        // Some clients send a number input as a JSON number.
        if (node is JsonValue n && n.GetValueKind() == JsonValueKind.Number && q.Type == QuestionType.Number)
        {
            raw = n.ToJsonString();
            return true;
        }

        return false;
    }

    /// <summary>Parses one answer; an empty input is <see cref="AnswerValue.Empty"/> (required-ness is checked by the caller).</summary>
    public static (AnswerValue? Value, string? Error) Parse(SurveyQuestion q, string raw)
    {
        var text = raw.Trim();
        if (text.Length == 0)
        {
            return (AnswerValue.Empty, null);
        }

        var name = $"«{PlainText.Clip(q.Text, 60)}»";
        switch (q.Type)
        {
            case QuestionType.Single or QuestionType.YesNo or QuestionType.Rating:
                if (q.Options.All(o => o.Id != text))
                {
                    return (null, $"В вопросе {name} нет такого варианта ответа.");
                }

                return (new AnswerValue([text]), null);

            case QuestionType.Multiple:
                var picked = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (picked.Length != picked.Distinct(StringComparer.Ordinal).Count() || picked.Any(p => q.Options.All(o => o.Id != p)))
                {
                    return (null, $"В вопросе {name} нет такого варианта ответа.");
                }

                if (q.Min is { } min && picked.Length < min)
                {
                    return (null, $"В вопросе {name} выберите не меньше {min:0}.");
                }

                if (q.Max is { } max && picked.Length > max)
                {
                    return (null, $"В вопросе {name} выберите не больше {max:0}.");
                }

                // Stored in the survey's order, whatever order the client sent.
                return (new AnswerValue(q.Options.Select(o => o.Id).Where(picked.Contains).ToList()), null);

            case QuestionType.Number:
                if (text.Length > 20 || !double.TryParse(text.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
                {
                    return (null, $"В вопросе {name} нужно число.");
                }

                if (q.Integer && number != Math.Floor(number))
                {
                    return (null, $"В вопросе {name} нужно целое число.");
                }

                if ((q.Min is { } lo && number < lo) || (q.Max is { } hi && number > hi))
                {
                    return (null, $"В вопросе {name} число должно быть {Range(q)}.");
                }

                return (new AnswerValue([], Number: number), null);

            case QuestionType.Date:
                if (!DateOnly.TryParseExact(text, ["yyyy-MM-dd", "dd.MM.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) || date.Year is < 1900 or > 2100)
                {
                    return (null, $"В вопросе {name} нужна дата.");
                }

                return (new AnswerValue([], Date: date), null);

            default:
                if (text.Length > q.MaxLength)
                {
                    return (null, $"Ответ на вопрос {name} слишком длинный (больше {q.MaxLength} символов).");
                }

                if (text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
                {
                    return (null, $"Ответ на вопрос {name} содержит недопустимые символы.");
                }

                return (new AnswerValue([], Text: text), null);
        }
    }

    public static string Range(SurveyQuestion q) => (q.Min, q.Max) switch
    {
        ({ } lo, { } hi) => $"от {Fmt(lo)} до {Fmt(hi)}",
        ({ } lo, null) => $"не меньше {Fmt(lo)}",
        (null, { } hi) => $"не больше {Fmt(hi)}",
        _ => "любым",
    };

    private static string Fmt(double n) => n.ToString("0.##", CultureInfo.GetCultureInfo("ru-RU"));
}
