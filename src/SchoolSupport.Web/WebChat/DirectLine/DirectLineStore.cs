using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SchoolSupport.BotFramework.Schema;
using SchoolSupport.Common;
using SchoolSupport.Data;
using SchoolSupport.WebChat;

namespace SchoolSupport.Web.WebChat.DirectLine;

/// <summary>Who a conversation belongs to, as the host's sign-in established it (never what the client says).</summary>
public sealed record DirectLineUser(string Identity, string? Name);

/// <summary>Files of the current inbound activity, in turn state for the bot.</summary>
public sealed record DirectLineUploads(IReadOnlyList<DirectLineUploadInfo> Files);

public sealed record DirectLineUploadInfo(string Id, string Name, string? ContentType, long Size);

public sealed record ActivityPage(IReadOnlyList<Activity> Activities, long Watermark);

public sealed record AppendResult(Activity Activity, long Sequence, bool Duplicate);

/// <summary>Told when a client fetched activities that were stored with an external key (for read receipts).</summary>
public interface IDirectLineReadObserver
{
    Task OnReadAsync(IReadOnlyList<string> externalKeys, DateTime readAt, CancellationToken ct);
}

/// <summary>
/// Conversations, activities and uploads of the Direct Line channel in the database, so that several instances share
/// them and messages wait for clients that are away. Each activity gets the next sequence number of its conversation
/// (the watermark) inside one transaction that first increments the conversation's counter: the row lock orders
/// concurrent writers, so a reader never sees sequence N+1 before N.
/// </summary>
public sealed class DirectLineStore(
    IServiceScopeFactory scopes,
    DirectLineSignals signals,
    IEnumerable<IDirectLineReadObserver> readObservers,
    IOptions<DirectLineOptions> options,
    TimeProvider time,
    ILogger<DirectLineStore> logger)
{
    public const string BotId = "schoolsupport";
    public const string BotName = "SchoolSupport";
    private readonly ConcurrentDictionary<string, DateTime> sweptAt = new(StringComparer.Ordinal);

    public async Task<WebChatConversation> GetOrCreateConversationAsync(DirectLineUser user, string? locale, CancellationToken ct)
    {
        return await WithDbAsync(async db =>
        {
            var existing = await db.WebChatConversations.AsNoTracking()
                .Where(c => c.Identity == user.Identity)
                .OrderByDescending(c => c.UpdatedAt)
                .FirstOrDefaultAsync(ct);
            if (existing is not null)
            {
                return existing;
            }

            var now = Now();
            var conversation = new WebChatConversation
            {
                Id = DirectLineTokens.Base64Url(RandomNumberGenerator.GetBytes(18)),
                UserId = "web_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant(),
                Identity = user.Identity,
                UserName = PlainText.FitOrNull(user.Name, 400),
                Locale = PlainText.FitOrNull(locale, 32),
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.WebChatConversations.Add(conversation);
            await db.SaveChangesAsync(ct);
            return conversation;
        });
    }

    public Task<WebChatConversation?> FindConversationAsync(string conversationId, CancellationToken ct) =>
        WithDbAsync(db => db.WebChatConversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == conversationId, ct));

    /// <summary>
    /// Stores <paramref name="activity"/> as the next activity of the conversation and wakes its open streams. With an
    /// <paramref name="externalKey"/> the activity is stored once: a repeat returns the stored one.
    /// </summary>
    public async Task<AppendResult> AppendAsync(WebChatConversation conversation, Activity activity, bool fromUser, string? externalKey, CancellationToken ct)
    {
        try
        {
            var result = await WithDbAsync(db => AppendInAsync(db, conversation, activity, fromUser, externalKey, ct));
            if (!result.Duplicate)
            {
                signals.Notify(conversation.Id);
            }

            return result;
        }
        catch (DbUpdateException) when (externalKey is not null)
        {
            // Two writers raced for the same key; the other one stored it.
            return await WithDbAsync(async db =>
            {
                var stored = await db.WebChatActivities.AsNoTracking()
                    .FirstAsync(a => a.ConversationId == conversation.Id && a.ExternalKey == externalKey, ct);
                return new AppendResult(BotJson.Deserialize<Activity>(stored.Json)!, stored.Sequence, Duplicate: true);
            });
        }
    }

    private async Task<AppendResult> AppendInAsync(
        SchoolSupportDbContext db, WebChatConversation conversation, Activity activity, bool fromUser, string? externalKey, CancellationToken ct)
    {
        if (externalKey is not null)
        {
            var stored = await db.WebChatActivities.AsNoTracking()
                .FirstOrDefaultAsync(a => a.ConversationId == conversation.Id && a.ExternalKey == externalKey, ct);
            if (stored is not null)
            {
                return new AppendResult(BotJson.Deserialize<Activity>(stored.Json)!, stored.Sequence, Duplicate: true);
            }
        }

        var now = Now();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var updated = await db.WebChatConversations.Where(c => c.Id == conversation.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastSequence, c => c.LastSequence + 1).SetProperty(c => c.UpdatedAt, now), ct);
        if (updated != 1)
        {
            throw new InvalidOperationException($"Conversation {conversation.Id} does not exist.");
        }

        var sequence = await db.WebChatConversations.Where(c => c.Id == conversation.Id).Select(c => c.LastSequence).FirstAsync(ct);
        activity.Id = ActivityId(conversation.Id, sequence);
        activity.Timestamp = new DateTimeOffset(now, TimeSpan.Zero);
        activity.ChannelId = Channels.Webchat;
        activity.Conversation = new ConversationAccount { Id = conversation.Id, ConversationType = "personal" };
        db.WebChatActivities.Add(new WebChatActivity
        {
            ConversationId = conversation.Id,
            Sequence = sequence,
            FromUser = fromUser,
            Json = BotJson.Serialize(activity),
            ExternalKey = externalKey,
            CreatedAt = now,
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new AppendResult(activity, sequence, Duplicate: false);
    }

    /// <summary>
    /// The activities after <paramref name="watermark"/> (the recent history when there is none), one page at most.
    /// Fetched bot activities count as read.
    /// </summary>
    public async Task<ActivityPage> ReadAsync(WebChatConversation conversation, long? watermark, CancellationToken ct)
    {
        var pageSize = options.Value.PageSize;
        var (rows, after) = await WithDbAsync(async db =>
        {
            var from = watermark ?? Math.Max(0, await db.WebChatConversations.Where(c => c.Id == conversation.Id)
                .Select(c => c.LastSequence).FirstOrDefaultAsync(ct) - options.Value.HistoryOnStart);
            var found = await db.WebChatActivities.AsNoTracking()
                .Where(a => a.ConversationId == conversation.Id && a.Sequence > from)
                .OrderBy(a => a.Sequence)
                .Take(pageSize)
                .Select(a => new { a.Id, a.Sequence, a.Json, a.FromUser, a.ReadAt, a.ExternalKey })
                .ToListAsync(ct);
            return (found, from);
        });

        if (rows.Count == 0)
        {
            return new ActivityPage([], after);
        }

        var unread = rows.Where(r => !r.FromUser && r.ReadAt is null).ToList();
        if (unread.Count > 0)
        {
            await MarkReadAsync(unread.Select(r => r.Id).ToList(), unread.Where(r => r.ExternalKey is not null).Select(r => r.ExternalKey!).ToList(), ct);
        }

        return new ActivityPage(rows.Select(r => BotJson.Deserialize<Activity>(r.Json)!).ToList(), rows[^1].Sequence);
    }

    private async Task MarkReadAsync(List<long> ids, List<string> keys, CancellationToken ct)
    {
        var now = Now();
        await WithDbAsync(db => db.WebChatActivities.Where(a => ids.Contains(a.Id) && a.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ReadAt, now), ct));
        if (keys.Count == 0)
        {
            return;
        }

        foreach (var observer in readObservers)
        {
            try
            {
                await observer.OnReadAsync(keys, now, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Read receipt observer {Observer} failed", observer.GetType().Name);
            }
        }
    }

    public async Task<DirectLineUploadInfo> SaveUploadAsync(WebChatConversation conversation, string name, string? contentType, byte[] content, CancellationToken ct)
    {
        var now = Now();
        var upload = new WebChatUpload
        {
            Id = DirectLineTokens.Base64Url(RandomNumberGenerator.GetBytes(18)),
            ConversationId = conversation.Id,
            Name = PlainText.FitOrNull(name, 400) ?? "file",
            ContentType = PlainText.FitOrNull(contentType, 200),
            Size = content.LongLength,
            Content = content,
            CreatedAt = now,
        };
        await WithDbAsync(async db =>
        {
            db.WebChatUploads.Add(upload);
            await db.SaveChangesAsync(ct);
            return 0;
        });
        await SweepUploadsAsync(now, ct);
        return new DirectLineUploadInfo(upload.Id, upload.Name, upload.ContentType, upload.Size);
    }

    public Task<WebChatUpload?> FindUploadAsync(string uploadId, CancellationToken ct) =>
        WithDbAsync(db => db.WebChatUploads.AsNoTracking().FirstOrDefaultAsync(u => u.Id == uploadId, ct));

    /// <summary>Old uploads go at most once an hour per instance, on the next upload.</summary>
    private async Task SweepUploadsAsync(DateTime now, CancellationToken ct)
    {
        if (sweptAt.TryGetValue("", out var last) && now - last < TimeSpan.FromHours(1))
        {
            return;
        }

        sweptAt[""] = now;
        var cutoff = now - options.Value.UploadRetention;
        var removed = await WithDbAsync(db => db.WebChatUploads.Where(u => u.CreatedAt < cutoff).ExecuteDeleteAsync(ct));
        if (removed > 0)
        {
            logger.LogInformation("Removed {Count} Web Chat uploads older than {Cutoff}", removed, cutoff);
        }
    }

    public static string ActivityId(string conversationId, long sequence) =>
        conversationId + "|" + sequence.ToString("D7", CultureInfo.InvariantCulture);

    public static ChannelAccount Bot() => new(BotId, BotName, "bot");

    private async Task<T> WithDbAsync<T>(Func<SchoolSupportDbContext, Task<T>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<SchoolSupportDbContext>());
    }

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}

/// <summary>Wakes the open streams of a conversation when this instance stores an activity in it.</summary>
public sealed class DirectLineSignals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> current = new(StringComparer.Ordinal);

    /// <summary>Take this before reading, then wait on it: an activity stored after the read completes it.</summary>
    public Task Next(string conversationId) =>
        current.GetOrAdd(conversationId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Notify(string conversationId)
    {
        if (current.TryRemove(conversationId, out var signal))
        {
            signal.TrySetResult();
        }
    }
}
