using Microsoft.Extensions.Options;
using SchoolSupport.Data;
using SchoolSupport.Web.WebChat;

namespace SchoolSupport.Web.Hosting;

/// <summary>
/// Refuses to start a scaled-out deployment whose instances would not accept each other's signed links and tokens. A
/// key left empty is random per process: fine for one instance, broken behind a load balancer, where a download link
/// made by one instance is opened through another. It counts as scaled out when <c>Hosting:Instances</c> is above one,
/// or in Production on a server database (PostgreSQL, SQL Server), which is what several instances share.
/// </summary>
internal sealed class ScaleOutChecks(
    IConfiguration configuration,
    IHostEnvironment environment,
    IOptions<DatabaseOptions> database,
    IServiceProvider services) : IValidateOptions<HostingOptions>
{
    public ValidateOptionsResult Validate(string? name, HostingOptions options)
    {
        var why = options.Instances > 1
            ? $"Hosting:Instances is {options.Instances}"
            : environment.IsProduction() && database.Value.Provider != DatabaseProvider.Sqlite
                ? $"Production runs on a shared {database.Value.Provider} database"
                : null;
        if (why is null)
        {
            return ValidateOptionsResult.Success;
        }

        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(configuration["Downloads:SigningKey"]))
        {
            missing.Add("Downloads:SigningKey (download links to exported files; survey chart links use it too unless Surveys:Charts:SigningKey is set)");
        }

        if (services.GetService<WebChatAccess>() is { IsOn: true } && string.IsNullOrWhiteSpace(configuration["WebChat:TokenSigningKey"]))
        {
            missing.Add("WebChat:TokenSigningKey (Direct Line tokens of the web page)");
        }

        return missing.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{why}, so every instance must sign with the same keys, and these are not set: {string.Join("; ", missing)}. " +
                "Set each to the same random value of at least 32 characters on every instance (for example from a key vault), " +
                "or set Hosting:Instances=1 for a single instance.");
    }
}
