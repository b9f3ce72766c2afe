namespace SchoolSupport.Cards;

/// <summary>A card template could not be found, parsed or expanded.</summary>
public sealed class CardTemplateException : Exception
{
    public CardTemplateException(string message)
        : base(message)
    {
    }

    public CardTemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
