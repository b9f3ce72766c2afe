using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SchoolSupport.Common;
using SchoolSupport.Conversation;
using SchoolSupport.Data;
using SchoolSupport.Outbox;

namespace SchoolSupport.Audiences;

/// <summary>
/// Installing the Teams app for recipients who do not have it (section «TeamsInstall»). Off until the tenant, the
/// app's credentials and the app's id in the organisation's Teams catalogue are set; the client id and secret default
/// to the bot's own (<c>Bot:MicrosoftAppId</c>, <c>Bot:MicrosoftAppPassword</c>).
/// </summary>
public sealed class TeamsInstallOptions
{
    public const string Section = "TeamsInstall";

    /// <summary>The Microsoft Graph application permission the installs need, granted with admin consent.</summary>
    public const string Permission = "TeamsAppInstallation.ReadWriteForUser.All";

    public string? TenantId { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>The app's id in the organisation's app catalogue (Teams admin centre → Apps → the app → App ID), not the manifest id.</summary>
    public string? CatalogAppId { get; set; }

    public string GraphBaseUrl { get; set; } = "https://graph.microsoft.com/v1.0/";

    /// <summary>Entra host; the token endpoint is <c>{AuthorityHost}/{TenantId}/oauth2/v2.0/token</c>.</summary>
    public string AuthorityHost { get; set; } = "https://login.microsoftonline.com/";

    /// <summary>The connector the new chats are written to: the tenant's region (<c>…/emea/</c>, <c>…/amer/</c>) or the global one.</summary>
    public string ServiceUrl { get; set; } = "https://smba.trafficmanager.net/teams/";

    /// <summary>Installs started per second (each is up to three Graph requests); Graph answers 429 above its limits.</summary>
    public double InstallsPerSecond { get; set; } = 2;

    public int BatchSize { get; set; } = 20;
    public int MaxAttempts { get; set; } = 5;
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a claimed install is this instance's; another takes it over after that (installing again is harmless).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A delivery waiting for an install looks again after this even if nobody wakes it.</summary>
    public TimeSpan DeliveryWait { get; set; } = TimeSpan.FromHours(1);

    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(TenantId) && !string.IsNullOrWhiteSpace(ClientId)
        && !string.IsNullOrWhiteSpace(ClientSecret) && !string.IsNullOrWhiteSpace(CatalogAppId);

    /// <summary>What the coordinator asks the Teams admin for: the permission, the app and the settings still missing.</summary>
    public string AdminRequest()
    {
        var app = string.IsNullOrWhiteSpace(ClientId) ? "приложению бота (его ID — Bot:MicrosoftAppId в настройках)" : $"приложению бота с ID {ClientId}";
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(TenantId))
        {
            missing.Add("ID клиента Entra (TeamsInstall:TenantId)");
        }

        if (string.IsNullOrWhiteSpace(ClientSecret))
        {
            missing.Add("секрет приложения (TeamsInstall:ClientSecret)");
        }

        if (string.IsNullOrWhiteSpace(CatalogAppId))
        {
            missing.Add("ID приложения в каталоге Teams организации (TeamsInstall:CatalogAppId)");
        }

        var settings = missing.Count == 0 ? "" : " и указать в настройках бота " + string.Join(", ", missing);
        return $"Попросите администратора Teams выдать {app} разрешение Microsoft Graph {Permission} (тип «Приложение») с согласием администратора{settings}: тогда бот сам установит приложение этим людям.";
    }

    /// <summary>What to ask the Teams admin to check when Graph answered 403 although the installs are set up.</summary>
    public string RefusedRequest() =>
        $"Попросите администратора Teams проверить, что приложению бота с ID {ClientId} выдано разрешение Microsoft Graph {Permission} "
        + $"(тип «Приложение») с согласием администратора и что приложение {CatalogAppId} разрешено пользователям в центре администрирования Teams.";
}

/// <summary>Who to install the app for: the Entra object id when known, else the UPN (work e-mail).</summary>
public sealed record InstallTarget(int PersonId, string UserKey);

