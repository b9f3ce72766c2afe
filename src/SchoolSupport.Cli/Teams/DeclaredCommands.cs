using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SchoolSupport.Announcements;
using SchoolSupport.Consultations;
using SchoolSupport.Conversation;
using SchoolSupport.People;
using SchoolSupport.Reminders;
using SchoolSupport.Status;
using SchoolSupport.Surveys;

namespace SchoolSupport.Cli.Teams;

/// <summary>
/// The chat commands the bot host declares, registered by the same feature calls in the same order, so the Teams
/// menu in the package is the bot's own. A test compares this with the running host.
/// </summary>
public static class DeclaredCommands
{
    public static CommandCatalog Catalog()
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection();
        services.AddConversation(configuration);
        services.AddPeople();
        services.AddStatus();
        services.AddConsultations();
        services.AddAnnouncements();
        services.AddReminders(configuration);
        services.AddSurveys();
        return new CommandCatalog(services.Select(d => d.ImplementationInstance).OfType<CommandRegistration>());
    }
}
