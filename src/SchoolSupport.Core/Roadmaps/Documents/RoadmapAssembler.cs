using System.Text.RegularExpressions;
using SchoolSupport.Schedules;

namespace SchoolSupport.Roadmaps.Documents;

/// <summary>
/// Turns source rows (from a text export or a Word file) into sections and items. Works in three steps:
/// find the header and align every row to it; classify rows as headings, items, continuations of the item above
/// (rows split across page breaks) or section notes; then repair, merge and number the items.
/// </summary>
/// <remarks>
/// Known damage in the Smolensk 2022 export (smolensk-oblast-500plus-2022.txt), which the generic rules repair:
/// the row of item 6 is split, its second part («программ | Еженедельно по графику | ЦНППМ | Не менее 75% … | Релиз
/// вебинаров на сайте») has lost its number cell, and from there the timeframe, responsible, indicator and information
/// cells of items 6–9 sit one row too high: in the original, «Еженедельно по графику» belongs to item 7 (weekly
/// webinars), «С апреля ежеквартально» to item 8 (anti-risk programmes), «В течение года по специальному графику» to
/// item 9 (surveys), whose own row is empty. Items 7–9 also have number and title in one cell. The row before item 15
/// repeats part of item 15 and the row «000 …» continues item 55 («ФГОС НОО и ООО»).
/// </remarks>
internal sealed partial class RoadmapAssembler
{
    private const string NumberKey = "#";
    private const string TitleKey = "title";
    private const string TimeframeKey = "timeframe";
    private const string ResponsibleKey = "responsible:";
    private const string ResultKey = "result";
    private const string InformationKey = "information";
    private const string ExtraKey = "extra:";

    private readonly List<string> warnings = [];
    private readonly List<Row> rows = [];
    private readonly List<string> preamble = [];
    private readonly List<string> columnNames = [];
    private readonly List<string> responsibleLevels = [];
    private readonly HashSet<string> headerLabels = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<SectionBuilder> sections = [];
    private readonly List<ItemBuilder> items = [];
    private SectionBuilder? current;
    private ItemBuilder? lastItem;
    private int generatedSections;

    private RoadmapAssembler()
    {
    }

    public static ParsedRoadmap Assemble(IReadOnlyList<SourceRow> source, string fileName)
    {
        var assembler = new RoadmapAssembler();
        assembler.Align(source);
        assembler.Classify();
        return assembler.Build(fileName);
    }

    private void Align(IReadOnlyList<SourceRow> source)
    {
        var headerAt = -1;
        for (var i = 0; i < source.Count && headerAt < 0; i++)
        {
            if (source[i].IsTableRow && ColumnMap.LooksLikeHeader(Clean(source[i].Cells)))
            {
                headerAt = i;
            }
        }

        if (headerAt < 0)
        {
            throw new RoadmapFormatException(
                "В документе не найдена строка заголовков таблицы мероприятий (например: «№», «Мероприятия», «Сроки», «Ответственные»).");
        }

        for (var i = 0; i < headerAt; i++)
        {
            preamble.Add(CellText.OneLine(string.Join(" ", Clean(source[i].Cells).Where(c => c.Length > 0))));
        }

        ColumnMap? map = null;
        for (var i = headerAt; i < source.Count; i++)
        {
            var row = source[i];
            var cells = Clean(row.Cells);
            if (!row.IsTableRow)
            {
                var text = cells[0];
                if (text.Length > 0 && !CellText.IsRuler(cells))
                {
                    rows.Add(new Row(i + 1, false, [text], [text], map, ItemNumber.Parse(text), false, false) { Emphasised = row.Emphasised });
                }

                continue;
            }

            if (ColumnMap.LooksLikeHeader(cells))
            {
                string[]? sub = null;
                if (i + 1 < source.Count && source[i + 1].IsTableRow)
                {
                    var candidate = Clean(source[i + 1].Cells);
                    if (source[i + 1].MergedFromAbove is { } merged)
                    {
                        for (var j = 0; j < candidate.Length && j < merged.Count; j++)
                        {
                            if (merged[j] is not null)
                            {
                                candidate[j] = "";
                            }
                        }
                    }

                    if (ColumnMap.LooksLikeSubHeader(cells, candidate))
                    {
                        sub = candidate;
                        i++;
                    }
                }

                map = ColumnMap.Build(cells, sub);
                RememberHeader(map);
                continue;
            }

            if (map is null || cells.All(c => c.Length == 0) || CellText.IsRuler(cells))
            {
                continue;
            }

            if (FullWidthText(row.Cells, cells, map) is { } heading)
            {
                var number = ItemNumber.Parse(heading);
                rows.Add(new Row(i + 1, false, [heading], [heading], map, number, false, false) { Emphasised = true });
                continue;
            }

            rows.Add(AlignTableRow(i + 1, cells, row.MergedFromAbove, map));
        }
    }

