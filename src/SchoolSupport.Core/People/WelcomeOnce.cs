using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Conversation;
using SchoolSupport.Data;

namespace SchoolSupport.People;

/// <summary>
/// The welcome after an install, once per user and conversation: Teams announces a personal install twice
/// (<c>installationUpdate</c> and <c>conversationUpdate</c>), often at the same moment, and both must store the
/// address without a failed turn and send one welcome between them.
/// </summary>
public static class WelcomeOnce
{
    /// <summary>Stores the address and returns true for exactly one of the deliveries announcing the install.</summary>
    public static async Task<bool> ClaimAsync(SchoolSupportDbContext db, TurnInput input, DateTime utcNow, CancellationToken ct)
    {
        var address = await AddressBook.RefreshAsync(db, input, utcNow, ct);
        if (!string.IsNullOrEmpty(input.Email))
        {
            // The web channel knows who joined, so the person is reachable proactively before writing anything.
            await IdentityResolver.ResolveAsync(db, input, address, demoEnabled: false, ct);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The other delivery inserted the same address first; keep its row.
            db.ChangeTracker.Clear();
            await AddressBook.RefreshAsync(db, input, utcNow, ct);
            await db.SaveChangesAsync(ct);
        }

        var key = Key(input.ChannelId, input.UserId, input.ConversationId);
        if (await db.ProcessedActivities.AnyAsync(p => p.Key == key, ct))
        {
            return false;
        }

        db.ProcessedActivities.Add(new ProcessedActivity { Key = key, ProcessedAt = utcNow });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>After an uninstall the next install is welcomed again.</summary>
    public static Task ForgetAsync(SchoolSupportDbContext db, string channelId, string userId, string conversationId, CancellationToken ct)
    {
        var key = Key(channelId, userId, conversationId);
        return db.ProcessedActivities.Where(p => p.Key == key).ExecuteDeleteAsync(ct);
    }

    private static string Key(string channelId, string userId, string conversationId) =>
        "welcome:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{channelId}\n{userId}\n{conversationId}")));
}
