using Microsoft.EntityFrameworkCore.Design;
using SchoolSupport.Data;

namespace SchoolSupport.Migrations.Sqlite;

/// <summary>
/// What `dotnet ef` uses to build the context for Sqlite (migrations add/script need no server; `database update` reads
/// the connection string from Database__ConnectionString).
/// </summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<SchoolSupportDbContext>
{
    public SchoolSupportDbContext CreateDbContext(string[] args) => DatabaseSetup.CreateContext(new DatabaseOptions
    {
        Provider = DatabaseProvider.Sqlite,
        ConnectionString = Environment.GetEnvironmentVariable("Database__ConnectionString") is { Length: > 0 } configured
            ? configured
            : "Data Source=design-time.db",
    });
}
