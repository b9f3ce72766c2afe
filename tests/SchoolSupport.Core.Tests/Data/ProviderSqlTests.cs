using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using SchoolSupport.Data;
using SchoolSupport.Tests.Data.SqlServer;
using SchoolSupport.Tests.Support;

namespace SchoolSupport.Tests.Data;

/// <summary>
/// The per-provider SQL seam (<see cref="ProviderSql"/>): every family of statements has one implementation per
/// provider, the SQL Server ones parse as T-SQL, the SQLite and PostgreSQL ones run on a migrated database, and no raw
/// SQL lives anywhere else.
/// </summary>
public sealed partial class ProviderSqlTests
{
    private static readonly Assembly[] ProductAssemblies = [typeof(ProviderSql).Assembly];

    public static TheoryData<string> Families()
    {
        var data = new TheoryData<string>();
        foreach (var family in FamilyTypes())
        {
            data.Add(family.FullName!);
        }

        return data;
    }

    private static IEnumerable<Type> FamilyTypes() =>
        ProductAssemblies.SelectMany(a => a.GetTypes()).Where(t => t.IsAbstract && t.IsSubclassOf(typeof(ProviderSql)));

    private static Type Family(string name) => FamilyTypes().Single(t => t.FullName == name);

    [Fact]
    public void Families_IncludeTheOutboxClaim() =>
        FamilyTypes().ShouldContain(typeof(SchoolSupport.Outbox.OutboxSql));

    [Theory]
    [MemberData(nameof(Families))]
    public void Family_HasExactlyOneImplementationPerProvider(string name)
    {
        var family = Family(name);
        var implementations = ProviderSql.ImplementationsOf(family);

        implementations.Select(i => i.Provider).Order().ShouldBe(Enum.GetValues<DatabaseProvider>());
        foreach (var provider in Enum.GetValues<DatabaseProvider>())
        {
            var found = typeof(ProviderSql).GetMethod(nameof(ProviderSql.For), [typeof(DatabaseProvider)])!
                .MakeGenericMethod(family).Invoke(null, [provider]).ShouldBeAssignableTo<ProviderSql>();
            found!.Provider.ShouldBe(provider);
        }

        Statements(family).ShouldNotBeEmpty();
    }

