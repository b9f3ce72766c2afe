CREATE TABLE "People" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_People" PRIMARY KEY AUTOINCREMENT,
    "FullName" TEXT NOT NULL,
    "Email" TEXT NULL,
    "AadObjectId" TEXT NULL,
    "Phone" TEXT NULL,
    "IsActive" INTEGER NOT NULL,
    "RemindersMuted" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL
);


CREATE TABLE "ProcessedActivities" (
    "Key" TEXT NOT NULL CONSTRAINT "PK_ProcessedActivities" PRIMARY KEY,
    "ProcessedAt" TEXT NOT NULL
);


CREATE TABLE "Regions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Regions" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "TimeZone" TEXT NOT NULL,
    "ReminderTime" TEXT NOT NULL
);


CREATE TABLE "ConversationAddresses" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ConversationAddresses" PRIMARY KEY AUTOINCREMENT,
    "PersonId" INTEGER NULL,
    "ChannelId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "UserName" TEXT NULL,
    "AadObjectId" TEXT NULL,
    "TenantId" TEXT NULL,
    "ConversationId" TEXT NOT NULL,
    "ConversationType" TEXT NULL,
    "ServiceUrl" TEXT NOT NULL,
    "BotId" TEXT NULL,
    "BotName" TEXT NULL,
    "Locale" TEXT NULL,
    "IsActive" INTEGER NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_ConversationAddresses_People_PersonId" FOREIGN KEY ("PersonId") REFERENCES "People" ("Id") ON DELETE SET NULL
);


CREATE TABLE "InviteCodes" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_InviteCodes" PRIMARY KEY AUTOINCREMENT,
    "PersonId" INTEGER NOT NULL,
    "CodeHash" TEXT NOT NULL,
    "ExpiresAt" TEXT NOT NULL,
    "UsedAt" TEXT NULL,
    "CreatedByPersonId" INTEGER NULL,
    CONSTRAINT "FK_InviteCodes_People_PersonId" FOREIGN KEY ("PersonId") REFERENCES "People" ("Id") ON DELETE CASCADE
);


CREATE TABLE "OutboxMessages" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_OutboxMessages" PRIMARY KEY AUTOINCREMENT,
    "Kind" TEXT NOT NULL,
    "Template" TEXT NULL,
    "Data" TEXT NULL,
    "Text" TEXT NULL,
    "Topic" TEXT NULL,
    "DedupKey" TEXT NULL,
    "CreatedByPersonId" INTEGER NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_OutboxMessages_People_CreatedByPersonId" FOREIGN KEY ("CreatedByPersonId") REFERENCES "People" ("Id") ON DELETE SET NULL
);


