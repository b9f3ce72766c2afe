using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SchoolSupport.Common;
using SchoolSupport.Conversation;
using SchoolSupport.Data;
using SchoolSupport.Telemetry;

namespace SchoolSupport.Outbox;

/// <summary>
/// Drains the outbox: claims due deliveries with a lease, throttles per tenant and per conversation, sends through
/// <see cref="IProactiveSender"/> and records each recipient's status. The host runs <see cref="RunAsync"/> in a
/// BackgroundService; tests call <see cref="RunOnceAsync"/>.
/// </summary>
/// <remarks>
/// Several instances. <see cref="RunAsync"/> sends only while this instance holds the database lease «outbox»
/// (<see cref="LeaseManager"/>); the other instances wait and take it over when the holder stops renewing it. So one
/// dispatcher at a time paces every tenant's bucket, and the tenant ceiling holds however many instances run. A holder
/// checks the lease, with a margin, before every send, and stops sending before the lease can expire in the database;
/// the instance taking over then frees the rows its predecessor had claimed instead of waiting for their row leases.
/// </remarks>
/// <remarks>
/// Exactly-once reasoning. Each row goes: claimed (lease, status unchanged) → <c>Sending</c> with a fresh attempt id
/// (written and committed before the connector is called) → connector call with the delivery id as idempotency key →
/// outcome written only where the attempt id still matches (a stale dispatcher can never overwrite a newer attempt).
/// <list type="bullet">
/// <item>Death before the Sending write: the row is still Queued; when the lease expires another dispatcher sends it.
/// Nothing was sent, so nothing is duplicated.</item>
/// <item>Death after the outcome write: the row is final and never claimed again.</item>
/// <item>Death between the connector call and the outcome write: the row stays Sending with an expired lease. Teams
/// has no server-side idempotency and no way to ask whether an activity with our key arrived, so the row is sent again
/// and flagged <see cref="Delivery.PossibleDuplicate"/>: at-least-once inside that window. The window is one connector
/// round-trip; a graceful stop closes it by letting started calls finish within <see cref="OutboxOptions.ShutdownGrace"/>
/// and writing their outcome with no cancellation token.</item>
/// </list>
/// </remarks>
public sealed class OutboxDispatcher
{
    /// <summary>The lease that makes one instance at a time the dispatcher.</summary>
    public const string LeaseName = "outbox";

    private readonly IServiceScopeFactory scopes;
    private readonly IProactiveSender sender;
    private readonly TimeProvider time;
    private readonly OutboxOptions options;
    private readonly ILogger<OutboxDispatcher> logger;
    private readonly RetryPolicy retry;
    private readonly ConversationLimiter conversations;
    private readonly Dictionary<string, TokenBucket> tenants = new(StringComparer.Ordinal);
    private readonly Dictionary<long, OutboxMessage> messages = [];
    private readonly List<Task> inFlight = [];
    private readonly Dictionary<string, Task> lastPerConversation = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim parallel;
    private readonly LeaseManager leases;
    private readonly IMissingAddressHandler? missingAddresses;

    public OutboxDispatcher(
        IServiceScopeFactory scopes,
        IProactiveSender sender,
        TimeProvider time,
        IOptions<OutboxOptions> options,
        LeaseManager leases,
        ILogger<OutboxDispatcher> logger,
        SchoolSupportMetrics? metrics = null,
        IMissingAddressHandler? missingAddresses = null)
    {
        this.scopes = scopes;
        this.missingAddresses = missingAddresses;
        this.leases = leases;
        this.sender = sender;
        this.time = time;
        this.options = options.Value;
        this.logger = logger;
        retry = new RetryPolicy(this.options);
        conversations = new ConversationLimiter(this.options.ConversationPerSecond, this.options.ConversationPer30Seconds);
        parallel = new SemaphoreSlim(this.options.MaxParallelSends);
        Delay = (delay, ct) => Task.Delay(delay, time, ct);
        Counters = new OutboxCounters(metrics);
    }

