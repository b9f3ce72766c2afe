using Microsoft.EntityFrameworkCore;
using SchoolSupport.Consultations;

namespace SchoolSupport.Tests.Consultations;

public sealed class ConsultationQueryTests
{
    private static async Task AddAsync(ConsultationFixture f, int schoolId, DateOnly date, bool deleted = false, params (string Text, DateOnly? Due, int? Who)[] actions)
    {
        await using var db = f.Db();
        var school = await db.Schools.SingleAsync(s => s.Id == schoolId);
        var row = new Consultation
        {
            SchoolId = schoolId,
            RegionId = school.RegionId,
            MunicipalityId = school.MunicipalityId,
            AuthorPersonId = f.CuratorId,
            Date = date,
            Format = ConsultationFormat.Remote,
            DurationMinutes = 30,
            Topic = "Тема " + date,
            Decisions = "Решения",
            SourceKey = Guid.NewGuid().ToString("N"),
            CreatedAt = f.Time.Now.UtcDateTime,
            UpdatedAt = f.Time.Now.UtcDateTime,
            DeletedAt = deleted ? f.Time.Now.UtcDateTime : null,
        };
        var order = 0;
        foreach (var (text, due, who) in actions)
        {
            row.Actions.Add(new ConsultationAction { Text = text, DueDate = due, AssigneePersonId = who, Order = ++order });
        }

        db.Consultations.Add(row);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task ForSchoolsAsync_MixedHistory_LastDateAndThisMonthCount()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        await AddAsync(f, f.School277, new DateOnly(2025, 2, 20));
        await AddAsync(f, f.School277, new DateOnly(2025, 3, 3));
        await AddAsync(f, f.School277, new DateOnly(2025, 3, 10));
        await AddAsync(f, f.School277, new DateOnly(2025, 3, 13), deleted: true);
        await AddAsync(f, f.Sosnovo, new DateOnly(2025, 1, 15));
        await using var db = f.Db();

        var stats = await ConsultationStats.ForSchoolsAsync(db, [f.School277, f.Sosnovo, f.Other], ConsultationFixture.Today, default);

        stats[f.School277].ShouldBe((new DateOnly(2025, 3, 10), 2));
        stats[f.Sosnovo].ShouldBe((new DateOnly(2025, 1, 15), 0));
        stats[f.Other].ShouldBe(((DateOnly?)null, 0));
    }

    [Fact]
    public async Task PlannedActionsDue_Window_OnlyOpenDatedActionsOfLiveConsultations()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        await AddAsync(f, f.School277, new DateOnly(2025, 3, 10), false,
            ("В окне, исполнитель — директор", new DateOnly(2025, 3, 20), f.DirectorId),
            ("В окне, без исполнителя", new DateOnly(2025, 3, 16), null),
            ("После окна", new DateOnly(2025, 4, 2), null),
            ("Без срока", null, null));
        await AddAsync(f, f.Sosnovo, new DateOnly(2025, 3, 11), true, ("Удалённая консультация", new DateOnly(2025, 3, 18), null));
        await using var db = f.Db();

        var due = await ConsultationQueries.PlannedActionsDue(db, new DateOnly(2025, 3, 14), new DateOnly(2025, 3, 31));

        due.Select(d => d.Text).ShouldBe(["В окне, без исполнителя", "В окне, исполнитель — директор"]);
        due[0].RecipientPersonId.ShouldBe(f.CuratorId);
        due[1].RecipientPersonId.ShouldBe(f.DirectorId);
        due[1].SchoolName.ShouldBe("ГБОУ СОШ № 277");
        due[1].ConsultationDate.ShouldBe(new DateOnly(2025, 3, 10));
    }

    [Fact]
    public async Task OpenActionsAsync_PerSchool_SoonestFirstWithOverdueFlag()
    {
        await using var f = await ConsultationFixture.CreateAsync();
        await AddAsync(f, f.School277, new DateOnly(2025, 3, 1), false,
            ("Без срока", null, null),
            ("Просрочено", new DateOnly(2025, 3, 10), f.DirectorId),
            ("Скоро", new DateOnly(2025, 3, 20), null));
        await using var db = f.Db();

        var open = await ConsultationQueries.OpenActionsAsync(db, [f.School277, f.Sosnovo], ConsultationFixture.Today);

        open[f.School277].Select(a => a.Text).ShouldBe(["Просрочено", "Скоро", "Без срока"]);
        open[f.School277][0].Overdue.ShouldBeTrue();
        open[f.School277][0].Assignee.ShouldBe("Иванова Анна Павловна");
        open[f.School277][1].Overdue.ShouldBeFalse();
        open[f.Sosnovo].ShouldBeEmpty();
    }
}