    /// <summary>
    /// A row that spans the table: one cell in bold outside the number column («| | **Мониторинг** | | |»), or the same
    /// text in every filled cell (a merged row exported once per column). It is a heading, never the rest of an item.
    /// </summary>
    private static string? FullWidthText(IReadOnlyList<string> raw, string[] cells, ColumnMap map)
    {
        var filled = Enumerable.Range(0, cells.Length).Where(j => cells[j].Length > 0).ToList();
        if (filled.Count == 0)
        {
            return null;
        }

        var text = cells[filled[0]];
        if (filled.Count >= 2 && filled.Count == cells.Length && filled.All(j => cells[j] == text))
        {
            return text;
        }

        return filled.Count == 1 && filled[0] != map.NumberIndex && TextRoadmapSource.IsEmphasised(raw[filled[0]])
            && !char.IsLower(text[0]) && !LooksLikeTimeframe().IsMatch(text) ? text : null;
    }

    private void RememberHeader(ColumnMap map)
    {
        foreach (var column in map.Columns)
        {
            if (!columnNames.Contains(column.Name))
            {
                columnNames.Add(column.Name);
            }

            if (column.Role == ColumnRole.Responsible && column.Level is { } level && !responsibleLevels.Contains(level))
            {
                responsibleLevels.Add(level);
            }
        }

        foreach (var label in map.Labels)
        {
            headerLabels.Add(label);
        }
    }

    private static Row AlignTableRow(int line, string[] original, IReadOnlyList<string?>? mergedFromAbove, ColumnMap map)
    {
        var cells = original.ToList();
        var mergedContinuation = false;
        if (mergedFromAbove is not null)
        {
            mergedContinuation = map.NumberIndex >= 0 && map.NumberIndex < mergedFromAbove.Count && mergedFromAbove[map.NumberIndex] is not null;
            for (var j = 0; j < cells.Count && j < mergedFromAbove.Count; j++)
            {
                if (mergedFromAbove[j] is not { } above)
                {
                    continue;
                }

                // A merged responsible or timeframe cell applies to every item it spans; a merged number means one item.
                cells[j] = mergedContinuation || j == map.NumberIndex || j == map.TitleIndex ? "" : CellText.Clean(above);
            }
        }

        // Exports insert empty cells where Word had merged or hidden columns; drop them before aligning by position.
        for (var j = 1; j < cells.Count && cells.Count > map.Count;)
        {
            if (cells[j].Length == 0)
            {
                cells.RemoveAt(j);
            }
            else
            {
                j++;
            }
        }

        if (cells.Count > map.Count)
        {
            var tail = string.Join(" ", cells.Skip(map.Count - 1).Where(c => c.Length > 0));
            cells.RemoveRange(map.Count - 1, cells.Count - map.Count + 1);
            cells.Add(tail);
        }

        // A short row lost a cell: either number and title were exported as one cell («7. Организация …»),
        // or the number cell itself is missing and the row starts with the title text. A lone text cell stays put:
        // it is a heading or a continuation, decided later.
        if (cells.Count < map.Count && map.NumberIndex == 0 && map.TitleIndex == 1 && cells[0].Length > 0)
        {
            var token = ItemNumber.Parse(cells[0]);
            if (token is { Rest.Length: > 0 })
            {
                cells[0] = token.Value;
                cells.Insert(1, token.Rest);
            }
            else if (token is null && !ItemNumber.IsZeroToken(cells[0]) && cells.Skip(1).Any(c => c.Length > 0))
            {
                cells.Insert(0, "");
            }
        }

        while (cells.Count < map.Count)
        {
            cells.Add("");
        }

        ItemNumber? number = null;
        var zero = false;
        if (map.NumberIndex >= 0)
        {
            var numberCell = cells[map.NumberIndex];
            number = ItemNumber.Parse(numberCell);
            zero = number is null && ItemNumber.IsZeroToken(numberCell);
            if (number is not null)
            {
                cells[map.NumberIndex] = number.Value;
                if (number.Rest.Length > 0 && map.TitleIndex >= 0)
                {
                    var title = cells[map.TitleIndex];
                    cells[map.TitleIndex] = title.Length == 0 ? number.Rest : $"{number.Rest}\n{title}";
                }
            }
        }

        return new Row(line, true, [.. cells], original, map, number, zero, mergedContinuation);
    }

