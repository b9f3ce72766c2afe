using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Data;
using SchoolSupport.Imports;
using SchoolSupport.Reports;
using SchoolSupport.Schools;

namespace SchoolSupport.People;

/// <summary>
/// The region's roster (список участников): who holds which role for which schools. People are matched by work
/// e-mail, so re-importing updates them in place; a curator may appear on several rows, one per assigned school.
/// A person holds one role in the roster; their roles in the region are replaced by what the file says.
/// </summary>
public static class RosterImporter
{
    public const string FullName = "name";
    public const string Email = "email";
    public const string RoleColumn = "role";
    public const string Municipality = "municipality";
    public const string Schools = "schools";
    public const string Phone = "phone";

    public static readonly IReadOnlyList<ImportColumn> Columns =
    [
        new(FullName, "ФИО", true, "фио", "ф и о", "фамилия имя отчество", "сотрудник", "участник", "фио участника", "фио сотрудника"),
        new(Email, "E-mail", true, "email", "e mail", "эл почта", "электронная почта", "адрес электронной почты", "рабочая почта",
            "рабочий email", "рабочий e mail", "почта", "upn", "логин", "учетная запись"),
        new(RoleColumn, "Роль", true, "роль", "роль в проекте", "должность в проекте", "функция в проекте", "категория"),
        new(Municipality, "Муниципальный район", false, "муниципальный район", "муниципальный район городской округ",
            "муниципальное образование", "городской округ", "район", "муниципалитет", "мо", "район городской округ"),
        new(Schools, "Школы", false, "школы", "школа", "оо", "образовательная организация", "образовательные организации",
            "закрепленные оо", "закрепленные школы", "наименование оо", "код оо", "коды оо", "школы коды"),
        new(Phone, "Телефон", false, "телефон", "тел", "контактный телефон", "мобильный телефон", "номер телефона"),
    ];

    /// <summary>The role names the export writes; the import also accepts the common variants (see <see cref="ParseRole"/>).</summary>
    public static string RoleTitle(Role role) => role switch
    {
        Role.RegionalCoordinator => "региональный координатор",
        Role.MunicipalCoordinator => "муниципальный координатор",
        Role.Curator => "куратор",
        Role.Director => "директор",
        _ => "консультант",
    };

    public static Role? ParseRole(string text)
    {
        var t = ImportColumns.Normalise(text);
        if (t.Length == 0)
        {
            return null;
        }

        if (t.Contains("координатор") || t is "региональный" or "муниципальный")
        {
            return t.Contains("муницип") || t.Contains("район") || t.Contains("городск") ? Role.MunicipalCoordinator
                : t.Contains("регион") ? Role.RegionalCoordinator
                : null;
        }

        return t.Contains("куратор") ? Role.Curator
            : t.Contains("директор") || t.Contains("руководител") ? Role.Director
            : t.Contains("консультант") || t.Contains("тьютор") || t.Contains("методист") || t.Contains("эксперт") ? Role.Consultant
            : null;
    }

    public static bool IsEmail(string text) =>
        text.Length <= 254 && text.Count(c => c == '@') == 1 && !text.Any(char.IsWhiteSpace)
        && MailAddress.TryCreate(text, out var address) && address.Address == text
        && address.Host.Contains('.') && !address.Host.EndsWith('.');

