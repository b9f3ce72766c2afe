using System.Text.RegularExpressions;
using SchoolSupport.Schedules;

namespace SchoolSupport.Conversation;

public enum UnderstandingKind
{
    /// <summary>One command, confidently.</summary>
    Command,

    /// <summary>Several commands fit, or one fits too loosely: ask back («Вы имели в виду…»).</summary>
    Unsure,

    /// <summary>Nothing fits.</summary>
    NotUnderstood,
}

/// <summary>The arguments found in a message, whatever command it is.</summary>
public sealed record MessageSlots
{
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }

    /// <summary>A school number («277», «школа № 3»).</summary>
    public string? SchoolNumber { get; init; }

    /// <summary>«моя школа», «у нас», «наша школа».</summary>
    public bool MySchool { get; init; }

    /// <summary>A roadmap item number («1.18», «2.3.1»).</summary>
    public string? Item { get; init; }

    public string? Email { get; init; }

    public bool HasPeriod => From is not null;
}

/// <summary>What a message means: the command (or the candidates to ask about), its slots and how sure the reading is.</summary>
public sealed record Understanding(
    UnderstandingKind Kind,
    CommandDeclaration? Command,
    IReadOnlyList<CommandDeclaration> Candidates,
    MessageSlots Slots,
    double Confidence)
{
    /// <summary>
    /// The words of the message (as written, normalised) that the command's phrasings do not explain: a school's or a
    /// district's name after «статус», for instance. Fillers, slot words and periods are not among them.
    /// </summary>
    public IReadOnlyList<string> Rest { get; init; } = [];

    internal IReadOnlyList<(string Word, string Stem)> Content { get; init; } = [];
}

/// <summary>
/// Reads Russian chat messages against the declared commands. The text is normalised (case, «ё», punctuation, quotes,
/// spaces), split into words, the slots (period, school, item number, e-mail) are taken out, the other words are
/// reduced to Snowball stems, typos of longer words are corrected against the declared vocabulary, and «не» is
/// joined to the word it negates. A command matches when all stems of one of its phrasings are in the message;
/// the most specific phrasing wins, a tie or a loose fit is asked back, never guessed.
/// </summary>
public sealed partial class Understander
{
    /// <summary>
    /// Share of the message's words a command must explain to be run without asking: «статус пожалуйста срочно»
    /// (one of two words unexplained) still runs, «статус школы и консультации за март» is asked back.
    /// </summary>
    public const double Threshold = 0.5;

    /// <summary>Words that carry no command: questions, politeness, prepositions, pronouns of the asker.</summary>
    private static readonly HashSet<string> Fillers = new(StringComparer.Ordinal)
    {
        "что", "чего", "какие", "какой", "какая", "каких", "какое", "какую", "как", "где", "когда", "сколько",
        "покажи", "покажите", "показать", "показывай", "скажи", "скажите", "подскажи", "подскажите", "дай", "дайте",
        "выведи", "открой", "открыть", "посмотреть", "глянуть", "узнать", "хочу", "хотел", "хотела", "хотим",
        "пожалуйста", "плиз", "pls", "please", "ну", "вот", "там", "тут", "сейчас", "теперь", "уже", "еще", "ещё",
        "а", "и", "или", "но", "в", "во", "на", "за", "по", "до", "с", "со", "к", "ко", "для", "от", "о", "об", "про",
        "из", "ли", "же", "бы", "все", "всё", "весь", "вся", "это", "есть", "нужно", "надо", "можно", "бот", "мне",
        "нам", "у", "нас", "меня", "мы", "вы", "вас", "вам", "там", "есть", "там", "будет", "будут", "было", "ты",
        "этой", "этом", "этот", "эту", "эта", "текущей", "текущем", "текущий", "текущую", "-", "—",
    };

