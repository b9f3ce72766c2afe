using SchoolSupport.BotFramework.Authentication;
using SchoolSupport.Conversation;
using SchoolSupport.Data;

namespace SchoolSupport.Web.Bot;

/// <summary>Trusted service URLs in the database: they survive a restart and every instance sees them.</summary>
internal sealed class DatabaseTrustedServiceUrls(IServiceScopeFactory scopes, TimeProvider time) : ITrustedServiceUrlStore
{
    public async Task<bool> ContainsAsync(string normalizedUrl, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await TrustedServiceUrlStore.ContainsAsync(scope.ServiceProvider.GetRequiredService<SchoolSupportDbContext>(), normalizedUrl, cancellationToken);
    }

    public async Task AddAsync(string normalizedUrl, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await TrustedServiceUrlStore.AddAsync(scope.ServiceProvider.GetRequiredService<SchoolSupportDbContext>(), normalizedUrl,
            time.GetUtcNow().UtcDateTime, cancellationToken);
    }
}
