using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Cards;
using SchoolSupport.Cli;
using SchoolSupport.Imports;
using SchoolSupport.People;
using SchoolSupport.Reports;
using SchoolSupport.Schools;
using SchoolSupport.Tests.Support;

namespace SchoolSupport.Tests.Cli;

/// <summary><c>schools import|export</c> and <c>people import|export</c> through the command line on a real SQLite file.</summary>
public sealed class RosterCliTests : IDisposable
{
    private const string Region = "Ленинградская область";
    private const string SchoolsHeader = "Код ОО;Полное наименование ОО;Краткое наименование;Муниципальный район;Год участия";
    private const string PeopleHeader = "ФИО;E-mail;Роль;Муниципальный район;Школы;Телефон";

    private static readonly Encoding Cp1251 = CodePagesEncodingProvider.Instance.GetEncoding(1251)!;

    private readonly SqliteTestDatabase database = new();
    private readonly string scratch = Directory.CreateTempSubdirectory("schoolsupport-roster").FullName;

    public void Dispose()
    {
        database.Dispose();
        Directory.Delete(scratch, recursive: true);
    }

    private static string Sample(string name) => Path.Combine(RepositoryPaths.Root, "samples", name);

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr, database.Options);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private string Write(string name, string text, Encoding? encoding = null, bool bom = false)
    {
        var path = Path.Combine(scratch, name);
        encoding ??= new UTF8Encoding(false);
        File.WriteAllBytes(path, [.. bom ? encoding.GetPreamble() : [], .. encoding.GetBytes(text)]);
        return path;
    }

    private async Task<JsonElement> ImportJsonAsync(string kind, string path, params string[] extra)
    {
        var (exit, output, error) = await RunAsync([kind, "import", path, "--region", Region, "--json", .. extra]);
        exit.ShouldBe(0, error + output);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private async Task SeedSchoolsAsync() => await ImportJsonAsync("schools", Sample("schools.csv"));

    [Fact]
    public async Task SchoolsImport_SampleFile_CreatesRegionDistrictsAndSchools()
    {
        var summary = await ImportJsonAsync("schools", Sample("schools.csv"));

        summary.GetProperty("created").GetInt32().ShouldBe(14);
        summary.GetProperty("applied").GetBoolean().ShouldBeTrue();
        await using var db = database.CreateContext();
        var region = await db.Regions.SingleAsync();
        region.Name.ShouldBe(Region);
        region.TimeZone.ShouldBe("Europe/Moscow");
        (await db.Municipalities.Select(m => m.Name).ToListAsync()).ShouldBe(
            ["Лужский район", "Кингисеппский район", "Тихвинский район", "Волосовский район", "Гатчинский район"], ignoreOrder: true);
        var luga = await db.Schools.Include(s => s.Municipality).SingleAsync(s => s.Code == "ЛО-001");
        (luga.Name, luga.ShortName, luga.Number, luga.Cohort, luga.Municipality!.Name)
            .ShouldBe(("МОУ «СОШ № 3» г. Луги", "СОШ № 3 г. Луги", "3", 2021, "Лужский район"));
        (await db.RosterChanges.SingleAsync()).Action.ShouldBe(RosterActions.ImportSchools);
    }

    [Fact]
    public async Task SchoolsImport_TimeZoneOption_SetsTheNewRegionsZone()
    {
        var (exit, _, error) = await RunAsync("schools", "import", Sample("schools.csv"), "--region", "Калининградская область", "--time-zone", "Europe/Kaliningrad");

        exit.ShouldBe(0, error);
        await using var db = database.CreateContext();
        (await db.Regions.SingleAsync()).TimeZone.ShouldBe("Europe/Kaliningrad");
    }

    public static TheoryData<string, string> SchoolSynonyms()
    {
        var data = new TheoryData<string, string>();
        foreach (var column in SchoolImporter.Columns)
        {
            foreach (var synonym in column.Synonyms)
            {
                data.Add(column.Key, synonym);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SchoolSynonyms))]
    public async Task SchoolsImport_EveryHeaderSynonym_IsRecognised(string key, string synonym)
    {
        var headers = new Dictionary<string, string>
        {
            [SchoolImporter.Code] = "Код ОО",
            [SchoolImporter.Name] = "Полное наименование ОО",
            [SchoolImporter.ShortName] = "Краткое наименование",
            [SchoolImporter.Municipality] = "Муниципальный район",
            [SchoolImporter.Cohort] = "Год участия",
        };
        headers[key] = synonym.ToUpperInvariant();
        var values = new Dictionary<string, string>
        {
            [SchoolImporter.Code] = "47-777",
            [SchoolImporter.Name] = "МБОУ «Лодейнопольская СОШ № 68»",
            [SchoolImporter.ShortName] = "СОШ № 68",
            [SchoolImporter.Municipality] = "Лодейнопольский район",
            [SchoolImporter.Cohort] = "2025",
        };

        // Columns in reverse order: matching is by header, not position.
        var order = headers.Keys.Reverse().ToList();
        var path = Write("schools.csv", string.Join(";", order.Select(k => headers[k])) + "\n" + string.Join(";", order.Select(k => values[k])) + "\n");
        await ImportJsonAsync("schools", path);

        await using var db = database.CreateContext();
        var school = await db.Schools.Include(s => s.Municipality).SingleAsync();
        (school.Code, school.Name, school.ShortName, school.Municipality!.Name, school.Cohort)
            .ShouldBe(("47-777", "МБОУ «Лодейнопольская СОШ № 68»", "СОШ № 68", "Лодейнопольский район", 2025));
    }

    public static TheoryData<string, string> PeopleSynonyms()
    {
        var data = new TheoryData<string, string>();
        foreach (var column in RosterImporter.Columns)
        {
            foreach (var synonym in column.Synonyms)
            {
                data.Add(column.Key, synonym);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PeopleSynonyms))]
    public async Task PeopleImport_EveryHeaderSynonym_IsRecognised(string key, string synonym)
    {
        await SeedSchoolsAsync();
        var headers = new Dictionary<string, string>
        {
            [RosterImporter.FullName] = "ФИО",
            [RosterImporter.Email] = "E-mail",
            [RosterImporter.RoleColumn] = "Роль",
            [RosterImporter.Municipality] = "Муниципальный район",
            [RosterImporter.Schools] = "Школы",
            [RosterImporter.Phone] = "Телефон",
        };
        headers[key] = synonym;
        var values = new Dictionary<string, string>
        {
            [RosterImporter.FullName] = "Гусева Ольга Игоревна",
            [RosterImporter.Email] = "Guseva@School.ru",
            [RosterImporter.RoleColumn] = "Куратор",
            [RosterImporter.Municipality] = "Лужский район",
            [RosterImporter.Schools] = "ЛО-001; ЛО-002",
            [RosterImporter.Phone] = "+7 911 000-00-00",
        };
        var order = headers.Keys.Reverse().ToList();
        var path = Write("people.csv", string.Join(";", order.Select(k => headers[k])) + "\n" + string.Join(";", order.Select(k => $"\"{values[k]}\"")) + "\n");
        await ImportJsonAsync("people", path);

        await using var db = database.CreateContext();
        var person = await db.People.Include(p => p.Roles).SingleAsync();
        (person.FullName, person.Email, person.Phone).ShouldBe(("Гусева Ольга Игоревна", "guseva@school.ru", "+7 911 000-00-00"));
        var codes = await db.Schools.Where(s => person.Roles.Select(r => r.SchoolId).Contains(s.Id)).Select(s => s.Code).ToListAsync();
        codes.ShouldBe(["ЛО-001", "ЛО-002"], ignoreOrder: true);
        person.Roles.ShouldAllBe(r => r.Role == Role.Curator);
    }

    [Theory]
    [InlineData("региональный координатор", Role.RegionalCoordinator)]
    [InlineData("Координатор региональный", Role.RegionalCoordinator)]
    [InlineData("муниципальный координатор", Role.MunicipalCoordinator)]
    [InlineData("Координатор муниципальный", Role.MunicipalCoordinator)]
    [InlineData("куратор", Role.Curator)]
    [InlineData("Директор", Role.Director)]
    [InlineData("руководитель ОО", Role.Director)]
    [InlineData("консультант", Role.Consultant)]
    [InlineData("тьютор", Role.Consultant)]
    [InlineData("методист", Role.Consultant)]
    public void ParseRole_CommonNames_AreRecognised(string text, Role role) => RosterImporter.ParseRole(text).ShouldBe(role);

    [Theory]
    [InlineData("utf8", false, ';')]
    [InlineData("utf8", true, ';')]
    [InlineData("utf8", false, ',')]
    [InlineData("utf8", true, ',')]
    [InlineData("cp1251", false, ';')]
    [InlineData("cp1251", false, ',')]
    public async Task PeopleImport_EncodingsAndSeparators_ReadTheSame(string encoding, bool bom, char separator)
    {
        await SeedSchoolsAsync();
        var text = string.Join("\r\n",
            string.Join(separator, "ФИО", "E-mail", "Роль", "Муниципальный район", "Школы"),
            string.Join(separator, "Ёлкина Жанна Щукина", "elkina@school.ru", "директор", "Лужский район", "\"МОУ «СОШ № 3» г. Луги\""),
            string.Join(separator, "Юдин Эдуард Фёдорович", "yudin@school.ru", "куратор", "", "\"ЛО-002; ЛО-003\"")) + "\r\n";
        var path = Write("people.csv", text, encoding == "utf8" ? new UTF8Encoding(bom) : Cp1251, bom);

        var summary = await ImportJsonAsync("people", path);

        summary.GetProperty("created").GetInt32().ShouldBe(2);
        await using var db = database.CreateContext();
        (await db.People.OrderBy(p => p.Email).Select(p => p.FullName).ToListAsync()).ShouldBe(["Ёлкина Жанна Щукина", "Юдин Эдуард Фёдорович"]);
        (await db.RoleAssignments.CountAsync(r => r.Role == Role.Curator)).ShouldBe(2);
    }

    [Fact]
    public async Task PeopleImport_FirstSheetOfXlsx_IsRead()
    {
        await SeedSchoolsAsync();
        var report = new TabularReport("Лист1",
            [new("ФИО"), new("Роль"), new("Адрес электронной почты"), new("Закреплённые ОО")],
            [
                ["Гусев Иван Петрович", "консультант", "gusev@school.ru", "ЛО-004"],
                ["Гусева Анна Ивановна", "куратор", "guseva@school.ru", "ЛО-005"],
                ["Гусева Анна Ивановна", "куратор", "guseva@school.ru", "ЛО-006"],
            ]);
        var path = Path.Combine(scratch, "roster.xlsx");
        await File.WriteAllBytesAsync(path, XlsxWriter.ToBytes(report));

        var summary = await ImportJsonAsync("people", path);

        summary.GetProperty("created").GetInt32().ShouldBe(2);
        await using var db = database.CreateContext();
        var guseva = await db.People.Include(p => p.Roles).SingleAsync(p => p.Email == "guseva@school.ru");
        guseva.Roles.Count.ShouldBe(2);
    }

    public static TheoryData<string, string> InvalidRows() => new()
    {
        { "Петров Пётр;petrov@school.ru;куратор;;ЛО-999", "Строка 3: школа «ЛО-999» не найдена в регионе «Ленинградская область»." },
        { "Петров Пётр;petrov@school.ru;завхоз;;ЛО-001", "Строка 3: неизвестная роль «завхоз»" },
        { "Петров Пётр;petrov-school.ru;куратор;;ЛО-001", "Строка 3: «petrov-school.ru» — не адрес электронной почты." },
        { "Петров Пётр;petrov@school.ru;директор;Кингисеппский район;ЛО-001", "Строка 3: школа «МОУ «СОШ № 3» г. Луги» относится к другому району, не к «Кингисеппский район»." },
        { "Петров Пётр;petrov@school.ru;директор;;", "Строка 3: у директора должна быть указана ровно одна школа." },
        { ";petrov@school.ru;куратор;;ЛО-001", "Строка 3: не указаны ФИО." },
        { "Петров Пётр;petrov@school.ru;муниципальный координатор;Выборгский район;", "Строка 3: район «Выборгский район» не найден" },
        { "Иванов Иван;ivanov@school.ru;директор;;ЛО-002", "Строка 3: e-mail ivanov@school.ru уже указан в строке 2 с другой ролью" },
    };

    [Theory]
    [MemberData(nameof(InvalidRows))]
    public async Task PeopleImport_InvalidRow_StoresNothingAndExitsWithTwo(string row, string message)
    {
        await SeedSchoolsAsync();
        var path = Write("people.csv", $"ФИО;E-mail;Роль;Муниципальный район;Школы\nИванов Иван;ivanov@school.ru;куратор;;ЛО-001\n{row}\n");

        var (exit, output, error) = await RunAsync("people", "import", path, "--region", Region);

        exit.ShouldBe(CliApp.BadInput);
        error.ShouldContain(message);
        output.ShouldContain("ничего не сохранено");
        await using var db = database.CreateContext();
        (await db.People.CountAsync()).ShouldBe(0);
        (await db.RoleAssignments.CountAsync()).ShouldBe(0);
        (await db.RosterChanges.CountAsync(c => c.Action == RosterActions.ImportPeople)).ShouldBe(0);
    }

    [Fact]
    public async Task SchoolsImport_InvalidRows_StoreNothing()
    {
        var path = Write("schools.csv", $"{SchoolsHeader}\n1;МОУ «СОШ № 1»;;Лужский район;2024\n2;МОУ «СОШ № 2»;;;позже\n1;МОУ «СОШ № 5»;;Лужский район;2024\n");

        var (exit, _, error) = await RunAsync("schools", "import", path, "--region", Region);

        exit.ShouldBe(CliApp.BadInput);
        error.ShouldContain("Строка 3: не указан муниципальный район.");
        error.ShouldContain("Строка 3: год участия «позже» не похож на год (например, 2024).");
        error.ShouldContain("Строка 4: код «1» уже встречается в строке 2.");
        await using var db = database.CreateContext();
        (await db.Regions.CountAsync()).ShouldBe(0);
        (await db.Schools.CountAsync()).ShouldBe(0);
        (await db.Municipalities.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Import_MissingRequiredColumn_ExitsWithTwoAndNamesIt()
    {
        var path = Write("people.csv", "ФИО;Школы\nИванов;ЛО-001\n");
        await SeedSchoolsAsync();

        var (exit, _, error) = await RunAsync("people", "import", path, "--region", Region);

        exit.ShouldBe(CliApp.BadInput);
        error.ShouldContain("нет столбцов «E-mail», «Роль»");
    }

    [Fact]
    public async Task PeopleImport_SkipInvalid_StoresTheValidRowsOnly()
    {
        await SeedSchoolsAsync();
        var path = Write("people.csv", $"{PeopleHeader}\nИванов Иван;ivanov@school.ru;куратор;;ЛО-001;\nПетров Пётр;petrov@;куратор;;ЛО-001;\n");

        var (exit, output, error) = await RunAsync("people", "import", path, "--region", Region, "--skip-invalid", "--json");

        exit.ShouldBe(0, error);
        var summary = JsonDocument.Parse(output).RootElement;
        summary.GetProperty("created").GetInt32().ShouldBe(1);
        summary.GetProperty("errors")[0].GetProperty("row").GetInt32().ShouldBe(3);
        await using var db = database.CreateContext();
        (await db.People.Select(p => p.Email).ToListAsync()).ShouldBe(["ivanov@school.ru"]);
    }

    [Fact]
    public async Task PeopleImport_DryRun_StoresNothing()
    {
        await SeedSchoolsAsync();

        var summary = await ImportJsonAsync("people", Sample("people.csv"), "--dry-run");

        summary.GetProperty("created").GetInt32().ShouldBe(21);
        summary.GetProperty("applied").GetBoolean().ShouldBeFalse();
        await using var db = database.CreateContext();
        (await db.People.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Import_SameFilesAgain_ChangesNothing()
    {
        await SeedSchoolsAsync();
        await ImportJsonAsync("people", Sample("people.csv"));

        var schools = await ImportJsonAsync("schools", Sample("schools.csv"));
        var people = await ImportJsonAsync("people", Sample("people.csv"));

        (schools.GetProperty("created").GetInt32(), schools.GetProperty("updated").GetInt32(), schools.GetProperty("unchanged").GetInt32()).ShouldBe((0, 0, 14));
        (people.GetProperty("created").GetInt32(), people.GetProperty("updated").GetInt32(), people.GetProperty("unchanged").GetInt32()).ShouldBe((0, 0, 21));
        await using var db = database.CreateContext();
        (await db.People.CountAsync()).ShouldBe(21);
        (await db.RoleAssignments.CountAsync()).ShouldBe(33);
    }

    [Fact]
    public async Task PeopleImport_ChangedRow_UpdatesThePersonInPlace()
    {
        await SeedSchoolsAsync();
        await ImportJsonAsync("people", Sample("people.csv"));
        var text = File.ReadAllText(Sample("people.csv")).Replace("\"ЛО-001; ЛО-003\"", "ЛО-014", StringComparison.Ordinal);

        var summary = await ImportJsonAsync("people", Write("people.csv", text));

        summary.GetProperty("updated").GetInt32().ShouldBe(1);
        await using var db = database.CreateContext();
        var consultant = await db.People.Include(p => p.Roles).SingleAsync(p => p.Email == "consultant@demo.schoolsupport.local");
        var school = await db.Schools.SingleAsync(s => s.Code == "ЛО-014");
        consultant.Roles.Select(r => r.SchoolId).ShouldBe([school.Id]);
    }

    [Fact]
    public async Task PeopleImport_DeactivateMissing_KeepsHistoryAndRemovesAccess()
    {
        await SeedSchoolsAsync();
        await ImportJsonAsync("people", Sample("people.csv"));
        var lines = File.ReadAllLines(Sample("people.csv")).Where(l => !l.Contains("curator3@", StringComparison.Ordinal));

        var summary = await ImportJsonAsync("people", Write("people.csv", string.Join("\n", lines)), "--deactivate-missing");

        summary.GetProperty("deactivated").GetInt32().ShouldBe(1);
        await using var db = database.CreateContext();
        var gone = await db.People.Include(p => p.Roles).SingleAsync(p => p.Email == "curator3@demo.schoolsupport.local");
        gone.IsActive.ShouldBeFalse();
        gone.Roles.Count.ShouldBe(7);
        (await db.People.CountAsync(p => p.IsActive)).ShouldBe(20);
    }

    [Fact]
    public async Task PeopleImport_WithoutDeactivateMissing_LeavesAbsentPeopleActive()
    {
        await SeedSchoolsAsync();
        await ImportJsonAsync("people", Sample("people.csv"));
        var lines = File.ReadAllLines(Sample("people.csv")).Where(l => !l.Contains("curator3@", StringComparison.Ordinal));

        await ImportJsonAsync("people", Write("people.csv", string.Join("\n", lines)));

        await using var db = database.CreateContext();
        (await db.People.CountAsync(p => p.IsActive)).ShouldBe(21);
    }

    [Theory]
    [InlineData(".csv")]
    [InlineData(".xlsx")]
    public async Task Export_ThenImportBack_ChangesNothing(string extension)
    {
        await SeedSchoolsAsync();
        await ImportJsonAsync("people", Sample("people.csv"));
        var schoolsFile = Path.Combine(scratch, "schools" + extension);
        var peopleFile = Path.Combine(scratch, "people" + extension);
        (await RunAsync("schools", "export", "--region", Region, "--out", schoolsFile)).Exit.ShouldBe(0);
        (await RunAsync("people", "export", "--region", Region, "--out", peopleFile)).Exit.ShouldBe(0);

        var schools = await ImportJsonAsync("schools", schoolsFile);
        var people = await ImportJsonAsync("people", peopleFile);

        (schools.GetProperty("unchanged").GetInt32(), schools.GetProperty("created").GetInt32(), schools.GetProperty("updated").GetInt32()).ShouldBe((14, 0, 0));
        (people.GetProperty("unchanged").GetInt32(), people.GetProperty("created").GetInt32(), people.GetProperty("updated").GetInt32()).ShouldBe((21, 0, 0));
    }

    [Fact]
    public async Task PeopleImport_MunicipalScope_RowsOutsideTheDistrictAreErrors()
    {
        await SeedSchoolsAsync();
        await using var db = database.CreateContext();
        var luga = await db.Municipalities.SingleAsync(m => m.Name == "Лужский район");
        var table = TabularFile.Read(Encoding.UTF8.GetBytes(
            $"{PeopleHeader}\nИванов Иван;ivanov@school.ru;куратор;;ЛО-001;\nПетров Пётр;petrov@school.ru;куратор;;ЛО-004;\n" +
            "Сидоров Сидор;sidorov@school.ru;региональный координатор;;;\n"), "people.csv");

        var summary = await RosterImporter.ImportAsync(db, table, new ImportOptions(Region, OnlyMunicipalityId: luga.Id), DateTime.UtcNow, CancellationToken.None);

        summary.Applied.ShouldBeFalse();
        summary.Errors.Select(e => e.ToString()).ShouldBe([
            "Строка 3: школа «МБОУ «Кингисеппская СОШ № 5»» вне вашего района («Лужский район»).",
            "Строка 4: назначить регионального координатора может только региональный координатор.",
        ]);
        await using var check = database.CreateContext();
        (await check.People.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task SchoolsImport_MunicipalScope_SchoolsOfOtherDistrictsAreErrors()
    {
        await SeedSchoolsAsync();
        await using var db = database.CreateContext();
        var luga = await db.Municipalities.SingleAsync(m => m.Name == "Лужский район");
        var table = TabularFile.Read(Encoding.UTF8.GetBytes(
            $"{SchoolsHeader}\nЛО-100;МОУ «Новая СОШ»;;Лужский район;2026\nЛО-101;МОУ «Чужая СОШ»;;Тихвинский район;2026\n"), "schools.csv");

        var summary = await SchoolImporter.ImportAsync(db, table, new ImportOptions(Region, OnlyMunicipalityId: luga.Id), DateTime.UtcNow, CancellationToken.None);

        summary.Errors.Select(e => e.ToString()).ShouldBe([
            "Строка 3: школа относится к району «Тихвинский район», а вы можете загружать только школы района «Лужский район».",
        ]);
        await using var check = database.CreateContext();
        (await check.Schools.CountAsync()).ShouldBe(14);
    }

    [Fact]
    public async Task Import_UnsupportedFile_ExitsWithTwo()
    {
        var path = Write("people.docx", "not a table");

        var (exit, _, error) = await RunAsync("people", "import", path, "--region", Region);

        exit.ShouldBe(CliApp.BadInput);
        error.ShouldContain("не поддерживается");
    }
}