CREATE TABLE "Municipalities" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Municipalities" PRIMARY KEY AUTOINCREMENT,
    "RegionId" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    CONSTRAINT "FK_Municipalities_Regions_RegionId" FOREIGN KEY ("RegionId") REFERENCES "Regions" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "Organisations" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Organisations" PRIMARY KEY AUTOINCREMENT,
    "RegionId" INTEGER NULL,
    "Name" TEXT NOT NULL,
    "ShortName" TEXT NULL,
    CONSTRAINT "FK_Organisations_Regions_RegionId" FOREIGN KEY ("RegionId") REFERENCES "Regions" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "RiskDirections" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RiskDirections" PRIMARY KEY AUTOINCREMENT,
    "RegionId" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "Order" INTEGER NOT NULL,
    "IsActive" INTEGER NOT NULL,
    CONSTRAINT "FK_RiskDirections_Regions_RegionId" FOREIGN KEY ("RegionId") REFERENCES "Regions" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "Announcements" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Announcements" PRIMARY KEY AUTOINCREMENT,
    "RegionId" INTEGER NOT NULL,
    "AuthorPersonId" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "Text" TEXT NOT NULL,
    "LinkUrl" TEXT NULL,
    "ButtonTitle" TEXT NULL,
    "AudienceRoles" INTEGER NOT NULL,
    "AudienceMunicipalities" TEXT NOT NULL,
    "AudienceCohorts" TEXT NOT NULL,
    "AudienceSchools" TEXT NOT NULL,
    "RequireAcknowledgement" INTEGER NOT NULL,
    "ScheduledAt" TEXT NULL,
    "Status" TEXT NOT NULL,
    "RecipientCount" INTEGER NOT NULL,
    "MessageId" INTEGER NULL,
    "CreatedAt" TEXT NOT NULL,
    "ConfirmedAt" TEXT NULL,
    "CancelledAt" TEXT NULL,
    CONSTRAINT "FK_Announcements_OutboxMessages_MessageId" FOREIGN KEY ("MessageId") REFERENCES "OutboxMessages" ("Id") ON DELETE SET NULL,
    CONSTRAINT "FK_Announcements_People_AuthorPersonId" FOREIGN KEY ("AuthorPersonId") REFERENCES "People" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Announcements_Regions_RegionId" FOREIGN KEY ("RegionId") REFERENCES "Regions" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "Deliveries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Deliveries" PRIMARY KEY AUTOINCREMENT,
    "MessageId" INTEGER NOT NULL,
    "PersonId" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "NextAttemptAt" TEXT NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "Throttles" INTEGER NOT NULL,
    "LeaseOwner" TEXT NULL,
    "LeaseUntil" TEXT NULL,
    "AttemptId" TEXT NULL,
    "SendingAt" TEXT NULL,
    "SentAt" TEXT NULL,
    "ActivityId" TEXT NULL,
    "ConversationId" TEXT NULL,
    "Error" TEXT NULL,
    "PossibleDuplicate" INTEGER NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_Deliveries_OutboxMessages_MessageId" FOREIGN KEY ("MessageId") REFERENCES "OutboxMessages" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_Deliveries_People_PersonId" FOREIGN KEY ("PersonId") REFERENCES "People" ("Id") ON DELETE CASCADE
);


CREATE TABLE "Schools" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Schools" PRIMARY KEY AUTOINCREMENT,
    "RegionId" INTEGER NOT NULL,
    "MunicipalityId" INTEGER NULL,
    "Name" TEXT NOT NULL,
    "Number" TEXT NULL,
    "Cohort" INTEGER NOT NULL,
    "Program" TEXT NOT NULL,
    "JoinedOn" TEXT NULL,
    CONSTRAINT "FK_Schools_Municipalities_MunicipalityId" FOREIGN KEY ("MunicipalityId") REFERENCES "Municipalities" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Schools_Regions_RegionId" FOREIGN KEY ("RegionId") REFERENCES "Regions" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "AnnouncementAcknowledgements" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AnnouncementAcknowledgements" PRIMARY KEY AUTOINCREMENT,
    "AnnouncementId" INTEGER NOT NULL,
    "PersonId" INTEGER NOT NULL,
    "AcknowledgedAt" TEXT NOT NULL,
    CONSTRAINT "FK_AnnouncementAcknowledgements_Announcements_AnnouncementId" FOREIGN KEY ("AnnouncementId") REFERENCES "Announcements" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AnnouncementAcknowledgements_People_PersonId" FOREIGN KEY ("PersonId") REFERENCES "People" ("Id") ON DELETE CASCADE
);