    public static async Task<ImportSummary> ImportAsync(
        SchoolSupportDbContext db, ImportTable table, ImportOptions options, DateTime utcNow, CancellationToken ct)
    {
        var columns = ImportColumns.Match(table.Headers, Columns, "списке участников");
        // People refer to the region's schools and districts, so the school list comes first.
        var region = await db.Regions.FirstOrDefaultAsync(r => r.Name == options.RegionName.Trim(), ct)
                     ?? throw new ImportFormatException($"Регион «{options.RegionName}» ещё не создан: сначала загрузите список школ.");
        var municipalities = await db.Municipalities.AsNoTracking().Where(m => m.RegionId == region.Id).ToListAsync(ct);
        var schools = await db.Schools.AsNoTracking().Where(s => s.RegionId == region.Id).ToListAsync(ct);
        var scopeName = options.OnlyMunicipalityId is { } only ? municipalities.FirstOrDefault(m => m.Id == only)?.Name : null;
        var errors = new List<ImportError>();
        var rows = new List<RosterRow>();
        var seenEmails = new HashSet<string>(StringComparer.Ordinal);

        foreach (var row in table.Rows)
        {
            var rowErrors = new List<string>();
            var name = row[columns[FullName]];
            var email = row[columns[Email]].ToLowerInvariant();
            var roleText = row[columns[RoleColumn]];
            var municipalityName = row[columns[Municipality]];
            var phone = row[columns[Phone]];
            if (email.Length > 0)
            {
                seenEmails.Add(email);
            }

            if (name.Length == 0)
            {
                rowErrors.Add("не указаны ФИО.");
            }

            if (email.Length == 0)
            {
                rowErrors.Add("не указан e-mail.");
            }
            else if (!IsEmail(email))
            {
                rowErrors.Add($"«{row[columns[Email]]}» — не адрес электронной почты.");
            }

            var role = ParseRole(roleText);
            if (role is null)
            {
                rowErrors.Add(roleText.Length == 0
                    ? "не указана роль."
                    : $"неизвестная роль «{roleText}»: укажите региональный или муниципальный координатор, куратор, директор или консультант.");
            }

            if (phone.Length > 32)
            {
                rowErrors.Add("телефон длиннее 32 символов.");
            }

            Municipality? municipality = null;
            if (municipalityName.Length > 0)
            {
                municipality = municipalities.FirstOrDefault(m => string.Equals(m.Name, municipalityName, StringComparison.OrdinalIgnoreCase));
                if (municipality is null)
                {
                    rowErrors.Add($"район «{municipalityName}» не найден в регионе «{region.Name}»; сначала загрузите список школ.");
                }
            }

            var rowSchools = new List<School>();
            foreach (var reference in SplitSchools(row[columns[Schools]]))
            {
                var school = FindSchool(schools, reference);
                if (school is null)
                {
                    rowErrors.Add($"школа «{reference}» не найдена в регионе «{region.Name}».");
                }
                else if (municipality is not null && school.MunicipalityId != municipality.Id)
                {
                    rowErrors.Add($"школа «{school.Name}» относится к другому району, не к «{municipality.Name}».");
                }
                else if (options.OnlyMunicipalityId is { } allowed && school.MunicipalityId != allowed)
                {
                    rowErrors.Add($"школа «{school.Name}» вне вашего района («{scopeName}»).");
                }
                else if (!rowSchools.Contains(school))
                {
                    rowSchools.Add(school);
                }
            }

            switch (role)
            {
                case Role.MunicipalCoordinator when municipality is null && municipalityName.Length == 0:
                    rowErrors.Add("для муниципального координатора укажите муниципальный район.");
                    break;
                case Role.Director when rowSchools.Count != 1 && !rowErrors.Any(e => e.StartsWith("школа", StringComparison.Ordinal)):
                    rowErrors.Add("у директора должна быть указана ровно одна школа.");
                    break;
                case Role.Curator or Role.Consultant when rowSchools.Count == 0 && !rowErrors.Any(e => e.StartsWith("школа", StringComparison.Ordinal)):
                    rowErrors.Add($"для роли «{RoleTitle(role.Value)}» укажите закреплённые школы.");
                    break;
                case Role.RegionalCoordinator when options.OnlyMunicipalityId is not null:
                    rowErrors.Add("назначить регионального координатора может только региональный координатор.");
                    break;
            }

            if (options.OnlyMunicipalityId is { } mine && municipality is not null && municipality.Id != mine)
            {
                rowErrors.Add($"район «{municipality.Name}» вне вашего района («{scopeName}»).");
            }

            if (rowErrors.Count > 0)
            {
                errors.AddRange(rowErrors.Select(e => new ImportError(row.Number, e)));
                continue;
            }

            rows.Add(new RosterRow(row.Number, name, email, role!.Value, municipality, rowSchools, phone.Length == 0 ? null : phone));
        }

        var people = new List<RosterPerson>();
        foreach (var group in rows.GroupBy(r => r.Email))
        {
            var first = group.First();
            var conflict = group.FirstOrDefault(r => r.Role != first.Role || !SameName(r.Name, first.Name));
            if (conflict is not null)
            {
                errors.Add(new ImportError(conflict.Row, conflict.Role != first.Role
                    ? $"e-mail {first.Email} уже указан в строке {first.Row} с другой ролью («{RoleTitle(first.Role)}», здесь «{RoleTitle(conflict.Role)}»)."
                    : $"e-mail {first.Email} уже указан в строке {first.Row} для другого человека («{first.Name}»)."));
                continue;
            }

            var schoolsOfPerson = group.SelectMany(r => r.Schools).Distinct().ToList();
            if (first.Role == Role.Director && schoolsOfPerson.Count > 1)
            {
                errors.Add(new ImportError(group.Skip(1).First().Row, $"директор {first.Email} указан для нескольких школ; у директора одна школа."));
                continue;
            }

            people.Add(new RosterPerson(first, group.Select(r => r.Phone).LastOrDefault(p => p is not null), schoolsOfPerson));
        }

        var emails = people.Select(p => p.Row.Email).ToList();
        var existing = await db.People.Include(p => p.Roles).Where(p => p.Email != null && emails.Contains(p.Email)).ToListAsync(ct);
        int created = 0, updated = 0, unchanged = 0, deactivated = 0;
        var changes = new List<string>();
        foreach (var entry in people)
        {
            var row = entry.Row;
            var wanted = Assignments(entry).ToList();
            var person = existing.FirstOrDefault(p => p.Email == row.Email);
            if (person is null)
            {
                person = new Person { FullName = row.Name, Email = row.Email, Phone = entry.Phone, CreatedAt = utcNow };
                foreach (var (role, municipalityId, schoolId) in wanted)
                {
                    person.Roles.Add(NewAssignment(region, role, municipalityId, schoolId));
                }

                db.People.Add(person);
                created++;
                changes.Add($"новый участник: {row.Name} — {RoleTitle(row.Role)}");
                continue;
            }

            var inRegion = person.Roles.Where(r => r.RegionId == region.Id).ToList();
            if (options.OnlyMunicipalityId is { } mine && inRegion.Any(r => r.MunicipalityId != mine))
            {
                errors.Add(new ImportError(row.Row, $"{row.Email} работает за пределами вашего района; изменить его может региональный координатор."));
                continue;
            }

            var current = inRegion.Select(r => (r.Role, r.MunicipalityId, r.SchoolId)).ToHashSet();
            var rolesChanged = !current.SetEquals(wanted);
            var changed = rolesChanged || person.FullName != row.Name || (entry.Phone is not null && person.Phone != entry.Phone) || !person.IsActive;
            if (!changed)
            {
                unchanged++;
                continue;
            }

            if (!person.IsActive)
            {
                changes.Add($"снова активен: {row.Name}");
            }

            person.FullName = row.Name;
            person.Phone = entry.Phone ?? person.Phone;
            person.IsActive = true;
            if (rolesChanged)
            {
                foreach (var old in inRegion.Where(r => !wanted.Contains((r.Role, r.MunicipalityId, r.SchoolId))))
                {
                    person.Roles.Remove(old);
                }

                foreach (var (role, municipalityId, schoolId) in wanted.Where(w => !current.Contains(w)))
                {
                    person.Roles.Add(NewAssignment(region, role, municipalityId, schoolId));
                }
            }

            updated++;
            changes.Add($"изменён: {row.Name}{(rolesChanged ? " (роль или школы)" : "")}");
        }

        if (options.DeactivateMissing)
        {
            var candidates = await db.People.Include(p => p.Roles)
                .Where(p => p.IsActive && p.Roles.Any(r => r.RegionId == region.Id))
                .ToListAsync(ct);
            foreach (var person in candidates)
            {
                if (person.Email is { } e && seenEmails.Contains(e) || person.Id == options.ActorPersonId)
                {
                    continue;
                }

                if (options.OnlyMunicipalityId is { } mine
                    && person.Roles.Any(r => r.RegionId != region.Id || r.MunicipalityId != mine))
                {
                    continue;
                }

                person.IsActive = false;
                deactivated++;
                changes.Add($"отключён: {person.FullName}");
            }
        }

        var summary = new ImportSummary
        {
            Rows = table.Rows.Count,
            Created = created,
            Updated = updated,
            Unchanged = unchanged,
            Deactivated = deactivated,
            Errors = errors.OrderBy(e => e.Row).ToList(),
            Changes = changes,
        };
        return await ImportRegions.FinishAsync(db, summary, options, RosterActions.ImportPeople, region, utcNow, ct);
    }

