using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace SchoolSupport.Web.Tests.MultiInstance;

/// <summary>
/// The real bot host (the built <c>SchoolSupport.Web.dll</c>) as a child process on a free loopback port, configured
/// through environment variables as an operator would. Its output is kept for the failure message.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly HttpClient http;
    private int activityCounter;

    private HostProcess(string name, Process process, string baseUrl)
    {
        Name = name;
        this.process = process;
        BaseUrl = baseUrl;
        http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
    }

    public string Name { get; }

    public string BaseUrl { get; }

    public bool HasExited => process.HasExited;

    public static HostProcess Start(string name, IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var dll = WebAssembly();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } dotnet ? dotnet : "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start };
        var host = new HostProcess(name, process, $"http://127.0.0.1:{port}");
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits until <c>/readyz</c> answers 200 (database reachable, migrations applied).</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Host {Name} exited with {process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync("/readyz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Host {Name} not ready within {timeout}:\n{Output}");
    }

    public async Task<IReadOnlyList<JsonObject>> SayAsync(string userId, string text)
    {
        var activity = Support.BotApp.Activity(userId);
        activity["text"] = text;
        return await PostAsync(activity);
    }

    public async Task<IReadOnlyList<JsonObject>> SubmitAsync(string userId, JsonObject value)
    {
        var activity = Support.BotApp.Activity(userId);
        activity["value"] = value.DeepClone();
        return await PostAsync(activity);
    }

    /// <summary>A hard crash: SIGKILL, no graceful stop, nothing released.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    private async Task<IReadOnlyList<JsonObject>> PostAsync(JsonObject activity)
    {
        activity["id"] = $"{Name}-act-{Interlocked.Increment(ref activityCounter)}";
        using var response = await http.PostAsync("/api/messages", new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"));
        return await Support.BotApp.RepliesAsync(response);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            // The tail is what explains a failure.
            if (output.Length > 200_000)
            {
                output.Remove(0, 100_000);
            }

            output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The host built next to this test (same configuration), from src/SchoolSupport.Web/bin.</summary>
    private static string WebAssembly()
    {
        var testDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testDir.Name;
        var configuration = testDir.Parent!.Name;
        var root = testDir;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "SchoolSupport.sln")))
        {
            root = root.Parent;
        }

        var built = root is null ? null : Path.Combine(root.FullName, "src", "SchoolSupport.Web", "bin", configuration, framework, "SchoolSupport.Web.dll");
        return built is not null && File.Exists(built)
            ? built
            : throw new FileNotFoundException($"Build the host first (dotnet build SchoolSupport.sln): {built} is missing.");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        process.Dispose();
        http.Dispose();
    }
}
