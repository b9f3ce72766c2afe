using Microsoft.Extensions.DependencyInjection;
using SchoolSupport.Audiences;
using SchoolSupport.Conversation;

namespace SchoolSupport.Announcements;

public static class AnnouncementsSetup
{
    /// <summary>«объявление», «мои объявления» and the announcement card verbs. Needs <c>AddOutbox</c> for delivery.</summary>
    public static IServiceCollection AddAnnouncements(this IServiceCollection services)
    {
        services.AddChatCommand<NewAnnouncementCommand>();
        services.AddChatCommand<MyAnnouncementsCommand>();
        services.AddChatCommand<PendingAcknowledgementsCommand>();
        services.AddCardAction<AnnouncementActions>();
        services.AddAudienceReach();
        return services;
    }
}