    /// <summary>How the dispatcher waits for tokens; tests replace it with one that advances a fake clock.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; set; }

    public OutboxCounters Counters { get; }

    /// <summary>Claims one batch of due deliveries and handles it completely. Returns how many rows were claimed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        // Calls already handed to the channel may finish after a stop request; only then is their token cancelled.
        using var sendCts = new CancellationTokenSource();
        using var stopping = ct.Register(() => sendCts.CancelAfter(options.ShutdownGrace));
        try
        {
            return await RunBatchAsync(null, sendCts.Token, ct);
        }
        finally
        {
            await DrainInFlightAsync();
        }
    }

    /// <summary>
    /// Claims and paces one batch. Sends it starts keep running when it returns, so the next claim overlaps the tail of
    /// this batch and the rate does not dip at batch boundaries.
    /// </summary>
    private async Task<int> RunBatchAsync(LeaseHolder? lease, CancellationToken sendCt, CancellationToken ct)
    {
        var claimToken = Guid.NewGuid().ToString("N");
        var claimed = await WithDbAsync(db => OutboxStore.ClaimAsync(db, claimToken, Now(), options.Lease, options.BatchSize, ct), ct);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var batch = await LoadBatchAsync(claimed, ct);
        var started = new HashSet<long>();
        try
        {
            foreach (var row in claimed)
            {
                ct.ThrowIfCancellationRequested();
                if (lease is { IsSafelyHeld: false } && !await lease.EnsureAsync(ct))
                {
                    // Another instance may take over soon; the rest of the batch goes back unsent.
                    break;
                }

                var route = Route(row, batch);
                if (route.WaitUntil is { } waitUntil)
                {
                    started.Add(row.Id);
                    await DeferAsync(row, claimToken, waitUntil, route.Final!.Value.Reason);
                    continue;
                }

                if (route.Final is { } final)
                {
                    started.Add(row.Id);
                    await WriteFinalAsync(row, claimToken, final.Status, final.Reason);
                    continue;
                }

                var address = route.Address!;
                var conversationKey = address.ConversationId ?? "user:" + address.UserId;
                if (LastCall(conversationKey) is { } previous)
                {
                    // One call at a time per thread, as Teams asks.
                    await previous.WaitAsync(ct);
                }

                var wait = conversations.WaitTime(conversationKey, Now());
                if (wait > options.MaxInlineWait)
                {
                    started.Add(row.Id);
                    await RescheduleAsync(row, claimToken, Now() + wait);
                    continue;
                }

                if (wait > TimeSpan.Zero)
                {
                    await Delay(wait, ct);
                }

                var bucket = Bucket(address.TenantId);
                for (var tokenWait = bucket.TryTake(Now()); tokenWait > TimeSpan.Zero; tokenWait = bucket.TryTake(Now()))
                {
                    await Delay(tokenWait, ct);
                }

                await parallel.WaitAsync(ct);
                started.Add(row.Id);
                conversations.Record(conversationKey, Now());
                var message = new ProactiveMessage
                {
                    Address = address,
                    IdempotencyKey = "delivery-" + row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    DeliveryId = row.Id,
                    Kind = route.Message!.Kind,
                    Text = route.Message.Text,
                    CardTemplate = route.Message.Template,
                    CardData = route.Message.Data,
                };

                // The Sending write, the call and the outcome write run off the pacing loop, so database latency
                // never lowers the send rate; their order per row is what the exactly-once reasoning relies on.
                var task = SendAndRecordAsync(row, claimToken, message, route.AddressRowId, bucket, sendCt)
                    .ContinueWith(_ => parallel.Release(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                Track(conversationKey, task);
            }
        }
        finally
        {
            var untouched = claimed.Where(r => !started.Contains(r.Id)).Select(r => r.Id).ToList();
            if (untouched.Count > 0)
            {
                await WithDbAsync(db => OutboxStore.ReleaseAsync(db, claimToken, untouched, CancellationToken.None));
            }
        }

        return claimed.Count;
    }

    /// <summary>
    /// Drains the outbox until <paramref name="stoppingToken"/> fires, while this instance holds the lease «outbox»;
    /// a failing database only pauses it. A stop gives the lease back once the started calls are recorded.
    /// </summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        using var sendCts = new CancellationTokenSource();
        using var stopping = stoppingToken.Register(() => sendCts.CancelAfter(options.ShutdownGrace));
        var lease = new LeaseHolder(leases, time, LeaseName, logger);
        var takenOver = false;
        lease.Acquired += _ => takenOver = true;
        var failures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (!await lease.EnsureAsync(stoppingToken))
                    {
                        failures = 0;
                        await Delay(StandbyPoll(), stoppingToken);
                        continue;
                    }

                    if (takenOver)
                    {
                        await FreeClaimsAsync(stoppingToken);
                        takenOver = false;
                    }

                    var claimed = await RunBatchAsync(lease, sendCts.Token, stoppingToken);
                    failures = 0;
                    if (claimed == 0)
                    {
                        await Delay(options.PollInterval, stoppingToken);
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    failures++;
                    var pause = retry.Backoff(Math.Min(failures, 6));
                    logger.LogError(ex, "Outbox batch failed; next try in {Pause}", pause);
                    try
                    {
                        await Delay(pause, stoppingToken);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            }
        }
        finally
        {
            await DrainInFlightAsync();
            await lease.ReleaseAsync();
        }
    }

    // A standby instance looks often enough that a dead holder is replaced soon after its lease runs out.
    private TimeSpan StandbyPoll() => leases.Duration / 6;

    /// <summary>
    /// Frees the rows other dispatchers had claimed: the lease was free or expired, so they have stopped claiming and
    /// sending (each checks the lease before every send, and a claim they still try to use no longer matches). Rows
    /// left in Sending are resent and flagged as possible duplicates, as after a restart.
    /// </summary>
    private async Task FreeClaimsAsync(CancellationToken ct)
    {
        var freed = await WithDbAsync(db => db.Deliveries
            .Where(d => d.LeaseUntil != null
                        && (d.Status == DeliveryStatus.Queued || d.Status == DeliveryStatus.Throttled || d.Status == DeliveryStatus.Sending))
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.LeaseOwner, (string?)null)
                .SetProperty(d => d.LeaseUntil, (DateTime?)null), ct));
        if (freed > 0)
        {
            logger.LogInformation("Outbox taken over by {Owner}: {Count} claimed deliveries freed", leases.Owner, freed);
        }
    }

    private void Track(string conversationKey, Task task)
    {
        lock (inFlight)
        {
            inFlight.RemoveAll(t => t.IsCompleted);
            inFlight.Add(task);
            if (lastPerConversation.Count > 10_000)
            {
                foreach (var done in lastPerConversation.Where(kv => kv.Value.IsCompleted).Select(kv => kv.Key).ToList())
                {
                    lastPerConversation.Remove(done);
                }
            }

            lastPerConversation[conversationKey] = task;
        }
    }

    private Task? LastCall(string conversationKey)
    {
        lock (inFlight)
        {
            return lastPerConversation.TryGetValue(conversationKey, out var task) && !task.IsCompleted ? task : null;
        }
    }

    private async Task DrainInFlightAsync()
    {
        Task[] pending;
        lock (inFlight)
        {
            pending = [.. inFlight];
            inFlight.Clear();
            lastPerConversation.Clear();
        }

        await Task.WhenAll(pending);
    }

    private async Task SendAndRecordAsync(
        ClaimedDelivery row, string claimToken, ProactiveMessage message, int? addressRowId, TokenBucket bucket, CancellationToken sendCt)
    {
        var attemptId = Guid.NewGuid().ToString("N");
        try
        {
            if (!await MarkSendingAsync(row, claimToken, attemptId))
            {
                // Cancelled by its author, or the lease was lost while waiting for a token.
                return;
            }
        }
        catch (Exception ex)
        {
            // Nothing was sent; the row keeps its lease until it expires and is then claimed again.
            logger.LogError(ex, "Could not mark delivery {Id} as sending", row.Id);
            return;
        }

        SendOutcome outcome;
        try
        {
            Counters.Metrics?.Send();
            outcome = await sender.SendAsync(message, sendCt);
        }
        catch (OperationCanceledException) when (sendCt.IsCancellationRequested)
        {
            // Abandoned mid-call at shutdown: whether the channel got it is unknown. The row stays Sending; the next
            // dispatcher resends it once the lease expires and flags it as a possible duplicate.
            Counters.Increment(OutboxCounter.Abandoned);
            logger.LogWarning("Delivery {Id} abandoned during shutdown; it will be resent", row.Id);
            return;
        }
        catch (Exception ex)
        {
            outcome = new SendOutcome.TransientFailure(ex.GetType().Name + ": " + ex.Message);
        }

        try
        {
            await RecordAsync(row, attemptId, message.Address, addressRowId, outcome, bucket);
        }
        catch (Exception ex)
        {
            // The row stays Sending and is resent after the lease: the honest at-least-once window.
            logger.LogError(ex, "Could not record the outcome of delivery {Id}", row.Id);
        }
    }

    private async Task RecordAsync(ClaimedDelivery row, string attemptId, ProactiveAddress address, int? addressRowId, SendOutcome outcome, TokenBucket bucket)
    {
        var now = Now();
        var attempts = row.Attempts + 1;
        switch (outcome)
        {
            case SendOutcome.Sent sent:
                bucket.OnSuccess();
                Counters.Increment(OutboxCounter.Sent);
                await WithDbAsync(async db =>
                {
                    await Attempt(db, row.Id, attemptId).ExecuteUpdateAsync(s => s
                        .SetProperty(d => d.Status, DeliveryStatus.Sent)
                        .SetProperty(d => d.SentAt, now)
                        .SetProperty(d => d.Attempts, attempts)
                        .SetProperty(d => d.ActivityId, PlainText.Fit(sent.ActivityId, 200))
                        .SetProperty(d => d.ConversationId, PlainText.Fit(sent.CreatedConversationId ?? address.ConversationId, 400))
                        .SetProperty(d => d.Error, (string?)null)
                        .SetProperty(d => d.LeaseOwner, (string?)null)
                        .SetProperty(d => d.LeaseUntil, (DateTime?)null)
                        .SetProperty(d => d.UpdatedAt, now), CancellationToken.None);
                    if (sent.CreatedConversationId is { } created)
                    {
                        await RememberPersonalChatAsync(db, row.PersonId, address, created, now);
                    }

                    return 0;
                });
                break;

            case SendOutcome.Throttled throttled:
                bucket.OnThrottled(now, throttled.RetryAfter);
                Counters.Increment(OutboxCounter.Throttled);
                logger.LogWarning("Delivery {Id} throttled until {At}", row.Id, now + throttled.RetryAfter);
                if (row.Throttles + 1 >= options.MaxThrottles)
                {
                    await WriteOutcomeAsync(row.Id, attemptId, DeliveryStatus.Failed, "слишком много ответов 429 (ограничение Teams)", now, null, attempts - 1, row.Throttles + 1);
                }
                else
                {
                    await WriteOutcomeAsync(row.Id, attemptId, DeliveryStatus.Throttled, "429: повтор после паузы", now, now + throttled.RetryAfter, attempts - 1, row.Throttles + 1);
                }

                break;

            case SendOutcome.Blocked blocked:
                Counters.Increment(OutboxCounter.Blocked);
                await WriteOutcomeAsync(row.Id, attemptId, DeliveryStatus.Blocked, blocked.Reason ?? "пользователь заблокировал бота", now, null, attempts, row.Throttles);
                await DeactivateAsync(addressRowId, now);
                break;

            case SendOutcome.NotFound notFound:
                Counters.Increment(OutboxCounter.NoAddress);
                await WriteOutcomeAsync(row.Id, attemptId, DeliveryStatus.NoAddress, notFound.Reason ?? "беседа не найдена (404)", now, null, attempts, row.Throttles);
                await DeactivateAsync(addressRowId, now);
                break;

            case SendOutcome.TransientFailure transient when retry.GivesUp(attempts):
                Counters.Increment(OutboxCounter.Failed);
                await WriteOutcomeAsync(row.Id, attemptId, DeliveryStatus.Failed, $"{transient.Reason} (попыток: {attempts})", now, null, attempts, row.Throttles);
                break;

            case SendOutcome.TransientFailure transient:
                Counters.Increment(OutboxCounter.Retried);
                var backoff = retry.Backoff(attempts);
                if (transient.RetryAfter is { } after && after > backoff)
                {
                    backoff = after;
                }

                await WriteOutcomeAsync(row.Id, attemptId, DeliveryStatus.Queued, transient.Reason, now, now + backoff, attempts, row.Throttles);
                break;

            case SendOutcome.PermanentFailure permanent:
                Counters.Increment(OutboxCounter.Failed);
                await WriteOutcomeAsync(row.Id, attemptId, DeliveryStatus.Failed, permanent.Reason, now, null, attempts, row.Throttles);
                break;
        }
    }

    private Task WriteOutcomeAsync(long id, string attemptId, DeliveryStatus status, string? error, DateTime now, DateTime? next, int attempts, int throttles) =>
        WithDbAsync(db =>
        {
            var update = Attempt(db, id, attemptId);
            return next is { } at
                ? update.ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.Status, status)
                    .SetProperty(d => d.Error, PlainText.Fit(error, 1000))
                    .SetProperty(d => d.NextAttemptAt, at)
                    .SetProperty(d => d.Attempts, attempts)
                    .SetProperty(d => d.Throttles, throttles)
                    .SetProperty(d => d.LeaseOwner, (string?)null)
                    .SetProperty(d => d.LeaseUntil, (DateTime?)null)
                    .SetProperty(d => d.UpdatedAt, now), CancellationToken.None)
                : update.ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.Status, status)
                    .SetProperty(d => d.Error, PlainText.Fit(error, 1000))
                    .SetProperty(d => d.Attempts, attempts)
                    .SetProperty(d => d.Throttles, throttles)
                    .SetProperty(d => d.LeaseOwner, (string?)null)
                    .SetProperty(d => d.LeaseUntil, (DateTime?)null)
                    .SetProperty(d => d.UpdatedAt, now), CancellationToken.None);
        });

    private static IQueryable<Delivery> Attempt(SchoolSupportDbContext db, long id, string attemptId) =>
        db.Deliveries.Where(d => d.Id == id && d.AttemptId == attemptId && d.Status == DeliveryStatus.Sending);

    private Task<bool> MarkSendingAsync(ClaimedDelivery row, string claimToken, string attemptId)
    {
        var now = Now();
        var resumed = row.Status == DeliveryStatus.Sending;
        if (resumed)
        {
            Counters.Increment(OutboxCounter.Resumed);
            logger.LogWarning("Delivery {Id} was left in Sending by a stopped dispatcher; sending again", row.Id);
        }

        // Committed before the call: from here on a crash leaves evidence (Sending) instead of a silent Queued row.
        return WithDbAsync(async db => await db.Deliveries
            .Where(d => d.Id == row.Id && d.LeaseOwner == claimToken
                        && (d.Status == DeliveryStatus.Queued || d.Status == DeliveryStatus.Throttled || d.Status == DeliveryStatus.Sending))
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Sending)
                .SetProperty(d => d.AttemptId, attemptId)
                .SetProperty(d => d.SendingAt, now)
                .SetProperty(d => d.Attempts, d => d.Attempts + 1)
                .SetProperty(d => d.PossibleDuplicate, d => d.PossibleDuplicate || resumed)
                .SetProperty(d => d.UpdatedAt, now), CancellationToken.None) == 1);
    }

    // A resumed Sending row may end here too (its person lost the address meanwhile); a cancelled one must not.
    private Task WriteFinalAsync(ClaimedDelivery row, string claimToken, DeliveryStatus status, string reason)
    {
        var now = Now();
        if (status == DeliveryStatus.NoAddress)
        {
            Counters.Increment(OutboxCounter.NoAddress);
        }

        return WithDbAsync(db => db.Deliveries
            .Where(d => d.Id == row.Id && d.LeaseOwner == claimToken
                        && (d.Status == DeliveryStatus.Queued || d.Status == DeliveryStatus.Throttled || d.Status == DeliveryStatus.Sending))
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, status)
                .SetProperty(d => d.Error, reason)
                .SetProperty(d => d.LeaseOwner, (string?)null)
                .SetProperty(d => d.LeaseUntil, (DateTime?)null)
                .SetProperty(d => d.UpdatedAt, now), CancellationToken.None));
    }

    private Task RescheduleAsync(ClaimedDelivery row, string claimToken, DateTime at)
    {
        var now = Now();
        return WithDbAsync(db => db.Deliveries
            .Where(d => d.Id == row.Id && d.LeaseOwner == claimToken
                        && (d.Status == DeliveryStatus.Queued || d.Status == DeliveryStatus.Throttled || d.Status == DeliveryStatus.Sending))
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Throttled)
                .SetProperty(d => d.NextAttemptAt, at)
                .SetProperty(d => d.LeaseOwner, (string?)null)
                .SetProperty(d => d.LeaseUntil, (DateTime?)null)
                .SetProperty(d => d.UpdatedAt, now), CancellationToken.None));
    }

    // Waiting for an address someone is arranging: not an attempt, not a throttle; the marker lets them wake the row.
    private Task DeferAsync(ClaimedDelivery row, string claimToken, DateTime until, string marker)
    {
        var now = Now();
        return WithDbAsync(db => db.Deliveries
            .Where(d => d.Id == row.Id && d.LeaseOwner == claimToken
                        && (d.Status == DeliveryStatus.Queued || d.Status == DeliveryStatus.Throttled || d.Status == DeliveryStatus.Sending))
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Queued)
                .SetProperty(d => d.NextAttemptAt, until)
                .SetProperty(d => d.Error, marker)
                .SetProperty(d => d.LeaseOwner, (string?)null)
                .SetProperty(d => d.LeaseUntil, (DateTime?)null)
                .SetProperty(d => d.UpdatedAt, now), CancellationToken.None));
    }

    private Task DeactivateAsync(int? addressRowId, DateTime now) =>
        addressRowId is not { } id
            ? Task.CompletedTask
            : WithDbAsync(db => db.ConversationAddresses.Where(a => a.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.IsActive, false).SetProperty(a => a.UpdatedAt, now), CancellationToken.None));

    /// <summary>A 1:1 chat was opened for this send: store it so later sends skip the create call.</summary>
    private static async Task RememberPersonalChatAsync(SchoolSupportDbContext db, int personId, ProactiveAddress address, string conversationId, DateTime now)
    {
        var exists = await db.ConversationAddresses.AnyAsync(
            a => a.ChannelId == address.ChannelId && a.UserId == address.UserId && a.ConversationId == conversationId, CancellationToken.None);
        if (exists)
        {
            return;
        }

        db.ConversationAddresses.Add(new ConversationAddress
        {
            PersonId = personId,
            ChannelId = address.ChannelId,
            UserId = address.UserId,
            ConversationId = conversationId,
            ConversationType = "personal",
            ServiceUrl = address.ServiceUrl,
            TenantId = address.TenantId,
            BotId = address.BotId,
            Locale = address.Locale,
            IsActive = true,
            UpdatedAt = now,
        });
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private sealed record Batch(
        IReadOnlyDictionary<long, OutboxMessage> Messages,
        IReadOnlyDictionary<int, (bool IsActive, bool RemindersMuted)> People,
        ILookup<int, ConversationAddress> Addresses,
        IReadOnlyDictionary<int, MissingAddress> Missing);

    private sealed record Routing(
        OutboxMessage? Message, ProactiveAddress? Address, int? AddressRowId, (DeliveryStatus Status, string Reason)? Final, DateTime? WaitUntil = null);

    private async Task<Batch> LoadBatchAsync(IReadOnlyList<ClaimedDelivery> claimed, CancellationToken ct)
    {
        var messageIds = claimed.Select(c => c.MessageId).Distinct().Where(id => !messages.ContainsKey(id)).ToList();
        var personIds = claimed.Select(c => c.PersonId).Distinct().ToList();
        return await WithDbAsync(async db =>
        {
            if (messageIds.Count > 0)
            {
                if (messages.Count > 1000)
                {
                    messages.Clear();
                }

                foreach (var m in await db.OutboxMessages.AsNoTracking().Where(m => messageIds.Contains(m.Id)).ToListAsync(ct))
                {
                    messages[m.Id] = m;
                }
            }

            var people = await db.People.AsNoTracking()
                .Where(p => personIds.Contains(p.Id))
                .Select(p => new { p.Id, p.IsActive, p.RemindersMuted })
                .ToDictionaryAsync(p => p.Id, p => (p.IsActive, p.RemindersMuted), ct);
            var addresses = await db.ConversationAddresses.AsNoTracking()
                .Where(a => a.PersonId != null && personIds.Contains(a.PersonId.Value) && a.IsActive)
                .ToListAsync(ct);
            var byPerson = addresses.ToLookup(a => a.PersonId!.Value);
            IReadOnlyDictionary<int, MissingAddress> missing = new Dictionary<int, MissingAddress>();
            var without = claimed
                .Where(c => messages.TryGetValue(c.MessageId, out var m) && m.Kind is DeliveryKind.Announcement or DeliveryKind.AnnouncementReminder or DeliveryKind.Survey)
                .Select(c => c.PersonId).Distinct()
                .Where(p => people.TryGetValue(p, out var person) && person.IsActive && !byPerson[p].Any(Usable))
                .ToList();
            if (missingAddresses is not null && without.Count > 0)
            {
                missing = await missingAddresses.ResolveAsync(db, without, Now(), ct);
            }

            return new Batch(messages, people, byPerson, missing);
        });
    }

    private static Routing Route(ClaimedDelivery row, Batch batch)
    {
        if (!batch.Messages.TryGetValue(row.MessageId, out var message))
        {
            return new Routing(null, null, null, (DeliveryStatus.Failed, "сообщение не найдено"));
        }

        if (!batch.People.TryGetValue(row.PersonId, out var person) || !person.IsActive)
        {
            return new Routing(message, null, null, (DeliveryStatus.Cancelled, "человек не активен"));
        }

        if (person.RemindersMuted && message.Kind is DeliveryKind.Reminder or DeliveryKind.WeeklyDigest)
        {
            return new Routing(message, null, null, (DeliveryStatus.Cancelled, "напоминания отключены получателем"));
        }

        var candidates = batch.Addresses[row.PersonId].OrderByDescending(a => a.UpdatedAt).ThenByDescending(a => a.Id).ToList();
        var personal = candidates.FirstOrDefault(a => a.ConversationType is null or "" or "personal");
        if (personal is not null)
        {
            return new Routing(message, ToAddress(personal, personal.ConversationId), personal.Id, null);
        }

        // Seen only in a team or group chat: Teams can open the 1:1 chat from the user id, tenant and service URL.
        var seen = candidates.FirstOrDefault(a => a.ChannelId == "msteams" && !string.IsNullOrEmpty(a.TenantId));
        if (seen is not null)
        {
            return new Routing(message, ToAddress(seen, null), null, null);
        }

        return batch.Missing.GetValueOrDefault(row.PersonId) switch
        {
            MissingAddress.Wait wait => new Routing(message, null, null, (DeliveryStatus.Queued, wait.Marker), wait.Until),
            MissingAddress.Unreachable unreachable => new Routing(message, null, null, (DeliveryStatus.NoAddress, unreachable.Reason)),
            _ => new Routing(message, null, null, (DeliveryStatus.NoAddress, NoAddressReason)),
        };
    }

    public const string NoAddressReason = "нет адреса: бот не установлен или человек ещё не писал боту";

    /// <summary>An address <see cref="Route"/> can send to: a personal chat, or a Teams user id to open one with.</summary>
    public static bool Usable(ConversationAddress a) =>
        a.IsActive && (a.ConversationType is null or "" or "personal" || (a.ChannelId == "msteams" && !string.IsNullOrEmpty(a.TenantId)));

    private static ProactiveAddress ToAddress(ConversationAddress a, string? conversationId) => new()
    {
        ChannelId = a.ChannelId,
        ServiceUrl = a.ServiceUrl,
        ConversationId = conversationId,
        UserId = a.UserId,
        TenantId = a.TenantId,
        BotId = a.BotId,
        Locale = a.Locale,
    };

    private TokenBucket Bucket(string? tenantId)
    {
        lock (tenants)
        {
            var key = tenantId ?? "";
            if (!tenants.TryGetValue(key, out var bucket))
            {
                bucket = new TokenBucket(options.TenantMessagesPerSecond, options.TenantBurst, Now(), options.TenantMaxMessagesPerSecond, options.TenantRateIncreasePerSecond);
                tenants[key] = bucket;
            }

            return bucket;
        }
    }

    /// <summary>
    /// Runs one unit of work. While the database is unreachable it waits and tries again (up to one lease), so an
    /// outage pauses the outbox instead of dropping what it was doing: above all the outcome of a send the channel
    /// already took, which would otherwise be lost and the message sent again once the lease expired. Every write is
    /// guarded (lease owner, attempt id, status), so repeating one that did commit changes nothing.
    /// </summary>
    private async Task<T> WithDbAsync<T>(Func<SchoolSupportDbContext, Task<T>> work, CancellationToken ct = default)
    {
        System.Diagnostics.Stopwatch? outage = null;
        var pause = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await work(scope.ServiceProvider.GetRequiredService<SchoolSupportDbContext>());
                if (outage is not null)
                {
                    logger.LogWarning("Database answers again after {Elapsed}; the outbox goes on", outage.Elapsed);
                }

                return result;
            }
            catch (Exception ex) when (DatabaseAvailability.IsUnavailable(ex) && !ct.IsCancellationRequested
                                       && (outage is null || outage.Elapsed < options.Lease))
            {
                if (outage is null)
                {
                    outage = System.Diagnostics.Stopwatch.StartNew();
                    logger.LogWarning("Database unavailable ({Error}); the outbox waits for it", ex.GetType().Name);
                }
            }

            await Task.Delay(pause, ct);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
        }
    }

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}

public enum OutboxCounter
{
    Sent,
    Throttled,
    Blocked,
    NoAddress,
    Failed,
    Retried,

    /// <summary>Rows found in Sending after a stop and sent again (possible duplicates).</summary>
    Resumed,

    /// <summary>Connector calls cut off by shutdown after the grace period.</summary>
    Abandoned,
}

/// <summary>What this dispatcher instance did since it started (for logs and the benchmark), also published as metrics.</summary>
public sealed class OutboxCounters(SchoolSupportMetrics? metrics = null)
{
    private readonly long[] values = new long[Enum.GetValues<OutboxCounter>().Length];

    internal SchoolSupportMetrics? Metrics => metrics;

    public long this[OutboxCounter counter] => Interlocked.Read(ref values[(int)counter]);

    internal void Increment(OutboxCounter counter)
    {
        Interlocked.Increment(ref values[(int)counter]);
        metrics?.Delivery(counter);
    }

    public override string ToString() =>
        string.Join(", ", Enum.GetValues<OutboxCounter>().Select(c => $"{c}={this[c]}"));
}
