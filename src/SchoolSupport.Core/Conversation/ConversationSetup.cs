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
        services.AddScoped<ConversationRouter>();
        services.AddScoped<InboundFiles>();
        services.AddChatCommand<HelpCommand>();
        services.AddChatCommand<ThanksCommand>();
        services.AddLinking(configuration);
        return services;
    }

    public static IServiceCollection AddChatCommand<T>(this IServiceCollection services) where T : class, IChatCommand
    {
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IChatCommand, T>());
        return services;
    }

    public static IServiceCollection AddCardAction<T>(this IServiceCollection services) where T : class, ICardAction
    {
        services.TryAddEnumerable(ServiceDescriptor.Scoped<ICardAction, T>());
        return services;
    }
}
