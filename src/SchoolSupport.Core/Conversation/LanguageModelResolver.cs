using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SchoolSupport.Roadmaps;
using SchoolSupport.Schedules;

namespace SchoolSupport.Conversation;

/// <summary>
/// A second opinion for messages the rules are not sure about. The model is shown the declared commands and the
/// message text, nothing else (no name, school, role or id), and may only pick a declared command and quote slot values
/// from the message. Its answer is checked as strictly as a button press: an unknown or card-only command, a command
/// outside the person's roles, an undeclared or unparsable slot, a value the message does not contain, a timeout or
/// any failure all mean «no opinion», and the rules answer as before.
/// </summary>
public sealed class LanguageModelResolver
{
    private readonly IChatClient? client;
    private readonly CommandCatalog catalog;
    private readonly LanguageModelOptions options;
    private readonly ILogger<LanguageModelResolver> logger;

    public LanguageModelResolver(IServiceProvider services, CommandCatalog catalog, IOptions<LanguageModelOptions> options, ILogger<LanguageModelResolver> logger)
    {
        this.catalog = catalog;
        this.options = options.Value;
        this.logger = logger;
        client = this.options.Enabled ? services.GetKeyedService<IChatClient>(LanguageModelOptions.ClientKey) : null;
        Prompt = BuildPrompt(catalog.Declarations);
    }

    public bool Enabled => client is not null;

    /// <summary>The system prompt: generated from the declarations, the same for every person.</summary>
    public string Prompt { get; }

    /// <summary>The JSON name of each slot kind the model may fill, with what it holds.</summary>
    private static readonly (CommandSlots Kind, string Name, string Meaning)[] SlotKinds =
    [
        (CommandSlots.School, "school", "номер школы («277») или её название, как в сообщении; «моя школа» — своя школа"),
        (CommandSlots.Period, "period", "период по-русски, как в сообщении («на этой неделе», «до пятницы», «в марте»)"),
        (CommandSlots.Item, "item", "номер пункта дорожной карты («1.18», «2.3.1»)"),
        (CommandSlots.Person, "person", "адрес электронной почты человека из сообщения"),
        (CommandSlots.Survey, "survey", "название опроса, как в сообщении"),
        (CommandSlots.Text, "text", "свободный текст после слов команды, как в сообщении"),
    ];

    /// <summary>The declared command the message means, with its slots, or null to let the rules answer.</summary>
    public async Task<Understanding?> ResolveAsync(string text, RoleMask roles, Understanding rules, DateOnly today, CancellationToken ct)
    {
        if (client is null || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        string answer;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
        try
        {
            var response = await client.GetResponseAsync(
                [new ChatMessage(ChatRole.System, Prompt), new ChatMessage(ChatRole.User, text)],
                new ChatOptions { Temperature = 0, ResponseFormat = ChatResponseFormat.Json },
                timeout.Token);
            answer = response.Text;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("The language model did not answer within {Seconds} s; the rules answer", options.TimeoutSeconds);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The exception's message may quote the request or the answer, so only its type is logged.
            logger.LogWarning("The language model call failed with {Error}; the rules answer", e.GetType().Name);
            return null;
        }

        var (meaning, reason) = Check(answer, text, roles, rules, today);
        if (meaning is null)
        {
            logger.LogWarning("The language model's answer was not used ({Reason}); the rules answer", reason);
        }

        return meaning;
    }

    private (Understanding? Meaning, string Reason) Check(string answer, string text, RoleMask roles, Understanding rules, DateOnly today)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(StripFence(answer));
            root = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return (null, "not JSON");
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("command", out var name))
        {
            return (null, "no command field");
        }

        if (name.ValueKind == JsonValueKind.Null)
        {
            return (null, "no command fits");
        }

        if (name.ValueKind != JsonValueKind.String || catalog.Find(name.GetString()!) is not { Declaration: { InHelp: true } command })
        {
            return (null, "not a declared command");
        }

        if ((command.Roles & roles) == RoleMask.None)
        {
            return (null, "command not for the person's roles");
        }

