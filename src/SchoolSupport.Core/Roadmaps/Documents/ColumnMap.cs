namespace SchoolSupport.Roadmaps.Documents;

internal enum ColumnRole
{
    Number,
    Title,
    Timeframe,
    Responsible,
    Result,
    Information,
    Extra,
}

/// <param name="Level">The sub-column label under a grouped header («Регион» under «Ответственные исполнители»).</param>
internal sealed record RoadmapColumn(int Index, string Name, ColumnRole Role, string? Level);

/// <summary>
/// Which cell holds what, found from header text rather than position: regions name their columns differently
/// («Описание действий», «Задачи», «Мероприятия»; «Дата реализации», «Сроки»; «Ответственные», «Исполнители»).
/// </summary>
internal sealed class ColumnMap
{
    private ColumnMap(IReadOnlyList<RoadmapColumn> columns)
    {
        Columns = columns;
        NumberIndex = IndexOf(ColumnRole.Number);
        TitleIndex = IndexOf(ColumnRole.Title);
        TimeframeIndex = IndexOf(ColumnRole.Timeframe);
    }

    public IReadOnlyList<RoadmapColumn> Columns { get; }
    public int Count => Columns.Count;
    public int NumberIndex { get; }
    public int TitleIndex { get; }
    public int TimeframeIndex { get; }

    public IEnumerable<string> Labels
    {
        get
        {
            foreach (var column in Columns)
            {
                yield return column.Name;
                if (column.Level is not null)
                {
                    yield return column.Level;
                }
            }
        }
    }

    public bool IsDataColumn(int index) => index != NumberIndex && index != TitleIndex;

    /// <summary>A header row names at least three known columns (or a number and a title) and holds nothing long.</summary>
    public static bool LooksLikeHeader(IReadOnlyList<string> cells)
    {
        var roles = new HashSet<ColumnRole>();
        var nonEmpty = 0;
        foreach (var cell in cells)
        {
            var text = CellText.OneLine(cell);
            if (text.Length == 0)
            {
                continue;
            }

            if (text.Length > 80)
            {
                return false;
            }

            nonEmpty++;
            if (Classify(text) is { } role)
            {
                roles.Add(role);
            }
        }

        var enough = roles.Count >= 3 || (roles.Contains(ColumnRole.Number) && roles.Contains(ColumnRole.Title));
        return enough && roles.Count * 2 >= nonEmpty;
    }

    /// <summary>
    /// The row under a header that splits a grouped column («Ответственные исполнители» → Регион / Район / ОО).
    /// Labels sit under the group's own cell or under the empty header cells it spans.
    /// </summary>
    public static bool LooksLikeSubHeader(IReadOnlyList<string> header, IReadOnlyList<string> row)
    {
        if (row.Count == 0 || row[0].Length > 0)
        {
            return false;
        }

        var labels = 0;
        var underEmptyHeader = false;
        for (var i = 0; i < row.Count; i++)
        {
            var text = row[i];
            if (text.Length == 0)
            {
                continue;
            }

            if (text.Length > 40 || text.Contains('\n') || ItemNumber.Parse(text) is not null)
            {
                return false;
            }

            var headerHere = i < header.Count ? header[i] : "";
            var headerNextEmpty = i + 1 < header.Count && header[i + 1].Length == 0;
            if (headerHere.Length == 0)
            {
                underEmptyHeader = true;
            }
            else if (!headerNextEmpty)
            {
                return false;
            }

            labels++;
        }

        return labels > 0 && underEmptyHeader;
    }

    public static ColumnMap Build(IReadOnlyList<string> header, IReadOnlyList<string>? subHeader)
    {
        var columns = new List<RoadmapColumn>();
        var seen = new HashSet<ColumnRole>();
        string group = "";
        ColumnRole? groupRole = null;
        var count = Math.Max(header.Count, subHeader?.Count ?? 0);
        for (var i = 0; i < count; i++)
        {
            var name = CellText.OneLine(i < header.Count ? header[i] : "");
            var sub = CellText.OneLine(subHeader is not null && i < subHeader.Count ? subHeader[i] : "");
            if (name.Length > 0)
            {
                group = name;
                groupRole = Classify(name);
            }

            var role = name.Length > 0 ? groupRole : group.Length > 0 ? groupRole : null;
            var displayName = name.Length > 0 ? name : group;
            string? level = null;
            if (sub.Length > 0)
            {
                level = sub;
                role ??= Classify(sub);
                displayName = displayName.Length > 0 ? $"{displayName} / {sub}" : sub;
            }

            if (displayName.Length == 0)
            {
                displayName = $"Столбец {i + 1}";
            }

            var finalRole = role ?? ColumnRole.Extra;

            // A second «№» or title column is kept as an extra column instead of overwriting the first.
            if (finalRole is ColumnRole.Number or ColumnRole.Title && !seen.Add(finalRole) && level is null && name.Length > 0)
            {
                finalRole = ColumnRole.Extra;
            }

            columns.Add(new RoadmapColumn(i, displayName, finalRole, level));
        }

        return new ColumnMap(columns);
    }

    internal static ColumnRole? Classify(string header)
    {
        var text = header.Trim().ToLowerInvariant().Replace('ё', 'е');
        if (text.Length == 0)
        {
            return null;
        }

        if (text.Contains("информацион"))
        {
            return ColumnRole.Information;
        }

        if (text.StartsWith('№') || text.Contains("п/п") || text is "n" or "no" or "номер" or "#")
        {
            return ColumnRole.Number;
        }

        if (text.Contains("срок") || text.Contains("дата") || text.Contains("период") || text.StartsWith("время"))
        {
            return ColumnRole.Timeframe;
        }

        if (text.Contains("ответствен") || text.Contains("исполнител"))
        {
            return ColumnRole.Responsible;
        }

        if (text.Contains("показател") || text.Contains("ожидаем") || text.Contains("результат") || text.Contains("индикатор")
            || text.Contains("критери"))
        {
            return ColumnRole.Result;
        }

        if (text.Contains("мероприяти") || text.Contains("описание") || text.Contains("задач") || text.Contains("наименовани")
            || text.Contains("содержание") || text.Contains("действи") || text.Contains("название"))
        {
            return ColumnRole.Title;
        }

        return null;
    }

    private int IndexOf(ColumnRole role)
    {
        foreach (var column in Columns)
        {
            if (column.Role == role)
            {
                return column.Index;
            }
        }

        return -1;
    }
}
