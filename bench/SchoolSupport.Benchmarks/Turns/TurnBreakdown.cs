using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SchoolSupport.Cards;
using SchoolSupport.Conversation;

namespace SchoolSupport.Benchmarks.Turns;

/// <summary>
/// Where a turn's time goes, one turn at a time inside the host: the router (identity, address, queries, model) and
/// the card rendering, without HTTP. What is left of the HTTP p50 is the channel layer and the socket.
/// </summary>
internal static class TurnBreakdown
{
    public static async Task PrintAsync(IServiceProvider services, IReadOnlyList<BenchUser> users, IEnumerable<(string Name, string Text)> kinds, int repetitions)
    {
        var renderer = services.GetRequiredService<CardRenderer>();
        Console.WriteLine("in-process breakdown, one turn at a time (no HTTP):");
        Console.WriteLine("  turn        router p50 ms  render p50 ms");
        foreach (var (name, text) in kinds)
        {
            var route = new List<double>();
            var render = new List<double>();
            for (var i = 0; i < repetitions; i++)
            {
                var user = users[i % users.Count];
                await using var scope = services.CreateAsyncScope();
                var router = scope.ServiceProvider.GetRequiredService<ConversationRouter>();
                var input = new TurnInput
                {
                    ChannelId = NationalDatabase.Channel,
                    UserId = user.UserId,
                    UserName = user.UserId,
                    ConversationId = NationalDatabase.ConversationIdOf(user.UserId),
                    ConversationType = "personal",
                    ServiceUrl = NationalDatabase.ServiceUrl,
                    BotId = NationalDatabase.BotId,
                    BotName = NationalDatabase.BotName,
                    Locale = NationalDatabase.Locale,
                    Text = text,
                };
                var started = Stopwatch.GetTimestamp();
                var output = await router.HandleAsync(input, CancellationToken.None);
                route.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                started = Stopwatch.GetTimestamp();
                foreach (var card in output.Replies.OfType<CardReply>())
                {
                    renderer.RenderUtf8(card.Template, card.Model);
                }

                render.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-10} {Median(route),14:F2} {Median(render),14:F2}"));
        }

        Console.WriteLine();
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
