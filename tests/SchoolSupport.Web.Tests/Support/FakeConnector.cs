using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SchoolSupport.Web.Tests.Support;

/// <summary>
/// A Bot Framework connector on 127.0.0.1 that records every call (method, path, authorization, body) and answers
/// like the channel does: an id for posted activities, a new 1:1 conversation id for <c>POST v3/conversations</c>.
/// </summary>
public sealed class FakeConnector : IAsyncDisposable
{
    /// <summary>One request; <see cref="Path"/> is the raw target as sent, so percent-encoding can be checked.</summary>
    public sealed record Call(string Method, string Path, string? Authorization, JsonNode? Body);

    private readonly WebApplication app;
    private int counter;

    private FakeConnector(WebApplication app) => this.app = app;

    public ConcurrentQueue<Call> Calls { get; } = new();

    public string ServiceUrl { get; private set; } = "";

    public static async Task<FakeConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var connector = new FakeConnector(app);
        app.Run(async context =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            connector.Calls.Enqueue(new Call(
                context.Request.Method,
                context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.ToString(),
                context.Request.Headers.Authorization.FirstOrDefault(),
                body.Length == 0 ? null : JsonNode.Parse(body)));
            var id = Interlocked.Increment(ref connector.counter);
            context.Response.ContentType = "application/json";
            var created = context.Request.Path.Value?.TrimEnd('/') == "/v3/conversations";
            await context.Response.WriteAsync(created ? $$"""{"id":"a:created-{{id}}"}""" : $$"""{"id":"activity-{{id}}"}""");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        connector.ServiceUrl = address.TrimEnd('/') + "/";
        return connector;
    }

    /// <summary>Waits (bounded) until a recorded call satisfies the condition.</summary>
    public async Task<Call> WaitForAsync(Func<Call, bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (Calls.FirstOrDefault(condition) is { } call)
            {
                return call;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No matching connector call within {timeout}; calls: {string.Join(", ", Calls.Select(c => c.Method + " " + c.Path))}");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
