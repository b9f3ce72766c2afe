using System.Text.Json;
using System.Text.Json.Serialization;
using SchoolSupport.Common;
using SchoolSupport.Schedules;

namespace SchoolSupport.Roadmaps;

/// <summary>
/// The one format of <see cref="RoadmapItem.TimeframeDetails"/>: the importer writes it, "what is due" and reminders read it.
/// </summary>
public static class TimeframeDetailsJson
{
    public static readonly JsonSerializerOptions Options = new(RelaxedJson.Options)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize(Timeframe timeframe) => JsonSerializer.Serialize(timeframe, Options);

    /// <summary>Null for empty or unreadable details: an item with a broken JSON still shows by its date columns.</summary>
    public static Timeframe? Deserialize(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            var timeframe = JsonSerializer.Deserialize<Timeframe>(json, Options);

            // Lists left out of hand-written or older JSON arrive as null despite the non-nullable record.
            return timeframe is null ? null : timeframe with
            {
                Dates = timeframe.Dates ?? [],
                Recurrences = (timeframe.Recurrences ?? []).Select(r => r with { WeeksOfMonth = r.WeeksOfMonth ?? [] }).ToList(),
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
