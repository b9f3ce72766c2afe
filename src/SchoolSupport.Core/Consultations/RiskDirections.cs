using Microsoft.EntityFrameworkCore;
using SchoolSupport.Data;

namespace SchoolSupport.Consultations;

public static class RiskDirections
{
    /// <summary>
    /// The list commonly published with the federal methodology. Regions edit their own copy, so this only seeds it.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultNames =
    [
        "Низкий уровень оснащения школы",
        "Дефицит педагогических кадров",
        "Недостаточная предметная и методическая компетентность педагогических работников",
        "Риски низкой адаптивности учебного процесса",
        "Несформированность внутришкольной системы повышения квалификации",
        "Высокая доля обучающихся с рисками учебной неуспешности",
        "Низкий уровень вовлечённости родителей",
        "Пониженный уровень качества школьной образовательной и воспитательной среды",
        "Высокая доля обучающихся с ОВЗ",
        "Низкое качество преодоления языковых и культурных барьеров",
        "Низкая учебная мотивация обучающихся",
    ];

    /// <summary>Adds the default directions a region does not have yet; returns how many were added.</summary>
    public static async Task<int> EnsureDefaultsAsync(SchoolSupportDbContext db, int regionId, CancellationToken ct)
    {
        var existing = await db.RiskDirections.Where(r => r.RegionId == regionId).Select(r => r.Name).ToListAsync(ct);
        var order = existing.Count;
        var added = 0;
        foreach (var name in DefaultNames.Where(n => !existing.Contains(n)))
        {
            db.RiskDirections.Add(new RiskDirection { RegionId = regionId, Name = name, Order = ++order });
            added++;
        }

        await db.SaveChangesAsync(ct);
        return added;
    }
}
