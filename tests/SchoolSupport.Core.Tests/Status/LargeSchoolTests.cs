using SchoolSupport.Cards;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;
using SchoolSupport.Schedules;
using SchoolSupport.Schools;
using SchoolSupport.Status;

namespace SchoolSupport.Tests.Status;

/// <summary>A school with 150 tracked items, long titles and 15 sections: cards page or summarise and stay small.</summary>
public sealed class LargeSchoolTests : IDisposable
{
    /// <summary>Teams refuses messages over 28 KB for the whole activity: leave room for the envelope.</summary>
    private const int CardBudgetBytes = 20 * 1024;

    private readonly StatusFixture fixture = new();
    private readonly CardRenderer renderer = new();

    public LargeSchoolTests() => Seed(150);

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task MonthList_150Items_PagedByTwelve()
    {
        var card = await fixture.CardAsync<DueCard>("bigdirector", "сроки в марте");

        card.AllRows().Count().ShouldBe(DueQuery.PageSize);
        card.PageCount.ShouldBe(13);
        card.Summary.ShouldStartWith("Пунктов: 150");
        card.AllRows().ShouldAllBe(r => r.Title.Length <= DueQuery.TitleMax);
        Size(StatusTemplates.Due, card).ShouldBeLessThan(CardBudgetBytes);

        var last = await fixture.ActAsync("bigdirector", StatusVerbs.DuePage, StatusJson.ToData(card.Next with { Page = 12 }));
        var lastPage = last.UpdatedCard!.Model.ShouldBeOfType<DueCard>();
        lastPage.AllRows().Count().ShouldBe(150 - (12 * DueQuery.PageSize));
        lastPage.HasNext.ShouldBeFalse();
    }

    [Fact]
    public async Task Status_150Items_SectionsCappedAndSmall()
    {
        var card = await fixture.CardAsync<StatusCard>("bigdirector", "статус");

        card.Total.ShouldBe(150);
        card.Sections.Count.ShouldBe(StatusQuery.MaxSections);
        card.NextDeadlines.Count.ShouldBe(3);
        Size(StatusTemplates.Status, card).ShouldBeLessThan(CardBudgetBytes);
    }

    [Fact]
    public async Task Overdue_150Items_PagedAndSmall()
    {
        var card = await fixture.CardAsync<DueCard>("bigdirector", "что просрочено");

        card.Summary.ShouldBe("Просроченных пунктов: 50");
        Size(StatusTemplates.Due, card).ShouldBeLessThan(CardBudgetBytes);
    }

    /// <summary>Bytes of the rendered card, as the bot sends it.</summary>
    private int Size(string template, object model) => CardSize.Utf8Bytes(renderer.Render(template, model));

    private void Seed(int count)
    {
        using var db = fixture.CreateContext();
        var region = new Region { Name = "Большая область" };
        db.Regions.Add(region);
        db.SaveChanges();
        var school = new School { RegionId = region.Id, Name = "ГБОУ СОШ № 500 с углублённым изучением отдельных предметов", Cohort = 2025 };
        db.Schools.Add(school);
        db.SaveChanges();
        db.People.Add(new Person
        {
            FullName = "Большой Директор",
            Email = "bigdirector@test.local",
            AadObjectId = "aad-bigdirector",
            Roles = [new RoleAssignment { Role = Role.Director, RegionId = region.Id, SchoolId = school.Id }],
        });
        var roadmap = new Roadmap
        {
            Title = "Большая карта",
            Level = RoadmapLevel.Region,
            RegionId = region.Id,
            Year = 2026,
            SourceFileName = "big.docx",
            DocumentKey = "big-2026",
        };
        db.Roadmaps.Add(roadmap);
        db.SaveChanges();
        var sections = Enumerable.Range(1, 15)
            .Select(n => new RoadmapSection { RoadmapId = roadmap.Id, Number = n.ToString(System.Globalization.CultureInfo.InvariantCulture), Title = $"Раздел {n}: " + new string('р', 150), Order = n })
            .ToList();
        db.RoadmapSections.AddRange(sections);
        db.SaveChanges();
        for (var i = 0; i < count; i++)
        {
            var due = new DateOnly(2026, 3, 1 + (i % 31));
            db.RoadmapItems.Add(new RoadmapItem
            {
                RoadmapId = roadmap.Id,
                SectionId = sections[i % sections.Count].Id,
                Number = $"{(i % 15) + 1}.{i}",
                Order = i,
                Title = $"Мероприятие {i}: " + new string('м', 400),
                TimeframeText = $"До {due:dd.MM.yyyy}",
                TimeframeKind = TimeframeKind.Deadline,
                EndDate = due,
                DueDate = due,
                ResponsibleRoles = RoleMask.Director,
                TrackedPerSchool = true,
            });
        }

        db.SaveChanges();
    }
}
