using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SchoolSupport.Conversation;

namespace SchoolSupport.Status;

public static class StatusSetup
{
    /// <summary>«статус», «что на этой неделе» and the other due questions, the roll-up, and marking items.</summary>
    public static IServiceCollection AddStatus(this IServiceCollection services)
    {
        // The consultations feature replaces this: its registration wins whether it comes before or after this one.
        services.TryAddScoped<ILastConsultationSource, NoConsultationsYet>();
        services.TryAddScoped<DueQuery>();
        services.TryAddScoped<StatusQuery>();
        services.AddChatCommand<StatusCommand>();
        services.AddChatCommand<UnconsultedSchoolsCommand>();
        services.AddChatCommand<DueCommand>();
        services.AddChatCommand<ItemCommand>();
        services.AddCardAction<StatusNavigationAction>();
        services.AddCardAction<MarkItemAction>();
        return services;
    }
}
