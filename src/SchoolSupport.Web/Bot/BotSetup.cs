using SchoolSupport.BotFramework.Builder;
using SchoolSupport.BotFramework.Integration;
using SchoolSupport.Cards;
using SchoolSupport.Conversation;
using SchoolSupport.Telemetry;
using SchoolSupport.Web.Files;
using SchoolSupport.Web.Telemetry;

namespace SchoolSupport.Web.Bot;

public static class BotSetup
{
    public static IServiceCollection AddBot(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddBotFramework(configuration);
        services.AddConversation(configuration);
        services.AddSingleton<CardRenderer>();
        services.AddDownloads(configuration);
        services.AddScoped<ReplyComposer>();
        services.AddScoped<SchoolSupportBot>();
        services.AddScoped<IBot>(sp => new TurnTelemetry(sp.GetRequiredService<SchoolSupportBot>(), sp.GetRequiredService<SchoolSupportMetrics>()));
        return services;
    }

    public static IEndpointRouteBuilder MapBot(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapBotFramework("/api/messages");
        endpoints.MapDownloads();
        return endpoints;
    }
}
