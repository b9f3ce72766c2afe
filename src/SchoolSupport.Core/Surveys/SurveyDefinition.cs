using SchoolSupport.Roadmaps;

namespace SchoolSupport.Surveys;

public enum QuestionType
{
    Single,
    Multiple,
    Rating,
    YesNo,
    Number,
    Date,
    Text,
    LongText,
}

/// <summary>One response per person, or one per school (the director answers for the school).</summary>
public enum ResponseMode
{
    Person,
    School,
}

public sealed record SurveyChoice(string Id, string Text);

/// <summary>«Показать, если»: the question is asked only when an earlier question's answer is one of the values.</summary>
public sealed record ShowIf(string QuestionId, IReadOnlyList<string> AnyOf);

public sealed record SurveyQuestion
{
    public required string Id { get; init; }
    public required QuestionType Type { get; init; }
    public required string Text { get; init; }
    public string? Help { get; init; }
    public bool Required { get; init; }
    public IReadOnlyList<SurveyChoice> Choices { get; init; } = [];

    /// <summary>Multiple choice: how many to pick; number: the range.</summary>
    public double? Min { get; init; }

    public double? Max { get; init; }

    /// <summary>Number questions that take whole numbers only.</summary>
    public bool Integer { get; init; }

    /// <summary>Rating: 5 or 10 points, with labels for the ends.</summary>
    public int Scale { get; init; } = 5;

    public string? MinLabel { get; init; }
    public string? MaxLabel { get; init; }
    public ShowIf? ShowIf { get; init; }

    public int MaxLength => Type == QuestionType.LongText ? SurveyLimits.LongText : SurveyLimits.ShortText;

    /// <summary>The values an answer may take for choice-like questions (choice ids, «yes»/«no», rating points).</summary>
    public IReadOnlyList<SurveyChoice> Options => Type switch
    {
        QuestionType.Single or QuestionType.Multiple => Choices,
        QuestionType.YesNo => [new("yes", "Да"), new("no", "Нет")],
        QuestionType.Rating => Enumerable.Range(1, Scale).Select(i => new SurveyChoice(i.ToString(System.Globalization.CultureInfo.InvariantCulture), i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList(),
        _ => [],
    };

    public bool IsChoiceLike => Type is QuestionType.Single or QuestionType.Multiple or QuestionType.YesNo or QuestionType.Rating;
}

/// <summary>Audience as written in a survey file: names, resolved against the region on import.</summary>
public sealed record SurveyAudienceSpec(
    RoleMask Roles,
    IReadOnlyList<string> Municipalities,
    IReadOnlyList<int> Cohorts,
    IReadOnlyList<string> Schools,
    IReadOnlyList<string> Emails);

/// <summary>A survey as the file format describes it (see <see cref="SurveyFile"/> and survey.schema.json).</summary>
public sealed record SurveyDefinition
{
    /// <summary>Stable key of the survey within its region: importing a file with the same key updates the draft.</summary>
    public required string Key { get; init; }

    public required string Title { get; init; }
    public string? Description { get; init; }
    public bool IsSample { get; init; }
    public required DateTime OpensLocal { get; init; }
    public required DateTime ClosesLocal { get; init; }
    public bool Anonymous { get; init; }
    public ResponseMode Mode { get; init; }
    public int TargetPercent { get; init; } = 100;

    /// <summary>Number of the roadmap item the survey fulfils («1.5»), when it does.</summary>
    public string? RoadmapItem { get; init; }

    public required SurveyAudienceSpec Audience { get; init; }

    /// <summary>Automatic reminders to non-responders this many days before the close.</summary>
    public IReadOnlyList<int> RemindDaysBefore { get; init; } = [3, 1];

    public required IReadOnlyList<SurveyQuestion> Questions { get; init; }
}

public static class SurveyLimits
{
    public const int MaxQuestions = 100;
    public const int MaxChoices = 30;
    public const int Title = 200;
    public const int Description = 2000;
    public const int QuestionText = 500;
    public const int ChoiceText = 200;
    public const int ShortText = 300;
    public const int LongText = 3000;
    public const int Id = 40;
    public const int MaxFileBytes = 512 * 1024;

    /// <summary>Questions the «новый опрос» card builds.</summary>
    public const int BuilderQuestions = 10;
}
