using SchoolSupport.Announcements;

namespace SchoolSupport.Surveys;

/// <summary>Template names of the survey cards in cards/.</summary>
public static class SurveyTemplates
{
    public const string Invitation = "survey-invitation";
    public const string Page = "survey-page";
    public const string Done = "survey-done";
    public const string Preview = "survey-preview";
    public const string Status = "survey-status";
    public const string Results = "survey-results";
    public const string Texts = "survey-texts";
    public const string List = "survey-list";
    public const string Builder = "survey-builder";
}

/// <summary>The invitation (and reminder) every recipient gets; one model for all of them (cards/survey-invitation.json).</summary>
public sealed record SurveyInvitationCard(
    string SurveyId,
    string Title,
    string? Description,
    string Intro,
    string Deadline,
    string QuestionsText,
    string? AnonymityNote,
    bool IsPreview);

/// <summary>One page of questions (cards/survey-page.json); answers typed so far are kept in the inputs.</summary>
public sealed record SurveyPageCard(
    string SurveyId,
    string Title,
    string Progress,
    string From,
    IReadOnlyList<QuestionView> Questions,
    bool CanGoBack,
    bool IsLast,
    string? Error,
    string? Notice,
    string Deadline,
    string? AnonymityNote,
    bool IsPreview)
{
    /// <summary>Changing a response already sent: every page can save and send at once.</summary>
    public bool CanSubmitNow { get; init; }
}

public sealed record ChoiceView(string Title, string Value);

/// <summary>A question as an input. Exactly one of the Is* flags is set; the template picks the input by it.</summary>
public sealed record QuestionView(
    string InputId,
    string Label,
    string? Help,
    bool Required,
    bool IsChoice,
    bool IsMultiple,
    bool IsNumber,
    bool IsDate,
    bool IsText,
    bool IsLongText,
    IReadOnlyList<ChoiceView> Choices,
    string Value,
    double Min,
    double Max,
    int MaxLength,
    string ErrorMessage);

/// <summary>After the last page (cards/survey-done.json).</summary>
public sealed record SurveyDoneCard(string SurveyId, string Title, string Text, bool CanChange, string? Notice);

/// <summary>What the owner checks before confirming (cards/survey-preview.json).</summary>
public sealed record SurveyPreviewCard(
    string SurveyId,
    string Title,
    string? Description,
    bool IsSample,
    string Window,
    IReadOnlyList<CountLine> Facts,
    string RecipientText,
    IReadOnlyList<CountLine> ByRole,
    IReadOnlyList<QuestionLine> Questions,
    IReadOnlyList<string> Warnings,
    bool CanConfirm,
    bool CanEdit);

public sealed record QuestionLine(string Number, string Text, string Details);

/// <summary>The owner's view of one survey: state, response rate, reminders, actions (cards/survey-status.json).</summary>
public sealed record SurveyStatusCard(
    string SurveyId,
    string Title,
    string? Headline,
    string State,
    string Window,
    string Rate,
    IReadOnlyList<CountLine> Facts,
    string LastReminder,
    bool IsDraft,
    bool IsOpen,
    bool CanRemind,
    string ExtendDate,
    bool HasAnswers,
    string UpdatedAt);

public sealed record RateLine(string Name, string Bar, string Value);

public sealed record BarLine(string Label, string Bar, string Value);

public sealed record QuestionResult(
    string QuestionId,
    string Title,
    string Answered,
    IReadOnlyList<BarLine> Bars,
    string? Summary,
    string? ChartUrl,
    IReadOnlyList<string> Texts,
    bool HasMoreTexts);

/// <summary>Results for the owner (cards/survey-results.json): rates against the target and every question's answers.</summary>
public sealed record SurveyResultsCard(
    string SurveyId,
    string Title,
    string State,
    string Overall,
    string OverallBar,
    string Target,
    bool TargetMet,
    IReadOnlyList<RateLine> ByMunicipality,
    IReadOnlyList<RateLine> BySchool,
    string? SchoolsMore,
    IReadOnlyList<RateLine> ByRole,
    bool ShowNonResponders,
    IReadOnlyList<string> NonResponders,
    string? NonRespondersMore,
    string? AnonymityNote,
    IReadOnlyList<QuestionResult> Questions,
    string UpdatedAt);

/// <summary>A page of text answers to one question (cards/survey-texts.json).</summary>
public sealed record SurveyTextsCard(string SurveyId, string QuestionId, string Title, string Question, string Page, IReadOnlyList<string> Texts, bool HasPrevious, bool HasNext, string PreviousPage, string NextPage);

/// <summary>«мои опросы» (cards/survey-list.json): surveys to answer, and for coordinators the surveys they run.</summary>
public sealed record SurveyListCard(string Title, IReadOnlyList<SurveyListItem> ToAnswer, string? Empty, IReadOnlyList<SurveyListItem> Owned);

public sealed record SurveyListItem(string SurveyId, string Title, string State, string Detail, string ButtonTitle, string Verb);

/// <summary>«новый опрос» (cards/survey-builder.json): a simple survey of up to ten questions.</summary>
public sealed record SurveyBuilderCard(
    string SurveyId,
    string Title,
    string Description,
    string Opens,
    string Closes,
    IReadOnlyList<ChoiceView> RoleChoices,
    string Roles,
    bool Anonymous,
    bool PerSchool,
    IReadOnlyList<ChoiceView> TypeChoices,
    IReadOnlyList<BuilderSlot> Slots,
    string? Error);

public sealed record BuilderSlot(string TextId, string TypeId, string OptionsId, string RequiredId, string Label, string Text, string Type, string Options, bool Required);
