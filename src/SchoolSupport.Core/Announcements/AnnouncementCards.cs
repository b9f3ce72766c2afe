using SchoolSupport.Audiences;

namespace SchoolSupport.Announcements;

/// <summary>A choice of a form's choice set.</summary>
public sealed record Choice(string Title, string Value);

/// <summary>A label and its value, shown as a fact.</summary>
public sealed record CountLine(string Title, string Value);

/// <summary>The announcement as its recipients see it (cards/announcement.json).</summary>
public sealed record AnnouncementCard(
    int AnnouncementId,
    string Title,
    string Text,
    string Author,
    string Date,
    string? LinkUrl,
    string? ButtonTitle,
    bool RequireAck,
    bool Acknowledged,
    string? AcknowledgedText,
    bool IsPreview);

/// <summary>The form a coordinator fills in (cards/announcement-form.json); choices are limited to their scope.</summary>
public sealed record AnnouncementForm(
    int? AnnouncementId,
    string Title,
    string Text,
    string Link,
    string ButtonTitle,
    IReadOnlyList<Choice> RoleChoices,
    string Roles,
    IReadOnlyList<Choice> MunicipalityChoices,
    string Municipalities,
    IReadOnlyList<Choice> CohortChoices,
    string Cohorts,
    IReadOnlyList<Choice> SchoolChoices,
    string Schools,
    string SendDate,
    string SendTime,
    bool RequireAck,
    string? Error);

/// <summary>What the author checks before confirming (cards/announcement-preview.json).</summary>
public sealed record AnnouncementPreview(
    int AnnouncementId,
    AnnouncementCard Card,
    int RecipientCount,
    string RecipientText,
    IReadOnlyList<CountLine> ByRole,
    string Audience,
    string Schedule,
    ReachReport Reach);

/// <summary>Delivery progress for the author (cards/announcement-status.json).</summary>
/// <param name="State">The heading, derived from the counts: sending, sent, sent with problems, nobody reached.</param>
/// <param name="StateStyle">default, good, warning or attention: the colour of the heading.</param>
/// <param name="Schedule">When it was (or will be) sent: the actual send time once deliveries went out.</param>
/// <param name="Problems">Why some recipients were not reached, or empty.</param>
/// <param name="LastReminder">The time and reach of the last «Напомнить не подтвердившим», or empty.</param>
/// <param name="Notice">What the last press on this card did (a reminder sent, or refused for today), or empty.</param>
public sealed record AnnouncementStatusCard(
    int AnnouncementId,
    string Title,
    string State,
    string StateStyle,
    string Schedule,
    IReadOnlyList<CountLine> Counts,
    string Problems,
    string LastReminder,
    string Notice,
    bool CanCancel,
    bool CanRemind,
    bool CanListPending,
    string UpdatedAt);

/// <summary>A recipient who has not acknowledged yet (cards/announcement-pending.json).</summary>
public sealed record PendingPerson(string Name, string School, string State, bool Delivered);

/// <summary>«кто не подтвердил» (cards/announcement-pending.json).</summary>
public sealed record AnnouncementPendingCard(
    int AnnouncementId,
    string Title,
    string Summary,
    IReadOnlyList<PendingPerson> People,
    string More,
    bool CanRemind,
    string UpdatedAt);

/// <summary>One announcement in «мои объявления».</summary>
public sealed record AnnouncementListRow(int AnnouncementId, string Title, string Line, string StateStyle);

/// <summary>«мои объявления» (cards/announcement-list.json): compact, the status card one tap away.</summary>
public sealed record AnnouncementListCard(IReadOnlyList<AnnouncementListRow> Rows, string More, string UpdatedAt);
