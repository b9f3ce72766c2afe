using Microsoft.Extensions.Logging;

namespace SchoolSupport.Conversation;

/// <summary>
/// A file a person sent in chat. <paramref name="Source"/> names the channel that holds it and says what
/// <paramref name="Location"/> is: "teams" → the Teams <c>downloadUrl</c>; "webchat" → the id of the Web Chat upload.
/// </summary>
public sealed record InboundFile(string Name, string? ContentType, long? Size, string Source, string Location);

/// <summary>Reads the bytes of files from one <see cref="Source"/>; the host registers one per channel.</summary>
public interface IInboundFileReader
{
    string Source { get; }

    Task<byte[]> ReadAsync(InboundFile file, long maxBytes, CancellationToken ct);
}

/// <summary>A file that cannot be read; the message is Russian and meant for the person who sent it.</summary>
public sealed class InboundFileException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Reads an inbound file with the reader of its source, refusing unknown sources and files over the limit.</summary>
public sealed class InboundFiles(IEnumerable<IInboundFileReader> readers, ILogger<InboundFiles> logger)
{
    private readonly IReadOnlyDictionary<string, IInboundFileReader> readers = readers
        .GroupBy(r => r.Source, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    public async Task<byte[]> ReadAsync(InboundFile file, long maxBytes, CancellationToken ct)
    {
        if (!readers.TryGetValue(file.Source, out var reader))
        {
            logger.LogWarning("No reader for inbound files from {Source}", file.Source);
            throw new InboundFileException($"Не удалось получить файл «{file.Name}»: этот канал не передаёт файлы боту.");
        }

        if (file.Size > maxBytes)
        {
            throw TooLarge(file, maxBytes);
        }

        var bytes = await reader.ReadAsync(file, maxBytes, ct);
        return bytes.LongLength > maxBytes ? throw TooLarge(file, maxBytes) : bytes;
    }

    public static InboundFileException TooLarge(InboundFile file, long maxBytes) =>
        new($"Файл «{file.Name}» слишком большой: можно не больше {FormatSize(maxBytes)}.");

    private static string FormatSize(long bytes) => bytes >= 1024 * 1024
        ? $"{bytes / (1024.0 * 1024.0):0.#} МБ"
        : $"{Math.Max(1, bytes / 1024)} КБ";
}
