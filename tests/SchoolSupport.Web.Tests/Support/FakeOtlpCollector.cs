using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SchoolSupport.Web.Tests.Support;

/// <summary>
/// An OTLP/HTTP collector on 127.0.0.1 that records every export (path and protobuf body) and accepts it. The body
/// is not decoded: attribute keys, values and names travel as plain UTF-8 in protobuf, so a test can look for them.
/// </summary>
public sealed class FakeOtlpCollector : IAsyncDisposable
{
    public sealed record Export(string Path, string? ContentType, byte[] Body)
    {
        public bool Contains(string text) => Contains(Encoding.UTF8.GetBytes(text));

        public bool Contains(ReadOnlySpan<byte> bytes) => Body.AsSpan().IndexOf(bytes) >= 0;
    }

    private readonly WebApplication app;

    private FakeOtlpCollector(WebApplication app) => this.app = app;

    public ConcurrentQueue<Export> Exports { get; } = new();

    public string Url { get; private set; } = "";

    public static async Task<FakeOtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var collector = new FakeOtlpCollector(app);
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            collector.Exports.Enqueue(new Export(context.Request.Path.Value ?? "", context.Request.ContentType, body.ToArray()));
            context.Response.ContentType = "application/x-protobuf";
            context.Response.StatusCode = StatusCodes.Status200OK;
        });
        await app.StartAsync();
        collector.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return collector;
    }

    /// <summary>Waits (bounded) for an export to <paramref name="path"/> that satisfies the condition.</summary>
    public async Task<Export> WaitForAsync(string path, Func<Export, bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (Exports.FirstOrDefault(e => e.Path == path && condition(e)) is { } export)
            {
                return export;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No matching export to {path} within {timeout}; got: {string.Join(", ", Exports.Select(e => $"{e.Path} ({e.Body.Length} bytes)"))}");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