CREATE TABLE "Consultations" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Consultations" PRIMARY KEY AUTOINCREMENT,
    "SchoolId" INTEGER NOT NULL,
    "RegionId" INTEGER NOT NULL,
    "MunicipalityId" INTEGER NULL,
    "AuthorPersonId" INTEGER NOT NULL,
    "Date" TEXT NOT NULL,
    "Format" TEXT NOT NULL,
    "DurationMinutes" INTEGER NOT NULL,
    "Participants" TEXT NULL,
    "ParticipantRoles" INTEGER NOT NULL,
    "Topic" TEXT NOT NULL,
    "Decisions" TEXT NOT NULL,
    "Plan" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "DeletedAt" TEXT NULL,
    "DeletedByPersonId" INTEGER NULL,
    "SourceKey" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_Consultations_Municipalities_MunicipalityId" FOREIGN KEY ("MunicipalityId") REFERENCES "Municipalities" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Consultations_People_AuthorPersonId" FOREIGN KEY ("AuthorPersonId") REFERENCES "People" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Consultations_People_DeletedByPersonId" FOREIGN KEY ("DeletedByPersonId") REFERENCES "People" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Consultations_Regions_RegionId" FOREIGN KEY ("RegionId") REFERENCES "Regions" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Consultations_Schools_SchoolId" FOREIGN KEY ("SchoolId") REFERENCES "Schools" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "Roadmaps" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Roadmaps" PRIMARY KEY AUTOINCREMENT,
    "Title" TEXT NOT NULL,
    "Level" TEXT NOT NULL,
    "RegionId" INTEGER NOT NULL,
    "MunicipalityId" INTEGER NULL,
    "SchoolId" INTEGER NULL,
    "Program" TEXT NOT NULL,
    "Year" INTEGER NOT NULL,
    "PeriodStart" TEXT NULL,
    "PeriodEnd" TEXT NULL,
    "SourceFileName" TEXT NOT NULL,
    "SourceHash" TEXT NULL,
    "DocumentKey" TEXT NOT NULL,
    "ImportedAt" TEXT NOT NULL,
    CONSTRAINT "FK_Roadmaps_Municipalities_MunicipalityId" FOREIGN KEY ("MunicipalityId") REFERENCES "Municipalities" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Roadmaps_Regions_RegionId" FOREIGN KEY ("RegionId") REFERENCES "Regions" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Roadmaps_Schools_SchoolId" FOREIGN KEY ("SchoolId") REFERENCES "Schools" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "RoleAssignments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RoleAssignments" PRIMARY KEY AUTOINCREMENT,
    "PersonId" INTEGER NOT NULL,
    "Role" TEXT NOT NULL,
    "RegionId" INTEGER NOT NULL,
    "MunicipalityId" INTEGER NULL,
    "SchoolId" INTEGER NULL,
    "ValidFrom" TEXT NULL,
    "ValidTo" TEXT NULL,
    CONSTRAINT "FK_RoleAssignments_Municipalities_MunicipalityId" FOREIGN KEY ("MunicipalityId") REFERENCES "Municipalities" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RoleAssignments_People_PersonId" FOREIGN KEY ("PersonId") REFERENCES "People" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_RoleAssignments_Regions_RegionId" FOREIGN KEY ("RegionId") REFERENCES "Regions" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RoleAssignments_Schools_SchoolId" FOREIGN KEY ("SchoolId") REFERENCES "Schools" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "ConsultationActions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ConsultationActions" PRIMARY KEY AUTOINCREMENT,
    "ConsultationId" INTEGER NOT NULL,
    "Order" INTEGER NOT NULL,
    "Text" TEXT NOT NULL,
    "DueDate" TEXT NULL,
    "AssigneePersonId" INTEGER NULL,
    "AssigneeText" TEXT NULL,
    "Done" INTEGER NOT NULL,
    "DoneAt" TEXT NULL,
    CONSTRAINT "FK_ConsultationActions_Consultations_ConsultationId" FOREIGN KEY ("ConsultationId") REFERENCES "Consultations" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_ConsultationActions_People_AssigneePersonId" FOREIGN KEY ("AssigneePersonId") REFERENCES "People" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "ConsultationRevisions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ConsultationRevisions" PRIMARY KEY AUTOINCREMENT,
    "ConsultationId" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "ChangedByPersonId" INTEGER NOT NULL,
    "ChangedAt" TEXT NOT NULL,
    "Snapshot" TEXT NOT NULL,
    "SourceKey" TEXT NULL,
    CONSTRAINT "FK_ConsultationRevisions_Consultations_ConsultationId" FOREIGN KEY ("ConsultationId") REFERENCES "Consultations" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_ConsultationRevisions_People_ChangedByPersonId" FOREIGN KEY ("ChangedByPersonId") REFERENCES "People" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "RoadmapSections" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RoadmapSections" PRIMARY KEY AUTOINCREMENT,
    "RoadmapId" INTEGER NOT NULL,
    "Number" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "ParentNumber" TEXT NULL,
    "Order" INTEGER NOT NULL,
    CONSTRAINT "FK_RoadmapSections_Roadmaps_RoadmapId" FOREIGN KEY ("RoadmapId") REFERENCES "Roadmaps" ("Id") ON DELETE CASCADE
);


