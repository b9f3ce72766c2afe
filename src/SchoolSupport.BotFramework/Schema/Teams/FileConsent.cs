using System.Text.Json;
using System.Text.Json.Serialization;

namespace SchoolSupport.BotFramework.Schema.Teams;

/// <summary>
/// The Teams file consent flow (how a bot sends a file in a personal chat): the bot posts a
/// <see cref="FileConsentCard"/>, the person accepts or declines, Teams sends the <c>fileConsent/invoke</c> invoke with a
/// <see cref="FileConsentCardResponse"/>, the bot uploads to <see cref="FileUploadInfo.UploadUrl"/> and posts a
/// <see cref="FileInfoCard"/>.
/// </summary>
public class FileConsentCard
{
    public const string ContentType = "application/vnd.microsoft.teams.card.file.consent";

    public string? Description { get; set; }
    public long? SizeInBytes { get; set; }
    public JsonElement? AcceptContext { get; set; }
    public JsonElement? DeclineContext { get; set; }
}

public class FileConsentCardResponse
{
    public const string Accept = "accept";
    public const string Decline = "decline";

    /// <summary><c>accept</c> or <c>decline</c>.</summary>
    public string? Action { get; set; }

    public JsonElement? Context { get; set; }
    public FileUploadInfo? UploadInfo { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}

public class FileUploadInfo
{
    public string? Name { get; set; }
    public string? UploadUrl { get; set; }
    public string? ContentUrl { get; set; }
    public string? UniqueId { get; set; }
    public string? FileType { get; set; }
}

public class FileInfoCard
{
    public const string ContentType = "application/vnd.microsoft.teams.card.file.info";

    public string? UniqueId { get; set; }
    public string? FileType { get; set; }
    public JsonElement? Etag { get; set; }
}
