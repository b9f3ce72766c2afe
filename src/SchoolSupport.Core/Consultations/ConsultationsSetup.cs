using Microsoft.Extensions.DependencyInjection;
using SchoolSupport.Conversation;

namespace SchoolSupport.Consultations;

public static class ConsultationsSetup
{
    public static IServiceCollection AddConsultations(this IServiceCollection services)
    {
        services.AddScoped<SchoolSupport.Status.ILastConsultationSource, ConsultationSummaries>();
        services.AddScoped<SchoolSupport.Reminders.IPlannedActionSource, ConsultationReminderSource>();
        services.AddChatCommand<NewConsultationCommand>();
        services.AddChatCommand<ListConsultationsCommand>();
        services.AddChatCommand<ExportConsultationsCommand>();
        services.AddCardAction<NewConsultationAction>();
        services.AddCardAction<AddActionRowAction>();
        services.AddCardAction<SaveConsultationAction>();
        services.AddCardAction<EditConsultationAction>();
        services.AddCardAction<CancelEditConsultationAction>();
        services.AddCardAction<DeleteConsultationAction>();
        services.AddCardAction<ShowConsultationAction>();
        services.AddCardAction<ActionDoneAction>();
        services.AddCardAction<ListConsultationsAction>();
        services.AddCardAction<ExportConsultationsAction>();
        return services;
    }
}
