namespace SchoolSupport.Schools;

public sealed class Region
{
    public int Id { get; set; }
    public required string Name { get; set; }

    /// <summary>IANA zone; deadlines and reminders are computed in the region's local time.</summary>
    public string TimeZone { get; set; } = "Europe/Moscow";

    /// <summary>Local time of day when the daily deadline digest goes out.</summary>
    public TimeOnly ReminderTime { get; set; } = new(9, 0);

    /// <summary>
    /// Proactive messages go to every channel a person uses (Teams and the web page) instead of only the one they
    /// used last.
    /// </summary>
    public bool DeliverOnEveryChannel { get; set; }

    public List<Municipality> Municipalities { get; set; } = [];
    public List<School> Schools { get; set; } = [];
}

public sealed class Municipality
{
    public int Id { get; set; }
    public int RegionId { get; set; }
    public Region? Region { get; set; }
    public required string Name { get; set; }
}

public sealed class School
{
    public int Id { get; set; }
    public int RegionId { get; set; }
    public Region? Region { get; set; }
    public int? MunicipalityId { get; set; }
    public Municipality? Municipality { get; set; }

    /// <summary>Full official name, e.g. «ГБОУ СОШ № 277».</summary>
    public required string Name { get; set; }

    /// <summary>The number people use in chat («школа 277»), when the name has one.</summary>
    public string? Number { get; set; }

    /// <summary>Year the school entered the program (год участия is counted from it).</summary>
    public int Cohort { get; set; }

    /// <summary>«500+», «ШНОР (региональный проект)», «Школа Минпросвещения России»…</summary>
    public string Program { get; set; } = Programs.FiveHundredPlus;

    public DateOnly? JoinedOn { get; set; }
}

public static class Programs
{
    public const string FiveHundredPlus = "500+";
}

/// <summary>An institute or centre that appears as a responsible party (ЛОИРО, ЦНППМ, ИМЦ…).</summary>
public sealed class Organisation
{
    public int Id { get; set; }
    public int? RegionId { get; set; }
    public required string Name { get; set; }
    public string? ShortName { get; set; }
}
