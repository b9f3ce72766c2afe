namespace SchoolSupport.Status;

/// <summary>Template names of the status feature (files <c>cards/NAME.json</c>).</summary>
public static class StatusTemplates
{
    public const string Due = "due";
    public const string Status = "status";
    public const string Rollup = "rollup";
    public const string MarkForm = "item-mark";
    public const string Districts = "districts";
    public const string SchoolList = "school-list";
    public const string ItemConfirm = "item-confirm";
}

/// <summary>Card verbs of the status feature.</summary>
public static class StatusVerbs
{
    public const string Show = "status.show";
    public const string Rollup = "status.rollup";
    public const string DuePage = "due.page";
    public const string MarkForm = "item.mark.form";
    public const string Mark = "item.mark";
    public const string Districts = "status.districts";
    public const string NotDoneSchools = "due.schools";
}

/// <summary>«Что на этой неделе», «что просрочено»…: one page of rows, grouped by school (or by kind for coordinators).</summary>
public sealed record DueCard(
    string Title,
    string Subtitle,
    string Summary,
    IReadOnlyList<DueGroup> Groups,
    bool IsEmpty,
    string EmptyText,
    int Page,
    int PageCount,
    string PageText,
    bool HasPrevious,
    bool HasNext,
    DuePageData Previous,
    DuePageData Next,
    DuePageData Current,
    string Notice,
    bool HasNotice)
{
    public IEnumerable<DueRow> AllRows() => Groups.SelectMany(g => g.Rows);
}

public sealed record DueGroup(string Title, IReadOnlyList<DueRow> Rows);

/// <summary>
/// One line: an item on a day. <see cref="DaysLeft"/> counts from today to <see cref="Date"/> (negative = past);
/// <see cref="Color"/> is an Adaptive Card text color (Attention for overdue, Warning for the next days, Good for done).
/// </summary>
public sealed record DueRow(
    int ItemId,
    int RoadmapId,
    int? SchoolId,
    string Number,
    string Title,
    DateOnly? Date,
    string DateText,
    int DaysLeft,
    string DaysText,
    string Color,
    string Status,
    string Note,
    bool HasNote,
    bool IsOverdue,
    bool CanMark,
    MarkTarget Mark,
    bool CanListSchools = false);

/// <summary>The ids a mark button carries; the server checks them all again.</summary>
public sealed record MarkTarget(int SchoolId, int ItemId, int RoadmapId);

/// <summary>Data of «Далее»/«Назад» and «Открыть список»: the request, not its results.</summary>
public sealed record DuePageData(string Kind, string From, string To, string Phrase, int SchoolId, int Page)
{
    /// <summary>No list to go back to: the mark form was opened from a school's status card.</summary>
    public static DuePageData None { get; } = new("", "", "", "", 0, 0);
}

/// <summary>Roadmap status of one school.</summary>
public sealed record StatusCard(
    int SchoolId,
    string SchoolName,
    string Title,
    string Progress,
    string Bar,
    int Percent,
    int Done,
    int Total,
    int Overdue,
    string OverdueText,
    string OverdueColor,
    int DueSoon,
    string DueSoonText,
    IReadOnlyList<StatusSection> Sections,
    IReadOnlyList<DueRow> NextDeadlines,
    bool HasNextDeadlines,
    string Notice,
    bool HasNotice,
    DuePageData ListAll,
    DuePageData OverdueList,
    bool HasOverdue,
    bool ShowRollup,
    string ConsultationText,
    string ConsultationColor,
    IReadOnlyList<PlannedActionRow> PlannedActions,
    bool HasPlannedActions,
    string People,
    bool HasPeople,
    bool CanConsult,
    bool CanAnnounce);

/// <summary>An open follow-up from a consultation, shown on the school's status card.</summary>
public sealed record PlannedActionRow(string Text, string DueText, string Color);

public sealed record StatusSection(string Title, int Done, int Total, int Percent, string Text);

/// <summary>Schools of a coordinator (or curator), the most lagging first.</summary>
public sealed record RollupCard(
    string Title,
    string Subtitle,
    string Summary,
    IReadOnlyList<RollupRow> Schools,
    int Page,
    int PageCount,
    string PageText,
    bool HasPrevious,
    bool HasNext,
    int PreviousPage,
    int NextPage,
    RollupFilter Filter,
    bool CanFilter,
    bool CanShowDistricts);

/// <summary>What a roll-up is narrowed to: one district, and/or schools without a consultation for <see cref="Days"/> days.</summary>
public sealed record RollupFilter(int MunicipalityId, bool Unconsulted, int Days)
{
    public static RollupFilter None { get; } = new(0, false, StatusQuery.ConsultationGapDays);
}

/// <summary>«статус по районам»: one row per district of the caller's schools.</summary>
public sealed record DistrictsCard(string Title, string Subtitle, IReadOnlyList<DistrictRow> Districts);

public sealed record DistrictRow(int MunicipalityId, string Name, string Schools, string Progress, string Overdue, string OverdueColor, string Unconsulted);

/// <summary>Which schools have not done an item (from «не выполнили 4 из 14»), with whom to call.</summary>
public sealed record SchoolListCard(string Title, string Subtitle, IReadOnlyList<SchoolPeopleRow> Schools, string Empty);

public sealed record SchoolPeopleRow(int SchoolId, string Name, string Director, string Curator, string Status);

public sealed record RollupRow(
    int SchoolId,
    string Name,
    int Done,
    int Total,
    int Percent,
    string Progress,
    int Overdue,
    string OverdueText,
    string OverdueColor,
    DateOnly? LastConsultation,
    string LastConsultationText,
    string LastConsultationColor,
    bool NoRecentConsultation);

/// <summary>
/// «1.18 выполнено»: the mark asked for in a message, to be confirmed. «Отметить» submits <c>item.mark</c> with these ids,
/// the same action and checks as the form; «Открыть пункт» opens the form instead.
/// </summary>
public sealed record ItemConfirmCard(string Title, string ItemTitle, string SchoolName, int SchoolId, int ItemId, int RoadmapId, string Status, string CardKey);

/// <summary>The form to mark one item of one school; <see cref="CardKey"/> makes a repeated submit of this form count once.</summary>
public sealed record MarkFormCard(
    int SchoolId,
    int ItemId,
    int RoadmapId,
    string CardKey,
    string SchoolName,
    string Number,
    string Title,
    string Timeframe,
    string DueText,
    string CurrentStatus,
    string StatusValue,
    string EvidenceUrl,
    string Note,
    IReadOnlyList<StatusChoice> Statuses,
    string LastChange,
    bool HasLastChange,
    int NoteMaxLength,
    int EvidenceMaxLength,
    DuePageData Back,
    bool HasBack);

public sealed record StatusChoice(string Title, string Value);