/// <summary>Installs the app for one user and finds their chat with the bot (the host does it with Microsoft Graph).</summary>
public interface ITeamsAppInstaller
{
    Task<InstallOutcome> InstallAsync(InstallTarget target, CancellationToken ct);
}

public abstract record InstallOutcome
{
    private InstallOutcome()
    {
    }

    /// <summary>Installed now or already (409); <paramref name="ChatId"/> is the person's chat with the bot.</summary>
    public sealed record Installed(string ChatId, bool AlreadyInstalled) : InstallOutcome;

    /// <summary>403, 404, 400: retrying cannot help. <paramref name="Reason"/> is for the coordinator.</summary>
    public sealed record Refused(string Reason) : InstallOutcome;

    public sealed record Throttled(TimeSpan RetryAfter) : InstallOutcome;

    public sealed record TransientFailure(string Reason, TimeSpan? RetryAfter = null) : InstallOutcome;
}

/// <summary>Keeps deliveries to people without the app waiting while the app is installed for them.</summary>
public sealed class AppInstalls(IOptions<TeamsInstallOptions> options, ILogger<AppInstalls> logger) : IMissingAddressHandler
{
    /// <summary>The error of a delivery waiting for an install; the install job wakes these rows.</summary>
    public const string WaitMarker = "ожидает установки приложения в Teams";

    public const string NotConfiguredReason = "бот не установлен; автоматическая установка не настроена.";

    public async Task<IReadOnlyDictionary<int, MissingAddress>> ResolveAsync(
        SchoolSupportDbContext db, IReadOnlyCollection<int> personIds, DateTime utcNow, CancellationToken ct)
    {
        var o = options.Value;
        if (!o.IsConfigured)
        {
            var reason = NotConfiguredReason + " " + o.AdminRequest();
            return personIds.ToDictionary(p => p, _ => (MissingAddress)new MissingAddress.Unreachable(reason));
        }

        var rows = await db.AppInstallations.AsNoTracking().Where(i => personIds.Contains(i.PersonId)).ToListAsync(ct);
        var missing = personIds.Except(rows.Select(r => r.PersonId)).ToList();
        if (missing.Count > 0)
        {
            foreach (var personId in missing)
            {
                db.AppInstallations.Add(new AppInstallation
                {
                    PersonId = personId,
                    State = AppInstallState.Pending,
                    CreatedAt = utcNow,
                    NextAttemptAt = utcNow,
                    UpdatedAt = utcNow,
                });
            }

            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex)
            {
                // Another dispatcher queued some of them at the same moment; one row per person is all that matters.
                logger.LogInformation(ex, "Installs for {Count} people were queued concurrently", missing.Count);
                db.ChangeTracker.Clear();
                foreach (var personId in missing)
                {
                    if (!await db.AppInstallations.AnyAsync(i => i.PersonId == personId, ct))
                    {
                        db.AppInstallations.Add(new AppInstallation
                        {
                            PersonId = personId,
                            State = AppInstallState.Pending,
                            CreatedAt = utcNow,
                            NextAttemptAt = utcNow,
                            UpdatedAt = utcNow,
                        });
                        try
                        {
                            await db.SaveChangesAsync(ct);
                        }
                        catch (DbUpdateException)
                        {
                            db.ChangeTracker.Clear();
                        }
                    }
                }
            }

            db.ChangeTracker.Clear();
        }

        var wait = new MissingAddress.Wait(utcNow + o.DeliveryWait, WaitMarker);
        var result = new Dictionary<int, MissingAddress>();
        foreach (var personId in personIds)
        {
            var row = rows.FirstOrDefault(r => r.PersonId == personId);
            result[personId] = row?.State switch
            {
                null or AppInstallState.Pending => wait,
                AppInstallState.Installed => new MissingAddress.Unreachable("приложение было установлено, но получатель удалил его или заблокировал бота"),
                _ => new MissingAddress.Unreachable(row.Error ?? "установка приложения не удалась"),
            };
        }

        return result;
    }
}

