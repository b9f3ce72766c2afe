using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SchoolSupport.Web.Tests.Support;

/// <summary>A logging provider that keeps everything logged at <see cref="MinimumLevel"/> and above, with its state and scopes.</summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    public sealed record Entry(LogLevel Level, string Category, string Message, string Everything);

    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public LogLevel MinimumLevel { get; init; } = LogLevel.Information;

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner.MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            var everything = new System.Text.StringBuilder(message);
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    everything.Append(" | ").Append(key).Append('=').Append(value);
                }
            }

            owner.scopes.ForEachScope((scope, sb) => sb.Append(" | scope ").Append(scope), everything);
            if (exception is not null)
            {
                everything.Append(" | ").Append(exception);
            }

            owner.Entries.Enqueue(new Entry(logLevel, category, message, everything.ToString()));
        }
    }
}
