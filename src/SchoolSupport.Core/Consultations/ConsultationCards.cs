namespace SchoolSupport.Consultations;

/// <summary>Card template names (cards/NAME.json).</summary>
public static class ConsultationTemplates
{
    public const string Form = "consultation-form";
    public const string Details = "consultation";
    public const string List = "consultation-list";
}

/// <summary>Card verbs of the feature.</summary>
public static class ConsultationVerbs
{
    public const string New = "consultation.new";
    public const string AddAction = "consultation.addAction";
    public const string Save = "consultation.save";
    public const string Edit = "consultation.edit";
    public const string CancelEdit = "consultation.cancelEdit";
    public const string Delete = "consultation.delete";
    public const string Show = "consultation.show";
    public const string List = "consultation.list";
    public const string ActionDone = "consultation.action.done";
    public const string Export = "consultation.export";
}

public sealed record Choice(string Title, string Value);

/// <summary>
/// The consultation form. Values are the texts as entered so a re-rendered form keeps them; each field has an error
/// text, empty when the field is fine.
/// </summary>
public sealed record ConsultationFormCard
{
    public required string Title { get; init; }
    public string Hint { get; init; } = "";
    public required string CardKey { get; init; }
    public string ConsultationId { get; init; } = "";
    public string Rows { get; init; } = "";
    public string Error { get; init; } = "";

    public IReadOnlyList<Choice> Schools { get; init; } = [];
    public string SchoolId { get; init; } = "";
    public string SchoolError { get; init; } = "";

    public string Date { get; init; } = "";
    public required string MaxDate { get; init; }
    public string DateError { get; init; } = "";

    public string Format { get; init; } = "";
    public string FormatError { get; init; } = "";

    public string Duration { get; init; } = "";
    public string DurationError { get; init; } = "";

    public string Participants { get; init; } = "";
    public string ParticipantRoles { get; init; } = "";
    public string ParticipantsError { get; init; } = "";

    public string Topic { get; init; } = "";
    public string TopicError { get; init; } = "";

    public bool HasTopicChoices { get; init; }
    public IReadOnlyList<Choice> TopicChoices { get; init; } = [];
    public string Topics { get; init; } = "";
    public string TopicsError { get; init; } = "";

    /// <summary>The topic picker is folded away (it is long on a phone) unless something is chosen or wrong there.</summary>
    public bool TopicsOpen { get; init; }
    public string TopicsToggleTitle { get; init; } = "";

    public string Decisions { get; init; } = "";
    public string DecisionsError { get; init; } = "";

    public string Plan { get; init; } = "";
    public string PlanError { get; init; } = "";

    /// <summary>The plan text is required unless planned-action rows already carry the plan.</summary>
    public bool PlanRequired { get; init; } = true;

    public IReadOnlyList<Choice> People { get; init; } = [];
    public IReadOnlyList<ActionRow> Actions { get; init; } = [];
    public bool CanAddAction { get; init; }
    public string SubmitTitle { get; init; } = "Сохранить";

    /// <summary>One planned-action row; input ids are numbered so several rows fit one card.</summary>
    public sealed record ActionRow(
        string Number, string TextId, string DueId, string WhoId, string WhoTextId,
        string Text, string Due, string Who, string WhoText, string Error);
}

/// <summary>One consultation as saved: the confirmation after saving and the card opened from lists.</summary>
public sealed record ConsultationCard
{
    public required string Title { get; init; }
    public string Status { get; init; } = "";

    /// <summary>«good» for a confirmation, «attention» for a deleted record.</summary>
    public string StatusColor { get; init; } = "good";

    public required string ConsultationId { get; init; }
    public required IReadOnlyList<Fact> Facts { get; init; }
    public required string Topic { get; init; }
    public required string Decisions { get; init; }
    public bool HasPlan { get; init; }
    public string Plan { get; init; } = "";
    public bool HasActions { get; init; }
    public IReadOnlyList<ActionLine> Actions { get; init; } = [];
    public required string Footer { get; init; }
    public bool CanEdit { get; init; }
    public bool IsDeleted { get; init; }

    public sealed record Fact(string Title, string Value);

    public sealed record ActionLine(string ActionId, string Text, string Details, bool Done, bool CanMarkDone);
}

/// <summary>A page of consultations («мои консультации», «консультации школы 277», «консультации за март»).</summary>
public sealed record ConsultationListCard
{
    public required string Title { get; init; }
    public string Subtitle { get; init; } = "";
    public bool HasItems { get; init; }
    public IReadOnlyList<Item> Items { get; init; } = [];
    public string Empty { get; init; } = "";
    public bool HasSummary { get; init; }
    public IReadOnlyList<SummaryLine> Summary { get; init; } = [];
    public bool HasMore { get; init; }
    public bool HasPrevious { get; init; }
    public string Query { get; init; } = "";
    public string NextPage { get; init; } = "";
    public string PreviousPage { get; init; } = "";
    public bool CanExport { get; init; }
    public string From { get; init; } = "";
    public string To { get; init; } = "";
    public string SchoolId { get; init; } = "";
    public string MunicipalityId { get; init; } = "";

    public sealed record Item(string ConsultationId, string Heading, string Topic, string Details);

    public sealed record SummaryLine(string Name, string Count);
}
