using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SchoolSupport.Web.Tests.Support;

/// <summary>
/// An OpenAI-compatible <c>/v1/chat/completions</c> server on 127.0.0.1 that records every request body and answers
/// with <see cref="Answer"/> as the assistant's message, after <see cref="Delay"/>.
/// </summary>
public sealed class FakeChatModel : IAsyncDisposable
{
    private readonly WebApplication app;

    private FakeChatModel(WebApplication app) => this.app = app;

    public ConcurrentQueue<(string Path, string Body)> Requests { get; } = new();

    public string Answer { get; set; } = "{\"command\": null}";

    public TimeSpan Delay { get; set; }

    /// <summary>The base address to configure as <c>Understanding:Llm:Endpoint</c>.</summary>
    public string Endpoint { get; private set; } = "";

    public static async Task<FakeChatModel> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var model = new FakeChatModel(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            model.Requests.Enqueue((context.Request.Path.Value ?? "", await reader.ReadToEndAsync()));
            try
            {
                await Task.Delay(model.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var completion = new JsonObject
            {
                ["id"] = "chatcmpl-test",
                ["object"] = "chat.completion",
                ["created"] = 1_700_000_000,
                ["model"] = "test-model",
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = model.Answer },
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 1, ["completion_tokens"] = 1, ["total_tokens"] = 2 },
            };
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(completion.ToJsonString());
        });
        await app.StartAsync();
        model.Endpoint = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/v1";
        return model;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
