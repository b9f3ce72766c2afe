using System.CommandLine;
using SchoolSupport.Cli.Teams;

namespace SchoolSupport.Cli.Commands;

internal static class TeamsCommands
{
    public static Command Create(CliContext context)
    {
        var botId = new Option<string>("--bot-id") { Description = "MicrosoftAppId бота (GUID)", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Куда записать zip-пакет", Required = true };
        var version = new Option<string?>("--version") { Description = "Версия пакета (semver); увеличивайте при каждой загрузке" };
        var manifest = new Option<FileInfo>("--manifest")
        {
            Description = "Шаблон манифеста",
            DefaultValueFactory = _ => new FileInfo(Path.Combine("deploymentTemplates", "teams", "manifest.json")),
        };
        var package = new Command("package", "Собрать пакет приложения Teams (manifest.json + значки) для загрузки.")
        {
            botId, output, version, manifest,
        };
        package.SetAction(async (result, _) =>
        {
            var template = result.GetValue(manifest)!;
            if (!template.Exists)
            {
                throw new CliException($"Шаблон манифеста не найден: {template.FullName}. Запустите команду из корня репозитория или укажите --manifest.");
            }

            var outFile = result.GetValue(output)!;
            try
            {
                TeamsAppPackage.Build(template.FullName, template.DirectoryName!, result.GetValue(botId)!, outFile.FullName, DeclaredCommands.Catalog(), result.GetValue(version));
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidDataException)
            {
                throw new CliException(ex.Message);
            }

            await context.Out.WriteLineAsync($"Пакет Teams готов: {outFile.FullName}");
            return CliApp.Ok;
        });

        return new Command("teams", "Приложение Teams.") { package };
    }
}
