using Microsoft.Extensions.DependencyInjection;
using SchoolSupport.Conversation;

namespace SchoolSupport.People;

public static class PeopleSetup
{
    /// <summary>Onboarding and the roster: who a person is, what they reach, and the coordinators' roster changes.</summary>
    public static IServiceCollection AddPeople(this IServiceCollection services)
    {
        services.AddScoped<Onboarding>();
        services.AddChatCommand<WhoAmICommand>();
        services.AddChatCommand<RosterChangeCommand>();
        services.AddCardAction<RosterChangeAction>();
        return services;
    }
}
