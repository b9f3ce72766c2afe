using System.Text;
using System.Text.Json.Nodes;

namespace SchoolSupport.Cards;

/// <summary>Payload size of a card as Teams counts it: compact UTF-8 JSON.</summary>
public static class CardSize
{
    /// <summary>Teams rejects a message above about 28 KB; the whole activity counts, so keep cards well under it.</summary>
    public const int TeamsBudgetBytes = 28 * 1024;

    /// <summary>Bytes of the card serialized compactly with Cyrillic unescaped (as the bot sends it).</summary>
    public static int Utf8Bytes(JsonNode card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return Encoding.UTF8.GetByteCount(card.ToJsonString(CardTemplateEngine.OutputOptions));
    }

    public static bool FitsTeams(JsonNode card) => Utf8Bytes(card) <= TeamsBudgetBytes;
}
