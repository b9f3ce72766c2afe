using Microsoft.EntityFrameworkCore;
using SchoolSupport.Announcements;
using SchoolSupport.Consultations;
using SchoolSupport.Conversation;
using SchoolSupport.Outbox;
using SchoolSupport.People;
using SchoolSupport.Roadmaps;
using SchoolSupport.Schools;
using SchoolSupport.Surveys;
using SchoolSupport.WebChat;

namespace SchoolSupport.Data;

public sealed class SchoolSupportDbContext(DbContextOptions<SchoolSupportDbContext> options) : DbContext(options)
{
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Municipality> Municipalities => Set<Municipality>();
    public DbSet<School> Schools => Set<School>();
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();
    public DbSet<InviteCode> InviteCodes => Set<InviteCode>();
    public DbSet<InviteCodeAttempt> InviteCodeAttempts => Set<InviteCodeAttempt>();
    public DbSet<PersonLink> PersonLinks => Set<PersonLink>();
    public DbSet<RosterChange> RosterChanges => Set<RosterChange>();
    public DbSet<Imports.PendingImport> PendingImports => Set<Imports.PendingImport>();
    public DbSet<Roadmap> Roadmaps => Set<Roadmap>();
    public DbSet<RoadmapSection> RoadmapSections => Set<RoadmapSection>();
    public DbSet<RoadmapItem> RoadmapItems => Set<RoadmapItem>();
    public DbSet<ItemResponsibility> ItemResponsibilities => Set<ItemResponsibility>();
    public DbSet<ItemProgress> ItemProgress => Set<ItemProgress>();
    public DbSet<ItemProgressChange> ItemProgressChanges => Set<ItemProgressChange>();
    public DbSet<ConversationAddress> ConversationAddresses => Set<ConversationAddress>();
    public DbSet<ProcessedActivity> ProcessedActivities => Set<ProcessedActivity>();
    public DbSet<Consultation> Consultations => Set<Consultation>();
    public DbSet<ConsultationAction> ConsultationActions => Set<ConsultationAction>();
    public DbSet<ConsultationTopicLink> ConsultationTopicLinks => Set<ConsultationTopicLink>();
    public DbSet<ConsultationRevision> ConsultationRevisions => Set<ConsultationRevision>();
    public DbSet<RiskDirection> RiskDirections => Set<RiskDirection>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<Delivery> Deliveries => Set<Delivery>();
    public DbSet<Announcement> Announcements => Set<Announcement>();
    public DbSet<AnnouncementAcknowledgement> AnnouncementAcknowledgements => Set<AnnouncementAcknowledgement>();
    public DbSet<Survey> Surveys => Set<Survey>();
    public DbSet<SurveyRecipient> SurveyRecipients => Set<SurveyRecipient>();
    public DbSet<SurveyResponse> SurveyResponses => Set<SurveyResponse>();
    public DbSet<SurveyAnswer> SurveyAnswers => Set<SurveyAnswer>();
    public DbSet<WebChatConversation> WebChatConversations => Set<WebChatConversation>();
    public DbSet<WebChatActivity> WebChatActivities => Set<WebChatActivity>();
    public DbSet<WebChatUpload> WebChatUploads => Set<WebChatUpload>();
    public DbSet<Lease> Leases => Set<Lease>();
    public DbSet<Files.ExportFile> ExportFiles => Set<Files.ExportFile>();
    public DbSet<TrustedServiceUrl> TrustedServiceUrls => Set<TrustedServiceUrl>();
    public DbSet<Audiences.AppInstallation> AppInstallations => Set<Audiences.AppInstallation>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SchoolSupportDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums as text keep the database readable and portable across SQLite, PostgreSQL and SQL Server.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<string>().HaveMaxLength(400);
        configurationBuilder.Properties<decimal>().HavePrecision(9, 2);
    }
}