    [Fact]
    public void For_AFamilyMissingAProvider_Throws()
    {
        ProviderSql.For<IncompleteSql>(DatabaseProvider.Sqlite).ShouldNotBeNull();
        Should.Throw<InvalidOperationException>(() => ProviderSql.For<IncompleteSql>(DatabaseProvider.SqlServer))
            .Message.ShouldContain("SqlServer");
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void SqlServerStatements_ParseAsTSql(string name)
    {
        using var db = SchemaMigrationTests.DatabaseFor(DatabaseProvider.SqlServer);
        foreach (var (method, sql) in Commands(db, Family(name), DatabaseProvider.SqlServer))
        {
            TSql.ParseErrors(sql).ShouldBeEmpty($"{method}: {sql}");
            TSql.Statements(sql).ShouldNotBeEmpty();
        }
    }

    [Fact]
    public void OutboxClaim_OnSqlServer_SkipsLockedRowsAndTakesTheBatchSizeAsAParameter()
    {
        using var db = SchemaMigrationTests.DatabaseFor(DatabaseProvider.SqlServer);
        var sql = Command(db, ProviderSql.For<SchoolSupport.Outbox.OutboxSql>(DatabaseProvider.SqlServer)
            .ClaimDue("token", DateTime.UtcNow, DateTime.UtcNow.AddMinutes(1), 50));

        sql.ShouldContain("WITH (UPDLOCK, READPAST, ROWLOCK)");
        sql.ShouldContain("TOP (@p0)");
        sql.ShouldNotContain("token");
    }

    [Theory]
    [MemberData(nameof(Families))]
    public async Task SqliteStatements_RunOnAMigratedDatabase(string name)
    {
        using var database = new SqliteTestDatabase();
        await using var db = database.CreateContext();
        await SchemaMigrator.MigrateAsync(db);
        await RunEveryStatementAsync(db, Family(name), DatabaseProvider.Sqlite);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public async Task PostgresStatements_RunOnAMigratedDatabase(string name)
    {
        using var database = new PostgresTestDatabase();
        await using var db = database.CreateContext();
        await SchemaMigrator.MigrateAsync(db);
        await RunEveryStatementAsync(db, Family(name), DatabaseProvider.Postgres);
    }

    [Fact]
    public void RawSql_OutsideTheProviderSqlSeam_IsNotUsedInTheProduct()
    {
        var root = RepositoryRoot();
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal)
                || relative.StartsWith("src/SchoolSupport.Migrations.", StringComparison.Ordinal))
            {
                continue;
            }

            var text = File.ReadAllText(file);
            var code = string.Join('\n', text.Split('\n').Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal)));
            foreach (Match m in RawSqlCall().Matches(code))
            {
                // Interpolated statements from a ProviderSql family are the one allowed form.
                var allowed = m.Groups["kind"].Value is "ExecuteSql" or "ExecuteSqlAsync" or "SqlQuery" or "FromSql"
                              && text.Contains("ProviderSql.For<", StringComparison.Ordinal);
                if (!allowed)
                {
                    offenders.Add($"{relative}: {m.Value}");
                }
            }
        }

        offenders.ShouldBeEmpty("Provider-specific SQL goes into a ProviderSql family (see src/SchoolSupport.Core/Data/ProviderSql.cs).");
    }

    [GeneratedRegex(@"\b(?<kind>ExecuteSql(Raw|Interpolated)?(Async)?|SqlQuery(Raw)?|FromSql(Raw|Interpolated)?|CommandText)\b")]
    private static partial Regex RawSqlCall();

    private static async Task RunEveryStatementAsync(SchoolSupportDbContext db, Type family, DatabaseProvider provider)
    {
        var implementation = ProviderSql.ImplementationsOf(family).Single(i => i.Provider == provider);
        foreach (var method in Statements(family))
        {
            if (method.Invoke(implementation, SampleArguments(method)) is FormattableString statement)
            {
                await db.Database.ExecuteSqlAsync(statement);
            }
        }
    }

    private static IEnumerable<(string Method, string Sql)> Commands(SchoolSupportDbContext db, Type family, DatabaseProvider provider)
    {
        var implementation = ProviderSql.ImplementationsOf(family).Single(i => i.Provider == provider);
        return Statements(family)
            .Select(m => (m.Name, Statement: m.Invoke(implementation, SampleArguments(m)) as FormattableString))
            .Where(x => x.Statement is not null)
            .Select(x => (x.Name, Command(db, x.Statement!)));
    }

    /// <summary>The command text EF sends for an interpolated statement (arguments become @p0, @p1… parameters).</summary>
    private static string Command(SchoolSupportDbContext db, FormattableString statement) =>
        db.GetService<IRawSqlCommandBuilder>().Build(statement.Format, statement.GetArguments()!).RelationalCommand.CommandText;

    private static IReadOnlyList<MethodInfo> Statements(Type family) =>
        family.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.IsAbstract && m.ReturnType == typeof(FormattableString)).ToList();

    private static object?[] SampleArguments(MethodInfo method) =>
        method.GetParameters().Select(p => p.ParameterType switch
        {
            var t when t == typeof(string) => "sample",
            var t when t == typeof(int) => 10,
            var t when t == typeof(long) => 10L,
            var t when t == typeof(bool) => true,
            var t when t == typeof(DateTime) => (object)new DateTime(2026, 3, 18, 7, 0, 0, DateTimeKind.Utc),
            var t when t == typeof(DateTimeOffset) => new DateTimeOffset(2026, 3, 18, 7, 0, 0, TimeSpan.Zero),
            var t when t == typeof(TimeSpan) => TimeSpan.FromMinutes(1),
            var t when t == typeof(Guid) => Guid.Empty,
            var t => throw new NotSupportedException($"{method.DeclaringType!.Name}.{method.Name}: add a sample {t.Name} to {nameof(SampleArguments)}."),
        }).ToArray();

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SchoolSupport.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("SchoolSupport.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A family with only a SQLite form: the lookup must refuse the providers it lacks.</summary>
    public abstract class IncompleteSql : ProviderSql
    {
        public abstract FormattableString Nothing();

        private sealed class Sqlite : IncompleteSql
        {
            public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

            public override FormattableString Nothing() => $"SELECT 1";
        }
    }
}