    private void Classify()
    {
        for (var index = 0; index < rows.Count; index++)
        {
            var row = rows[index];
            if (!row.IsTable)
            {
                ClassifyParagraph(row, index);
                continue;
            }

            var map = row.Map!;
            var title = map.TitleIndex >= 0 ? row.Cells[map.TitleIndex] : "";
            var hasData = HasData(row);
            var number = row.Number;
            if (row.MergedContinuation)
            {
                Continue(row, null);
            }
            else if (number is not null)
            {
                ClassifyNumbered(row, index, number, title, hasData);
            }
            else if (row.Zero)
            {
                var letters = new string('О', row.Cells[map.NumberIndex].Trim().Length);
                warnings.Add($"Строка {row.Line}: «{row.Cells[map.NumberIndex]}» в графе номера прочитано как «{letters}» и присоединено к пункту выше.");
                lastItem?.Guesses.Add(($"«{row.Cells[map.NumberIndex]}» в графе номера прочитано как «{letters}»", 0.1));
                Continue(row, letters);
            }
            else if (map.NumberIndex >= 0 && row.Cells[map.NumberIndex].Length > 0)
            {
                ClassifyUnnumberedText(row, map);
            }
            else if (current is { HasItems: false })
            {
                AddNote(row);
            }
            else if (lastItem is not null)
            {
                Continue(row, null);
            }
            else
            {
                warnings.Add($"Строка {row.Line}: текст до первого пункта пропущен: «{Shorten(string.Join(" ", row.Original))}».");
            }
        }
    }

    private void ClassifyNumbered(Row row, int index, ItemNumber number, string title, bool hasData)
    {
        if (number.Style != NumberStyle.Arabic)
        {
            StartSection(number.Value, number.Key, title, DataText(row));
        }
        else if (hasData)
        {
            AddItem(row, number);
        }
        else if (ItemNumber.IsSuccessor(lastItem?.Key, number.Key) && !NextNumberedIsChild(index, number))
        {
            AddItem(row, number);
        }
        else if (current is { NotesMode: true, HasItems: false } && (current.Key is null || !ItemNumber.IsDescendant(current.Key, number.Key)))
        {
            AddNote(row);
        }
        else
        {
            StartSection(number.Value, number.Key, title, DataText(row));
        }
    }

    private void ClassifyUnnumberedText(Row row, ColumnMap map)
    {
        var text = row.Cells[map.NumberIndex];
        var onlyFirst = row.Cells.Where((c, j) => j != map.NumberIndex).All(c => c.Length == 0);
        if (onlyFirst && !char.IsLower(text[0]))
        {
            if (current is { NotesMode: true, HasItems: false })
            {
                AddNote(row);
            }
            else
            {
                StartSection(null, null, text, []);
            }

            return;
        }

        if (lastItem is null)
        {
            warnings.Add($"Строка {row.Line}: текст до первого пункта пропущен: «{Shorten(text)}».");
            return;
        }

        if (!onlyFirst)
        {
            warnings.Add($"Строка {row.Line}: в графе номера текст «{Shorten(text)}» — строка присоединена к пункту {lastItem.Raw} как продолжение.");
            lastItem.Guesses.Add(($"строка с текстом «{Shorten(text)}» в графе номера присоединена как продолжение", 0.1));
        }

        Continue(row, text);
    }

    private void ClassifyParagraph(Row row, int index)
    {
        var text = row.Cells[0];
        var firstLine = text.Split('\n')[0];
        if (row.Emphasised && IsEmphasisedHeading(firstLine))
        {
            if (current is { NotesMode: true, HasItems: false } && NoteMarker().IsMatch(firstLine))
            {
                AddNote(row);
            }
            else if (row.Number is { } numbered && numbered.Rest.Length > 0)
            {
                StartSection(numbered.Value, numbered.Key, numbered.Rest, []);
            }
            else if (row.Number is null)
            {
                StartSection(null, null, text, []);
            }
        }
        else if (row.Number is { } number && number.Rest.Length >= 3 && IsHeadingText(number.Rest.Split('\n')[0]))
        {
            StartSection(number.Value, number.Key, number.Rest, []);
        }
        else if (row.Number is null && IsHeadingText(firstLine) && index + 1 < rows.Count && rows[index + 1].IsTable
            && !firstLine.StartsWith("Примечани", StringComparison.OrdinalIgnoreCase))
        {
            StartSection(null, null, text, []);
        }
    }

