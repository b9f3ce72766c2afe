namespace SchoolSupport.Roadmaps.Documents;

/// <summary>The file cannot be read as a roadmap; the message is Russian and can be shown to the person importing it.</summary>
public sealed class RoadmapFormatException : Exception
{
    public RoadmapFormatException(string message)
        : base(message)
    {
    }

    public RoadmapFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
