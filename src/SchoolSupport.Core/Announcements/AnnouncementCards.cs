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
    string Schedule);

/// <summary>Delivery progress for the author (cards/announcement-status.json).</summary>
public sealed record AnnouncementStatusCard(
    int AnnouncementId,
    string Title,
    string State,
    string Schedule,
    IReadOnlyList<CountLine> Counts,
    bool CanCancel,
    bool CanRemind,
    string UpdatedAt);
