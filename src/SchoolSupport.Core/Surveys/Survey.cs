using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SchoolSupport.Audiences;
using SchoolSupport.Outbox;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;
using SchoolSupport.Schools;

namespace SchoolSupport.Surveys;

public enum SurveyStatus
{
    /// <summary>Imported or built, previewed by its owner, not confirmed; can be edited.</summary>
    Draft,

    /// <summary>Confirmed: invitations go out when the window opens; only the close can be moved (later).</summary>
    Confirmed,

    Cancelled,
}

/// <summary>A survey of a region's participants with a window, an audience and its questions.</summary>
public sealed class Survey
{
    public int Id { get; set; }
    public int RegionId { get; set; }
    public int OwnerPersonId { get; set; }

    /// <summary>The file's «id»: importing the same key again updates the draft instead of adding one.</summary>
    public required string Key { get; set; }

    public required string Title { get; set; }
    public string? Description { get; set; }

    /// <summary>The shipped template «Опрос участников проекта»: marked as a sample to adapt.</summary>
    public bool IsSample { get; set; }

    /// <summary>Window in UTC; the file gives it in the region's local time.</summary>
    public DateTime OpensAt { get; set; }

    public DateTime ClosesAt { get; set; }
    public bool Anonymous { get; set; }
    public ResponseMode Mode { get; set; }
    public int TargetPercent { get; set; } = 100;
    public int? RoadmapItemId { get; set; }

    public RoleMask AudienceRoles { get; set; }
    public string AudienceMunicipalities { get; set; } = "";
    public string AudienceCohorts { get; set; } = "";
    public string AudienceSchools { get; set; } = "";
    public string AudienceEmails { get; set; } = "";
    public string RemindDaysBefore { get; set; } = "3,1";

    /// <summary>The questions as JSON (the file format's «questions» array).</summary>
    public required string Questions { get; set; }

    public SurveyStatus Status { get; set; }

    /// <summary>«file» (CLI or a file sent in chat) or «chat» (built with «новый опрос»).</summary>
    public string Source { get; set; } = "file";

    public int RecipientCount { get; set; }

    /// <summary>Set when the invitations were queued (the window opened); the open happens once.</summary>
    public DateTime? OpenedAt { get; set; }

    public long? InvitationMessageId { get; set; }
    public DateTime? LastManualReminderAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? ConfirmedAt { get; set; }

    public Audience Audience
    {
        get => new(AudienceRoles, Ids(AudienceMunicipalities), Ids(AudienceCohorts), Ids(AudienceSchools)) { Emails = Csv(AudienceEmails) };
        set
        {
            AudienceRoles = value.Roles;
            AudienceMunicipalities = string.Join(",", value.MunicipalityIds);
            AudienceCohorts = string.Join(",", value.Cohorts);
            AudienceSchools = string.Join(",", value.SchoolIds);
            AudienceEmails = string.Join(",", value.Emails);
        }
    }

    public IReadOnlyList<SurveyQuestion> ParsedQuestions => SurveyQuestionsJson.Read(Questions);

    public IReadOnlyList<int> ReminderDays => Ids(RemindDaysBefore);

    public bool IsOpenAt(DateTime utc) => Status == SurveyStatus.Confirmed && OpensAt <= utc && utc < ClosesAt;

    public bool IsClosedAt(DateTime utc) => Status == SurveyStatus.Confirmed && utc >= ClosesAt;

    internal static IReadOnlyList<int> Ids(string? csv) =>
        (csv ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : (int?)null)
            .Where(n => n is not null).Select(n => n!.Value).Distinct().ToList();

