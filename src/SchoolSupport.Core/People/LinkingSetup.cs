using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SchoolSupport.Conversation;
using SchoolSupport.Data;

namespace SchoolSupport.People;

public static class LinkingSetup
{
    /// <summary>Invite codes: options (key required outside Development), the commands and the pruning job.</summary>
    public static IServiceCollection AddLinking(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InviteCodeOptions>().Bind(configuration.GetSection(InviteCodeOptions.Section)).ValidateOnStart();
        services.AddSingleton<InviteCodeKeyDefaults>();
        services.AddSingleton<IPostConfigureOptions<InviteCodeOptions>>(sp => sp.GetRequiredService<InviteCodeKeyDefaults>());
        services.AddSingleton<IValidateOptions<InviteCodeOptions>>(sp => sp.GetRequiredService<InviteCodeKeyDefaults>());
        services.AddSingleton<InviteCodeHasher>();
        services.AddChatCommand<LinkCommand>();
        services.AddChatCommand<ConfirmLinkCommand>();
        services.AddChatCommand<IssueInviteCommand>();
        services.AddHostedService<InviteCodePruner>();
        return services;
    }
}

/// <summary>Removes used and expired invite codes and old failed attempts every <see cref="InviteCodeOptions.PruneInterval"/>.</summary>
internal sealed class InviteCodePruner(
    IServiceProvider services, IOptions<InviteCodeOptions> options, TimeProvider time, ILogger<InviteCodePruner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PruneInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<SchoolSupportDbContext>();
                var removed = await InviteCodePruning.PruneAsync(db, time.GetUtcNow().UtcDateTime, options.Value, stoppingToken);
                if (removed > 0)
                {
                    logger.LogInformation("Pruned {Count} used or expired invite codes", removed);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Pruning invite codes failed; trying again in {Interval}", options.Value.PruneInterval);
            }
        }
    }
}