    /// <summary>Stems that belong to periods («неделя», «март», «пятница»); the period slot takes them.</summary>
    private static readonly string[] PeriodStems =
    [
        "недел", "месяц", "дни", "сегодн", "завтр", "послезавтр", "вчер", "позавчер", "четверт", "полугод", "год", "конц",
        "конец", "начал", "следующ", "прошл", "ближайш", "числ", "ден", "дн", "квартал", "январ", "феврал", "март",
        "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр", "понедельник", "вторник",
        "сред", "четверг", "пятниц", "суббот", "воскресен", "учебн",
    ];

    /// <summary>Words that only say a school is meant; the school slot takes them.</summary>
    private static readonly HashSet<string> SchoolWords = new(StringComparer.Ordinal)
    {
        "школа", "школы", "школе", "школу", "школой", "школ", "школам", "оо", "№", "n", "номер", "сош", "гимназия", "лицей",
    };

    private readonly List<Compiled> phrases = [];
    private readonly List<(string[] Words, CommandDeclaration Command)> prefixes = [];
    private readonly Dictionary<string, string> vocabulary = new(StringComparer.Ordinal);
    private readonly HashSet<string> vocabularyStems = new(StringComparer.Ordinal);
    private readonly CommandDeclaration? barePeriod;

    public Understander(IReadOnlyList<CommandDeclaration> commands)
    {
        Commands = commands;
        var claims = new Dictionary<string, CommandDeclaration>(StringComparer.Ordinal);
        foreach (var command in commands)
        {
            foreach (var phrase in command.AllPhrases.Distinct(StringComparer.Ordinal))
            {
                var words = Words(Email().Replace(phrase, " "));
                foreach (var w in words.Where(w => w.Kind == TokenKind.Word))
                {
                    vocabulary.TryAdd(w.Text, RussianWords.Stem(w.Text));
                }

                var content = Content(words);
                if (command.Requires.HasFlag(CommandSlots.Item))
                {
                    // «1.18 выполнено» is not «сколько выполнено»: the item number is part of the phrasing.
                    content.Add(ItemStem);
                }

                var stems = content.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
                if (stems.Length == 0)
                {
                    if (!command.TakesBarePeriod)
                    {
                        throw new InvalidOperationException($"The phrasing «{phrase}» of '{command.Name}' has no command words.");
                    }

                    continue;
                }

                var key = string.Join(' ', stems);
                if (claims.TryGetValue(key, out var owner) && owner.Name != command.Name)
                {
                    throw new InvalidOperationException($"The phrasing «{phrase}» is claimed by both '{owner.Name}' and '{command.Name}'.");
                }

                if (claims.TryAdd(key, command))
                {
                    phrases.Add(new Compiled(command, stems));
                }
            }

            foreach (var prefix in command.Prefixes)
            {
                var words = ChatText.Normalize(prefix).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var clash = prefixes.FirstOrDefault(p => p.Words.SequenceEqual(words) && p.Command.Name != command.Name);
                if (clash.Command is not null)
                {
                    throw new InvalidOperationException($"The start «{prefix}» is claimed by both '{clash.Command.Name}' and '{command.Name}'.");
                }

                prefixes.Add((words, command));
            }

            if (command.TakesBarePeriod)
            {
                if (barePeriod is not null && barePeriod.Name != command.Name)
                {
                    throw new InvalidOperationException($"Both '{barePeriod.Name}' and '{command.Name}' take a message that is only a period.");
                }

                barePeriod = command;
            }
        }

        foreach (var stem in vocabulary.Values)
        {
            vocabularyStems.Add(stem);
        }

        vocabularyStems.Add(ItemStem);
    }

    public IReadOnlyList<CommandDeclaration> Commands { get; }

    /// <summary>Stands for the roadmap item number among the stems of commands that need one.</summary>
    private const string ItemStem = "#item";

