namespace SchoolSupport.Imports;

/// <summary>What to import into and how.</summary>
/// <param name="RegionName">The region the file belongs to; created (with <paramref name="TimeZone"/>) when it does not exist yet.</param>
/// <param name="DryRun">Check and count only; nothing is stored.</param>
/// <param name="SkipInvalid">Store the valid rows even when others have errors (otherwise a file with errors stores nothing).</param>
/// <param name="DeactivateMissing">People import: deactivate the region's people who are not in the file.</param>
/// <param name="OnlyMunicipalityId">A municipal coordinator's import: rows outside this municipality are errors.</param>
public sealed record ImportOptions(
    string RegionName,
    string TimeZone = "Europe/Moscow",
    bool DryRun = false,
    bool SkipInvalid = false,
    bool DeactivateMissing = false,
    int? OnlyMunicipalityId = null,
    int? ActorPersonId = null);

/// <summary>An error in one row of the file (row numbers as the spreadsheet shows them).</summary>
public sealed record ImportError(int Row, string Message)
{
    public override string ToString() => Row > 0 ? $"Строка {Row}: {Message}" : Message;
}

/// <summary>The outcome of an import (or of a dry run: what would happen).</summary>
public sealed record ImportSummary
{
    public int Rows { get; init; }
    public int Created { get; init; }
    public int Updated { get; init; }
    public int Unchanged { get; init; }
    public int Deactivated { get; init; }
    public required IReadOnlyList<ImportError> Errors { get; init; }

    /// <summary>Short Russian lines: «новый: …», «изменён: …», «отключён: …».</summary>
    public required IReadOnlyList<string> Changes { get; init; }

    /// <summary>True when the changes were stored.</summary>
    public bool Applied { get; init; }

    public bool HasErrors => Errors.Count > 0;
}
