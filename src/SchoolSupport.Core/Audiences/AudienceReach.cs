using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SchoolSupport.Data;
using SchoolSupport.Outbox;

namespace SchoolSupport.Audiences;

/// <summary>
/// Who of an audience the bot cannot write to yet, for the preview: empty texts when everyone is reachable.
/// </summary>
/// <param name="Count">Recipients without an address the outbox can send to.</param>
/// <param name="Summary">«Пока не получат сообщение: 2 из 3 — у них нет чата с ботом в Teams.»</param>
/// <param name="Names">The people with their school, the first <see cref="AudienceReach.MaxNames"/> and «и ещё N».</param>
/// <param name="Advice">What happens to them: the bot installs the app first, or what to ask the Teams admin for.</param>
public sealed record ReachReport(int Count, string Summary, string Names, string Advice)
{
    public static ReachReport Everyone { get; } = new(0, "", "", "");

    /// <summary>The non-empty texts in reading order (for cards that list warnings).</summary>
    public IReadOnlyList<string> Lines => new[] { Summary, Names, Advice }.Where(s => s.Length > 0).ToList();
}

/// <summary>Tells which recipients have no usable address and what will happen to them.</summary>
public sealed class AudienceReach(IOptions<TeamsInstallOptions> options)
{
    public const int MaxNames = 8;

    public async Task<ReachReport> DescribeAsync(SchoolSupportDbContext db, IReadOnlyCollection<int> personIds, CancellationToken ct)
    {
        if (personIds.Count == 0)
        {
            return ReachReport.Everyone;
        }

        var ids = personIds.Distinct().ToList();
        var addresses = await db.ConversationAddresses.AsNoTracking()
            .Where(a => a.PersonId != null && ids.Contains(a.PersonId.Value) && a.IsActive)
            .ToListAsync(ct);
        var reachable = addresses.Where(OutboxDispatcher.Usable).Select(a => a.PersonId!.Value).ToHashSet();
        var unreachable = ids.Where(id => !reachable.Contains(id)).ToList();
        if (unreachable.Count == 0)
        {
            return ReachReport.Everyone;
        }

        var people = await db.People.AsNoTracking().Where(p => unreachable.Contains(p.Id))
            .Select(p => new { p.Id, p.FullName }).ToListAsync(ct);
        var schools = await db.RoleAssignments.AsNoTracking()
            .Where(r => unreachable.Contains(r.PersonId) && r.SchoolId != null)
            .Join(db.Schools, r => r.SchoolId, s => (int?)s.Id, (r, s) => new { r.PersonId, Name = s.ShortName ?? s.Name })
            .ToListAsync(ct);
        var municipalities = await db.RoleAssignments.AsNoTracking()
            .Where(r => unreachable.Contains(r.PersonId) && r.SchoolId == null && r.MunicipalityId != null)
            .Join(db.Municipalities, r => r.MunicipalityId, m => (int?)m.Id, (r, m) => new { r.PersonId, m.Name })
            .ToListAsync(ct);
        var installs = await db.AppInstallations.AsNoTracking().Where(i => unreachable.Contains(i.PersonId))
            .ToDictionaryAsync(i => i.PersonId, ct);

        string Place(int personId)
        {
            var own = schools.Where(s => s.PersonId == personId).Select(s => s.Name).Distinct().Order(StringComparer.Ordinal).ToList();
            return own.Count switch
            {
                0 => municipalities.FirstOrDefault(m => m.PersonId == personId)?.Name ?? "без школы",
                1 or 2 => string.Join("; ", own),
                _ => $"{own[0]} и ещё {own.Count - 1}",
            };
        }

        var o = options.Value;
        var refused = unreachable.Where(id => installs.TryGetValue(id, out var i) && i.State is AppInstallState.Refused or AppInstallState.Failed).ToHashSet();
        var rows = people
            .Select(p => (Name: p.FullName, Place: Place(p.Id), Refused: refused.Contains(p.Id)))
            .OrderBy(r => r.Place, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
        var shown = rows.Take(MaxNames).Select(r => $"{r.Name} ({r.Place})" + (o.IsConfigured && r.Refused ? " — установка не удалась" : ""));
        var names = string.Join("; ", shown) + (rows.Count > MaxNames ? $" и ещё {rows.Count - MaxNames}." : ".");
        var summary = $"Пока не могут получить сообщение: {N(unreachable.Count)} из {N(ids.Count)} — у них нет чата с ботом в Teams.";

        string advice;
        if (!o.IsConfigured)
        {
            advice = o.AdminRequest() + " Или попросите их самих открыть бота в Teams.";
        }
        else if (refused.Count == 0)
        {
            advice = "Перед отправкой бот сам установит им приложение в Teams (Microsoft Graph) и доставит сообщение.";
        }
        else
        {
            var reasons = refused.Select(id => installs[id].Error).Where(e => !string.IsNullOrEmpty(e)).Distinct().Take(2);
            advice = (refused.Count < unreachable.Count ? "Остальным бот установит приложение перед отправкой. " : "")
                     + $"Установка не удалась для {N(refused.Count)}: {string.Join("; ", reasons)}.";
        }

        return new ReachReport(unreachable.Count, summary, names, advice);
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}
