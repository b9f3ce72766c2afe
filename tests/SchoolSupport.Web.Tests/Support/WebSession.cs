using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace SchoolSupport.Web.Tests.Support;

/// <summary>
/// What the page does for a person: a demo sign-in (the session cookie), a Direct Line token for that session, the
/// conversation started; then posts and reads activities as Web Chat does.
/// </summary>
public sealed class WebSession
{
    private readonly HttpClient client;

    private WebSession(HttpClient client, string token, string conversationId, string userId)
    {
        this.client = client;
        Token = token;
        ConversationId = conversationId;
        UserId = userId;
    }

    public string Token { get; }
    public string ConversationId { get; }
    public string UserId { get; }

    public static async Task<WebSession> SignInAsync(BotApp bot, string demoKey)
    {
        var client = bot.CreateClient();
        (await client.PostAsync($"/webchat/demo/{demoKey}", null)).EnsureSuccessStatusCode();
        var grant = await (await client.PostAsync("/v3/directline/tokens/generate", null)).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonObject>();
        var token = (string)grant!["token"]!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await client.PostAsync("/v3/directline/conversations", null)).EnsureSuccessStatusCode();
        return new WebSession(client, token, (string)grant["conversationId"]!, (string)grant["userId"]!);
    }

    /// <summary>A GET with this page session's cookie (a download link opened in the same browser).</summary>
    public Task<HttpResponseMessage> GetAsync(string path) => client.GetAsync(path);

    /// <summary>Posts an activity and returns the bot's answers to it.</summary>
    public async Task<IReadOnlyList<JsonObject>> SayAsync(JsonObject activity)
    {
        var response = await client.PostAsync($"/v3/directline/conversations/{ConversationId}/activities",
            new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"));
        return await RepliesToAsync(response);
    }

    /// <summary>Web Chat's attachment button: the activity and one file as multipart.</summary>
    public async Task<IReadOnlyList<JsonObject>> UploadAsync(string? text, string fileName, string contentType, string content)
    {
        using var form = new MultipartFormDataContent();
        var template = new StringContent(new JsonObject { ["type"] = "message", ["text"] = text }.ToJsonString(), Encoding.UTF8);
        template.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.microsoft.activity");
        form.Add(template, "activity", "blob");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        var response = await client.PostAsync($"/v3/directline/conversations/{ConversationId}/upload?userId={UserId}", form);
        return await RepliesToAsync(response);
    }

    /// <summary>The whole conversation, page by page from the start.</summary>
    public async Task<IReadOnlyList<JsonObject>> ActivitiesAsync()
    {
        var all = new List<JsonObject>();
        var watermark = "0";
        for (var i = 0; i < 100; i++)
        {
            var page = await client.GetFromJsonAsync<JsonObject>($"/v3/directline/conversations/{ConversationId}/activities?watermark={watermark}");
            var activities = page!["activities"]!.AsArray();
            if (activities.Count == 0)
            {
                break;
            }

            all.AddRange(activities.Select(a => a!.AsObject()));
            watermark = (string)page["watermark"]!;
        }

        return all;
    }

    private async Task<IReadOnlyList<JsonObject>> RepliesToAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Direct Line answered {(int)response.StatusCode}: {body}");
        }

        var id = (string?)JsonNode.Parse(body)!["id"];
        return (await ActivitiesAsync()).Where(a => (string?)a["replyToId"] == id).ToList();
    }
}
