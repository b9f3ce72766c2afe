using SchoolSupport.People;

namespace SchoolSupport.Consultations;

/// <summary>Who may see one consultation record: the one rule every card that shows a consultation applies.</summary>
internal static class ConsultationAccess
{
    public const string NotFound = "Такой консультации нет или у вас нет к ней доступа.";

    /// <summary>
    /// The author; whoever a planned action is assigned to; and anyone whose scope includes the school — a deleted
    /// record only for its author and coordinators.
    /// </summary>
    public static bool CanSee(Caller caller, Consultation row) =>
        row.AuthorPersonId == caller.Person.Id
        || row.Actions.Any(a => a.AssigneePersonId == caller.Person.Id && row.DeletedAt is null)
        || (caller.CanView(row.SchoolId) && (row.DeletedAt is null || caller.IsCoordinator));
}
