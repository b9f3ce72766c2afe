using System.CommandLine;

namespace SchoolSupport.Cli.Commands;

internal static class RoadmapCommands
{
    public static Command Create(CliContext context) => new("roadmap", "Дорожные карты.");
}