        var message = " " + ChatText.Normalize(text) + " ";
        var slots = rules.Slots;
        IReadOnlyList<string> rest = [];
        if (root.TryGetProperty("slots", out var given) && given.ValueKind != JsonValueKind.Null)
        {
            if (given.ValueKind != JsonValueKind.Object)
            {
                return (null, "slots not an object");
            }

            foreach (var slot in given.EnumerateObject())
            {
                if (slot.Value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                var kind = SlotKinds.FirstOrDefault(k => k.Name == slot.Name);
                if (kind.Name is null || !command.Slots.HasFlag(kind.Kind) || slot.Value.ValueKind != JsonValueKind.String)
                {
                    return (null, "undeclared slot");
                }

                var value = slot.Value.GetString()!;
                var words = ChatText.Normalize(value);
                if (kind.Kind != CommandSlots.Period && (words.Length == 0 || !message.Contains(" " + words + " ", StringComparison.Ordinal)))
                {
                    // Identifiers (a school, an item, an e-mail) come from the person, never from the model.
                    return (null, "slot value not in the message");
                }

                var read = catalog.Understander.Understand(value, today).Slots;
                switch (kind.Kind)
                {
                    case CommandSlots.Period when ChatPeriods.TryRead(value, today, out var from, out var to):
                        slots = slots with { From = from, To = to };
                        break;
                    case CommandSlots.School when read.SchoolNumber is not null || read.MySchool:
                        slots = slots with { SchoolNumber = read.SchoolNumber, MySchool = read.MySchool };
                        break;
                    case CommandSlots.School or CommandSlots.Survey:
                        // A name: handlers look names up in the words the command does not explain.
                        rest = words.Split(' ');
                        break;
                    case CommandSlots.Item when read.Item is not null:
                        slots = slots with { Item = read.Item };
                        break;
                    case CommandSlots.Person when read.Email is not null:
                        slots = slots with { Email = read.Email };
                        break;
                    case CommandSlots.Text:
                        break;
                    default:
                        return (null, "slot value does not parse");
                }
            }
        }

        if (!Understander.Has(command, slots))
        {
            return (null, "a required slot is missing");
        }

        return (catalog.Understander.As(rules with { Slots = slots }, command) with { Rest = rest, Confidence = Understander.Threshold }, "");
    }

    /// <summary>Some servers wrap JSON in a Markdown fence even when asked for JSON only.</summary>
    private static string StripFence(string answer)
    {
        var s = answer.Trim();
        if (s.StartsWith("```", StringComparison.Ordinal))
        {
            s = s[(s.IndexOf('\n') is var n and >= 0 ? n + 1 : 3)..];
            s = s.EndsWith("```", StringComparison.Ordinal) ? s[..^3] : s;
        }

        return s.Trim();
    }

    private static string BuildPrompt(IEnumerable<CommandDeclaration> declarations)
    {
        var sb = new StringBuilder();
        sb.AppendLine("Ты определяешь, какую команду школьного чат-бота имел в виду человек. Сообщение пользователя — только текст на русском.");
        sb.AppendLine("Выбери ровно одну команду из списка ниже или null, если ни одна не подходит. Не придумывай команды и значения.");
        sb.AppendLine("Значения аргументов бери дословно из сообщения. Ответь только JSON без пояснений:");
        sb.AppendLine("{\"command\": \"имя команды или null\", \"slots\": {\"вид аргумента\": \"значение из сообщения\"}}");
        sb.AppendLine();
        sb.AppendLine("Виды аргументов:");
        foreach (var (_, name, meaning) in SlotKinds)
        {
            sb.Append("- ").Append(name).Append(": ").AppendLine(meaning);
        }

        sb.AppendLine();
        sb.AppendLine("Команды:");
        foreach (var d in declarations.Where(d => d.InHelp))
        {
            sb.Append("- ").Append(d.Name).Append(": ").Append(d.Help).Append('.');
            var examples = d.AllPhrases.Distinct(StringComparer.Ordinal).Take(6).Select(p => $"«{p}»");
            sb.Append(" Примеры: ").Append(string.Join(", ", examples)).Append('.');
            var kinds = SlotKinds.Where(k => d.Slots.HasFlag(k.Kind)).Select(k => d.Requires.HasFlag(k.Kind) ? k.Name + " (обязательно)" : k.Name).ToList();
            if (kinds.Count > 0)
            {
                sb.Append(" Аргументы: ").Append(string.Join(", ", kinds)).Append('.');
            }

            sb.AppendLine();
        }

        return sb.ToString();
    }
}
