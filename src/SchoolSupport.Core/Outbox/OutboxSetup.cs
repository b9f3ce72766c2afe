using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SchoolSupport.Data;

namespace SchoolSupport.Outbox;

public static class OutboxSetup
{
    /// <summary>
    /// Registers the options and the singleton <see cref="OutboxDispatcher"/>. The host registers its
    /// <see cref="IProactiveSender"/> and runs <c>dispatcher.RunAsync(stoppingToken)</c> in a BackgroundService.
    /// </summary>
    public static IServiceCollection AddOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboxOptions>()
            .Bind(configuration.GetSection(OutboxOptions.Section))
            .Validate(o => o.Validate() is null, "Outbox settings are invalid: see OutboxOptions.Validate.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddLeases(configuration);
        services.TryAddSingleton<OutboxDispatcher>();
        return services;
    }
}
