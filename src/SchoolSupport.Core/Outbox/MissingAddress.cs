using SchoolSupport.Data;

namespace SchoolSupport.Outbox;

/// <summary>
/// Asked by the dispatcher about recipients it has no address for, before it marks them
/// <see cref="DeliveryStatus.NoAddress"/>: a feature that can arrange an address (installing the Teams app for the
/// person) tells the row to wait for it. Without a registered handler such rows end as NoAddress at once.
/// </summary>
public interface IMissingAddressHandler
{
    /// <summary>What to do with each person's rows; a person left out ends as NoAddress with the default reason.</summary>
    Task<IReadOnlyDictionary<int, MissingAddress>> ResolveAsync(
        SchoolSupportDbContext db, IReadOnlyCollection<int> personIds, DateTime utcNow, CancellationToken ct);
}

public abstract record MissingAddress
{
    private MissingAddress()
    {
    }

    /// <summary>An address is being arranged: the row goes back to Queued until <paramref name="Until"/>.</summary>
    /// <param name="Marker">Written as the row's error, so whoever arranges the address can wake exactly these rows.</param>
    public sealed record Wait(DateTime Until, string Marker) : MissingAddress;

    /// <summary>No address can be had: the row ends as NoAddress with <paramref name="Reason"/>.</summary>
    public sealed record Unreachable(string Reason) : MissingAddress;
}
