using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using SchoolSupport.Roadmaps.Documents;

namespace SchoolSupport.Core.Tests.Roadmaps;

public sealed class BadRoadmapInputTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("roadmap-input-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData("empty.txt")]
    [InlineData("empty.docx")]
    public void Read_EmptyFile_ThrowsRussianMessage(string name)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, []);

        var error = Should.Throw<RoadmapFormatException>(() => RoadmapDocumentReader.Read(path));

        error.Message.ShouldContain("пуст");
    }

    [Theory]
    [InlineData("random.docx")]
    [InlineData("random.txt")]
    public void Read_RandomBytes_ThrowsRussianMessage(string name)
    {
        var bytes = new byte[4096];
        new Random(500).NextBytes(bytes);
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, bytes);

        var error = Should.Throw<RoadmapFormatException>(() => RoadmapDocumentReader.Read(path));

        error.Message.ShouldMatch("[А-Яа-яЁё]{4,}");
    }

    [Fact]
    public void Read_ZipThatIsNotWord_ThrowsRussianMessage()
    {
        var bytes = new byte[2048];
        new Random(7).NextBytes(bytes);
        bytes[0] = (byte)'P';
        bytes[1] = (byte)'K';

        var error = Should.Throw<RoadmapFormatException>(() => RoadmapDocumentReader.Read(new MemoryStream(bytes), "broken.docx"));

        error.Message.ShouldContain("Word");
    }

    [Fact]
    public void Read_DocxWithoutTable_ThrowsRussianMessage()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            document.AddMainDocumentPart().Document = new Document(new Body(
                DocxRoadmapTests.Paragraph("План-график на 2022 год"),
                DocxRoadmapTests.Paragraph("1. Анкетирование — март 2022 года")));
        }

        stream.Position = 0;
        var error = Should.Throw<RoadmapFormatException>(() => RoadmapDocumentReader.Read(stream, "no-table.docx"));

        error.Message.ShouldContain("таблиц");
    }

    [Fact]
    public void Read_TextWithoutHeaderRow_ThrowsRussianMessage()
    {
        using var stream = new MemoryStream("Просто письмо\tбез таблицы\nВторая строка"u8.ToArray());

        var error = Should.Throw<RoadmapFormatException>(() => RoadmapDocumentReader.Read(stream, "letter.txt"));

        error.Message.ShouldContain("заголовков");
    }

    [Fact]
    public void Read_UnknownExtension_ThrowsRussianMessage()
    {
        var error = Should.Throw<RoadmapFormatException>(() => RoadmapDocumentReader.Read(new MemoryStream([1, 2, 3]), "roadmap.pdf"));

        error.Message.ShouldContain(".pdf");
        error.Message.ShouldContain("не поддерживается");
    }

    [Fact]
    public void Read_FiftyMegabyteFile_RefusesBeforeReading()
    {
        var path = Path.Combine(directory, "huge.txt");
        using (var file = File.Create(path))
        {
            file.SetLength(50L * 1024 * 1024);
        }

        var error = Should.Throw<RoadmapFormatException>(() => RoadmapDocumentReader.Read(path));

        error.Message.ShouldContain("слишком большой");
    }

    [Fact]
    public void Read_FiftyMegabyteSeekableStream_ReadsNothing()
    {
        var stream = new EndlessStream(length: 50L * 1024 * 1024);

        Should.Throw<RoadmapFormatException>(() => RoadmapDocumentReader.Read(stream, "huge.docx"));

        stream.BytesRead.ShouldBe(0);
    }

    [Fact]
    public void Read_UnboundedNonSeekableStream_StopsAtTheLimit()
    {
        var stream = new EndlessStream(length: null);

        Should.Throw<RoadmapFormatException>(() => RoadmapDocumentReader.Read(stream, "huge.txt"));

        stream.BytesRead.ShouldBeLessThanOrEqualTo(RoadmapDocumentReader.MaxFileSize + 128 * 1024);
    }

    /// <summary>Serves zeros and counts how many bytes were asked for.</summary>
    private sealed class EndlessStream(long? length) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => length is not null;
        public override bool CanWrite => false;
        public override long Length => length ?? throw new NotSupportedException();
        public override long Position { get; set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Clear(buffer, offset, count);
            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
