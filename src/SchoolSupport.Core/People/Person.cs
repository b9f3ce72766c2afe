namespace SchoolSupport.People;

public sealed class Person
{
    public int Id { get; set; }
    public required string FullName { get; set; }

    /// <summary>Work e-mail or UPN, lower-case; how a Teams user is matched on first contact.</summary>
    public string? Email { get; set; }

    /// <summary>Entra object id, set once the Teams user is linked.</summary>
    public string? AadObjectId { get; set; }

    public string? Phone { get; set; }
    public bool IsActive { get; set; } = true;

    /// <summary>The person asked not to get deadline reminders and digests (announcements still arrive).</summary>
    public bool RemindersMuted { get; set; }

    public DateTime CreatedAt { get; set; }

    public List<RoleAssignment> Roles { get; set; } = [];
}

public enum Role
{
    RegionalCoordinator,
    MunicipalCoordinator,
    Curator,
    Director,
    Consultant,
}

/// <summary>
/// A role with its scope: regional coordinator → region, municipal coordinator → municipality,
/// curator / consultant → one row per assigned school, director → one school.
/// </summary>
public sealed class RoleAssignment
{
    public int Id { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
    public Role Role { get; set; }
    public int RegionId { get; set; }
    public int? MunicipalityId { get; set; }
    public int? SchoolId { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
}
