using System.CommandLine;

namespace SchoolSupport.Cli.Commands;

internal static class DemoCommands
{
    public static Command Create(CliContext context) => new("demo", "Демо-данные.");
}