/// <summary>
/// Works through the <see cref="AppInstallation"/> rows on the instance holding the lease «teams-install»:
/// installs the app through <see cref="ITeamsAppInstaller"/> at <see cref="TeamsInstallOptions.InstallsPerSecond"/>,
/// stores the person's chat as their address, and wakes the deliveries that waited for it. A 429 pauses all installs
/// for its Retry-After. Each row is claimed with its own lease, so a holder that lost the job lease mid-run and a new
/// holder never install for the same person at once; installing twice would be harmless anyway (409, the same chat).
/// </summary>
public sealed class AppInstallJob(
    IServiceScopeFactory scopes,
    ITeamsAppInstaller installer,
    IOptions<TeamsInstallOptions> options,
    TimeProvider time,
    LeaseManager leases,
    ILogger<AppInstallJob> logger)
{
    private long pausedUntilTicks;
    private long lastStart;

    public const string LeaseName = "teams-install";

    /// <summary>Handles the due installs once; returns how many were attempted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (!o.IsConfigured)
        {
            return 0;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchoolSupportDbContext>();
        await WakeDeliveriesAsync(db, ct);
        var now = Now();
        if (now.Ticks < Interlocked.Read(ref pausedUntilTicks))
        {
            return 0;
        }

        var due = await db.AppInstallations.AsNoTracking()
            .Where(i => i.State == AppInstallState.Pending && i.NextAttemptAt <= now && (i.LeaseUntil == null || i.LeaseUntil < now))
            .OrderBy(i => i.NextAttemptAt).ThenBy(i => i.Id)
            .Select(i => i.Id)
            .Take(o.BatchSize)
            .ToListAsync(ct);
        var attempted = 0;
        var token = leases.Owner + ":" + Guid.NewGuid().ToString("N")[..8];
        foreach (var id in due)
        {
            now = Now();
            var claimed = await db.AppInstallations
                .Where(i => i.Id == id && i.State == AppInstallState.Pending && (i.LeaseUntil == null || i.LeaseUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.LeaseOwner, token).SetProperty(i => i.LeaseUntil, now + o.Lease), ct);
            if (claimed == 0)
            {
                continue;
            }

            attempted++;
            if (!await InstallOneAsync(db, id, token, o, ct))
            {
                // Throttled: the rest waits for the Retry-After too.
                break;
            }
        }

        await WakeDeliveriesAsync(db, ct);
        return attempted;
    }

    /// <summary>Returns false when Graph throttled the call.</summary>
    private async Task<bool> InstallOneAsync(SchoolSupportDbContext db, int id, string token, TeamsInstallOptions o, CancellationToken ct)
    {
        var row = await db.AppInstallations.AsNoTracking().FirstAsync(i => i.Id == id, ct);
        var person = await db.People.AsNoTracking().Where(p => p.Id == row.PersonId)
            .Select(p => new { p.IsActive, p.Email, p.AadObjectId }).FirstOrDefaultAsync(ct);
        var key = person?.AadObjectId ?? person?.Email;
        if (person is not { IsActive: true } || string.IsNullOrWhiteSpace(key))
        {
            await FinishAsync(db, id, token, AppInstallState.Refused, null,
                person is { IsActive: true } ? "в списке людей нет e-mail (UPN) для Teams" : "человек не активен");
            return true;
        }

        await PaceAsync(o, ct);
        InstallOutcome outcome;
        try
        {
            outcome = await installer.InstallAsync(new InstallTarget(row.PersonId, key), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            outcome = new InstallOutcome.TransientFailure(ex.GetType().Name);
        }

        var now = Now();
        switch (outcome)
        {
            case InstallOutcome.Installed installed:
                await RememberChatAsync(db, row.PersonId, person.AadObjectId, key, installed.ChatId, o, now, ct);
                await FinishAsync(db, id, token, AppInstallState.Installed, installed.ChatId, null);
                logger.LogInformation("Teams app installed for person {Person} ({Already})", row.PersonId, installed.AlreadyInstalled ? "already installed" : "new");
                return true;

            case InstallOutcome.Refused refused:
                logger.LogWarning("Teams app install refused for person {Person}: {Reason}", row.PersonId, refused.Reason);
                await FinishAsync(db, id, token, AppInstallState.Refused, null, refused.Reason);
                return true;

            case InstallOutcome.Throttled throttled:
                var wait = throttled.RetryAfter > TimeSpan.Zero ? throttled.RetryAfter : TimeSpan.FromSeconds(1);
                Interlocked.Exchange(ref pausedUntilTicks, (now + wait).Ticks);
                logger.LogWarning("Graph throttled the install for person {Person}; installs wait {Wait}", row.PersonId, wait);
                await db.AppInstallations.Where(i => i.Id == id && i.LeaseOwner == token)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(i => i.NextAttemptAt, now + wait)
                        .SetProperty(i => i.Throttles, i => i.Throttles + 1)
                        .SetProperty(i => i.Error, "Microsoft Graph просит подождать (429)")
                        .SetProperty(i => i.LeaseOwner, (string?)null)
                        .SetProperty(i => i.LeaseUntil, (DateTime?)null)
                        .SetProperty(i => i.UpdatedAt, now), CancellationToken.None);
                return false;

            case InstallOutcome.TransientFailure failure:
                var attempts = row.Attempts + 1;
                if (attempts >= o.MaxAttempts)
                {
                    await FinishAsync(db, id, token, AppInstallState.Failed, null, $"установка не удалась: {failure.Reason} (попыток: {attempts})");
                    return true;
                }

                var backoff = Backoff(o, attempts);
                if (failure.RetryAfter is { } after && after > backoff)
                {
                    backoff = after;
                }

                await db.AppInstallations.Where(i => i.Id == id && i.LeaseOwner == token)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(i => i.NextAttemptAt, now + backoff)
                        .SetProperty(i => i.Attempts, attempts)
                        .SetProperty(i => i.Error, PlainText.Fit(failure.Reason, 1000))
                        .SetProperty(i => i.LeaseOwner, (string?)null)
                        .SetProperty(i => i.LeaseUntil, (DateTime?)null)
                        .SetProperty(i => i.UpdatedAt, now), CancellationToken.None);
                return true;
        }

        return true;
    }

    // Outcome writes take no token: once Graph has answered, the answer is recorded even during a stop.
    private Task FinishAsync(SchoolSupportDbContext db, int id, string token, AppInstallState state, string? chatId, string? error)
    {
        var now = Now();
        return db.AppInstallations.Where(i => i.Id == id && i.LeaseOwner == token)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.State, state)
                .SetProperty(i => i.ChatId, chatId)
                .SetProperty(i => i.Error, PlainText.Fit(error, 1000))
                .SetProperty(i => i.LeaseOwner, (string?)null)
                .SetProperty(i => i.LeaseUntil, (DateTime?)null)
                .SetProperty(i => i.UpdatedAt, now), CancellationToken.None);
    }

    /// <summary>The chat becomes the person's personal address; stored once however often the install is repeated.</summary>
    private static async Task RememberChatAsync(
        SchoolSupportDbContext db, int personId, string? aadObjectId, string userKey, string chatId, TeamsInstallOptions o, DateTime now, CancellationToken ct)
    {
        var existing = await db.ConversationAddresses.FirstOrDefaultAsync(
            a => a.ChannelId == "msteams" && a.UserId == userKey && a.ConversationId == chatId, ct);
        if (existing is null)
        {
            db.ConversationAddresses.Add(new ConversationAddress
            {
                PersonId = personId,
                ChannelId = "msteams",
                UserId = userKey,
                AadObjectId = aadObjectId,
                TenantId = o.TenantId,
                ConversationId = chatId,
                ConversationType = "personal",
                ServiceUrl = o.ServiceUrl,
                BotId = "28:" + o.ClientId,
                Locale = "ru-RU",
                IsActive = true,
                UpdatedAt = now,
            });
        }
        else
        {
            existing.PersonId = personId;
            existing.IsActive = true;
            existing.UpdatedAt = now;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Stored by a concurrent run of the same install: the same address.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Deliveries that waited for an install that has ended (either way) are due again now.</summary>
    private async Task WakeDeliveriesAsync(SchoolSupportDbContext db, CancellationToken ct)
    {
        var now = Now();
        var ended = db.AppInstallations.Where(i => i.State != AppInstallState.Pending).Select(i => i.PersonId);
        await db.Deliveries
            .Where(d => d.Status == DeliveryStatus.Queued && d.Error == AppInstalls.WaitMarker && d.NextAttemptAt > now && ended.Contains(d.PersonId))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, now).SetProperty(d => d.UpdatedAt, now), ct);
    }

    private async Task PaceAsync(TeamsInstallOptions o, CancellationToken ct)
    {
        var spacing = (long)(Stopwatch.Frequency / Math.Max(0.01, o.InstallsPerSecond));
        var last = Interlocked.Read(ref lastStart);
        var wait = last + spacing - Stopwatch.GetTimestamp();
        if (last != 0 && wait > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), ct);
        }

        Interlocked.Exchange(ref lastStart, Stopwatch.GetTimestamp());
    }

    private static TimeSpan Backoff(TeamsInstallOptions o, int attempts)
    {
        var seconds = Math.Min(o.RetryMaxDelay.TotalSeconds, o.RetryBaseDelay.TotalSeconds * Math.Pow(2, Math.Min(attempts - 1, 20)));
        return TimeSpan.FromSeconds(seconds * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}

/// <summary>
/// Runs <see cref="AppInstallJob"/> every <see cref="TeamsInstallOptions.PollInterval"/> while this instance holds the
/// lease «teams-install»; the others stand by and take over when the holder stops renewing it. Like the outbox worker,
/// it paces itself by elapsed time, so it keeps polling however the clock is set.
/// </summary>
public sealed class AppInstallWorker(AppInstallJob job, LeaseManager leases, TimeProvider time, IOptions<TeamsInstallOptions> options, ILogger<AppInstallWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsConfigured)
        {
            logger.LogInformation("Teams app installs are off: {Request}", options.Value.AdminRequest());
            return;
        }

        var holder = new LeaseHolder(leases, time, AppInstallJob.LeaseName, logger);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (await holder.EnsureAsync(stoppingToken))
                    {
                        await job.RunOnceAsync(stoppingToken);
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "Teams app installs failed; trying again");
                }

                try
                {
                    var pause = holder.IsSafelyHeld ? options.Value.PollInterval : leases.Duration / 6;
                    await Task.Delay(pause, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        finally
        {
            await holder.ReleaseAsync();
        }
    }
}

