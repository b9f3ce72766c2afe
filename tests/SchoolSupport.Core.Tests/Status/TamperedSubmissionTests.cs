using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Status;

namespace SchoolSupport.Tests.Status;

/// <summary>
/// Generated forged card submissions: every one must be refused and leave every progress row as it was.
/// The base submission is valid (it is proven accepted at the end), so each refusal comes from the one forged field.
/// </summary>
public sealed class TamperedSubmissionTests : IDisposable
{
    private readonly StatusFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    private JsonObject Valid() => CardData.Obj(
        ("schoolId", fixture.Id.School1),
        ("itemId", fixture.Id.Item("1.2")),
        ("roadmapId", fixture.Id.Roadmap),
        ("status", "Done"),
        ("evidenceUrl", "https://disk.example/doc.pdf"),
        ("note", "Готово"),
        ("cardKey", "0123456789abcdef"));

    private IEnumerable<(string Name, string Who, JsonObject Data)> Forgeries()
    {
        var ids = fixture.Id;
        JsonNode?[] badIds = [0, -1, 999_999, int.MaxValue, "abc", " 1", "1e3", "", true, 1.5, null, new JsonObject(), new JsonArray(), long.MaxValue];
        foreach (var field in new[] { "schoolId", "itemId", "roadmapId" })
        {
            foreach (var bad in badIds)
            {
                yield return ($"{field}={bad?.ToJsonString()}", "director1", With(field, bad?.DeepClone()));
            }

            yield return ($"{field} missing", "director1", Without(field));
        }

        // Ids that exist but are not the caller's: another school, another region, another roadmap, another cohort.
        foreach (var school in new[] { ids.School2, ids.School3, ids.School4, ids.OtherSchool })
        {
            yield return ($"school {school}", "director1", With("schoolId", school));
        }

        foreach (var school in new[] { ids.School2, ids.School4, ids.OtherSchool })
        {
            yield return ($"curator school {school}", "curator", With("schoolId", school));
        }

        yield return ("other region item", "director1", With(("itemId", ids.OtherItem), ("roadmapId", ids.OtherRoadmap)));
        yield return ("other region item, own roadmap", "director1", With("itemId", ids.OtherItem));
        yield return ("north item with region roadmap id", "director1", With("itemId", ids.Item("north-1")));
        yield return ("region item with north roadmap id", "director1", With("roadmapId", ids.NorthRoadmap));
        yield return ("north item for southern school", "curator", With(("schoolId", ids.School3), ("itemId", ids.Item("north-1")), ("roadmapId", ids.NorthRoadmap)));
        yield return ("cohort 2026 item for 2025 school", "director1", With("itemId", ids.Item("2.1")));
        yield return ("untracked event", "director1", With("itemId", ids.Item("1.1")));
        yield return ("withdrawn item", "director1", With("itemId", ids.Item("1.11")));
        yield return ("untracked recurring", "curator", With("itemId", ids.Item("1.6")));
        yield return ("other region director", "director9", Valid());
        yield return ("other region director, own school, our item", "director9", With("schoolId", ids.OtherSchool));

        JsonNode?[] badStatuses = ["done", "DONE", "Done ", " Done", "2", "3", "Completed", "Выполнено", "", "NotApplicable;", "Done\u0000", 2, true, new JsonArray("Done"), null];
        foreach (var status in badStatuses)
        {
            yield return ($"status={status?.ToJsonString()}", "director1", With("status", status?.DeepClone()));
        }

        yield return ("status missing", "director1", Without("status"));

        JsonNode?[] badLinks =
        [
            "javascript:alert(1)", "JavaScript:alert(document.cookie)", " javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)", "file:///etc/passwd", "ftp://files.example/doc.pdf", "mailto:a@b.example", "http//example.com",
            "//evil.example/x", "https://", "https:///path", "https://exa mple.com/", "https://user:pw@evil.example/", "https://example.com/a\nb",
            "example/doc.pdf", "/relative/path", "..", "a.b c.d", "https://example.com/" + new string('a', 2100), "\u202Ehttps://example.com", 5, true,
            new JsonObject { ["href"] = "https://example.com" },
        ];
        foreach (var link in badLinks)
        {
            var shown = link?.ToJsonString() ?? "null";
            yield return ($"evidence={shown[..Math.Min(40, shown.Length)]}", "director1", With("evidenceUrl", link?.DeepClone()));
        }

        JsonNode?[] badNotes = [new string('я', 5000), new string('a', MarkSubmission.NoteMaxLength + 1), "a\u0000b", "bell\u0007", 123, false, new JsonArray("a")];
        foreach (var note in badNotes)
        {
            yield return ($"note kind {note?.GetValueKind()} len {note?.ToJsonString().Length}", "director1", With("note", note?.DeepClone()));
        }

        JsonNode?[] badKeys = ["../../etc", new string('k', 300), "ключ", "a b", "x;drop", 5, true, new JsonObject()];
        foreach (var key in badKeys)
        {
            yield return ($"cardKey={key?.ToJsonString()[..Math.Min(20, key.ToJsonString().Length)]}", "director1", With("cardKey", key?.DeepClone()));
        }

        yield return ("no data", "director1", null!);
    }

