using System.CommandLine;
using Microsoft.Extensions.Configuration;
using SchoolSupport.Cli.Commands;
using SchoolSupport.Data;

namespace SchoolSupport.Cli;

/// <summary>
/// The admin command line. Exit codes: 0 success, 1 unexpected failure, 2 bad input (unreadable file, unknown region…).
/// </summary>
public static class CliApp
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, DatabaseOptions? database = null, TimeProvider? time = null)
    {
        var context = new CliContext(stdout, stderr, database ?? LoadDatabaseOptions()) { Time = time ?? TimeProvider.System };
        var root = new RootCommand("SchoolSupport — администрирование: дорожные карты, демо-данные, база данных, отчёты.")
        {
            RoadmapCommands.Create(context),
            DemoCommands.Create(context),
            DatabaseCommands.Create(context),
            TeamsCommands.Create(context),
            ExportCommands.Create(context),
            AnnouncementCommands.Create(context),
            SurveyCommands.Create(context),
        };
        foreach (var command in RosterCommands.Create(context))
        {
            root.Subcommands.Add(command);
        }

        var parse = root.Parse(args);
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(config);
        }
        catch (CliException ex)
        {
            await stderr.WriteLineAsync(ex.Message);
            return ex.ExitCode;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await stderr.WriteLineAsync($"Ошибка: {ex.Message}");
            await stderr.WriteLineAsync(ex.ToString());
            return Failed;
        }
    }

    private static DatabaseOptions LoadDatabaseOptions()
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var options = new DatabaseOptions();
        configuration.GetSection(DatabaseOptions.Section).Bind(options);
        return options;
    }
}

public sealed record CliContext(TextWriter Out, TextWriter Error, DatabaseOptions Database)
{
    /// <summary>The clock of commands that compare with «now» (tests pass their own).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public async Task<SchoolSupportDbContext> OpenDatabaseAsync(CancellationToken ct)
    {
        var db = DatabaseSetup.CreateContext(Database);
        await SchemaMigrator.MigrateAsync(db, ct);
        return db;
    }
}

/// <summary>A failure explained to the operator in Russian, with its exit code.</summary>
public sealed class CliException(string message, int exitCode = CliApp.BadInput) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
