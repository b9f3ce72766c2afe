namespace SchoolSupport.Conversation;

/// <summary>
/// A file a person sent with a message. <paramref name="Source"/> says which channel reader fetches it:
/// «teams» (<paramref name="Location"/> is the attachment's downloadUrl) or «webchat» (an upload id).
/// </summary>
public sealed record InboundFile(string Name, string? ContentType, long? Size, string Source, string Location);

/// <summary>Fetches the bytes of an inbound file from one source, refusing more than <c>maxBytes</c>.</summary>
public interface IInboundFileReader
{
    string Source { get; }

    Task<byte[]> ReadAsync(InboundFile file, long maxBytes, CancellationToken ct);
}

/// <summary>A file that cannot be fetched: unknown source, too large, a host files do not come from. The message is Russian.</summary>
public sealed class InboundFileException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Picks the reader for a file's source.</summary>
public sealed class InboundFiles(IEnumerable<IInboundFileReader> readers)
{
    private readonly IReadOnlyDictionary<string, IInboundFileReader> readers =
        readers.GroupBy(r => r.Source, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    public async Task<byte[]> ReadAsync(InboundFile file, long maxBytes, CancellationToken ct)
    {
        if (file.Size is { } size && size > maxBytes)
        {
            throw new InboundFileException($"Файл «{file.Name}» слишком большой: не более {maxBytes / (1024 * 1024)} МБ.");
        }

        if (!readers.TryGetValue(file.Source, out var reader))
        {
            throw new InboundFileException($"Не удалось получить файл «{file.Name}»: такие вложения бот не принимает.");
        }

        var bytes = await reader.ReadAsync(file, maxBytes, ct);
        return bytes.Length > maxBytes
            ? throw new InboundFileException($"Файл «{file.Name}» слишком большой: не более {maxBytes / (1024 * 1024)} МБ.")
            : bytes;
    }
}
