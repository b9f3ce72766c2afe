using Microsoft.EntityFrameworkCore;
using SchoolSupport.Conversation;
using SchoolSupport.Data;

namespace SchoolSupport.People;

/// <summary>
/// Finds the person behind a channel user: an earlier link, then the Entra object id, then the work e-mail/UPN,
/// then (demo mode only) the demo ids. Invite codes link everyone else (see <see cref="LinkCommand"/>).
/// </summary>
public static class IdentityResolver
{
    public static async Task<Person?> ResolveAsync(
        SchoolSupportDbContext db, TurnInput input, ConversationAddress address, bool demoEnabled, CancellationToken ct)
    {
        Person? person = null;
        if (address.PersonId is { } linkedId)
        {
            person = await db.People.FirstOrDefaultAsync(p => p.Id == linkedId, ct);
        }

        if (person is null)
        {
            var otherLink = await db.ConversationAddresses.AsNoTracking()
                .Where(a => a.ChannelId == input.ChannelId && a.UserId == input.UserId && a.PersonId != null)
                .Select(a => a.PersonId)
                .FirstOrDefaultAsync(ct);
            if (otherLink is { } id)
            {
                person = await db.People.FirstOrDefaultAsync(p => p.Id == id, ct);
            }
        }

        if (person is null && !string.IsNullOrEmpty(input.AadObjectId))
        {
            person = await db.People.FirstOrDefaultAsync(p => p.AadObjectId == input.AadObjectId, ct);
        }

        if (person is null && !string.IsNullOrWhiteSpace(input.Email))
        {
            var email = input.Email.Trim().ToLowerInvariant();
            person = await db.People.FirstOrDefaultAsync(p => p.Email == email, ct);
        }

        if (person is null && demoEnabled && input.UserId.StartsWith(DemoOptions.UserIdPrefix, StringComparison.Ordinal))
        {
            var email = DemoOptions.EmailFor(input.UserId[DemoOptions.UserIdPrefix.Length..].ToLowerInvariant());
            person = await db.People.FirstOrDefaultAsync(p => p.Email == email, ct);
        }

        if (person is null || !person.IsActive)
        {
            return null;
        }

        address.PersonId = person.Id;
        if (person.AadObjectId is null && !string.IsNullOrEmpty(input.AadObjectId)
            && !await db.People.AnyAsync(p => p.AadObjectId == input.AadObjectId, ct))
        {
            person.AadObjectId = input.AadObjectId;
        }

        return person;
    }
}
