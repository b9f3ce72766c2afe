using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SchoolSupport.BotFramework.Authentication;
using SchoolSupport.BotFramework.Builder;
using SchoolSupport.BotFramework.Connector;

namespace SchoolSupport.BotFramework.Integration;

public static class BotFrameworkServiceCollectionExtensions
{
    public const string MetadataHttpClientName = "BotFramework.OpenIdMetadata";

    /// <summary>
    /// Registers the channel layer from the <c>Bot</c> section of <paramref name="configuration"/>: options (validated at
    /// start), <see cref="BotFrameworkAuthentication"/>, <see cref="TrustedServiceUrls"/>, <see cref="IBotTokenProvider"/>,
    /// <see cref="IConnectorClientFactory"/> and <see cref="CloudAdapter"/> (also as <see cref="IBotFrameworkHttpAdapter"/>
    /// and <see cref="BotAdapter"/>). The host registers its own <see cref="IBot"/>.
    /// </summary>
    public static IServiceCollection AddBotFramework(this IServiceCollection services, IConfiguration configuration,
        Action<BotFrameworkOptions>? configure = null)
    {
        var section = configuration.GetSection(BotFrameworkOptions.SectionName);
        var optionsBuilder = services.AddOptions<BotFrameworkOptions>().Bind(section);
        services.AddSingleton<IConfigureOptions<BotFrameworkOptions>>(sp => new AnonymousDefault(section, sp.GetService<IHostEnvironment>()));
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        services.AddSingleton<IValidateOptions<BotFrameworkOptions>>(sp => new BotFrameworkOptionsValidator(sp.GetService<IHostEnvironment>()));
        optionsBuilder.ValidateOnStart();

        services.AddHttpClient(ConnectorClientFactory.HttpClientName);
        services.AddHttpClient(MetadataHttpClientName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new TrustedServiceUrls(Options(sp).TrustedServiceHosts, sp.GetService<ITrustedServiceUrlStore>()));
        services.TryAddSingleton<BotFrameworkAuthentication>(sp => new ConfigurationBotFrameworkAuthentication(
            Options(sp),
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(MetadataHttpClientName),
            sp.GetRequiredService<TrustedServiceUrls>(),
            sp.GetService<ILogger<ConfigurationBotFrameworkAuthentication>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IBotTokenProvider>(sp => Options(sp) is { HasAppId: true } options
            ? new MsalBotTokenProvider(options)
            : new AnonymousBotTokenProvider());
        services.TryAddSingleton<IConnectorClientFactory>(sp => new ConnectorClientFactory(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IBotTokenProvider>(),
            sp.GetRequiredService<TrustedServiceUrls>(),
            Options(sp),
            sp.GetService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new CloudAdapter(
            sp.GetRequiredService<BotFrameworkAuthentication>(),
            sp.GetRequiredService<IConnectorClientFactory>(),
            Options(sp),
            sp.GetService<ILogger<CloudAdapter>>()));
        services.TryAddSingleton<IBotFrameworkHttpAdapter>(sp => sp.GetRequiredService<CloudAdapter>());
        services.TryAddSingleton<BotAdapter>(sp => sp.GetRequiredService<CloudAdapter>());
        return services;
    }

    /// <summary>Routes every method on <paramref name="pattern"/> to the adapter (non-POST gets 405) with the registered <see cref="IBot"/>.</summary>
    public static IEndpointConventionBuilder MapBotFramework(this IEndpointRouteBuilder endpoints, string pattern = "/api/messages") =>
        endpoints.Map(pattern, context => context.RequestServices.GetRequiredService<IBotFrameworkHttpAdapter>()
            .ProcessAsync(context.Request, context.Response, context.RequestServices.GetRequiredService<IBot>(), context.RequestAborted));

    private static BotFrameworkOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<BotFrameworkOptions>>().Value;

    /// <summary>Local development talks to the Emulator without credentials unless told otherwise.</summary>
    private sealed class AnonymousDefault(IConfigurationSection section, IHostEnvironment? environment) : IConfigureOptions<BotFrameworkOptions>
    {
        public void Configure(BotFrameworkOptions options)
        {
            if (section[nameof(BotFrameworkOptions.AllowAnonymous)] is null && environment?.IsDevelopment() == true)
            {
                options.AllowAnonymous = true;
            }
        }
    }
}

internal sealed class BotFrameworkOptionsValidator(IHostEnvironment? environment) : IValidateOptions<BotFrameworkOptions>
{
    public ValidateOptionsResult Validate(string? name, BotFrameworkOptions options)
    {
        var failures = new List<string>();
        // A host without an environment is treated as production: anonymous access must be an explicit, visible choice.
        if (options.AllowAnonymous && (environment is null || environment.IsProduction()))
        {
            failures.Add("Bot:AllowAnonymous=true is refused in Production: it accepts unsigned requests. Configure "
                + "Bot:MicrosoftAppId (and a credential) or run with another ASPNETCORE_ENVIRONMENT.");
        }

        if (options.HasAppId)
        {
            if (!Guid.TryParse(options.MicrosoftAppId, out _))
            {
                failures.Add("Bot:MicrosoftAppId must be the bot's application (client) id, a GUID.");
            }

            if (options.MicrosoftAppType != BotAppType.UserAssignedMSI && string.IsNullOrWhiteSpace(options.MicrosoftAppPassword))
            {
                failures.Add($"Bot:MicrosoftAppPassword is required for MicrosoftAppType {options.MicrosoftAppType}.");
            }

            if (options.MicrosoftAppType == BotAppType.SingleTenant && string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId))
            {
                failures.Add("Bot:MicrosoftAppTenantId is required for MicrosoftAppType SingleTenant.");
            }
        }

        if (options.MaxRequestBodyBytes <= 0)
        {
            failures.Add("Bot:MaxRequestBodyBytes must be positive.");
        }

        if (options.Connector.MaxRetries < 0 || options.Connector.MinBackoff < TimeSpan.Zero || options.Connector.MaxBackoff < options.Connector.MinBackoff)
        {
            failures.Add("Bot:Connector retry settings are inconsistent (MaxRetries >= 0, 0 <= MinBackoff <= MaxBackoff).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
