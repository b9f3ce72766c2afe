using System.CommandLine;
using SchoolSupport.Demo;

namespace SchoolSupport.Cli.Commands;

internal static class DemoCommands
{
    public static Command Create(CliContext context)
    {
        var force = new Option<bool>("--force") { Description = "Дополнить демо-данные, даже если они уже есть" };
        var seed = new Command("seed", "Заполнить демо-регион: школы, люди во всех ролях, дорожная карта, прогресс.") { force };
        seed.SetAction(async (result, ct) =>
        {
            await using var db = await context.OpenDatabaseAsync(ct);
            var outcome = await DemoSeeder.SeedAsync(db, TimeProvider.System, result.GetValue(force), ct);
            await context.Out.WriteLineAsync(outcome.Seeded
                ? $"Демо-данные созданы: {DemoSeeder.RegionName}, школ {outcome.Schools}, людей {outcome.People}, " +
                  $"пунктов дорожной карты {outcome.Items} ({outcome.Year} г.), записей о выполнении {outcome.ProgressRows}."
                : "Демо-данные уже есть (добавьте --force, чтобы дополнить).");
            return CliApp.Ok;
        });

        return new Command("demo", "Демо-данные.") { seed };
    }
}
