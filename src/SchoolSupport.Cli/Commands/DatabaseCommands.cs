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

        var provider = new Option<DatabaseProvider>("--provider") { DefaultValueFactory = _ => DatabaseProvider.Sqlite };
        var script = new Command("script", "Напечатать SQL, который создаёт схему текущей модели (основа новой миграции).") { provider };
        script.SetAction(async (parse, _) =>
        {
            var options = new DatabaseOptions
            {
                Provider = parse.GetValue(provider),
                ConnectionString = parse.GetValue(provider) == DatabaseProvider.Postgres ? "Host=localhost" : "Data Source=:memory:",
            };
            await using var db = DatabaseSetup.CreateContext(options);
            await context.Out.WriteAsync(db.Database.GenerateCreateScript());
            return CliApp.Ok;
        });

        return new Command("db", "База данных.") { migrate, script };
    }
}