    public Understanding Understand(string text, DateOnly today)
    {
        var words = Words(Email().Replace(text, " "));
        var slots = Slots(text, words, today);

        var pairs = ContentWords(words).Select(x => (x.Word, Stem: Correct(x.Stem))).ToList();
        if (slots.Item is { } itemNumber)
        {
            pairs.Add((itemNumber, ItemStem));
        }

        if (MatchPrefix(words, slots) is { } byPrefix)
        {
            return As(new Understanding(UnderstandingKind.Command, byPrefix, [byPrefix], slots, 1) { Content = pairs }, byPrefix);
        }

        var content = pairs.Select(x => x.Stem).Distinct(StringComparer.Ordinal).ToList();
        if (content.Count == 0)
        {
            return slots.HasPeriod && barePeriod is not null
                ? new Understanding(UnderstandingKind.Command, barePeriod, [barePeriod], slots, 1) { Content = pairs }
                : new Understanding(UnderstandingKind.NotUnderstood, null, [], slots, 0) { Content = pairs };
        }

        var set = content.ToHashSet(StringComparer.Ordinal);

        // Words no command knows can only be a name (a school, a district); a command that takes a school does not
        // count them against itself, every other command does.
        var unknown = content.Count(c => !vocabularyStems.Contains(c));
        var mixed = words.Any(w => w.Text is "и" or "или");
        var ranked = phrases
            .Where(p => p.Stems.All(set.Contains) && Has(p.Command, slots))
            .GroupBy(p => p.Command)
            .Select(g =>
            {
                var covered = g.SelectMany(p => p.Stems).ToHashSet(StringComparer.Ordinal);
                var specific = g.Max(p => p.Stems.Length);
                var free = g.Key.Slots.HasFlag(CommandSlots.Text);
                var named = g.Key.Slots.HasFlag(CommandSlots.School) && !mixed ? unknown : 0;
                return (Command: g.Key, Specific: specific, Covered: covered, Confidence: free ? 1.0 : (double)covered.Count / Math.Max(1, set.Count - named));
            })
            .OrderByDescending(x => x.Specific).ThenByDescending(x => x.Confidence)
            .ToList();
        if (ranked.Count == 0)
        {
            return new Understanding(UnderstandingKind.NotUnderstood, null, Closest(set), slots, 0) { Content = pairs };
        }

        var best = ranked[0];
        // A tie, or another command that fully matches words the best one does not explain («статус объявлений и
        // консультаций»): the message speaks of two things, so it is asked back rather than half answered.
        var rivals = ranked.Skip(1)
            .Where(r => (r.Specific == best.Specific && r.Confidence >= Threshold) || !r.Covered.IsSubsetOf(best.Covered))
            .ToList();
        if (best.Confidence >= Threshold && rivals.Count == 0)
        {
            return As(new Understanding(UnderstandingKind.Command, best.Command, [best.Command], slots, best.Confidence) { Content = pairs }, best.Command);
        }

        return new Understanding(UnderstandingKind.Unsure, null, ranked.Take(3).Select(r => r.Command).ToList(), slots, best.Confidence) { Content = pairs };
    }

    /// <summary>The message read as <paramref name="command"/> (a button chose it): its words the command does not explain become the rest.</summary>
    public Understanding As(Understanding meaning, CommandDeclaration command)
    {
        var own = phrases.Where(p => p.Command.Name == command.Name).SelectMany(p => p.Stems).ToHashSet(StringComparer.Ordinal);
        return meaning with
        {
            Kind = UnderstandingKind.Command,
            Command = command,
            Candidates = [command],
            Rest = meaning.Content.Where(c => !own.Contains(c.Stem)).Select(c => c.Word).ToList(),
        };
    }

    /// <summary>True when the message carries every slot the command cannot do without.</summary>
    internal static bool Has(CommandDeclaration command, MessageSlots slots) =>
        (!command.Requires.HasFlag(CommandSlots.Person) || slots.Email is not null)
        && (!command.Requires.HasFlag(CommandSlots.Item) || slots.Item is not null)
        && (!command.Requires.HasFlag(CommandSlots.Period) || slots.HasPeriod)
        && (!command.Requires.HasFlag(CommandSlots.School) || slots.SchoolNumber is not null || slots.MySchool);

