using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using SchoolSupport.Data;

namespace SchoolSupport.Tests.Data.SqlServer;

/// <summary>
/// SQL Server without a server: the model EF builds for it, and every script generated from it, checked for what a
/// server would refuse.
/// </summary>
public sealed class SqlServerModelTests
{
    private static SchoolSupportDbContext SqlServerContext() => SchemaMigrationTests.DatabaseFor(DatabaseProvider.SqlServer);

    private static IRelationalModel RelationalModel(DbContext db) => db.GetService<IDesignTimeModel>().Model.GetRelationalModel();

    [Fact]
    public void CreateScript_OfTheModel_ParsesAsTSql()
    {
        using var db = SqlServerContext();
        var script = db.Database.GenerateCreateScript();

        TSql.ParseErrors(script).ShouldBeEmpty();
        TSql.Statements(script).Count.ShouldBeGreaterThan(RelationalModel(db).Tables.Count());
        script.ShouldContain("CREATE TABLE [RoadmapItems]");
    }

    [Fact]
    public void IdempotentMigrationScript_ParsesAsTSql()
    {
        using var db = SqlServerContext();
        var script = SchemaMigrator.Script(db);

        TSql.ParseErrors(script).ShouldBeEmpty();
        script.ShouldContain("IF NOT EXISTS (");
        script.ShouldContain(db.Database.GetMigrations().Last());
    }

    [Fact]
    public void Parser_OnBrokenTSql_ReportsErrors()
    {
        TSql.ParseErrors("SELECT TOP (1) FROM [Deliveries] WITH (UPDLOCK READPAST)").ShouldNotBeEmpty();
        TSql.ParseErrors("EXEC(N'CREATE INDEX [IX] ON [T] ([A]) WHERE');").ShouldNotBeEmpty();
    }

    [Fact]
    public void UniqueIndexes_OnNullableColumns_AreFiltered()
    {
        using var db = SqlServerContext();
        var model = RelationalModel(db);

        SqlServerModelRules.UnfilteredUniqueIndexesOnNullableColumns(model).ShouldBeEmpty();
        var email = model.FindTable("People", null)!.Indexes.Single(i => i.Columns.Select(c => c.Name).SequenceEqual(["Email"]));
        email.Filter.ShouldBe("[Email] IS NOT NULL");
    }

    [Fact]
    public void IndexKeys_FitSqlServersKeyLimits()
    {
        using var db = SqlServerContext();
        SqlServerModelRules.OversizedIndexKeys(RelationalModel(db)).ShouldBeEmpty();
    }

    [Fact]
    public void KeyLimitRule_OnOversizedAndMaxColumns_ReportsThem()
    {
        using var db = new BadModelContext();
        var problems = SqlServerModelRules.OversizedIndexKeys(RelationalModel(db));

        problems.ShouldContain(p => p.Contains("IX_Parent_Note", StringComparison.Ordinal) && p.Contains("cannot be an index key", StringComparison.Ordinal));
        problems.ShouldContain(p => p.Contains("IX_Parent_A_B", StringComparison.Ordinal) && p.Contains("2000 bytes", StringComparison.Ordinal));
        SqlServerModelRules.KeyBytes("nvarchar(450)").ShouldBe(900);
        SqlServerModelRules.KeyBytes("decimal(9,2)").ShouldBe(5);
    }

    [Fact]
    public void ForeignKeys_HaveNoMultipleCascadePathsOrCycles()
    {
        using var db = SqlServerContext();
        var model = RelationalModel(db);

        model.Tables.SelectMany(t => t.ForeignKeyConstraints).Count().ShouldBeGreaterThan(20);
        SqlServerModelRules.MultipleCascadePaths(model).ShouldBeEmpty();
    }

    [Fact]
    public void CascadeRule_OnADiamondAndACycle_ReportsBoth()
    {
        using var db = new BadModelContext();
        var problems = SqlServerModelRules.MultipleCascadePaths(RelationalModel(db));

        problems.ShouldContain(p => p.StartsWith("multiple cascade paths from Parent to Grandchild", StringComparison.Ordinal), string.Join("\n", problems));
        problems.ShouldContain(p => p.StartsWith("cycle: Parent -[FK_Parent_Parent_ReplacedById SetNull]-> Parent", StringComparison.Ordinal));
    }

    /// <summary>
    /// A model SQL Server would refuse: Grandchild reached from Parent directly and through Child (both
    /// cascading), a self-reference with SET NULL, an index over nvarchar(max) and a 2000-byte composite key.
    /// </summary>
    private sealed class BadModelContext : DbContext
    {
        protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.UseSqlServer("Server=localhost");

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Parent>(b =>
            {
                b.Property(x => x.Note).HasColumnType("nvarchar(max)");
                b.HasIndex(x => x.Note);
                b.Property(x => x.A).HasMaxLength(500);
                b.Property(x => x.B).HasMaxLength(500);
                b.HasIndex(x => new { x.A, x.B });
                b.HasOne<Parent>().WithMany().HasForeignKey(x => x.ReplacedById).OnDelete(DeleteBehavior.SetNull);
            });
            modelBuilder.Entity<Child>().HasOne<Parent>().WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Cascade);
            modelBuilder.Entity<Grandchild>(b =>
            {
                b.HasOne<Parent>().WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Cascade);
                b.HasOne<Child>().WithMany().HasForeignKey(x => x.ChildId).OnDelete(DeleteBehavior.Cascade);
            });
        }
    }

    private sealed class Parent
    {
        public int Id { get; set; }

        public string Note { get; set; } = "";

        public string A { get; set; } = "";

        public string B { get; set; } = "";

        public int? ReplacedById { get; set; }
    }

    private sealed class Child
    {
        public int Id { get; set; }

        public int ParentId { get; set; }
    }

    private sealed class Grandchild
    {
        public int Id { get; set; }

        public int ParentId { get; set; }

        public int ChildId { get; set; }
    }
}