    /// <summary>Formatting already says «heading»; only a closing colon (an introduction to a list) or prose length says no.</summary>
    private static bool IsEmphasisedHeading(string text) =>
        text.Length is >= 2 and <= 300 && !text.EndsWith(':') && !char.IsLower(text[0])
        && !text.StartsWith("Примечани", StringComparison.OrdinalIgnoreCase);

    private static bool IsHeadingText(string text) =>
        text.Length is >= 3 and <= 300 && !text.EndsWith('.') && !text.EndsWith(':') && (char.IsUpper(text[0]) || text[0] is '«' or '"');

    private bool NextNumberedIsChild(int index, ItemNumber number)
    {
        for (var i = index + 1; i < rows.Count; i++)
        {
            if (rows[i].Number is { } next)
            {
                return ItemNumber.IsDescendant(number.Key, next.Key);
            }
        }

        return false;
    }

    private void StartSection(string? number, string? key, string titleText, IReadOnlyList<string> extraNotes)
    {
        var lines = titleText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var head = lines.Length > 0 ? lines[0] : "";
        var notes = new List<string>();
        var marker = NoteMarker().Match(head);
        if (marker.Success && marker.Index > 0)
        {
            notes.Add(head[marker.Index..].Trim());
            head = head[..marker.Index].Trim();
        }

        notes.AddRange(lines.Skip(1));
        notes.AddRange(extraNotes.Where(n => !headerLabels.Contains(n)));

        var sectionNumber = number ?? $"S{++generatedSections}";
        if (sections.Any(s => s.Number == sectionNumber))
        {
            var copy = 2;
            while (sections.Any(s => s.Number == $"{sectionNumber}-{copy}"))
            {
                copy++;
            }

            warnings.Add($"Раздел {sectionNumber} встречается в документе несколько раз; повтор назван {sectionNumber}-{copy}.");
            sectionNumber = $"{sectionNumber}-{copy}";
        }

        var section = new SectionBuilder(sectionNumber, key, head.Length > 0 ? head : $"Раздел {sectionNumber}", FindParent(key))
        {
            NotesMode = notes.Count > 0,
        };
        section.Notes.AddRange(notes);
        sections.Add(section);
        current = section;
    }

    private string? FindParent(string? key)
    {
        if (key is null)
        {
            return null;
        }

        for (var cut = key.LastIndexOf('.'); cut > 0; cut = key.LastIndexOf('.', cut - 1))
        {
            var prefix = key[..cut];
            var parent = sections.LastOrDefault(s => s.Key == prefix);
            if (parent is not null)
            {
                return parent.Number;
            }
        }

        return null;
    }

    private void AddItem(Row row, ItemNumber number)
    {
        var section = ResolveSection(number);
        var item = new ItemBuilder(number.Value, number.Key, section, Values(row), row.Line);
        if (section.Unnamed)
        {
            item.Guesses.Add(("пункт стоит до первого заголовка и отнесён к разделу без названия", 0.2));
        }

        items.Add(item);
        lastItem = item;
        section.HasItems = true;
        current = section;
    }

    private SectionBuilder ResolveSection(ItemNumber number)
    {
        if (current?.Key is { } currentKey && ItemNumber.IsDescendant(currentKey, number.Key))
        {
            return current;
        }

        // «2.2» after the items of subsection «2.1» belongs to section «II»/«2» again.
        var ancestor = sections
            .Where(s => s.Key is not null && ItemNumber.IsDescendant(s.Key, number.Key))
            .OrderByDescending(s => s.Key!.Length)
            .FirstOrDefault();
        if (ancestor is not null && current?.Key is { } openKey && ancestor.Key != openKey
            && !ItemNumber.IsDescendant(ancestor.Key!, openKey)
            && ((current.Restarted && lastItem?.Section == current)
                || (!current.HasItems && !ItemNumber.IsSuccessor(lastItem?.Key, number.Key))))
        {
            // «1.1» right under the heading of subsection «2.1», unrelated to section «1»: the numbering restarted under
            // the subsection, so the item is the subsection's and is qualified by it later («2.1.1.1»).
            current.Restarted = true;
            return current;
        }

        if (ancestor is not null && (current is null || current.Key is not null))
        {
            return ancestor;
        }

        if (current is not null)
        {
            return current;
        }

        var cut = number.Key.LastIndexOf('.');
        var key = cut > 0 ? number.Key[..cut] : null;
        var sectionNumber = key ?? $"S{++generatedSections}";
        warnings.Add($"Пункты до первого заголовка раздела (начиная с {number.Value}) отнесены к разделу «{sectionNumber}» без названия.");
        var section = new SectionBuilder(sectionNumber, key, "Раздел без названия", FindParent(key));
        section.Unnamed = true;
        sections.Add(section);
        return section;
    }

