using Microsoft.Extensions.DependencyInjection.Extensions;
using SchoolSupport.BotFramework.Builder;
using SchoolSupport.BotFramework.Integration;
using SchoolSupport.Cards;
using SchoolSupport.Conversation;
using SchoolSupport.Data;
using SchoolSupport.Telemetry;
using SchoolSupport.Web.Files;
using SchoolSupport.Web.Telemetry;

namespace SchoolSupport.Web.Bot;

public static class BotSetup
{
    public static IServiceCollection AddBot(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<SchoolSupport.BotFramework.Authentication.ITrustedServiceUrlStore, DatabaseTrustedServiceUrls>();
        services.AddBotFramework(configuration);
        services.AddConversation(configuration);
        services.AddSingleton<CardRenderer>();
        services.AddDownloads(configuration);
        services.AddScoped<ReplyComposer>();
        services.AddScoped<SchoolSupportBot>();
        services.TryAddSingleton<DatabaseAvailability>();
        services.AddScoped<IBot>(sp => new TurnTelemetry(
            new DatabaseOutageGuard(sp.GetRequiredService<SchoolSupportBot>(), sp.GetRequiredService<DatabaseAvailability>(), sp.GetRequiredService<ReplyComposer>()),
            sp.GetRequiredService<SchoolSupportMetrics>()));
        return services;
    }

    public static IEndpointRouteBuilder MapBot(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapBotFramework("/api/messages");
        endpoints.MapDownloads();
        return endpoints;
    }
}
