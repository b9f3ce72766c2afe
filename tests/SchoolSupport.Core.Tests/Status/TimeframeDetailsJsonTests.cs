using System.Text.Json;
using SchoolSupport.Roadmaps;
using SchoolSupport.Roadmaps.Import;
using SchoolSupport.Schedules;
using SchoolSupport.Status;

namespace SchoolSupport.Tests.Status;

public sealed class TimeframeDetailsJsonTests
{
    [Fact]
    public void Deserialize_WhatTheImporterWrites_SameOccurrencesWithAudience()
    {
        var parsed = TimeframeParser.Parse("1 и 3 четверг – 1 год участия; 2 и 4 четверг – 2 год участия", new TimeframeContext(2026));
        var stored = TimeframeDetailsJson.Serialize(parsed);

        var read = TimeframeDetailsJson.Deserialize(stored).ShouldNotBeNull();

        read.Kind.ShouldBe(TimeframeKind.Recurring);
        read.Recurrences.Select(r => r.Audience).ShouldBe(parsed.Recurrences.Select(r => r.Audience));
        read.OccurrencesBetween(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31))
            .ShouldBe([new DateOnly(2026, 3, 5), new DateOnly(2026, 3, 12), new DateOnly(2026, 3, 19), new DateOnly(2026, 3, 26)]);
        var hits = ItemSchedule.Hits(read.Kind, read.Start, read.End, null, stored, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31));
        hits.Where(h => ItemSchedule.AudienceYear(h.Audience) == 1).Select(h => h.Date.Day).ShouldBe([5, 19]);
        hits.Where(h => ItemSchedule.AudienceYear(h.Audience) == 2).Select(h => h.Date.Day).ShouldBe([12, 26]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    public void Deserialize_EmptyOrBroken_Null(string json) => TimeframeDetailsJson.Deserialize(json).ShouldBeNull();

    [Fact]
    public void Deserialize_WithoutLists_EmptyListsNotNull()
    {
        var read = TimeframeDetailsJson.Deserialize("{\"text\":\"x\",\"kind\":\"Recurring\"}").ShouldNotBeNull();

        read.Kind.ShouldBe(TimeframeKind.Recurring);
        read.Dates.ShouldBeEmpty();
        read.Recurrences.ShouldBeEmpty();
    }
}
