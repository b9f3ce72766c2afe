using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using SchoolSupport.BotFramework.Authentication;
using SchoolSupport.BotFramework.Connector;
using SchoolSupport.BotFramework.Integration;

namespace SchoolSupport.BotFramework.Tests;

public sealed class RegistrationTests
{
    private const string AppId = "8d5c7e4a-1b2c-4d3e-9f00-112233445566";

    [Fact]
    public void AddBotFramework_SingleTenant_MsalUsesTenantAuthority()
    {
        using var provider = Build("Production", new()
        {
            ["Bot:MicrosoftAppId"] = AppId,
            ["Bot:MicrosoftAppPassword"] = "secret",
            ["Bot:MicrosoftAppType"] = "SingleTenant",
            ["Bot:MicrosoftAppTenantId"] = "11111111-2222-3333-4444-555555555555",
        });

        var tokens = provider.GetRequiredService<IBotTokenProvider>().ShouldBeOfType<MsalBotTokenProvider>();

        tokens.Authority.ShouldBe("https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555");
        tokens.Scope.ShouldBe("https://api.botframework.com/.default");
    }

    [Fact]
    public void AddBotFramework_MultiTenant_MsalUsesBotFrameworkTenant()
    {
        using var provider = Build("Production", new() { ["Bot:MicrosoftAppId"] = AppId, ["Bot:MicrosoftAppPassword"] = "secret" });

        provider.GetRequiredService<IBotTokenProvider>().ShouldBeOfType<MsalBotTokenProvider>()
            .Authority.ShouldBe("https://login.microsoftonline.com/botframework.com");
    }

    [Fact]
    public void AddBotFramework_SingleTenantWithoutTenantId_FailsValidation()
    {
        using var provider = Build("Production", new()
        {
            ["Bot:MicrosoftAppId"] = AppId,
            ["Bot:MicrosoftAppPassword"] = "secret",
            ["Bot:MicrosoftAppType"] = "SingleTenant",
        });

        var error = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<BotFrameworkOptions>>().Value);

        error.Message.ShouldContain("MicrosoftAppTenantId");
    }

    [Theory]
    [InlineData("Development", null, true)]
    [InlineData("Development", "false", false)]
    [InlineData("Staging", null, false)]
    public void AddBotFramework_AllowAnonymousDefault_OnlyInDevelopment(string environment, string? configured, bool expected)
    {
        using var provider = Build(environment, new() { ["Bot:AllowAnonymous"] = configured });

        provider.GetRequiredService<IOptions<BotFrameworkOptions>>().Value.AllowAnonymous.ShouldBe(expected);
        provider.GetRequiredService<IBotTokenProvider>().ShouldBeOfType<AnonymousBotTokenProvider>();
    }

    [Fact]
    public void AddBotFramework_ConnectorSection_BindsRetryOptions()
    {
        using var provider = Build("Production", new()
        {
            ["Bot:MicrosoftAppId"] = AppId,
            ["Bot:MicrosoftAppPassword"] = "secret",
            ["Bot:Connector:MaxRetries"] = "0",
            ["Bot:TrustedServiceHosts:0"] = "smba.example.org",
        });

        var options = provider.GetRequiredService<IOptions<BotFrameworkOptions>>().Value;

        options.Connector.MaxRetries.ShouldBe(0);
        provider.GetRequiredService<TrustedServiceUrls>().IsTrusted("https://smba.example.org/x/").ShouldBeTrue();
        provider.GetRequiredService<TrustedServiceUrls>().IsTrusted("https://smba.trafficmanager.net/emea/").ShouldBeTrue();
    }

    private static ServiceProvider Build(string environment, Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = environment });
        services.AddBotFramework(configuration);
        return services.BuildServiceProvider();
    }
}