    /// <summary>Commands sharing the most word beginnings with the message, for the «not understood» buttons.</summary>
    private List<CommandDeclaration> Closest(HashSet<string> stems) =>
        phrases
            .Select(p => (p.Command, Score: p.Stems.Count(s => stems.Any(t => Related(s, t)))))
            .Where(x => x.Score > 0)
            .GroupBy(x => x.Command)
            .Select(g => (Command: g.Key, Score: g.Max(x => x.Score)))
            .OrderByDescending(x => x.Score)
            .Take(3)
            .Select(x => x.Command)
            .ToList();

    private static bool Related(string a, string b)
    {
        var n = Math.Min(4, Math.Min(a.Length, b.Length));
        return n >= 3 && string.CompareOrdinal(a, 0, b, 0, n) == 0;
    }

    private CommandDeclaration? MatchPrefix(IReadOnlyList<Token> words, MessageSlots slots)
    {
        var texts = words.SkipWhile(w => w.Kind == TokenKind.Word && Politeness.Contains(w.Text)).Select(w => w.Text).ToList();
        CommandDeclaration? best = null;
        var length = 0;
        foreach (var (prefix, command) in prefixes)
        {
            if (prefix.Length > length && texts.Count >= prefix.Length && texts.Take(prefix.Length).SequenceEqual(prefix) && Has(command, slots))
            {
                (best, length) = (command, prefix.Length);
            }
        }

        return best;
    }

    private static readonly HashSet<string> Politeness = new(StringComparer.Ordinal) { "покажи", "пожалуйста", "а", "ну", "бот", "открой" };

    /// <summary>A word of the message replaced by the declared word it is one or two typos away from.</summary>
    private string Correct(string stem)
    {
        if (stem.Length < 5 || vocabularyStems.Contains(stem) || stem.StartsWith("не ", StringComparison.Ordinal) || !stem.Any(RussianWords.IsCyrillic))
        {
            return stem;
        }

        var max = stem.Length >= 8 ? 2 : 1;
        string? found = null;
        var bestDistance = max + 1;
        var ambiguous = false;
        foreach (var candidate in vocabularyStems.Concat(vocabulary.Keys))
        {
            if (candidate.Length < 4)
            {
                continue;
            }

            var d = RussianWords.Distance(stem, candidate, max);
            var target = vocabulary.TryGetValue(candidate, out var s) ? s : candidate;
            if (d < bestDistance)
            {
                (found, bestDistance, ambiguous) = (target, d, false);
            }
            else if (d == bestDistance && d <= max && found != target)
            {
                ambiguous = true;
            }
        }

        return found is not null && !ambiguous ? found : stem;
    }

    private enum TokenKind
    {
        Word,
        Number,
        Dotted,
        Other,
    }

    private readonly record struct Token(string Text, TokenKind Kind);

    private sealed record Compiled(CommandDeclaration Command, string[] Stems);

    private static List<Token> Words(string text)
    {
        var tokens = new List<Token>();
        foreach (var raw in ChatText.Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var w = raw.Trim('.', '-', ':', '/', '+');
            if (w.Length == 0)
            {
                continue;
            }

            var kind = w.All(char.IsAsciiDigit) ? TokenKind.Number
                : DottedNumber().IsMatch(w) ? TokenKind.Dotted
                : w.Any(char.IsLetter) ? TokenKind.Word
                : TokenKind.Other;
            tokens.Add(new Token(w, kind));
        }

        return tokens;
    }

    /// <summary>The stems that can name a command: no fillers, no slot words; «не» joined to the next word.</summary>
    private static List<string> Content(IReadOnlyList<Token> words) =>
        ContentWords(words, out _).Select(x => x.Stem).ToList();

