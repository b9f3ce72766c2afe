using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SchoolSupport.Conversation;
using SchoolSupport.Outbox;
using SchoolSupport.Web.Proactive;
using SchoolSupport.Web.WebChat.DirectLine;

namespace SchoolSupport.Web.WebChat;

public static class WebChatSetup
{
    /// <summary>
    /// The web channel: the page, its sign-in, the built-in Direct Line endpoint, proactive delivery into web
    /// conversations and the reader of files attached there. Register after the features (it wraps the outbox sender).
    /// </summary>
    public static IServiceCollection AddWebChat(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection(WebChatOptions.Section);
        var options = section.Get<WebChatOptions>() ?? new WebChatOptions();
        var demoEnabled = Hosting.DemoAccess.IsEnabled(configuration, environment);
        var access = WebChatAccess.Decide(options, demoEnabled, environment);
        services.AddSingleton(access);
        services.AddOptions<WebChatOptions>().Bind(section)
            .Validate(o => !o.Oidc.IsConfigured || !string.IsNullOrWhiteSpace(o.Oidc.ClientId), "WebChat:Oidc:ClientId is required with WebChat:Oidc:Authority.")
            .Validate(o => !o.Oidc.IsConfigured || o.Oidc.RequireHttpsMetadata || !environment.IsProduction(), "WebChat:Oidc:RequireHttpsMetadata=false is refused in Production.")
            .ValidateOnStart();
        services.AddOptions<DirectLineOptions>().Bind(section)
            .Validate(o => o.Validate() is null, "WebChat Direct Line settings are invalid: see DirectLineOptions.Validate.")
            .ValidateOnStart();

        services.AddWebChatSignIn(options, access);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DirectLineTokens>();
        services.AddSingleton<DirectLineSignals>();
        services.AddSingleton<DirectLineStore>();
        services.AddSingleton<DirectLineAdapter>();
        services.AddSingleton<IDirectLineReadObserver, DeliveryReadReceipts>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IInboundFileReader, WebChatFileReader>());

        // Web conversations may exist even while the page is off (switched off later): the outbox still reaches them.
        services.AddSingleton<ConnectorProactiveSender>();
        services.AddSingleton<WebChatProactiveSender>();
        services.AddSingleton<EveryChannelRegions>();
        services.Replace(ServiceDescriptor.Singleton<IProactiveSender, ChannelRoutingSender>());
        return services;
    }

    public static WebApplication MapWebChat(this WebApplication app)
    {
        var access = app.Services.GetRequiredService<WebChatAccess>();
        app.MapWebChatPage(access);
        if (!access.IsOn)
        {
            return app;
        }

        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.MapWebChatSignIn(access);
        app.MapDirectLine();
        _ = app.Services.GetRequiredService<IOptions<DirectLineOptions>>().Value;
        return app;
    }
}
