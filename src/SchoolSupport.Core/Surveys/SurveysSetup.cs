using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SchoolSupport.Audiences;
using SchoolSupport.Conversation;
using SchoolSupport.Imports;
using SchoolSupport.Reminders;

namespace SchoolSupport.Surveys;

public static class SurveysSetup
{
    /// <summary>
    /// «мои опросы», «продолжить опрос», «новый опрос», the survey card verbs, survey files sent in chat, the scheduler (the host runs
    /// <c>scheduler.RunAsync</c>) and the digest source that reminds non-responders. Needs <c>AddOutbox</c> and
    /// <c>AddReminders</c>. The host may register an <see cref="ISurveyCharts"/> to show chart images.
    /// </summary>
    public static IServiceCollection AddSurveys(this IServiceCollection services)
    {
        services.AddChatCommand<MySurveysCommand>();
        services.AddChatCommand<ContinueSurveyCommand>();
        services.AddChatCommand<NewSurveyCommand>();
        services.AddCardAction<SurveyActions>();
        services.AddAudienceReach();
        services.AddImportKind<SurveyImportKind>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SurveyScheduler>();
        services.TryAddSingleton<ISurveyCharts, NoSurveyCharts>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IDigestSource, SurveyDigestSource>());
        return services;
    }
}
