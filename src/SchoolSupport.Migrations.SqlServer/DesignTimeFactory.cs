using Microsoft.EntityFrameworkCore.Design;
using SchoolSupport.Data;

namespace SchoolSupport.Migrations.SqlServer;

/// <summary>
/// What `dotnet ef` uses to build the context for SqlServer (migrations add/script need no server; `database update` reads
/// the connection string from Database__ConnectionString).
/// </summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<SchoolSupportDbContext>
{
    public SchoolSupportDbContext CreateDbContext(string[] args) => DatabaseSetup.CreateContext(new DatabaseOptions
    {
        Provider = DatabaseProvider.SqlServer,
        ConnectionString = Environment.GetEnvironmentVariable("Database__ConnectionString") is { Length: > 0 } configured
            ? configured
            : "Server=localhost;Database=SchoolSupport;Integrated Security=true;TrustServerCertificate=true",
    });
}
