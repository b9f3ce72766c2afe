using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using SchoolSupport.BotFramework.Authentication;
using SchoolSupport.BotFramework.Schema;
using SchoolSupport.BotFramework.Tests.Infrastructure;

namespace SchoolSupport.BotFramework.Tests;

/// <summary>
/// Our token verdicts against the official botbuilder-js 4.23.3 (tests/conformance/verify.js) on the same vectors and
/// the same loopback metadata. Differences are allowed only where <see cref="TokenVectors.JsDifferences"/> says so.
/// </summary>
public sealed class JsConformanceTests
{
    [Fact]
    public async Task AuthenticateRequestAsync_TokenVectors_MatchBotbuilderJs()
    {
        var conformance = ConformanceDirectory();
        if (!Directory.Exists(Path.Combine(conformance, "node_modules", "botframework-connector")))
        {
            Assert.Fail($"The JS oracle is not installed in {conformance}: run `npm ci --prefix tests/conformance` first.");
        }

        await using var channel = await LoopbackChannel.StartAsync();
        using var http = new HttpClient();
        var ours = new ConfigurationBotFrameworkAuthentication(
            new BotFrameworkOptions { MicrosoftAppId = TestBot.AppId, OpenIdMetadataUrl = channel.MetadataUrl },
            http,
            new TrustedServiceUrls());
        var vectors = TokenVectors.Create(channel);

        var js = await RunOracleAsync(conformance, channel, vectors);

        foreach (var vector in vectors)
        {
            var our = (await ours.AuthenticateRequestAsync(vector.Activity, vector.AuthHeader, default)).IsAuthenticated;
            our.ShouldBe(vector.Accepted, $"our verdict on '{vector.Name}'");
            js.ShouldContainKey(vector.Name);
            if (TokenVectors.JsDifferences.TryGetValue(vector.Name, out var expectedJs))
            {
                js[vector.Name].ShouldBe(expectedJs, $"documented JS difference on '{vector.Name}'");
                js[vector.Name].ShouldNotBe(our, $"'{vector.Name}' is listed as a difference but both agree");
            }
            else
            {
                js[vector.Name].ShouldBe(our, $"botbuilder-js disagrees on '{vector.Name}'");
            }
        }
    }

    private static async Task<Dictionary<string, bool>> RunOracleAsync(string conformance, LoopbackChannel channel,
        IReadOnlyList<TokenVector> vectors)
    {
        var input = new JsonObject
        {
            ["metadataUrl"] = channel.MetadataUrl,
            ["appId"] = TestBot.AppId,
            ["vectors"] = new JsonArray(vectors.Select(v => (JsonNode)new JsonObject
            {
                ["name"] = v.Name,
                ["authHeader"] = v.AuthHeader,
                ["activity"] = JsonNode.Parse(BotJson.Serialize(v.Activity)),
            }).ToArray()),
        };
        var file = Path.Combine(Path.GetTempPath(), $"bf-vectors-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, input.ToJsonString());
        try
        {
            var start = new ProcessStartInfo("node", ["verify.js", file, channel.MetadataUrl])
            {
                WorkingDirectory = conformance,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            process.ExitCode.ShouldBe(0, $"node verify.js failed: {await stderr}");
            return JsonDocument.Parse(await stdout).RootElement.EnumerateArray()
                .ToDictionary(v => v.GetProperty("name").GetString()!, v => v.GetProperty("accepted").GetBoolean());
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string ConformanceDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "conformance");
            if (File.Exists(Path.Combine(candidate, "verify.js")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/conformance/verify.js not found above " + AppContext.BaseDirectory);
    }
}
