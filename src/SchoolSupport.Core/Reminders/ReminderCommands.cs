using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SchoolSupport.Conversation;

namespace SchoolSupport.Reminders;

/// <summary>«отписаться от напоминаний»: no more deadline digests. Coordinators' announcements cannot be muted.</summary>
public sealed class MuteRemindersCommand : IChatCommand, IDeclaredCommand
{
    public static IReadOnlyList<CommandDeclaration> Declarations { get; } =
    [
        new()
        {
            Name = "reminders.mute",
            Roles = CommandRoles.Everyone,
            Example = "отписаться от напоминаний",
            Help = "не получать ежедневные напоминания о сроках",
            Phrases = ["отписаться", "отключить напоминания", "выключить напоминания", "не присылать напоминания",
                "без напоминаний", "отключить объявления", "отписаться от объявлений", "отключить рассылку", "stop reminders", "выключи уведомления", "отключи уведомления",
                "не присылай", "не напоминай", "хватит напоминать", "перестань напоминать", "не беспокоить",
                "не надо напоминаний", "стоп напоминания", "убрать напоминания", "убери напоминания", "отписка"],
            Places = CommandPlaces.Menu,
        },
    ];

    public const string AnnouncementsNotMutable =
        "Объявления координаторов отключить нельзя: это рабочие сообщения проекта. Отключить можно только напоминания о сроках — «отписаться от напоминаний».";


    public async Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct)
    {
        if (text.HasStem("объявл", "рассылк") && !text.HasStem("напомин"))
        {
            scope.Say(AnnouncementsNotMutable);
            return;
        }

        var id = scope.Caller!.Person.Id;
        await scope.Db.People.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.RemindersMuted, true), ct);
        scope.Say("Напоминания о сроках отключены. Объявления координаторов будут приходить, как прежде. Включить снова: «подписаться на напоминания».");
    }
}

/// <summary>«подписаться на напоминания»: deadline digests again.</summary>
public sealed class UnmuteRemindersCommand : IChatCommand, IDeclaredCommand
{
    public static IReadOnlyList<CommandDeclaration> Declarations { get; } =
    [
        new()
        {
            Name = "reminders.unmute",
            Roles = CommandRoles.Everyone,
            Example = "подписаться на напоминания",
            Help = "снова получать напоминания о сроках",
            Phrases = ["подписаться", "включить напоминания", "присылать напоминания", "start reminders", "включи уведомления",
                "верни напоминания", "напоминай", "возобновить напоминания", "верни уведомления"],
        },
    ];

    public async Task HandleAsync(TurnScope scope, ChatText text, CancellationToken ct)
    {
        var id = scope.Caller!.Person.Id;
        await scope.Db.People.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.RemindersMuted, false), ct);
        scope.Say("Напоминания о сроках включены: раз в день, в утреннее время региона, и план на неделю по понедельникам.");
    }
}

public static class RemindersSetup
{
    /// <summary>
    /// Options, the singleton <see cref="ReminderPlanner"/> (the host runs <c>planner.RunAsync(stoppingToken)</c> in a
    /// BackgroundService) and the mute/unmute commands. Register <see cref="IPlannedActionSource"/> implementations
    /// (scoped) to add planned actions to the digest.
    /// </summary>
    public static IServiceCollection AddReminders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReminderOptions>()
            .Bind(configuration.GetSection(ReminderOptions.Section))
            .Validate(o => o.DaysBefore.All(d => d >= 0) && o.MaxLinesPerSection > 0 && o.CheckInterval > TimeSpan.Zero, "Reminders settings are invalid.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ReminderPlanner>();
        services.AddChatCommand<MuteRemindersCommand>();
        services.AddChatCommand<UnmuteRemindersCommand>();
        return services;
    }
}
