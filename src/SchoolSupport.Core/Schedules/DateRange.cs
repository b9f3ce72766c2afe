namespace SchoolSupport.Schedules;

/// <summary>An inclusive span of days.</summary>
public readonly record struct DateRange(DateOnly Start, DateOnly End)
{
    public bool Contains(DateOnly day) => day >= Start && day <= End;

    public bool Overlaps(DateOnly from, DateOnly to) => Start <= to && from <= End;

    public static DateRange OfMonth(int year, int month) =>
        new(new DateOnly(year, month, 1), new DateOnly(year, month, DateTime.DaysInMonth(year, month)));

    public static DateRange OfYear(int year) => new(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));

    public override string ToString() => Start == End ? $"{Start:dd.MM.yyyy}" : $"{Start:dd.MM.yyyy}–{End:dd.MM.yyyy}";
}
