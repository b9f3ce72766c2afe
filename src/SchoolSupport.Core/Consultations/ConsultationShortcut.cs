using System.Globalization;
using System.Text.RegularExpressions;
using SchoolSupport.Schedules;

namespace SchoolSupport.Consultations;

/// <summary>What the free-text shortcut understood; everything else is left for the form.</summary>
public sealed record ShortcutResult
{
    /// <summary>The words that should name the school («277», «Сосновская СОШ»), not yet matched to a school.</summary>
    public string? SchoolText { get; init; }

    public DateOnly? Date { get; init; }
    public ConsultationFormat? Format { get; init; }
    public int? DurationMinutes { get; init; }
    public string? Topic { get; init; }
    public string? Decisions { get; init; }
    public string? Plan { get; init; }
    public string? Participants { get; init; }
    public IReadOnlyList<(string Text, DateOnly? Due)> Actions { get; init; } = [];

    /// <summary>Pieces of the message that fit no field.</summary>
    public IReadOnlyList<string> Unparsed { get; init; } = [];
}

/// <summary>
/// «консультация 277 вчера: тема …; решения …; план …» → form values. The head (before the first «:» or label) names
/// the school, the day, the format and the duration; the body is split at «;» or new lines into labelled parts, and an
/// unlabelled part continues the part before it.
/// </summary>
public static partial class ConsultationShortcut
{
    private enum Part { Topic, Decisions, Plan, Participants }

    public static ShortcutResult Parse(string text, DateOnly today)
    {
        var rest = CommandWords().Replace(text.Trim(), "", 1).Trim();
        var headEnd = HeadEnd(rest);
        var head = rest[..headEnd];
        var body = headEnd < rest.Length ? rest[headEnd..].TrimStart(':', ' ', '—', '-', '–') : "";

        var unparsed = new List<string>();
        DateOnly? date = null;
        if (RussianDates.TryParsePastDay(head, today, out var d, out var phrase))
        {
            date = d;
            head = Remove(head, phrase);
        }

        int? duration = null;
        var durationMatch = Duration().Match(head);
        if (durationMatch.Success)
        {
            var amount = double.Parse(durationMatch.Groups["n"].Value.Replace(',', '.'), CultureInfo.InvariantCulture);
            duration = (int)Math.Round(durationMatch.Groups["u"].Value.StartsWith('ч') ? amount * 60 : amount);
            head = Remove(head, durationMatch.Value);
        }

        ConsultationFormat? format = null;
        var formatMatch = FormatWords().Match(head);
        if (formatMatch.Success)
        {
            format = ConsultationText.ParseFormat(formatMatch.Value);
            head = Remove(head, formatMatch.Value);
        }

        var school = Spaces().Replace(SchoolNoise().Replace(head, " "), " ").Trim(' ', ',', '.', '—', '-');

        var fields = new Dictionary<Part, List<string>>();
        var actions = new List<(string, DateOnly?)>();
        Part? current = null;
        foreach (var raw in Separators().Split(body))
        {
            var segment = raw.Trim(' ', '.', ',');
            if (segment.Length == 0)
            {
                continue;
            }

            var label = Label().Match(segment);
            if (label.Success)
            {
                current = ToPart(label.Groups[1].Value);
                segment = segment[label.Length..].Trim();
                if (segment.Length == 0)
                {
                    continue;
                }
            }

            if (current is null)
            {
                unparsed.Add(segment);
                continue;
            }

            if (current == Part.Plan)
            {
                var due = DueDate().Match(segment);
                DateOnly? dueDate = due.Success && RussianDates.TryParseFutureDay(due.Groups[1].Value, today, out var dd, out _) ? dd : null;

                // The date taken as the due date goes to the «Срок» field, so it is not repeated in the action text.
                var actionText = dueDate is null ? segment : Spaces().Replace(segment.Remove(due.Index, due.Length), " ").Trim(' ', ',', '.', '—', '-', '–');
                actions.Add((actionText.Length == 0 ? segment : actionText, dueDate));
            }
            else
            {
                if (!fields.TryGetValue(current.Value, out var list))
                {
                    fields[current.Value] = list = [];
                }

                list.Add(segment);
            }
        }

        string? Join(Part p) => fields.TryGetValue(p, out var l) ? string.Join("; ", l) : null;

        // Short plan lines become dated, assignable actions; a long plan stays one text.
        var planFits = actions.Count <= ConsultationLimits.MaxActions && actions.All(a => a.Item1.Length <= ConsultationLimits.ActionText);
        return new ShortcutResult
        {
            SchoolText = school.Length == 0 ? null : school,
            Date = date,
            Format = format,
            DurationMinutes = duration,
            Topic = Join(Part.Topic),
            Decisions = Join(Part.Decisions),
            Participants = Join(Part.Participants),
            Plan = planFits || actions.Count == 0 ? null : string.Join("; ", actions.Select(a => a.Item1)),
            Actions = planFits ? actions : [],
            Unparsed = unparsed,
        };
    }