    /// <summary>The roster with the import's columns, one row per person and role; importing it back changes nothing.</summary>
    public static async Task<TabularReport> ExportAsync(SchoolSupportDbContext db, int regionId, CancellationToken ct)
    {
        var people = await db.People.AsNoTracking().Include(p => p.Roles)
            .Where(p => p.IsActive && p.Roles.Any(r => r.RegionId == regionId))
            .OrderBy(p => p.FullName)
            .ToListAsync(ct);
        var municipalities = await db.Municipalities.AsNoTracking().Where(m => m.RegionId == regionId).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        var schools = await db.Schools.AsNoTracking().Where(s => s.RegionId == regionId)
            .ToDictionaryAsync(s => s.Id, s => s.Code ?? s.Name, ct);
        var rows = new List<IReadOnlyList<ReportCell>>();
        foreach (var person in people)
        {
            foreach (var group in person.Roles.Where(r => r.RegionId == regionId).GroupBy(r => r.Role).OrderBy(g => g.Key))
            {
                var schoolRefs = group.Where(r => r.SchoolId is not null).Select(r => schools.GetValueOrDefault(r.SchoolId!.Value, "")).Order(StringComparer.Ordinal);
                var municipalityId = group.Key == Role.MunicipalCoordinator ? group.First().MunicipalityId : null;
                rows.Add([
                    person.FullName, ReportCell.Of(person.Email), RoleTitle(group.Key),
                    ReportCell.Of(municipalityId is { } m ? municipalities.GetValueOrDefault(m) : null),
                    ReportCell.Of(string.Join("; ", schoolRefs)), ReportCell.Of(person.Phone),
                ]);
            }
        }

        return new TabularReport("Участники", [.. Columns.Select(c => new ReportColumn(c.Title, c.Key is FullName or Schools ? 40 : 24))], rows);
    }

