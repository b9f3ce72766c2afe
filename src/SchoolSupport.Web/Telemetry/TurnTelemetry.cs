using System.Diagnostics;
using SchoolSupport.BotFramework.Builder;
using SchoolSupport.Telemetry;

namespace SchoolSupport.Web.Telemetry;

/// <summary>
/// Wraps the bot: every turn is a span (<see cref="SourceName"/>) with the activity type, the channel and the command
/// that answered it, and one measurement of <c>schoolsupport.turn.duration</c>. Database and connector spans of the
/// turn nest under it. Nothing the person wrote is recorded.
/// </summary>
internal sealed class TurnTelemetry(IBot inner, SchoolSupportMetrics metrics) : IBot
{
    public const string SourceName = "SchoolSupport";

    /// <summary>Turn state key where the bot leaves the name of what answered (<c>TurnOutput.Command</c>).</summary>
    public const string CommandKey = "SchoolSupport.Command";

    public static readonly ActivitySource Source = new(SourceName);

    public async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        var type = turnContext.Activity.Type ?? "unknown";
        using var span = Source.StartActivity("turn " + type);
        span?.SetTag("bot.activity.type", type);
        span?.SetTag("bot.channel", turnContext.Activity.ChannelId);
        var started = Stopwatch.GetTimestamp();
        var failed = false;
        try
        {
            await inner.OnTurnAsync(turnContext, cancellationToken);
        }
        catch (Exception ex)
        {
            failed = true;
            // The type only: an exception message may quote stored data.
            span?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
        finally
        {
            var command = turnContext.TurnState.Get<string>(CommandKey) ?? type;
            span?.SetTag("schoolsupport.command", command);
            metrics.Turn(command, type, Stopwatch.GetElapsedTime(started), failed);
        }
    }
}
