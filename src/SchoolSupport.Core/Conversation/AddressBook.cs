using Microsoft.EntityFrameworkCore;
using SchoolSupport.Common;
using SchoolSupport.Data;

namespace SchoolSupport.Conversation;

/// <summary>Keeps the stored address of each user/conversation fresh so people can be reached proactively.</summary>
public static class AddressBook
{
    public static async Task<ConversationAddress> RefreshAsync(SchoolSupportDbContext db, TurnInput input, DateTime utcNow, CancellationToken ct)
    {
        var address = await db.ConversationAddresses.FirstOrDefaultAsync(
            a => a.ChannelId == input.ChannelId && a.UserId == input.UserId && a.ConversationId == input.ConversationId, ct);
        if (address is null)
        {
            address = new ConversationAddress
            {
                ChannelId = input.ChannelId,
                UserId = input.UserId,
                ConversationId = input.ConversationId,
                ServiceUrl = input.ServiceUrl,
            };
            db.ConversationAddresses.Add(address);
        }

        address.UserName = PlainText.FitOrNull(input.UserName, 400) ?? address.UserName;
        address.AadObjectId = PlainText.FitOrNull(input.AadObjectId, 64) ?? address.AadObjectId;
        address.TenantId = PlainText.FitOrNull(input.TenantId, 64) ?? address.TenantId;
        address.ConversationType = PlainText.FitOrNull(input.ConversationType, 32) ?? address.ConversationType;
        address.ServiceUrl = PlainText.FitOrNull(input.ServiceUrl, 2000) ?? address.ServiceUrl;
        address.BotId = PlainText.FitOrNull(input.BotId, 400) ?? address.BotId;
        address.BotName = PlainText.FitOrNull(input.BotName, 400) ?? address.BotName;
        address.Locale = PlainText.FitOrNull(input.Locale, 32) ?? address.Locale;
        address.IsActive = true;

        // Only a real change (or an hour-old stamp) is written: most turns then read the address without a write,
        // which keeps SQLite's single writer free for the turns that do change data.
        var changed = db.Entry(address).State == EntityState.Added
                      || db.Entry(address).Properties.Any(p => p.IsModified);
        if (changed || utcNow - address.UpdatedAt > TimeSpan.FromHours(1))
        {
            address.UpdatedAt = utcNow;
        }

        return address;
    }

    /// <summary>
    /// Proactive messages go to the address used last. The hourly stamp of <see cref="RefreshAsync"/> is enough within
    /// one channel, but a person who switches between Teams and the web page must move the stamp at once: one indexed
    /// look-up, and a write only on a switch.
    /// </summary>
    public static async Task MarkUsedAsync(SchoolSupportDbContext db, ConversationAddress address, int personId, DateTime utcNow, CancellationToken ct)
    {
        if (address.UpdatedAt == utcNow)
        {
            return;
        }

        var stamp = address.UpdatedAt;
        var channel = address.ChannelId;
        if (await db.ConversationAddresses.AnyAsync(
                a => a.PersonId == personId && a.IsActive && a.ChannelId != channel && a.UpdatedAt >= stamp, ct))
        {
            address.UpdatedAt = utcNow;
        }
    }

    /// <summary>The bot was removed from a personal chat: stop sending there.</summary>
    public static async Task DeactivateAsync(SchoolSupportDbContext db, string channelId, string userId, string conversationId, DateTime utcNow, CancellationToken ct)
    {
        var addresses = await db.ConversationAddresses
            .Where(a => a.ChannelId == channelId && a.UserId == userId && a.ConversationId == conversationId)
            .ToListAsync(ct);
        foreach (var a in addresses)
        {
            a.IsActive = false;
            a.UpdatedAt = utcNow;
        }

        await db.SaveChangesAsync(ct);
    }
}