    /// <summary>True when the text is more than the bare command, i.e. worth parsing.</summary>
    public static bool HasDetails(string text) => CommandWords().Replace(text.Trim(), "", 1).Trim().Length > 0;

    private static int HeadEnd(string rest)
    {
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        var label = LabelAnywhere().Match(rest);
        var end = rest.Length;
        if (colon >= 0)
        {
            end = colon;
        }

        if (label.Success && label.Index < end)
        {
            end = label.Index;
        }

        return end;
    }

    private static Part ToPart(string label)
    {
        var l = label.ToLowerInvariant();
        return l.StartsWith("тем", StringComparison.Ordinal) ? Part.Topic
            : l.StartsWith("реш", StringComparison.Ordinal) || l.StartsWith("принят", StringComparison.Ordinal) ? Part.Decisions
            : l.StartsWith("участ", StringComparison.Ordinal) || l.StartsWith("присутств", StringComparison.Ordinal) ? Part.Participants
            : Part.Plan;
    }

    private static string Remove(string text, string phrase)
    {
        var i = text.IndexOf(phrase, StringComparison.Ordinal);
        return i < 0 ? text : text.Remove(i, phrase.Length);
    }

    [GeneratedRegex(@"^(?:записать|новая|добавить|зафиксировать)?\s*консультаци[яюи](?![\p{L}])", RegexOptions.IgnoreCase)]
    private static partial Regex CommandWords();

    private const string Labels = @"тема|решения|решение|решили|принятые\s+решения|план|планы|намечено|намеченные\s+мероприятия|мероприятия|участники|присутствовали";

    [GeneratedRegex(@"^(" + Labels + @")(?![\p{L}])\s*[:\-—–]?\s*", RegexOptions.IgnoreCase)]
    private static partial Regex Label();

    [GeneratedRegex(@"(?<![\p{L}])(" + Labels + @")(?![\p{L}])", RegexOptions.IgnoreCase)]
    private static partial Regex LabelAnywhere();

    [GeneratedRegex(@"[;\n\r]+")]
    private static partial Regex Separators();

    [GeneratedRegex(@"(?<n>\d+(?:[.,]\d+)?)\s*(?<u>минут[а-я]*|мин|час[а-я]*|ч)(?![\p{L}])\.?", RegexOptions.IgnoreCase)]
    private static partial Regex Duration();

    [GeneratedRegex(@"очно|дистанционно|онлайн|по\s+телефону|телефон|вкс|видеосвязь|видеоконференци[а-я]*", RegexOptions.IgnoreCase)]
    private static partial Regex FormatWords();

    [GeneratedRegex(@"(?<![\p{L}])(?:школа|школы|школе|школу|шк|№|n)(?![\p{L}])\.?", RegexOptions.IgnoreCase)]
    private static partial Regex SchoolNoise();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"(?<![\p{L}])до\s+(\d{1,2}(?:\.\d{1,2}(?:\.\d{2,4})?|\s+[а-я]+(?:\s+\d{4})?))", RegexOptions.IgnoreCase)]
    private static partial Regex DueDate();
}