public static class AppInstallSetup
{
    /// <summary>The reach report of previews (announcements, surveys); without <see cref="AddAppInstalls"/> installs count as off.</summary>
    public static IServiceCollection AddAudienceReach(this IServiceCollection services)
    {
        services.AddOptions();
        services.TryAddSingleton<AudienceReach>();
        return services;
    }

    /// <summary>
    /// The install queue the outbox asks about recipients without an address, the reach report of previews, and the
    /// leased install job. The host registers the <see cref="ITeamsAppInstaller"/> (Microsoft Graph).
    /// </summary>
    public static IServiceCollection AddAppInstalls(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TeamsInstallOptions>()
            .Bind(configuration.GetSection(TeamsInstallOptions.Section))
            .Validate(o => o.InstallsPerSecond > 0 && o.BatchSize > 0 && o.MaxAttempts > 0 && o.Lease > TimeSpan.Zero && o.PollInterval > TimeSpan.Zero,
                "TeamsInstall: InstallsPerSecond, BatchSize, MaxAttempts, Lease and PollInterval must be positive.")
            .ValidateOnStart();
        services.AddSingleton<AppInstalls>();
        services.AddSingleton<IMissingAddressHandler>(sp => sp.GetRequiredService<AppInstalls>());
        services.AddAudienceReach();
        services.AddSingleton<AppInstallJob>();
        services.AddHostedService<AppInstallWorker>();
        return services;
    }
}