    /// <summary>Several schools in one cell are separated by «;» or line breaks.</summary>
    private static IEnumerable<string> SplitSchools(string cell) =>
        cell.Split([';', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>By code, full name, short name, or the number people use («277», «№ 277») when only one school has it.</summary>
    public static School? FindSchool(IReadOnlyList<School> schools, string reference)
    {
        var text = reference.Trim();
        var found = schools.FirstOrDefault(s => s.Code is not null && string.Equals(s.Code, text, StringComparison.OrdinalIgnoreCase))
                    ?? schools.FirstOrDefault(s => string.Equals(s.Name, text, StringComparison.OrdinalIgnoreCase))
                    ?? schools.FirstOrDefault(s => s.ShortName is not null && string.Equals(s.ShortName, text, StringComparison.OrdinalIgnoreCase));
        if (found is not null)
        {
            return found;
        }

        var number = text.TrimStart('№', ' ');
        var byNumber = number.Length > 0 && number.All(char.IsDigit) ? schools.Where(s => s.Number == number).ToList() : [];
        return byNumber.Count == 1 ? byNumber[0] : null;
    }

    private static IEnumerable<(Role Role, int? MunicipalityId, int? SchoolId)> Assignments(RosterPerson entry)
    {
        var row = entry.Row;
        switch (row.Role)
        {
            case Role.RegionalCoordinator:
                yield return (Role.RegionalCoordinator, null, null);
                break;
            case Role.MunicipalCoordinator:
                yield return (Role.MunicipalCoordinator, row.Municipality!.Id, null);
                break;
            default:
                foreach (var school in entry.Schools)
                {
                    yield return (row.Role, school.MunicipalityId, school.Id);
                }

                break;
        }
    }

    private static RoleAssignment NewAssignment(Region region, Role role, int? municipalityId, int? schoolId) =>
        new() { Role = role, RegionId = region.Id, MunicipalityId = municipalityId, SchoolId = schoolId };

    private static bool SameName(string a, string b) => ImportColumns.Normalise(a) == ImportColumns.Normalise(b);

    private sealed record RosterRow(int Row, string Name, string Email, Role Role, Municipality? Municipality, IReadOnlyList<School> Schools, string? Phone);

    private sealed record RosterPerson(RosterRow Row, string? Phone, IReadOnlyList<School> Schools);
}
