using System.Globalization;
using System.Text.RegularExpressions;
using SchoolSupport.Conversation;
using SchoolSupport.Schedules;

namespace SchoolSupport.Status;

public enum DueKind
{
    /// <summary>Deadlines and events in a window of days.</summary>
    Window,

    /// <summary>Tracked items past their deadline and not done.</summary>
    Overdue,

    /// <summary>Events and deadlines where curators are responsible.</summary>
    Curators,

    /// <summary>Every tracked item of one school (the «Открыть список» button of the status card).</summary>
    All,
}

/// <summary>What the person asked for; also the data of the «Далее» button, so a page is recomputed, never trusted.</summary>
public sealed record DueRequest(DueKind Kind, DateOnly From, DateOnly To, string Phrase, int? SchoolId = null, int Page = 0)
{
    /// <summary>A window longer than this is refused: the card would be useless and the query expensive.</summary>
    public const int MaxWindowDays = 400;

    public static DueRequest Upcoming(DateOnly today) => new(DueKind.Window, today, today.AddDays(14), "в ближайшие две недели");

    public static DueRequest Overdue(DateOnly today) => new(DueKind.Overdue, today, today, "просрочено");
}

/// <summary>Understands «что на этой неделе», «сроки в марте», «что просрочено», «мероприятия для кураторов»…</summary>
public static partial class DueRequestReader
{
    private static readonly string[] Triggers =
        ["срок", "дедлайн", "просроч", "событ", "мероприят", "ближайш", "сдать", "сдач", "предстоит", "запланир", "план"];

    public static bool TryRead(ChatText text, DateOnly today, out DueRequest request)
    {
        request = DueRequest.Upcoming(today);
        if (text.IsEmpty)
        {
            return false;
        }

        var triggered = text.HasStem(Triggers);
        if (text.HasStem("просроч", "задолж") || text.Contains("хвосты", "долги"))
        {
            request = DueRequest.Overdue(today);
            return true;
        }

        var hasWindow = ReadWindow(text.Original, today, out var from, out var to, out var phrase);
        if (text.HasStem("куратор") && text.HasStem("мероприят", "событ", "срок", "план"))
        {
            request = hasWindow
                ? new DueRequest(DueKind.Curators, from, to, phrase)
                : new DueRequest(DueKind.Curators, today, today.AddDays(30), "в ближайший месяц");
            return true;
        }

        if (hasWindow && (triggered || text.StartsWith("что", "какие", "а что") || text.Words.Count <= 4))
        {
            request = new DueRequest(DueKind.Window, from, to, phrase);
            return true;
        }

        if (triggered)
        {
            request = DueRequest.Upcoming(today);
            return true;
        }

        return false;
    }

    /// <summary>The request of a declared due command: the command says what, the period slot says when.</summary>
    public static DueRequest For(string command, ChatText text, DateOnly today)
    {
        var hasWindow = ReadWindow(text.Original, today, out var from, out var to, out var phrase);
        return command switch
        {
            "due.overdue" => DueRequest.Overdue(today),
            "due.curators" => hasWindow
                ? new DueRequest(DueKind.Curators, from, to, phrase)
                : new DueRequest(DueKind.Curators, today, today.AddDays(30), "в ближайший месяц"),
            _ => hasWindow ? new DueRequest(DueKind.Window, from, to, phrase) : DueRequest.Upcoming(today),
        };
    }

    /// <summary>The window of the message (<see cref="ChatPeriods"/>) and the phrase that titles the card.</summary>
    public static bool ReadWindow(string text, DateOnly today, out DateOnly from, out DateOnly to, out string phrase)
    {
        var found = ChatPeriods.TryRead(text, today, out from, out to);
        phrase = found ? Describe(from, to, today) : "";
        return found;
    }

    /// <summary>«на этой неделе», «в марте», «до конца месяца», «до 20.03», «с 01.04 по 15.04».</summary>
    public static string Describe(DateOnly from, DateOnly to, DateOnly today)
    {
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var monthEnd = new DateOnly(from.Year, from.Month, 1).AddMonths(1).AddDays(-1);
        if (from == monday && to == monday.AddDays(6))
        {
            return "на этой неделе";
        }

        if (from == monday.AddDays(7) && to == monday.AddDays(13))
        {
            return "на следующей неделе";
        }

        if (from == to)
        {
            return from == today ? "сегодня" : from == today.AddDays(1) ? "завтра" : RussianFormat.Day(from, today);
        }

        if (from.Day == 1 && to == monthEnd)
        {
            return RussianDates.InMonth(from.Month) + (from.Year == today.Year ? "" : $" {from.Year} года");
        }

        if (from == today && to == new DateOnly(today.Year, today.Month, 1).AddMonths(1).AddDays(-1))
        {
            return "до конца месяца";
        }

        if (from == today && to == today.AddDays(14))
        {
            return "в ближайшие две недели";
        }

        if (from == today)
        {
            return $"до {RussianFormat.Short(to, today)}";
        }

        return $"с {RussianFormat.Short(from, today)} по {RussianFormat.Short(to, today)}";
    }
}