    private void Continue(Row row, string? titlePrefix)
    {
        if (lastItem is null)
        {
            return;
        }

        var values = Values(row, dropHeaderLabels: true);
        values.Remove(NumberKey);
        if (titlePrefix is not null)
        {
            values[TitleKey] = values.TryGetValue(TitleKey, out var title) ? $"{titlePrefix} {title}" : titlePrefix;
        }

        if (values.Count > 0)
        {
            lastItem.Fragments.Add(new Fragment(values, row.Line));
        }
    }

    private void AddNote(Row row)
    {
        var text = string.Join("\n", row.Original.Where(c => c.Length > 0 && !headerLabels.Contains(c)));
        if (text.Length > 0 && current is not null)
        {
            current.Notes.Add(text);
            current.NotesMode = true;
        }
    }

    private static bool HasData(Row row)
    {
        var map = row.Map!;
        for (var j = 0; j < row.Cells.Length; j++)
        {
            if (map.IsDataColumn(j) && row.Cells[j].Length > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static List<string> DataText(Row row)
    {
        var map = row.Map!;
        return row.Cells.Where((c, j) => map.IsDataColumn(j) && c.Length > 0).ToList();
    }

    private Dictionary<string, string> Values(Row row, bool dropHeaderLabels = false)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in row.Map!.Columns)
        {
            var text = row.Cells[column.Index];
            if (text.Length == 0 || (dropHeaderLabels && headerLabels.Contains(text)))
            {
                continue;
            }

            var key = column.Role switch
            {
                ColumnRole.Number => NumberKey,
                ColumnRole.Title => TitleKey,
                ColumnRole.Timeframe => TimeframeKey,
                ColumnRole.Responsible => ResponsibleKey + (column.Level ?? ""),
                ColumnRole.Result => ResultKey,
                ColumnRole.Information => InformationKey,
                _ => ExtraKey + column.Name,
            };
            values[key] = values.TryGetValue(key, out var existing) ? $"{existing}\n{text}" : text;
        }

        return values;
    }

    private ParsedRoadmap Build(string fileName)
    {
        DropDuplicatedFragments();
        RepairShiftedRows();
        var merged = items.Select(Merge).ToList();
        var numbers = AssignNumbers();

        var foundTitle = RoadmapMetadata.FindTitle(preamble);
        var title = foundTitle ?? Path.GetFileNameWithoutExtension(fileName);
        var timeframes = merged.Select(m => TimeframeText(m)).ToList();
        var year = (foundTitle is null ? null : RoadmapMetadata.YearFromTitle(foundTitle))
            ?? RoadmapMetadata.YearFromTimeframes(timeframes)
            ?? RoadmapMetadata.YearFromTitle(title);
        var region = RoadmapMetadata.FindRegion([title, .. preamble]);
        var academic = RoadmapMetadata.AcademicYearStart([title, .. preamble]);
        var context = new TimeframeContext(DefaultYear: year, AcademicYearStart: academic);

        var parsedItems = new List<ParsedItem>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var values = merged[i];
            var (responsible, byLevel) = Responsible(values);
            var result = values.GetValueOrDefault(ResultKey);
            var (percent, count) = TargetExtractor.Extract(result);
            var timeframe = ParseTimeframe(timeframes[i], context, numbers[i]);
            GuessTimeframe(items[i], timeframe, year, academic);
            parsedItems.Add(new ParsedItem
            {
                Order = i + 1,
                Number = numbers[i],
                SectionNumber = items[i].Section.Number,
                Title = CellText.OneLine(values.GetValueOrDefault(TitleKey, "")),
                TimeframeText = timeframes[i],
                Timeframe = timeframe,
                Responsible = responsible,
                ResponsibleByLevel = byLevel,
                ExpectedResult = result,
                TargetPercent = percent,
                TargetCount = count,
                InformationSupport = values.GetValueOrDefault(InformationKey),
                ExtraColumns = values.Where(p => p.Key.StartsWith(ExtraKey, StringComparison.Ordinal))
                    .ToDictionary(p => p.Key[ExtraKey.Length..], p => p.Value),
                Confidence = Math.Round(Math.Max(0.1, 1 - items[i].Guesses.Sum(g => g.Cost)), 2),
                Guesses = items[i].Guesses.Select(g => g.Text).Distinct().ToList(),
            });
        }

        if (parsedItems.Count == 0)
        {
            throw new RoadmapFormatException("В таблице не найдено ни одного пронумерованного мероприятия.");
        }

        return new ParsedRoadmap
        {
            Title = title,
            Year = year,
            AcademicYearStart = academic,
            Region = region,
            SourceFileName = fileName,
            Sections = sections.Select(s => new ParsedSection
            {
                Number = s.Number,
                Title = s.Title,
                ParentNumber = s.Parent,
                Notes = s.Notes.Count > 0 ? string.Join("\n", s.Notes) : null,
            }).ToList(),
            Items = parsedItems,
            Warnings = warnings,
            Columns = columnNames,
        };
    }

