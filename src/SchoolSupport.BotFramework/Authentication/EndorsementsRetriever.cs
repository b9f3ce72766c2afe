using System.Text.Json;
using Microsoft.IdentityModel.Protocols;

namespace SchoolSupport.BotFramework.Authentication;

/// <summary>
/// Reads the non-standard <c>endorsements</c> array of each JWKS key (the channels a key may sign for), which
/// IdentityModel's key parsing does not keep. Keys without endorsements get no entry.
/// </summary>
internal sealed class EndorsementsRetriever : IConfigurationRetriever<IDictionary<string, HashSet<string>>>
{
    public async Task<IDictionary<string, HashSet<string>>> GetConfigurationAsync(
        string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var metadata = await retriever.GetDocumentAsync(address, cancel).ConfigureAwait(false);
        string? jwksUri;
        using (var document = JsonDocument.Parse(metadata))
        {
            jwksUri = document.RootElement.TryGetProperty("jwks_uri", out var uri) ? uri.GetString() : null;
        }

        if (string.IsNullOrEmpty(jwksUri))
        {
            throw new InvalidOperationException($"OpenID metadata at {address} has no jwks_uri.");
        }

        var jwks = await retriever.GetDocumentAsync(jwksUri, cancel).ConfigureAwait(false);
        using var keys = JsonDocument.Parse(jwks);
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        if (!keys.RootElement.TryGetProperty("keys", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return result;
        }

        foreach (var key in array.EnumerateArray())
        {
            if (key.TryGetProperty("kid", out var kid) && kid.GetString() is { } keyId
                && key.TryGetProperty("endorsements", out var endorsements) && endorsements.ValueKind == JsonValueKind.Array
                && !result.ContainsKey(keyId))
            {
                result[keyId] = endorsements.EnumerateArray()
                    .Where(e => e.ValueKind == JsonValueKind.String)
                    .Select(e => e.GetString()!)
                    .ToHashSet(StringComparer.Ordinal);
            }
        }

        return result;
    }
}