    private JsonObject With(string field, JsonNode? value) => With((field, value));

    private JsonObject With(params (string Field, JsonNode? Value)[] changes)
    {
        var data = Valid();
        foreach (var (field, value) in changes)
        {
            data[field] = value;
        }

        return data;
    }

    private JsonObject Without(string field)
    {
        var data = Valid();
        data.Remove(field);
        return data;
    }

    [Fact]
    public async Task Mark_GeneratedForgeries_NoneAcceptedNothingChanged()
    {
        var before = await SnapshotAsync();
        var forgeries = Forgeries().ToList();
        var cases = forgeries
            .SelectMany(f => new[] { (f.Name, f.Who, f.Data, Verb: StatusVerbs.Mark, Invoke: true), (f.Name, f.Who, f.Data, Verb: StatusVerbs.Mark, Invoke: false) })
            .Concat(forgeries.Where(f => IsTargetForgery(f.Name)).Select(f => (f.Name, f.Who, f.Data, Verb: StatusVerbs.MarkForm, Invoke: true)))
            .ToList();
        cases.Count.ShouldBeGreaterThanOrEqualTo(200);

        var accepted = new List<string>();
        foreach (var c in cases)
        {
            var output = await fixture.ActAsync(c.Who, c.Verb, (JsonObject?)c.Data?.DeepClone(), invoke: c.Invoke);
            if (!output.Refused || output.UpdatedCard is not null || string.IsNullOrWhiteSpace(output.ActionMessage))
            {
                accepted.Add($"{c.Verb} {c.Who} {c.Name}");
            }
        }

        accepted.ShouldBeEmpty();
        (await SnapshotAsync()).ShouldBe(before);

        // The unforged submission is accepted: the refusals above came from the forged fields.
        (await fixture.ActAsync("director1", StatusVerbs.Mark, Valid())).Refused.ShouldBeFalse();
        (await SnapshotAsync()).ShouldNotBe(before);
    }

    [Fact]
    public async Task Mark_ForgedStatusMessage_IsRussianAndExplainsNothingChanged()
    {
        var output = await fixture.ActAsync("director1", StatusVerbs.Mark, With("evidenceUrl", "javascript:alert(1)"));

        output.Refused.ShouldBeTrue();
        output.ActionMessage.ShouldBe(MarkSubmissionReader.BadEvidence);
        output.ActionMessage.ShouldEndWith("Ничего не изменено.");
    }

    private static bool IsTargetForgery(string name) =>
        name.StartsWith("schoolId", StringComparison.Ordinal) || name.StartsWith("itemId", StringComparison.Ordinal)
        || name.StartsWith("roadmapId", StringComparison.Ordinal) || name.Contains("school", StringComparison.Ordinal)
        || name.Contains("item", StringComparison.Ordinal) || name.Contains("director", StringComparison.Ordinal)
        || name.Contains("untracked", StringComparison.Ordinal) || name == "no data";

    private async Task<string> SnapshotAsync()
    {
        await using var db = fixture.CreateContext();
        var rows = await db.ItemProgress.AsNoTracking().OrderBy(p => p.Id)
            .Select(p => $"{p.Id}:{p.SchoolId}:{p.ItemId}:{p.Status}:{p.Version}:{p.EvidenceUrl}:{p.Note}:{p.CompletedOn}")
            .ToListAsync();
        var changes = await db.ItemProgressChanges.CountAsync();
        return string.Join("|", rows) + $"#changes={changes}";
    }
}
