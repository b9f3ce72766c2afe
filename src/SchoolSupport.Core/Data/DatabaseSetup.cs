using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SchoolSupport.Data;

public static class DatabaseSetup
{
    public static IServiceCollection AddSchoolSupportData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.Section))
            .Validate(
                o => o.Provider != DatabaseProvider.Postgres || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Database:ConnectionString is required when Database:Provider is Postgres.")
            .ValidateOnStart();

        services.AddDbContext<SchoolSupportDbContext>((sp, builder) =>
            Configure(builder, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, DatabaseOptions options)
    {
        var connectionString = options.ResolveConnectionString();
        return options.Provider switch
        {
            DatabaseProvider.Postgres => builder.UseNpgsql(connectionString),
            _ => builder.UseSqlite(WithSqliteDefaults(connectionString)),
        };
    }

    public static SchoolSupportDbContext CreateContext(DatabaseOptions options)
    {
        var builder = new DbContextOptionsBuilder<SchoolSupportDbContext>();
        Configure(builder, options);
        return new SchoolSupportDbContext(builder.Options);
    }

    // A busy timeout lets concurrent turns queue for SQLite's single writer instead of failing at once.
    private static string WithSqliteDefaults(string connectionString)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        csb.DefaultTimeout = Math.Max(csb.DefaultTimeout, 30);
        csb.Pooling = true;
        return csb.ToString();
    }
}
