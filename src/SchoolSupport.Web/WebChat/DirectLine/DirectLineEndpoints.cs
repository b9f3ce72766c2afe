using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using SchoolSupport.BotFramework.Builder;
using SchoolSupport.BotFramework.Schema;
using SchoolSupport.Common;
using SchoolSupport.WebChat;

namespace SchoolSupport.Web.WebChat.DirectLine;

/// <summary>Who is signed in on this request (the host's session); null when nobody is.</summary>
public interface IDirectLineUserSource
{
    Task<DirectLineUser?> GetUserAsync(HttpContext context);
}

/// <summary>
/// The subset of the Direct Line 3.0 REST API and WebSocket stream that <c>botframework-directlinejs</c> (and so the
/// official Web Chat) uses, under <c>/v3/directline</c>. Answers: 401 no or forged token, 403 expired token or a
/// conversation that is not the token's, 404 unknown conversation, 400 bad activity, 413 too large.
/// </summary>
public static class DirectLineEndpoints
{
    public const string Prefix = "/v3/directline";

    public static IEndpointRouteBuilder MapDirectLine(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Prefix);
        group.MapPost("/tokens/generate", GenerateAsync);
        group.MapPost("/tokens/refresh", RefreshAsync);
        group.MapPost("/conversations", StartAsync);
        group.MapGet("/conversations/{conversationId}", ReconnectAsync);
        group.MapPost("/conversations/{conversationId}/activities", PostActivityAsync);
        group.MapGet("/conversations/{conversationId}/activities", GetActivitiesAsync);
        group.MapPost("/conversations/{conversationId}/upload", UploadAsync).DisableAntiforgery();
        group.MapGet("/conversations/{conversationId}/uploads/{uploadId}", DownloadAsync);
        group.Map("/conversations/{conversationId}/stream", StreamAsync);
        return endpoints;
    }

    /// <summary>
    /// Instead of a channel secret, the caller's session says who they are; the token names that user's conversation
    /// (the newest, or a new one). Extra fields <c>userId</c>/<c>userName</c> tell the page what Web Chat should show.
    /// </summary>
    private static async Task<IResult> GenerateAsync(HttpContext context, IDirectLineUserSource users, DirectLineStore store, DirectLineTokens tokens)
    {
        var user = await users.GetUserAsync(context);
        if (user is null)
        {
            return Refuse(StatusCodes.Status401Unauthorized, "NotSignedIn", "Sign in first.");
        }

        var conversation = await store.GetOrCreateConversationAsync(user, null, context.RequestAborted);
        var (token, expiresIn) = tokens.Issue(TokenPurpose.Conversation, conversation.Id, conversation.UserId);
        return Results.Json(new
        {
            conversationId = conversation.Id,
            token,
            expires_in = expiresIn,
            userId = conversation.UserId,
            userName = conversation.UserName,
        });
    }

    private static async Task<IResult> RefreshAsync(HttpContext context, DirectLineStore store, DirectLineTokens tokens)
    {
        var (conversation, refusal) = await AuthorizeAsync(context, store, tokens, null);
        if (refusal is not null)
        {
            return refusal;
        }

        var (token, expiresIn) = tokens.Issue(TokenPurpose.Conversation, conversation!.Id, conversation.UserId);
        return Results.Json(new { conversationId = conversation.Id, token, expires_in = expiresIn });
    }

    /// <summary>
    /// Starts the token's conversation. The first start tells the bot that the user and the bot joined (as the hosted
    /// service does), which is when the bot greets; later starts just return the conversation.
    /// </summary>
    private static async Task<IResult> StartAsync(
        HttpContext context, DirectLineStore store, DirectLineTokens tokens, DirectLineAdapter adapter, IBot bot)
    {
        var (conversation, refusal) = await AuthorizeAsync(context, store, tokens, null);
        if (refusal is not null)
        {
            return refusal;
        }

        var join = new Activity
        {
            Type = ActivityTypes.ConversationUpdate,
            From = User(conversation!),
            Recipient = DirectLineStore.Bot(),
            MembersAdded = [User(conversation!), DirectLineStore.Bot()],
        };
        var stored = await store.AppendAsync(conversation!, join, fromUser: true, externalKey: "conversation-start", context.RequestAborted);
        if (!stored.Duplicate)
        {
            await adapter.ProcessActivityAsync(conversation!, UserOf(conversation!), ForBot(stored.Activity), null, bot, context.RequestAborted);
        }

        return Results.Json(ConversationResponse(context, tokens, conversation!, null), statusCode: stored.Duplicate ? 200 : 201);
    }

    private static async Task<IResult> ReconnectAsync(HttpContext context, string conversationId, string? watermark, DirectLineStore store, DirectLineTokens tokens)
    {
        var (conversation, refusal) = await AuthorizeAsync(context, store, tokens, conversationId);
        return refusal ?? Results.Json(ConversationResponse(context, tokens, conversation!, ParseWatermark(watermark)));
    }

    private static async Task<IResult> GetActivitiesAsync(HttpContext context, string conversationId, string? watermark, DirectLineStore store, DirectLineTokens tokens)
    {
        var (conversation, refusal) = await AuthorizeAsync(context, store, tokens, conversationId);
        if (refusal is not null)
        {
            return refusal;
        }

        var page = await store.ReadAsync(conversation!, ParseWatermark(watermark), context.RequestAborted);
        return Results.Text(ActivitySetJson(page), "application/json; charset=utf-8");
    }

    private static async Task<IResult> PostActivityAsync(
        HttpContext context, string conversationId, DirectLineStore store, DirectLineTokens tokens, DirectLineAdapter adapter,
        IBot bot, IOptions<DirectLineOptions> options)
    {
        var (conversation, refusal) = await AuthorizeAsync(context, store, tokens, conversationId);
        if (refusal is not null)
        {
            return refusal;
        }

        if (context.Request.ContentLength > options.Value.MaxActivityBytes)
        {
            return Refuse(StatusCodes.Status413PayloadTooLarge, "TooLarge", "The activity is too large.");
        }

        var body = await ReadLimitedAsync(context.Request.Body, options.Value.MaxActivityBytes, context.RequestAborted);
        if (body is null)
        {
            return Refuse(StatusCodes.Status413PayloadTooLarge, "TooLarge", "The activity is too large.");
        }

        var (activity, error) = ParseClientActivity(body, conversation!);
        if (activity is null)
        {
            return Refuse(StatusCodes.Status400BadRequest, "BadArgument", error!);
        }

        return await AcceptAsync(context, conversation!, activity, null, store, adapter, bot);
    }

    /// <summary>
    /// Web Chat's attachment button: a multipart body with the activity (part <c>activity</c>) and the files (parts
    /// <c>file</c>). The files are stored; the activity's attachments are replaced by links to them.
    /// </summary>
    private static async Task<IResult> UploadAsync(
        HttpContext context, string conversationId, DirectLineStore store, DirectLineTokens tokens, DirectLineAdapter adapter,
        IBot bot, IOptions<DirectLineOptions> options)
    {
        var (conversation, refusal) = await AuthorizeAsync(context, store, tokens, conversationId);
        if (refusal is not null)
        {
            return refusal;
        }

        var limits = options.Value;
        var maxBody = (limits.MaxUploadBytes * limits.MaxUploadFiles) + limits.MaxActivityBytes;
        if (!context.Request.HasFormContentType)
        {
            return Refuse(StatusCodes.Status400BadRequest, "BadArgument", "Expected multipart/form-data.");
        }

        if (context.Request.ContentLength > maxBody)
        {
            return Refuse(StatusCodes.Status413PayloadTooLarge, "TooLarge", "The upload is too large.");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = maxBody;
        }

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(new FormOptions
            {
                MultipartBodyLengthLimit = maxBody,
                ValueCountLimit = 20,
            }, context.RequestAborted);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException)
        {
            return Refuse(StatusCodes.Status413PayloadTooLarge, "TooLarge", "The upload is too large or malformed.");
        }

        var template = form.Files.FirstOrDefault(f => f.Name == "activity");
        var files = form.Files.Where(f => f.Name == "file").ToList();
        if (files.Count == 0 || files.Count > limits.MaxUploadFiles)
        {
            return Refuse(StatusCodes.Status400BadRequest, "BadArgument", $"Send 1 to {limits.MaxUploadFiles} files.");
        }

        if (files.Any(f => f.Length > limits.MaxUploadBytes))
        {
            return Refuse(StatusCodes.Status413PayloadTooLarge, "TooLarge", $"A file is larger than {limits.MaxUploadBytes} bytes.");
        }

        Activity activity;
        if (template is null)
        {
            activity = new Activity { Type = ActivityTypes.Message };
        }
        else
        {
            if (template.Length > limits.MaxActivityBytes)
            {
                return Refuse(StatusCodes.Status413PayloadTooLarge, "TooLarge", "The activity is too large.");
            }

            using var reader = new MemoryStream();
            await template.CopyToAsync(reader, context.RequestAborted);
            var (parsed, error) = ParseClientActivity(reader.ToArray(), conversation!);
            if (parsed is null)
            {
                return Refuse(StatusCodes.Status400BadRequest, "BadArgument", error!);
            }

            activity = parsed;
        }

        if (activity.Type != ActivityTypes.Message)
        {
            return Refuse(StatusCodes.Status400BadRequest, "BadArgument", "Files travel in message activities.");
        }

        var uploads = new List<DirectLineUploadInfo>();
        foreach (var file in files)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, context.RequestAborted);
            var name = Path.GetFileName(file.FileName);
            uploads.Add(await store.SaveUploadAsync(conversation!, string.IsNullOrWhiteSpace(name) ? "file" : name, file.ContentType, buffer.ToArray(), context.RequestAborted));
        }

        activity.Attachments = uploads.Select(u => new Attachment
        {
            ContentType = u.ContentType ?? "application/octet-stream",
            ContentUrl = $"{Prefix}/conversations/{Uri.EscapeDataString(conversation!.Id)}/uploads/{Uri.EscapeDataString(u.Id)}",
            Name = u.Name,
        }).ToList();
        return await AcceptAsync(context, conversation!, activity, new DirectLineUploads(uploads), store, adapter, bot);
    }

    /// <summary>
    /// An uploaded file, for the conversation's own user: by token (REST clients) or by the session (the page's links,
    /// which cannot carry a token).
    /// </summary>
    private static async Task<IResult> DownloadAsync(
        HttpContext context, string conversationId, string uploadId, DirectLineStore store, DirectLineTokens tokens, IDirectLineUserSource users)
    {
        var conversation = await store.FindConversationAsync(conversationId, context.RequestAborted);
        if (conversation is null)
        {
            return Results.NotFound();
        }

        var allowed = false;
        if (BearerToken(context) is { } bearer)
        {
            var (verdict, token) = tokens.Validate(bearer, TokenPurpose.Conversation);
            allowed = verdict == TokenVerdict.Valid && token!.ConversationId == conversation.Id && token.UserId == conversation.UserId;
        }
        else if (await users.GetUserAsync(context) is { } user)
        {
            allowed = user.Identity == conversation.Identity;
        }

        if (!allowed)
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        var upload = await store.FindUploadAsync(uploadId, context.RequestAborted);
        return upload is null || upload.ConversationId != conversation.Id
            ? Results.NotFound()
            : Results.File(upload.Content, upload.ContentType ?? "application/octet-stream", upload.Name);
    }

    private static async Task<IResult> AcceptAsync(
        HttpContext context, WebChatConversation conversation, Activity activity, DirectLineUploads? uploads,
        DirectLineStore store, DirectLineAdapter adapter, IBot bot)
    {
        if (activity.Type == ActivityTypes.Typing)
        {
            return Results.Json(new { id = "" });
        }

        var stored = await store.AppendAsync(conversation, activity, fromUser: true, externalKey: null, context.RequestAborted);
        await adapter.ProcessActivityAsync(conversation, UserOf(conversation), ForBot(stored.Activity), uploads, bot, context.RequestAborted);
        return Results.Json(new { id = stored.Activity.Id });
    }

    /// <summary>
    /// Keeps only what a user may say: the type, text, card values, locale and Web Chat's own correlation fields. The
    /// sender, conversation, channel, attachments and everything identity-like are the server's.
    /// </summary>
    internal static (Activity? Activity, string? Error) ParseClientActivity(byte[] body, WebChatConversation conversation)
    {
        JsonObject? raw;
        try
        {
            raw = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject;
        }
        catch (JsonException)
        {
            return (null, "Malformed activity JSON.");
        }

        if (raw is null)
        {
            return (null, "The activity must be a JSON object.");
        }

        var type = Str(raw, "type");
        if (type is not (ActivityTypes.Message or ActivityTypes.Event or ActivityTypes.Typing))
        {
            return (null, "Only message, event and typing activities can be posted.");
        }

        var activity = new Activity
        {
            Type = type,
            From = User(conversation),
            Recipient = DirectLineStore.Bot(),
            Text = PlainText.FitOrNull(Str(raw, "text"), 20_000),
            TextFormat = Str(raw, "textFormat") is "plain" or "markdown" or "xml" ? Str(raw, "textFormat") : null,
            Locale = PlainText.FitOrNull(Str(raw, "locale"), 32),
            Name = type == ActivityTypes.Event ? PlainText.FitOrNull(Str(raw, "name"), 200) : null,
            ReplyToId = PlainText.FitOrNull(Str(raw, "replyToId"), 200),
        };
        if (raw["value"] is JsonNode value)
        {
            activity.Value = JsonSerializer.SerializeToElement(value);
        }

        if (raw["channelData"] is JsonObject channelData)
        {
            var kept = new JsonObject();
            foreach (var key in new[] { "clientActivityID", "clientTimestamp" })
            {
                if (Str(channelData, key) is { } s)
                {
                    kept[key] = PlainText.FitOrNull(s, 200);
                }
            }

            if (kept.Count > 0)
            {
                activity.ChannelData = JsonSerializer.SerializeToElement(kept);
            }
        }

        return (activity, null);
    }

    /// <summary>The activity as the bot sees it: the channel's fields filled in.</summary>
    private static Activity ForBot(Activity stored)
    {
        var activity = BotJson.Deserialize<Activity>(BotJson.Serialize(stored))!;
        activity.ServiceUrl = DirectLineAdapter.ServiceUrl;
        activity.Recipient ??= DirectLineStore.Bot();
        return activity;
    }

    private static async Task StreamAsync(HttpContext context, string conversationId, string? watermark, string? t,
        DirectLineStore store, DirectLineTokens tokens, DirectLineSignals signals, IOptions<DirectLineOptions> options, ILoggerFactory loggers)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var (verdict, ticket) = tokens.Validate(t, TokenPurpose.Stream);
        var conversation = verdict == TokenVerdict.Valid && ticket!.ConversationId == conversationId
            ? await store.FindConversationAsync(conversationId, context.RequestAborted)
            : null;
        if (conversation is null || conversation.UserId != ticket!.UserId)
        {
            context.Response.StatusCode = verdict == TokenVerdict.Expired ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var closing = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var receiving = DrainAsync(socket, closing);
        var last = ParseWatermark(watermark);
        var logger = loggers.CreateLogger(typeof(DirectLineEndpoints));
        try
        {
            while (!closing.IsCancellationRequested && socket.State == WebSocketState.Open)
            {
                var next = signals.Next(conversation.Id);
                var page = await store.ReadAsync(conversation, last, closing.Token);
                if (page.Activities.Count > 0 || last is null)
                {
                    last = page.Watermark;
                    if (page.Activities.Count > 0)
                    {
                        var bytes = Encoding.UTF8.GetBytes(ActivitySetJson(page));
                        await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, closing.Token);
                        continue;
                    }
                }

                await Task.WhenAny(next, Task.Delay(options.Value.StreamPollInterval, closing.Token), receiving);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }
        catch (WebSocketException ex)
        {
            logger.LogDebug(ex, "Stream of {ConversationId} broke", conversation.Id);
        }

        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
            catch (WebSocketException)
            {
                // Already gone.
            }
        }

        await closing.CancelAsync();
        await receiving;
    }

    /// <summary>The client only pings with empty messages; read them so a close frame is noticed.</summary>
    private static async Task DrainAsync(WebSocket socket, CancellationTokenSource closing)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, closing.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // Closed either way.
        }

        await closing.CancelAsync();
    }

    private static object ConversationResponse(HttpContext context, DirectLineTokens tokens, WebChatConversation conversation, long? watermark)
    {
        var (token, expiresIn) = tokens.Issue(TokenPurpose.Conversation, conversation.Id, conversation.UserId);
        var (ticket, _) = tokens.Issue(TokenPurpose.Stream, conversation.Id, conversation.UserId);
        var request = context.Request;
        var scheme = request.IsHttps ? "wss" : "ws";
        var query = (watermark is { } w ? "watermark=" + w.ToString(CultureInfo.InvariantCulture) + "&" : "") + "t=" + Uri.EscapeDataString(ticket);
        return new
        {
            conversationId = conversation.Id,
            token,
            expires_in = expiresIn,
            streamUrl = $"{scheme}://{request.Host}{request.PathBase}{Prefix}/conversations/{Uri.EscapeDataString(conversation.Id)}/stream?{query}",
            referenceGrammarId = "",
        };
    }

    private static string ActivitySetJson(ActivityPage page) => BotJson.Serialize(new
    {
        activities = page.Activities,
        watermark = page.Watermark.ToString(CultureInfo.InvariantCulture),
    });

    /// <summary>The token and its conversation, or the refusal to answer with.</summary>
    private static async Task<(WebChatConversation? Conversation, IResult? Refusal)> AuthorizeAsync(
        HttpContext context, DirectLineStore store, DirectLineTokens tokens, string? conversationId)
    {
        var (verdict, token) = tokens.Validate(BearerToken(context), TokenPurpose.Conversation);
        switch (verdict)
        {
            case TokenVerdict.Missing:
                return (null, Refuse(StatusCodes.Status401Unauthorized, "MissingToken", "Authorization: Bearer <token> is required."));
            case TokenVerdict.Invalid:
                return (null, Refuse(StatusCodes.Status401Unauthorized, "BadToken", "The token is not valid."));
            case TokenVerdict.Expired:
                return (null, Refuse(StatusCodes.Status403Forbidden, "TokenExpired", "The token has expired."));
        }

        if (conversationId is not null && conversationId != token!.ConversationId)
        {
            return (null, Refuse(StatusCodes.Status403Forbidden, "BadArgument", "The token is not valid for this conversation."));
        }

        var conversation = await store.FindConversationAsync(token!.ConversationId, context.RequestAborted);
        if (conversation is null)
        {
            return (null, Refuse(StatusCodes.Status404NotFound, "BadArgument", "Conversation not found."));
        }

        return conversation.UserId != token.UserId
            ? (null, Refuse(StatusCodes.Status403Forbidden, "BadArgument", "The token is not valid for this conversation."))
            : (conversation, null);
    }

    private static string? BearerToken(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;
    }

    private static ChannelAccount User(WebChatConversation conversation) => new(conversation.UserId, conversation.UserName, "user");

    private static DirectLineUser UserOf(WebChatConversation conversation) => new(conversation.Identity, conversation.UserName);

    private static long? ParseWatermark(string? watermark) =>
        long.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out var w) && w >= 0 ? w : null;

    private static IResult Refuse(int status, string code, string message) =>
        Results.Json(new { error = new { code, message } }, statusCode: status);

    private static async Task<byte[]?> ReadLimitedAsync(Stream body, long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string? Str(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
