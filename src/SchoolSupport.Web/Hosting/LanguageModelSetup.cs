using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;
using SchoolSupport.Conversation;

namespace SchoolSupport.Web.Hosting;

public static class LanguageModelSetup
{
    /// <summary>
    /// The optional chat client behind <see cref="LanguageModelResolver"/>: any OpenAI-compatible endpoint, registered
    /// only when <c>Understanding:Llm:Enabled</c> is true, so a default host never opens a connection to one.
    /// </summary>
    public static IServiceCollection AddUnderstandingModel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LanguageModelOptions>()
            .Bind(configuration.GetSection(LanguageModelOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddKeyedSingleton<IChatClient>(LanguageModelOptions.ClientKey, (sp, _) =>
        {
            var o = sp.GetRequiredService<IOptions<LanguageModelOptions>>().Value;
            var client = new OpenAIClient(
                new ApiKeyCredential(string.IsNullOrEmpty(o.ApiKey) ? "none" : o.ApiKey),
                new OpenAIClientOptions
                {
                    Endpoint = new Uri(o.Endpoint!),
                    // The resolver's own timeout bounds the wait; a retry would only spend the person's time.
                    RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                    NetworkTimeout = TimeSpan.FromSeconds(o.TimeoutSeconds),
                });
            return client.GetChatClient(o.Model!).AsIChatClient();
        });
        return services;
    }
}
