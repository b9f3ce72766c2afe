using System.Text.Encodings.Web;
using System.Text.Json;

namespace SchoolSupport.Common;

/// <summary>
/// The one set of JSON settings for what the program writes and reads itself (card data, stored snapshots, files
/// people edit by hand): web naming, Cyrillic written as is rather than <c>\uXXXX</c>, and comments and trailing
/// commas tolerated on reading. A feature that needs more (an enum converter) copies <see cref="Options"/>.
/// </summary>
public static class RelaxedJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>For <see cref="JsonDocument"/> and <c>JsonNode</c> parsing of the same files.</summary>
    public static JsonDocumentOptions DocumentOptions { get; } = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
