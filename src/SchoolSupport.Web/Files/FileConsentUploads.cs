using System.Net.Http.Headers;
using System.Text.Json;
using SchoolSupport.BotFramework.Builder;
using SchoolSupport.BotFramework.Schema;
using SchoolSupport.BotFramework.Schema.Teams;
using SchoolSupport.Data;
using SchoolSupport.Files;

namespace SchoolSupport.Web.Files;

/// <summary>
/// The person's answer to a file consent card: on accept the export is taken (once, only by the Teams account that
/// asked for it), uploaded to the <c>uploadUrl</c> Teams gave (a pre-authorised OneDrive upload session, so no token
/// goes with it) and announced with a file info card; on decline it is discarded.
/// </summary>
internal sealed class FileConsentUploads(SchoolSupportDbContext db, IHttpClientFactory http, TimeProvider time, ILogger<FileConsentUploads> logger)
{
    public const string HttpClientName = "FileConsentUpload";

    public const string Unavailable = "Этот файл уже недоступен: он отправлен, отклонён или устарел. Попросите выгрузку ещё раз.";
    public const string Declined = "Хорошо, файл не сохранён.";
    public const string UploadFailed = "Не получилось сохранить файл в OneDrive. Попросите выгрузку ещё раз чуть позже.";

    public async Task<InvokeResponse> AcceptAsync(ITurnContext turnContext, FileConsentCardResponse response, CancellationToken ct)
    {
        var upload = response.UploadInfo;
        if (!TryUploadUri(upload?.UploadUrl, out var uploadUri))
        {
            return new InvokeResponse(400);
        }

        var export = await TakeAsync(turnContext, response, ct);
        if (export is null)
        {
            await turnContext.SendActivityAsync(MessageFactory.Text(Unavailable), ct);
            return new InvokeResponse(200);
        }

        try
        {
            using var content = new ByteArrayContent(export.Content);
            content.Headers.ContentRange = new ContentRangeHeaderValue(0, Math.Max(0, export.Content.LongLength - 1), export.Content.LongLength);
            content.Headers.ContentType = MediaTypeHeaderValue.TryParse(export.ContentType, out var type)
                ? type
                : new MediaTypeHeaderValue("application/octet-stream");
            using var put = await http.CreateClient(HttpClientName).PutAsync(uploadUri, content, ct);
            put.EnsureSuccessStatusCode();
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning(ex, "Upload of export {ExportId} to the person's OneDrive failed", export.Id);
            await turnContext.SendActivityAsync(MessageFactory.Text(UploadFailed), ct);
            return new InvokeResponse(200);
        }

        var info = MessageFactory.Text($"Файл «{upload!.Name ?? export.FileName}» сохранён в ваш OneDrive.");
        info.Attachments =
        [
            new Attachment
            {
                ContentType = FileInfoCard.ContentType,
                ContentUrl = upload.ContentUrl,
                Name = upload.Name ?? export.FileName,
                Content = BotJson.ToElement(new FileInfoCard { UniqueId = upload.UniqueId, FileType = upload.FileType }),
            },
        ];
        await turnContext.SendActivityAsync(info, ct);
        return new InvokeResponse(200);
    }

    public async Task<InvokeResponse> DeclineAsync(ITurnContext turnContext, FileConsentCardResponse response, CancellationToken ct)
    {
        var export = await TakeAsync(turnContext, response, ct);
        await turnContext.SendActivityAsync(MessageFactory.Text(export is null ? Unavailable : Declined), ct);
        return new InvokeResponse(200);
    }

    private async Task<ExportFile?> TakeAsync(ITurnContext turnContext, FileConsentCardResponse response, CancellationToken ct)
    {
        var id = response.Context is { ValueKind: JsonValueKind.Object } context
                 && context.TryGetProperty("exportId", out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
        var activity = turnContext.Activity;
        if (id is null || activity.From?.Id is not { } userId || activity.ChannelId is not { } channelId)
        {
            return null;
        }

        return await ExportFiles.TakeAsync(db, id, null, channelId, userId, null, time.GetUtcNow().UtcDateTime, ct);
    }

    /// <summary>OneDrive upload sessions are https; plain http only on this machine (the tests' upload server).</summary>
    private static bool TryUploadUri(string? url, out Uri uri)
    {
        uri = null!;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || !string.IsNullOrEmpty(parsed.UserInfo)
            || !(parsed.Scheme == Uri.UriSchemeHttps || (parsed.Scheme == Uri.UriSchemeHttp && parsed.IsLoopback)))
        {
            return false;
        }

        uri = parsed;
        return true;
    }
}
