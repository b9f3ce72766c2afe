using System.Collections.Concurrent;
using SchoolSupport.Conversation;

namespace SchoolSupport.Web.Tests.Support;

/// <summary>Remembers which declared command handled each message, so a routing test can name the handler that answered.</summary>
public sealed class RecordingObserver : IUnderstandingObserver
{
    private readonly ConcurrentDictionary<string, Understanding> understood = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> handled = new(StringComparer.Ordinal);

    public void Understood(string text, Understanding meaning) => understood[text] = meaning;

    public void Handled(string text, CommandDeclaration command, Type handler) => handled[text] = command.Name;

    public string? HandledFor(string text) => handled.TryGetValue(text, out var name) ? name : null;

    public Understanding? MeaningOf(string text) => understood.TryGetValue(text, out var m) ? m : null;
}