CREATE TABLE "RoadmapItems" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RoadmapItems" PRIMARY KEY AUTOINCREMENT,
    "RoadmapId" INTEGER NOT NULL,
    "SectionId" INTEGER NULL,
    "Number" TEXT NOT NULL,
    "Order" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "TimeframeText" TEXT NOT NULL,
    "TimeframeKind" TEXT NOT NULL,
    "StartDate" TEXT NULL,
    "EndDate" TEXT NULL,
    "DueDate" TEXT NULL,
    "TimeframeDetails" TEXT NULL,
    "Responsible" TEXT NULL,
    "ResponsibleRoles" INTEGER NOT NULL,
    "TrackedPerSchool" INTEGER NOT NULL,
    "Cohort" INTEGER NULL,
    "ExpectedResult" TEXT NULL,
    "TargetPercent" TEXT NULL,
    "TargetCount" INTEGER NULL,
    "InformationSupport" TEXT NULL,
    "IsWithdrawn" INTEGER NOT NULL,
    CONSTRAINT "FK_RoadmapItems_RoadmapSections_SectionId" FOREIGN KEY ("SectionId") REFERENCES "RoadmapSections" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RoadmapItems_Roadmaps_RoadmapId" FOREIGN KEY ("RoadmapId") REFERENCES "Roadmaps" ("Id") ON DELETE CASCADE
);


CREATE TABLE "ConsultationTopicLinks" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ConsultationTopicLinks" PRIMARY KEY AUTOINCREMENT,
    "ConsultationId" INTEGER NOT NULL,
    "RiskDirectionId" INTEGER NULL,
    "RoadmapItemId" INTEGER NULL,
    CONSTRAINT "FK_ConsultationTopicLinks_Consultations_ConsultationId" FOREIGN KEY ("ConsultationId") REFERENCES "Consultations" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_ConsultationTopicLinks_RiskDirections_RiskDirectionId" FOREIGN KEY ("RiskDirectionId") REFERENCES "RiskDirections" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ConsultationTopicLinks_RoadmapItems_RoadmapItemId" FOREIGN KEY ("RoadmapItemId") REFERENCES "RoadmapItems" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "ItemProgress" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ItemProgress" PRIMARY KEY AUTOINCREMENT,
    "ItemId" INTEGER NOT NULL,
    "SchoolId" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "CompletedOn" TEXT NULL,
    "EvidenceUrl" TEXT NULL,
    "Note" TEXT NULL,
    "ChangedByPersonId" INTEGER NULL,
    "ChangedAt" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_ItemProgress_People_ChangedByPersonId" FOREIGN KEY ("ChangedByPersonId") REFERENCES "People" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ItemProgress_RoadmapItems_ItemId" FOREIGN KEY ("ItemId") REFERENCES "RoadmapItems" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_ItemProgress_Schools_SchoolId" FOREIGN KEY ("SchoolId") REFERENCES "Schools" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "ItemProgressChanges" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ItemProgressChanges" PRIMARY KEY AUTOINCREMENT,
    "ItemId" INTEGER NOT NULL,
    "SchoolId" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "CompletedOn" TEXT NULL,
    "EvidenceUrl" TEXT NULL,
    "Note" TEXT NULL,
    "ChangedByPersonId" INTEGER NULL,
    "ChangedAt" TEXT NOT NULL,
    "SourceKey" TEXT NULL,
    CONSTRAINT "FK_ItemProgressChanges_People_ChangedByPersonId" FOREIGN KEY ("ChangedByPersonId") REFERENCES "People" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ItemProgressChanges_RoadmapItems_ItemId" FOREIGN KEY ("ItemId") REFERENCES "RoadmapItems" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_ItemProgressChanges_Schools_SchoolId" FOREIGN KEY ("SchoolId") REFERENCES "Schools" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "ItemResponsibilities" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ItemResponsibilities" PRIMARY KEY AUTOINCREMENT,
    "ItemId" INTEGER NOT NULL,
    "Role" TEXT NULL,
    "OrganisationId" INTEGER NULL,
    "Level" TEXT NULL,
    "Text" TEXT NOT NULL,
    CONSTRAINT "FK_ItemResponsibilities_Organisations_OrganisationId" FOREIGN KEY ("OrganisationId") REFERENCES "Organisations" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ItemResponsibilities_RoadmapItems_ItemId" FOREIGN KEY ("ItemId") REFERENCES "RoadmapItems" ("Id") ON DELETE CASCADE
);