    private static void GuessTimeframe(ItemBuilder item, Timeframe timeframe, int? year, int? academic)
    {
        if (timeframe.Text.Length == 0)
        {
            item.Guesses.Add(("срок не указан", 0.5));
            return;
        }

        if (timeframe.Kind == TimeframeKind.Unrecognised)
        {
            item.Guesses.Add(($"срок «{Shorten(timeframe.Text)}» не распознан", 0.5));
            return;
        }

        if (timeframe.Start is null && timeframe.End is null || WrittenYear().IsMatch(timeframe.Text))
        {
            return;
        }

        var open = timeframe.Kind is TimeframeKind.Recurring or TimeframeKind.Continuous or TimeframeKind.OnRequest;
        if (academic is { } a)
        {
            item.Guesses.Add((open
                ? $"срок «{Shorten(timeframe.Text)}» отнесён ко всему {a}/{a + 1} учебному году"
                : $"год в сроке не указан: взят по {a}/{a + 1} учебному году", open ? 0.1 : 0.05));
        }
        else if (year is { } y)
        {
            item.Guesses.Add((open
                ? $"срок «{Shorten(timeframe.Text)}» отнесён ко всему {y} году"
                : $"год в сроке не указан: взят {y} год документа", 0.05));
        }
    }

    private Timeframe ParseTimeframe(string text, TimeframeContext context, string number)
    {
        if (text.Length == 0)
        {
            return Timeframe.Unrecognised(text);
        }

        try
        {
            return TimeframeParser.Parse(text, context);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // One odd cell must not stop the import of the whole roadmap; the text is kept for a person to read.
            warnings.Add($"Пункт {number}: срок «{text}» не удалось разобрать ({ex.Message}).");
            return Timeframe.Unrecognised(text);
        }
    }

    /// <summary>
    /// A continuation row whose cells all reappear in the next item, one of them whole, is page-break residue of that
    /// item and is dropped. Mere containment is not enough: «работающих в проекте «500+».» ends many indicators.
    /// </summary>
    private void DropDuplicatedFragments()
    {
        for (var i = 0; i + 1 < items.Count; i++)
        {
            var item = items[i];
            if (item.Fragments.Count == 0)
            {
                continue;
            }

            var fragment = item.Fragments[^1];
            var next = items[i + 1].Primary;
            var contained = fragment.Values.All(p => next.TryGetValue(p.Key, out var text) && text.Contains(p.Value, StringComparison.Ordinal));
            var repeatsWholeCell = fragment.Values.Any(p => p.Value.Length >= 10 && next.GetValueOrDefault(p.Key) == p.Value);
            if (contained && repeatsWholeCell)
            {
                item.Fragments.RemoveAt(item.Fragments.Count - 1);
                warnings.Add($"Строка {fragment.Line}: повторяет начало пункта {items[i + 1].Raw} и пропущена.");
            }
        }
    }

