using SchoolSupport.Announcements;
using SchoolSupport.Consultations;
using SchoolSupport.Data;
using SchoolSupport.Imports;
using SchoolSupport.Outbox;
using SchoolSupport.People;
using SchoolSupport.Reminders;
using SchoolSupport.Status;
using SchoolSupport.Web.Files;
using SchoolSupport.Web.Proactive;
using SchoolSupport.Web.Surveys;

namespace SchoolSupport.Web.Hosting;

public static class FeatureSetup
{
    /// <summary>Every product feature registers its commands, card actions and workers with one call here.</summary>
    public static IServiceCollection AddFeatures(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPeople();
        services.AddStatus();
        services.AddConsultations();
        services.AddOutbox(configuration);
        services.AddSingleton<IProactiveSender, ConnectorProactiveSender>();
        services.AddHostedService<OutboxWorker>();
        services.AddTeamsAppInstalls(configuration);
        services.AddAnnouncements();
        services.AddReminders(configuration);
        services.AddLeasedJob<ReminderPlanner>();
        services.AddImports();
        services.AddTeamsFiles(configuration);
        services.AddSurveyHosting(configuration);
        services.AddUnderstandingModel(configuration);
        return services;
    }
}
