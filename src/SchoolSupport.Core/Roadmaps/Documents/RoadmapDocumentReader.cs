using System.IO.Packaging;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;

namespace SchoolSupport.Roadmaps.Documents;

/// <summary>
/// Reads a regional roadmap (дорожная карта, план-график) from a Word file (.docx) or its plain-text export (.txt)
/// into <see cref="ParsedRoadmap"/>. Columns are recognised by their header names, so roadmaps of other regions with
/// other column sets and numbering read the same way.
/// </summary>
public static class RoadmapDocumentReader
{
    /// <summary>Larger files are refused before any byte is read: real roadmaps are well under a megabyte.</summary>
    public const long MaxFileSize = 20 * 1024 * 1024;

    /// <exception cref="RoadmapFormatException">The file is empty, too large, of an unknown type or holds no roadmap table.</exception>
    public static ParsedRoadmap Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fileName = Path.GetFileName(path);
        var kind = KindOf(fileName);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new RoadmapFormatException($"Файл «{fileName}» не найден.");
        }

        CheckSize(info.Length, fileName);
        using var stream = info.OpenRead();
        return Read(stream, fileName, kind);
    }

    /// <param name="fileName">Used for the extension (.docx or .txt) and reported back in <see cref="ParsedRoadmap.SourceFileName"/>.</param>
    /// <exception cref="RoadmapFormatException">The content is empty, too large, of an unknown type or holds no roadmap table.</exception>
    public static ParsedRoadmap Read(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        var kind = KindOf(fileName);
        if (stream.CanSeek)
        {
            CheckSize(stream.Length - stream.Position, fileName);
        }

        return Read(stream, Path.GetFileName(fileName), kind);
    }

    private static ParsedRoadmap Read(Stream stream, string fileName, DocumentKind kind)
    {
        var bytes = ReadLimited(stream, fileName);
        if (bytes.Length == 0)
        {
            throw new RoadmapFormatException($"Файл «{fileName}» пуст.");
        }

        var rows = kind == DocumentKind.Docx ? ReadDocx(bytes, fileName) : TextRoadmapSource.Read(bytes);
        return RoadmapAssembler.Assemble(rows, fileName);
    }

    private static IReadOnlyList<SourceRow> ReadDocx(byte[] bytes, string fileName)
    {
        // A .docx is a ZIP package; anything else is refused before the Open XML SDK sees it.
        if (bytes.Length < 4 || bytes[0] != 'P' || bytes[1] != 'K')
        {
            throw new RoadmapFormatException($"Файл «{fileName}» не является документом Word (.docx): возможно, это .doc или повреждённый файл.");
        }

        try
        {
            using var memory = new MemoryStream(bytes, writable: false);
            return DocxRoadmapSource.Read(memory);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or FileFormatException or XmlException
            or IOException or InvalidOperationException or ArgumentException)
        {
            throw new RoadmapFormatException($"Не удалось открыть «{fileName}» как документ Word (.docx): файл повреждён или имеет другой формат.", ex);
        }
    }

    private static byte[] ReadLimited(Stream stream, string fileName)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            buffer.Write(chunk, 0, read);
            CheckSize(buffer.Length, fileName);
        }

        return buffer.ToArray();
    }

    private static void CheckSize(long length, string fileName)
    {
        if (length > MaxFileSize)
        {
            throw new RoadmapFormatException(
                $"Файл «{fileName}» слишком большой ({length / (1024 * 1024)} МБ); дорожная карта должна занимать не более {MaxFileSize / (1024 * 1024)} МБ.");
        }
    }

    private static DocumentKind KindOf(string fileName) =>
        Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".docx" => DocumentKind.Docx,
            ".txt" => DocumentKind.Text,
            var other => throw new RoadmapFormatException(
                $"Формат «{(other.Length > 0 ? other : fileName)}» не поддерживается: загрузите дорожную карту в формате .docx или .txt."),
        };

    private enum DocumentKind
    {
        Docx,
        Text,
    }
}