    /// <summary>
    /// Some exports move the data cells of several rows one row up: a continuation row brings a second complete
    /// timeframe to an item, and a few rows later an item has no data at all. Then each item's data belongs to the next item.
    /// </summary>
    private void RepairShiftedRows()
    {
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var fragment = item.Fragments.FirstOrDefault(f => IsParallel(item.Primary, f.Values));
            if (fragment is null)
            {
                continue;
            }

            var end = -1;
            for (var k = i + 1; k < items.Count && k <= i + 5 && items[k].Section == item.Section; k++)
            {
                if (!items[k].HasData)
                {
                    end = k;
                    break;
                }
            }

            if (end < 0)
            {
                continue;
            }

            var carried = TakeData(fragment.Values);
            for (var k = i + 1; k <= end; k++)
            {
                items[k].Guesses.Add(("сроки, исполнители и показатели взяты из строки выше: в выгрузке они сдвинуты", 0.3));
                var own = TakeData(items[k].Primary);
                foreach (var pair in carried)
                {
                    items[k].Primary[pair.Key] = pair.Value;
                }

                carried = own;
            }

            warnings.Add(
                $"Пункты {item.Raw}–{items[end].Raw}: сроки, исполнители и показатели в выгрузке сдвинуты на строку вверх " +
                $"(пункт {items[end].Raw} был пуст); они перенесены к следующим пунктам. Сверьте с исходным документом.");
            i = end;
        }
    }

    private static Dictionary<string, string> TakeData(Dictionary<string, string> values)
    {
        var data = values.Where(p => p.Key is not NumberKey and not TitleKey).ToDictionary(p => p.Key, p => p.Value);
        foreach (var key in data.Keys)
        {
            values.Remove(key);
        }

        return data;
    }

    /// <summary>
    /// A continuation that brings its own complete timeframe («10.02. 2022 года» under «09.02. 2022 года») is a second
    /// occurrence of the item, not the rest of a broken line («07.02. 2022» + «года»).
    /// </summary>
    private static bool IsParallel(Dictionary<string, string> primary, Dictionary<string, string> fragment) =>
        fragment.TryGetValue(TimeframeKey, out var added) && LooksLikeTimeframe().IsMatch(added) && !char.IsLower(added[0])
        && primary.TryGetValue(TimeframeKey, out var existing) && existing.Length > 0 && !existing.TrimEnd().EndsWith('-')
        && !existing.TrimEnd().EndsWith('–') && !existing.TrimEnd().EndsWith(',') && !existing.TrimEnd().EndsWith('(');

    private static Dictionary<string, string> Merge(ItemBuilder item)
    {
        var values = new Dictionary<string, string>(item.Primary, StringComparer.Ordinal);
        foreach (var fragment in item.Fragments)
        {
            var parallel = IsParallel(values, fragment.Values);
            foreach (var (key, text) in fragment.Values)
            {
                if (values.TryGetValue(key, out var existing) && existing.Length > 0)
                {
                    values[key] = parallel && key != TitleKey ? $"{existing}; {text}" : $"{existing} {text}";
                }
                else
                {
                    values[key] = text;
                }
            }
        }

        return values;
    }

    private static string TimeframeText(Dictionary<string, string> values)
    {
        var text = values.GetValueOrDefault(TimeframeKey, "");
        if (!text.Contains('\n'))
        {
            return text;
        }

        var lines = text.Split('\n');
        return lines.All(l => LooksLikeTimeframe().IsMatch(l)) ? string.Join("; ", lines) : string.Join(" ", lines);
    }

    private (string Text, IReadOnlyDictionary<string, string> ByLevel) Responsible(Dictionary<string, string> values)
    {
        var plain = values.GetValueOrDefault(ResponsibleKey);
        var byLevel = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var level in responsibleLevels)
        {
            if (values.TryGetValue(ResponsibleKey + level, out var text))
            {
                byLevel[level] = CellText.OneLine(text);
            }
        }

        if (byLevel.Count == 0)
        {
            return (CellText.OneLine(plain ?? ""), byLevel);
        }

        var parts = byLevel.Select(p => $"{p.Key}: {p.Value}");
        if (plain is not null)
        {
            parts = parts.Prepend(CellText.OneLine(plain));
        }

        return (string.Join("; ", parts), byLevel);
    }

    /// <summary>
    /// Keeps an item number when it already carries its section prefix or is unique; numbering that restarts in every
    /// section («1.», «2.» under «2.3») is qualified with the section number; a repeated number gets «-2», «-3».
    /// </summary>
    private List<string> AssignNumbers()
    {
        bool Prefixed(ItemBuilder item) => item.Section.Key is { } key && ItemNumber.IsDescendant(key, item.Key);

        var restarting = items.Where(i => !Prefixed(i))
            .GroupBy(i => i.Key)
            .Where(g => g.Select(i => i.Section).Distinct().Count() > 1)
            .SelectMany(g => g.Select(i => i.Section))
            .ToHashSet();

        // A numbered subsection («2.1») whose own items start again from «1.» qualifies them: «1.» → «2.1.1».
        foreach (var section in sections.Where(s => s.Key is { } k && (k.Contains('.') || s.Restarted)))
        {
            var own = items.Where(i => i.Section == section && !Prefixed(i)).ToList();
            if (section.Restarted || (own.Count > 0 && own[0].Key.Split('.')[^1] == "1"))
            {
                restarting.Add(section);
            }
        }

        var used = new HashSet<string>(StringComparer.Ordinal);
        var numbers = new List<string>(items.Count);
        foreach (var item in items)
        {
            var number = restarting.Contains(item.Section) && !Prefixed(item) ? $"{item.Section.Number}.{item.Raw}" : item.Raw;
            if (number != item.Raw)
            {
                item.Guesses.Add(($"номер «{item.Raw}» дополнен номером раздела: {number}", 0.1));
            }

            if (!used.Add(number))
            {
                var copy = 2;
                while (!used.Add($"{number}-{copy}"))
                {
                    copy++;
                }

                warnings.Add($"Номер {number} повторяется; второй пункт с этим номером («{Shorten(item.Primary.GetValueOrDefault(TitleKey, ""))}») назван {number}-{copy}.");
                item.Guesses.Add(($"номер {number} повторяется в документе; пункт назван {number}-{copy}", 0.3));
                number = $"{number}-{copy}";
            }

            numbers.Add(number);
        }

        return numbers;
    }

    private static string[] Clean(IReadOnlyList<string> cells)
    {
        var result = new string[cells.Count];
        for (var i = 0; i < cells.Count; i++)
        {
            result[i] = CellText.Clean(cells[i]);
        }

        return result;
    }

    private static string Shorten(string text)
    {
        var line = CellText.OneLine(text);
        return line.Length <= 60 ? line : line[..57] + "…";
    }

    [GeneratedRegex(@"(?<![а-яёА-ЯЁ])(?:Задачи|Задача|Показатели|Цели|Цель|Ожидаемые результаты|Индикаторы)\s*:")]
    private static partial Regex NoteMarker();

    [GeneratedRegex(@"\d{1,2}\.\d{1,2}|январ|феврал|март|апрел|\bма[йя]\b|июн|июл|август|сентябр|октябр|ноябр|декабр|еженедел|ежемесяч|ежекварт|ежегод|в течение|постоянно|по графику|по запросу|полугоди|четверт|квартал", RegexOptions.IgnoreCase)]
    private static partial Regex LooksLikeTimeframe();

    [GeneratedRegex(@"(?<!\d)(?:19|20)\d{2}(?!\d)|\d{1,2}\.\d{1,2}\.\d{2}(?!\d)")]
    private static partial Regex WrittenYear();

    /// <param name="Original">Cleaned cells as exported, before the number was split from the title.</param>
    private sealed record Row(
        int Line,
        bool IsTable,
        string[] Cells,
        string[] Original,
        ColumnMap? Map,
        ItemNumber? Number,
        bool Zero,
        bool MergedContinuation)
    {
        /// <summary>Formatted as a heading: Markdown heading, bold line, Word heading style, full-width table row.</summary>
        public bool Emphasised { get; init; }
    }

    private sealed class SectionBuilder(string number, string? key, string title, string? parent)
    {
        public string Number { get; } = number;
        public string? Key { get; } = key;
        public string Title { get; } = title;
        public string? Parent { get; } = parent;
        public List<string> Notes { get; } = [];
        public bool NotesMode { get; set; }
        public bool HasItems { get; set; }

        /// <summary>Item numbering started again under this heading.</summary>
        public bool Restarted { get; set; }

        /// <summary>Made up for items found before any heading.</summary>
        public bool Unnamed { get; set; }
    }

    private sealed class ItemBuilder(string raw, string key, SectionBuilder section, Dictionary<string, string> primary, int line)
    {
        public string Raw { get; } = raw;
        public string Key { get; } = key;
        public SectionBuilder Section { get; } = section;
        public Dictionary<string, string> Primary { get; } = primary;
        public int Line { get; } = line;
        public List<Fragment> Fragments { get; } = [];

        /// <summary>What the reader assumed for this item and how much each assumption costs in confidence.</summary>
        public List<(string Text, double Cost)> Guesses { get; } = [];

        public bool HasData =>
            Primary.Keys.Any(k => k is not NumberKey and not TitleKey)
            || Fragments.Any(f => f.Values.Keys.Any(k => k is not NumberKey and not TitleKey));
    }

    private sealed record Fragment(Dictionary<string, string> Values, int Line);
}