CREATE UNIQUE INDEX "IX_AnnouncementAcknowledgements_AnnouncementId_PersonId" ON "AnnouncementAcknowledgements" ("AnnouncementId", "PersonId");


CREATE INDEX "IX_AnnouncementAcknowledgements_PersonId" ON "AnnouncementAcknowledgements" ("PersonId");


CREATE INDEX "IX_Announcements_AuthorPersonId_CreatedAt" ON "Announcements" ("AuthorPersonId", "CreatedAt");


CREATE INDEX "IX_Announcements_MessageId" ON "Announcements" ("MessageId");


CREATE INDEX "IX_Announcements_RegionId" ON "Announcements" ("RegionId");


CREATE INDEX "IX_ConsultationActions_AssigneePersonId" ON "ConsultationActions" ("AssigneePersonId");


CREATE INDEX "IX_ConsultationActions_ConsultationId" ON "ConsultationActions" ("ConsultationId");


CREATE INDEX "IX_ConsultationActions_DueDate_Done" ON "ConsultationActions" ("DueDate", "Done");


CREATE INDEX "IX_ConsultationRevisions_ChangedByPersonId" ON "ConsultationRevisions" ("ChangedByPersonId");


CREATE INDEX "IX_ConsultationRevisions_ConsultationId_ChangedAt" ON "ConsultationRevisions" ("ConsultationId", "ChangedAt");


CREATE UNIQUE INDEX "IX_ConsultationRevisions_SourceKey" ON "ConsultationRevisions" ("SourceKey");


CREATE INDEX "IX_Consultations_AuthorPersonId_Date" ON "Consultations" ("AuthorPersonId", "Date");


CREATE INDEX "IX_Consultations_DeletedByPersonId" ON "Consultations" ("DeletedByPersonId");


CREATE INDEX "IX_Consultations_MunicipalityId" ON "Consultations" ("MunicipalityId");


CREATE INDEX "IX_Consultations_RegionId_Date" ON "Consultations" ("RegionId", "Date");


CREATE INDEX "IX_Consultations_SchoolId_Date" ON "Consultations" ("SchoolId", "Date");


CREATE UNIQUE INDEX "IX_Consultations_SourceKey" ON "Consultations" ("SourceKey");


CREATE INDEX "IX_ConsultationTopicLinks_ConsultationId" ON "ConsultationTopicLinks" ("ConsultationId");


CREATE INDEX "IX_ConsultationTopicLinks_RiskDirectionId" ON "ConsultationTopicLinks" ("RiskDirectionId");


CREATE INDEX "IX_ConsultationTopicLinks_RoadmapItemId" ON "ConsultationTopicLinks" ("RoadmapItemId");


CREATE UNIQUE INDEX "IX_ConversationAddresses_ChannelId_UserId_ConversationId" ON "ConversationAddresses" ("ChannelId", "UserId", "ConversationId");


CREATE INDEX "IX_ConversationAddresses_PersonId_IsActive" ON "ConversationAddresses" ("PersonId", "IsActive");


CREATE INDEX "IX_Deliveries_LeaseOwner" ON "Deliveries" ("LeaseOwner");


CREATE UNIQUE INDEX "IX_Deliveries_MessageId_PersonId" ON "Deliveries" ("MessageId", "PersonId");


CREATE INDEX "IX_Deliveries_MessageId_Status" ON "Deliveries" ("MessageId", "Status");


CREATE INDEX "IX_Deliveries_PersonId" ON "Deliveries" ("PersonId");


CREATE INDEX "IX_Deliveries_Status_NextAttemptAt" ON "Deliveries" ("Status", "NextAttemptAt");


CREATE UNIQUE INDEX "IX_InviteCodes_CodeHash" ON "InviteCodes" ("CodeHash");


CREATE INDEX "IX_InviteCodes_PersonId" ON "InviteCodes" ("PersonId");


CREATE INDEX "IX_ItemProgress_ChangedByPersonId" ON "ItemProgress" ("ChangedByPersonId");