    private static List<(string Word, string Stem)> ContentWords(IReadOnlyList<Token> words) => ContentWords(words, out _);

    private static List<(string Word, string Stem)> ContentWords(IReadOnlyList<Token> words, out bool negated)
    {
        negated = false;
        var stems = new List<(string Word, string Stem)>();
        var pendingNot = false;
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            if (w.Kind != TokenKind.Word || w.Text.Contains('@', StringComparison.Ordinal))
            {
                continue;
            }

            if (w.Text is "не" or "нет")
            {
                pendingNot = true;
                negated = true;
                continue;
            }

            if (Fillers.Contains(w.Text) || SchoolWords.Contains(w.Text))
            {
                continue;
            }

            if (w.Text is "моя" or "моей" or "мою" or "наша" or "нашей" or "нашу" && i + 1 < words.Count && SchoolWords.Contains(words[i + 1].Text))
            {
                i++;
                continue;
            }

            var stem = RussianWords.Stem(w.Text);
            if (IsPeriodWord(w.Text, stem))
            {
                continue;
            }

            stems.Add((w.Text, pendingNot ? "не " + stem : stem));
            pendingNot = false;
        }

        return stems;
    }

    private static bool IsPeriodWord(string word, string stem) =>
        stem.Length > 0 && (Array.IndexOf(PeriodStems, stem) >= 0 || PeriodStems.Any(p => p.Length >= 5 && (word.StartsWith(p, StringComparison.Ordinal) || (stem.Length >= 5 && stem.StartsWith(p, StringComparison.Ordinal)))))
        || word is "май" or "мае" or "мая";

    private static MessageSlots Slots(string original, List<Token> words, DateOnly today)
    {
        DateOnly? from = null, to = null;
        if (ChatPeriods.TryRead(original, today, out var f, out var t))
        {
            (from, to) = (f, t);
        }

        var email = Email().Match(original);
        var item = words.FirstOrDefault(w => w.Kind == TokenKind.Dotted && !LooksLikeDate(words, w));
        var number = words.FirstOrDefault(w => w.Kind == TokenKind.Number && w.Text.Length <= 4 && !(w.Text.Length == 4 && w.Text.StartsWith("20", StringComparison.Ordinal)));
        var mine = words.Select((w, i) => (w, i)).Any(x =>
            x.w.Text is "моя" or "моей" or "мою" or "наша" or "нашей" or "нашу" && x.i + 1 < words.Count && SchoolWords.Contains(words[x.i + 1].Text));
        return new MessageSlots
        {
            From = from,
            To = to,
            SchoolNumber = number.Text,
            MySchool = mine,
            Item = item.Text,
            Email = email.Success ? email.Value.ToLowerInvariant() : null,
        };
    }

    /// <summary>«до 20.03», «с 01.04»: a dotted number after a date preposition, or one that reads as a day and month.</summary>
    private static bool LooksLikeDate(List<Token> words, Token token)
    {
        var i = words.IndexOf(token);
        if (i > 0 && words[i - 1].Text is "до" or "с" or "по" or "к" or "от" or "на" or "за")
        {
            return true;
        }

        var parts = token.Text.Split('.');
        return parts.Length >= 2 && parts[0].Length == 2 && parts[1].Length == 2;
    }

    [GeneratedRegex(@"^\d{1,2}(\.\d{1,2}){1,3}$")]
    private static partial Regex DottedNumber();

    [GeneratedRegex(@"[^\s<>()«»""',;:]+@[^\s<>()«»""',;:]+\.[^\s<>()«»""',;:]+")]
    private static partial Regex Email();
}

/// <summary>Told what each message was understood as and which handler ran it (logs, metrics, tests).</summary>
public interface IUnderstandingObserver
{
    void Understood(string text, Understanding meaning);

    void Handled(string text, CommandDeclaration command, Type handler);
}
