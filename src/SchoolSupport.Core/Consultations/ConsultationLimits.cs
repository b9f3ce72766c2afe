namespace SchoolSupport.Consultations;

/// <summary>Field limits, checked in the card and again on the server.</summary>
public static class ConsultationLimits
{
    public const int Topic = 500;
    public const int LongText = 4000;
    public const int ActionText = 500;
    public const int Assignee = 200;
    public const int MinDuration = 5;
    public const int MaxDuration = 600;
    public const int MaxActions = 10;

    /// <summary>Author edits and deletes are allowed this long after the record was created.</summary>
    public static readonly TimeSpan EditWindow = TimeSpan.FromDays(7);
}