CREATE INDEX "IX_ItemProgress_ItemId" ON "ItemProgress" ("ItemId");


CREATE UNIQUE INDEX "IX_ItemProgress_SchoolId_ItemId" ON "ItemProgress" ("SchoolId", "ItemId");


CREATE INDEX "IX_ItemProgressChanges_ChangedByPersonId" ON "ItemProgressChanges" ("ChangedByPersonId");


CREATE INDEX "IX_ItemProgressChanges_ItemId" ON "ItemProgressChanges" ("ItemId");


CREATE INDEX "IX_ItemProgressChanges_SchoolId_ItemId_ChangedAt" ON "ItemProgressChanges" ("SchoolId", "ItemId", "ChangedAt");


CREATE UNIQUE INDEX "IX_ItemProgressChanges_SourceKey" ON "ItemProgressChanges" ("SourceKey");


CREATE INDEX "IX_ItemResponsibilities_ItemId" ON "ItemResponsibilities" ("ItemId");


CREATE INDEX "IX_ItemResponsibilities_OrganisationId" ON "ItemResponsibilities" ("OrganisationId");


CREATE UNIQUE INDEX "IX_Municipalities_RegionId_Name" ON "Municipalities" ("RegionId", "Name");


CREATE UNIQUE INDEX "IX_Organisations_RegionId_Name" ON "Organisations" ("RegionId", "Name");


CREATE INDEX "IX_OutboxMessages_CreatedByPersonId" ON "OutboxMessages" ("CreatedByPersonId");


CREATE UNIQUE INDEX "IX_OutboxMessages_DedupKey" ON "OutboxMessages" ("DedupKey");


CREATE INDEX "IX_OutboxMessages_Topic" ON "OutboxMessages" ("Topic");


CREATE UNIQUE INDEX "IX_People_AadObjectId" ON "People" ("AadObjectId");


CREATE UNIQUE INDEX "IX_People_Email" ON "People" ("Email");


CREATE INDEX "IX_ProcessedActivities_ProcessedAt" ON "ProcessedActivities" ("ProcessedAt");


CREATE UNIQUE INDEX "IX_Regions_Name" ON "Regions" ("Name");


CREATE UNIQUE INDEX "IX_RiskDirections_RegionId_Name" ON "RiskDirections" ("RegionId", "Name");


CREATE INDEX "IX_RoadmapItems_RoadmapId_DueDate" ON "RoadmapItems" ("RoadmapId", "DueDate");


CREATE UNIQUE INDEX "IX_RoadmapItems_RoadmapId_Number" ON "RoadmapItems" ("RoadmapId", "Number");


CREATE INDEX "IX_RoadmapItems_SectionId" ON "RoadmapItems" ("SectionId");


CREATE INDEX "IX_Roadmaps_MunicipalityId" ON "Roadmaps" ("MunicipalityId");


CREATE UNIQUE INDEX "IX_Roadmaps_RegionId_DocumentKey" ON "Roadmaps" ("RegionId", "DocumentKey");


CREATE INDEX "IX_Roadmaps_RegionId_Year" ON "Roadmaps" ("RegionId", "Year");


CREATE INDEX "IX_Roadmaps_SchoolId" ON "Roadmaps" ("SchoolId");


CREATE UNIQUE INDEX "IX_RoadmapSections_RoadmapId_Number" ON "RoadmapSections" ("RoadmapId", "Number");


CREATE INDEX "IX_RoleAssignments_MunicipalityId_Role" ON "RoleAssignments" ("MunicipalityId", "Role");


CREATE INDEX "IX_RoleAssignments_PersonId_Role_SchoolId" ON "RoleAssignments" ("PersonId", "Role", "SchoolId");


CREATE INDEX "IX_RoleAssignments_RegionId_Role" ON "RoleAssignments" ("RegionId", "Role");


CREATE INDEX "IX_RoleAssignments_SchoolId_Role" ON "RoleAssignments" ("SchoolId", "Role");


CREATE INDEX "IX_Schools_MunicipalityId" ON "Schools" ("MunicipalityId");


CREATE UNIQUE INDEX "IX_Schools_RegionId_Name" ON "Schools" ("RegionId", "Name");


