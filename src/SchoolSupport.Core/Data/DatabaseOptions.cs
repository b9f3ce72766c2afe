namespace SchoolSupport.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
    SqlServer,
}

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Required for PostgreSQL and SQL Server; for SQLite defaults to a file in <see cref="DataFolder"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Folder of the embedded SQLite database file, relative to the working directory.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>Create and migrate the database on start (the default; turn off when a DBA runs the scripts).</summary>
    public bool MigrateOnStart { get; set; } = true;

    public bool HasRequiredConnectionString =>
        Provider == DatabaseProvider.Sqlite || !string.IsNullOrWhiteSpace(ConnectionString);

    public string ResolveConnectionString()
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            return ConnectionString;
        }

        if (Provider != DatabaseProvider.Sqlite)
        {
            throw new InvalidOperationException(
                $"Database:ConnectionString is required when Database:Provider is {Provider}.");
        }

        Directory.CreateDirectory(DataFolder);
        return $"Data Source={Path.Combine(DataFolder, "schoolsupport.db")}";
    }
}
