using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SchoolSupport.People;

namespace SchoolSupport.Conversation;

public static class ConversationSetup
{
    public static IServiceCollection AddConversation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.Section));
        services.TryAddSingleton<LanguageModelResolver>();
        services.AddScoped<ConversationRouter>();
        services.TryAddSingleton<CommandCatalog>();
        services.AddHostedService<CommandCatalogCheck>();
        services.AddScoped<InboundFiles>();
        services.AddChatCommand<HelpCommand>();
        services.AddChatCommand<ThanksCommand>();
        services.AddLinking(configuration);
        return services;
    }

    /// <summary>Registers a handler and the commands it declares; the catalog checks them all at start.</summary>
    public static IServiceCollection AddChatCommand<T>(this IServiceCollection services) where T : class, IChatCommand, IDeclaredCommand
    {
        if (services.Any(d => d.ServiceType == typeof(T)))
        {
            return services;
        }

        services.AddScoped<T>();
        foreach (var declaration in T.Declarations)
        {
            services.AddSingleton(new CommandRegistration(declaration, typeof(T)));
        }

        return services;
    }

    public static IServiceCollection AddCardAction<T>(this IServiceCollection services) where T : class, ICardAction
    {
        services.TryAddEnumerable(ServiceDescriptor.Scoped<ICardAction, T>());
        return services;
    }
}

/// <summary>
/// Builds the command catalog and checks card verbs against command verbs when the host starts, so a phrase claimed
/// twice stops the start instead of misrouting the first person who writes it.
/// </summary>
internal sealed class CommandCatalogCheck(IServiceProvider services) : Microsoft.Extensions.Hosting.IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var catalog = services.GetRequiredService<CommandCatalog>();
        using var scope = services.CreateScope();
        var cardVerbs = scope.ServiceProvider.GetServices<ICardAction>().SelectMany(a => a.Verbs).ToHashSet(StringComparer.Ordinal);
        foreach (var d in catalog.Declarations.Where(d => d.Verb is not null && cardVerbs.Contains(d.Verb)))
        {
            throw new InvalidOperationException($"The button verb '{d.Verb}' of chat command '{d.Name}' is also a card verb.");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
