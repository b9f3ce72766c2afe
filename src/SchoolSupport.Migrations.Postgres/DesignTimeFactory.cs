using Microsoft.EntityFrameworkCore.Design;
using SchoolSupport.Data;

namespace SchoolSupport.Migrations.Postgres;

/// <summary>
/// What `dotnet ef` uses to build the context for Postgres (migrations add/script need no server; `database update` reads
/// the connection string from Database__ConnectionString).
/// </summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<SchoolSupportDbContext>
{
    public SchoolSupportDbContext CreateDbContext(string[] args) => DatabaseSetup.CreateContext(new DatabaseOptions
    {
        Provider = DatabaseProvider.Postgres,
        ConnectionString = Environment.GetEnvironmentVariable("Database__ConnectionString") is { Length: > 0 } configured
            ? configured
            : "Host=localhost;Database=schoolsupport;Username=postgres",
    });
}