    private static IReadOnlyList<string> Csv(string? csv) =>
        (csv ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// One person invited to a survey, with the one-way «has responded» marker. For an anonymous survey this row is all
/// that is known about the person's participation: it carries no time and no reference to the answers.
/// </summary>
public sealed class SurveyRecipient
{
    public long Id { get; set; }
    public int SurveyId { get; set; }
    public int PersonId { get; set; }
    public Role Role { get; set; }
    public int? SchoolId { get; set; }
    public int? MunicipalityId { get; set; }
    public bool HasResponded { get; set; }

    /// <summary>Local date of the last reminder (automatic or by the owner): at most one a day.</summary>
    public DateOnly? LastRemindedOn { get; set; }
}

public enum ResponseStatus
{
    InProgress,
    Submitted,
}

/// <summary>
/// A response. Named surveys keep the person (and school) on it and allow changes until the close. An anonymous
/// survey's response is linked to the person only while it is being filled in; on submission it is copied into a
/// row with no person, school, role or time, and the linked draft is deleted.
/// </summary>
public sealed class SurveyResponse
{
    public Guid Id { get; set; }
    public int SurveyId { get; set; }

    /// <summary>«p:17» (one per person) or «s:5» (one per school) while linked; null once anonymous.</summary>
    public string? UnitKey { get; set; }

    public int? PersonId { get; set; }
    public int? SchoolId { get; set; }
    public int? MunicipalityId { get; set; }
    public Role? Role { get; set; }
    public ResponseStatus Status { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public DateTime? UpdatedAt { get; set; }
}

/// <summary>One answer value; a multiple-choice answer is one row per chosen option.</summary>
public sealed class SurveyAnswer
{
    public Guid Id { get; set; }
    public int SurveyId { get; set; }
    public Guid ResponseId { get; set; }
    public required string QuestionId { get; set; }

    /// <summary>Choice id, «yes»/«no», or the rating point as text: what results group by.</summary>
    public string? ChoiceId { get; set; }

    public double? Number { get; set; }
    public DateOnly? Date { get; set; }
    public string? Text { get; set; }
}

internal static class SurveyQuestionsJson
{
    public static string Write(IReadOnlyList<SurveyQuestion> questions) =>
        new System.Text.Json.Nodes.JsonArray(questions.Select(q => (System.Text.Json.Nodes.JsonNode)SurveyFile.WriteQuestion(q)).ToArray()).ToJsonString(SurveyFile.WriteOptions);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<SurveyQuestion>> Parsed = new(StringComparer.Ordinal);

    /// <summary>Every answer turn needs the questions; a survey's text is parsed once (records are immutable).</summary>
    public static IReadOnlyList<SurveyQuestion> Read(string json)
    {
        if (Parsed.TryGetValue(json, out var cached))
        {
            return cached;
        }

        if (Parsed.Count > 256)
        {
            Parsed.Clear();
        }

        return Parsed[json] = Parse(json);
    }

    private static IReadOnlyList<SurveyQuestion> Parse(string json)
    {
        // Stored questions were validated on the way in; reading them goes through the same reader.
        var file = $$"""{"id":"x","title":"x","opens":"2000-01-01","closes":"2000-01-02","audience":{"roles":["director"]},"questions":{{json}}}""";
        var result = SurveyFile.Read(file);
        return result.Definition?.Questions ?? throw new InvalidOperationException("Stored survey questions are invalid: " + string.Join("; ", result.Errors));
    }
}

internal sealed class SurveyConfiguration : IEntityTypeConfiguration<Survey>
{
    public void Configure(EntityTypeBuilder<Survey> b)
    {
        b.Ignore(x => x.Audience);
        b.Ignore(x => x.ParsedQuestions);
        b.Ignore(x => x.ReminderDays);
        b.Property(x => x.Key).HasMaxLength(SurveyLimits.Id);
        b.Property(x => x.Title).HasMaxLength(SurveyLimits.Title);
        b.Property(x => x.Description).HasMaxLength(SurveyLimits.Description);
        b.Property(x => x.AudienceRoles).HasConversion<int>();
        b.Property(x => x.AudienceMunicipalities).HasMaxLength(1000);
        b.Property(x => x.AudienceCohorts).HasMaxLength(200);
        b.Property(x => x.AudienceSchools).HasMaxLength(4000);
        b.Property(x => x.AudienceEmails).HasMaxLength(4000);
        b.Property(x => x.RemindDaysBefore).HasMaxLength(100);
        b.Property(x => x.Questions).HasMaxLength(400_000);
        b.Property(x => x.Source).HasMaxLength(16);
        b.HasIndex(x => new { x.RegionId, x.Key }).IsUnique();
        b.HasIndex(x => new { x.Status, x.OpensAt });
        b.HasIndex(x => x.OwnerPersonId);
        b.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.OwnerPersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<RoadmapItem>().WithMany().HasForeignKey(x => x.RoadmapItemId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<OutboxMessage>().WithMany().HasForeignKey(x => x.InvitationMessageId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class SurveyRecipientConfiguration : IEntityTypeConfiguration<SurveyRecipient>
{
    public void Configure(EntityTypeBuilder<SurveyRecipient> b)
    {
        b.HasIndex(x => new { x.SurveyId, x.PersonId }).IsUnique();
        b.HasIndex(x => new { x.SurveyId, x.HasResponded });
        b.HasIndex(x => x.PersonId);
        b.HasOne<Survey>().WithMany().HasForeignKey(x => x.SurveyId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SurveyResponseConfiguration : IEntityTypeConfiguration<SurveyResponse>
{
    public void Configure(EntityTypeBuilder<SurveyResponse> b)
    {
        b.Property(x => x.UnitKey).HasMaxLength(32);
        b.HasIndex(x => new { x.SurveyId, x.UnitKey }).IsUnique();
        b.HasIndex(x => new { x.SurveyId, x.Status });
        b.HasOne<Survey>().WithMany().HasForeignKey(x => x.SurveyId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SurveyAnswerConfiguration : IEntityTypeConfiguration<SurveyAnswer>
{
    public void Configure(EntityTypeBuilder<SurveyAnswer> b)
    {
        b.Property(x => x.QuestionId).HasMaxLength(SurveyLimits.Id);
        b.Property(x => x.ChoiceId).HasMaxLength(SurveyLimits.Id);
        b.Property(x => x.Text).HasMaxLength(SurveyLimits.LongText);
        b.HasIndex(x => new { x.ResponseId, x.QuestionId });
        b.HasIndex(x => new { x.SurveyId, x.QuestionId, x.ChoiceId });
        b.HasOne<SurveyResponse>().WithMany().HasForeignKey(x => x.ResponseId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Survey>().WithMany().HasForeignKey(x => x.SurveyId).OnDelete(DeleteBehavior.NoAction);
    }
}
