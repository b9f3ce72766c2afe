using SchoolSupport.Schedules;

namespace SchoolSupport.Roadmaps.Documents;

/// <summary>A regional roadmap read from a document, before it is mapped to the database.</summary>
public sealed record ParsedRoadmap
{
    public required string Title { get; init; }

    /// <summary>From the title («в 2022 году», «на 2022 год»), else the most frequent year in the timeframe cells.</summary>
    public int? Year { get; init; }

    /// <summary>
    /// For a document written for a school year («2023-2024 учебный год»), the year its September falls in; null for
    /// a calendar-year document. Open-ended timeframes («ежемесячно», «в течение года») span the school year then.
    /// </summary>
    public int? AcademicYearStart { get; init; }

    /// <summary>Nominative form, e.g. «Ленинградская область», «Санкт-Петербург»; null when the document does not say.</summary>
    public string? Region { get; init; }

    public required string SourceFileName { get; init; }
    public required IReadOnlyList<ParsedSection> Sections { get; init; }
    public required IReadOnlyList<ParsedItem> Items { get; init; }

    /// <summary>Russian messages about rows the reader had to repair or guess; worth showing to whoever imports the file.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>Header names in document order; a sub-column is written «Ответственные исполнители / Регион».</summary>
    public required IReadOnlyList<string> Columns { get; init; }
}

/// <summary>
/// A section heading. <see cref="Number"/> is as written («1», «2.1», «II») or generated («S1») when the heading has none.
/// </summary>
public sealed record ParsedSection
{
    public required string Number { get; init; }
    public required string Title { get; init; }
    public string? ParentNumber { get; init; }

    /// <summary>Text under the heading that is not an activity: «Задачи: …», «Показатели: …».</summary>
    public string? Notes { get; init; }
}

/// <summary>One activity (row) of the roadmap.</summary>
public sealed record ParsedItem
{
    /// <summary>1-based position in the document.</summary>
    public required int Order { get; init; }

    /// <summary>Unique within the roadmap: «1.7», «2.3.1», «58», or «4.2.1-2» for a repeated number.</summary>
    public required string Number { get; init; }

    public required string SectionNumber { get; init; }
    public required string Title { get; init; }

    /// <summary>The timeframe cell as written, cleaned of markup; parts of a row split across pages are joined.</summary>
    public required string TimeframeText { get; init; }

    public required Timeframe Timeframe { get; init; }

    /// <summary>All responsibility text; with several columns «Регион: …; Район: …; ОО: …».</summary>
    public required string Responsible { get; init; }

    /// <summary>Non-empty responsibility per column («Регион», «Район», «ОО»); empty when the table has one such column.</summary>
    public required IReadOnlyDictionary<string, string> ResponsibleByLevel { get; init; }

    public string? ExpectedResult { get; init; }
    public decimal? TargetPercent { get; init; }
    public int? TargetCount { get; init; }

    /// <summary>The «Информационное сопровождение» column when the table has one.</summary>
    public string? InformationSupport { get; init; }

    /// <summary>Non-empty cells of columns the reader does not know, by header name.</summary>
    public required IReadOnlyDictionary<string, string> ExtraColumns { get; init; }

    /// <summary>How sure the reader is of this item, from 1 (read as written) down to 0.1; lowered by each guess.</summary>
    public double Confidence { get; init; } = 1;

    /// <summary>What the reader had to assume for this item, in Russian, for whoever checks the import.</summary>
    public IReadOnlyList<string> Guesses { get; init; } = [];
}
