using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using SchoolSupport.Data;

namespace SchoolSupport.Cli.Commands;

internal static class DatabaseCommands
{
    public static Command Create(CliContext context)
    {
        var migrate = new Command("migrate", "Создать или обновить схему базы данных.");
        migrate.SetAction(async (_, ct) =>
        {
            await using var db = DatabaseSetup.CreateContext(context.Database);
            var applied = await SchemaMigrator.MigrateAsync(db, ct);
            await context.Out.WriteLineAsync(applied.Count == 0
                ? "Схема уже актуальна."
                : $"Применены миграции: {string.Join(", ", applied)}");
            return CliApp.Ok;
        });

        var provider = new Option<DatabaseProvider>("--provider")
        {
            Description = "Sqlite, Postgres или SqlServer.",
            DefaultValueFactory = _ => context.Database.Provider,
        };
        var from = new Option<string?>("--from") { Description = "Миграция, уже применённая в базе (для SQLite: скрипт начнётся после неё)." };
        var script = new Command("script", "Напечатать SQL-скрипт миграций для администратора БД (для Postgres и SqlServer — идемпотентный).")
        {
            provider,
            from,
        };
        script.SetAction(async (parse, _) =>
        {
            // The script is generated from the migrations alone: no server is contacted.
            var chosen = parse.GetValue(provider);
            var options = new DatabaseOptions
            {
                Provider = chosen,
                ConnectionString = chosen switch
                {
                    DatabaseProvider.Postgres => "Host=localhost",
                    DatabaseProvider.SqlServer => "Server=localhost",
                    _ => "Data Source=:memory:",
                },
            };
            await using var db = DatabaseSetup.CreateContext(options);
            await context.Out.WriteAsync(SchemaMigrator.Script(db, parse.GetValue(from)));
            return CliApp.Ok;
        });

        return new Command("db", "База данных.") { migrate, script };
    }
}
