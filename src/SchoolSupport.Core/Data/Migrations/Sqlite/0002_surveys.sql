-- Surveys: definitions, recipients with the one-way «has responded» marker, responses and answers.

CREATE TABLE "Surveys" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Surveys" PRIMARY KEY AUTOINCREMENT,
    "RegionId" INTEGER NOT NULL,
    "OwnerPersonId" INTEGER NOT NULL,
    "Key" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Description" TEXT NULL,
    "IsSample" INTEGER NOT NULL,
    "OpensAt" TEXT NOT NULL,
    "ClosesAt" TEXT NOT NULL,
    "Anonymous" INTEGER NOT NULL,
    "Mode" TEXT NOT NULL,
    "TargetPercent" INTEGER NOT NULL,
    "RoadmapItemId" INTEGER NULL,
    "AudienceRoles" INTEGER NOT NULL,
    "AudienceMunicipalities" TEXT NOT NULL,
    "AudienceCohorts" TEXT NOT NULL,
    "AudienceSchools" TEXT NOT NULL,
    "AudienceEmails" TEXT NOT NULL,
    "RemindDaysBefore" TEXT NOT NULL,
    "Questions" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "Source" TEXT NOT NULL,
    "RecipientCount" INTEGER NOT NULL,
    "OpenedAt" TEXT NULL,
    "InvitationMessageId" INTEGER NULL,
    "LastManualReminderAt" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "ConfirmedAt" TEXT NULL,
    CONSTRAINT "FK_Surveys_OutboxMessages_InvitationMessageId" FOREIGN KEY ("InvitationMessageId") REFERENCES "OutboxMessages" ("Id") ON DELETE SET NULL,
    CONSTRAINT "FK_Surveys_People_OwnerPersonId" FOREIGN KEY ("OwnerPersonId") REFERENCES "People" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Surveys_Regions_RegionId" FOREIGN KEY ("RegionId") REFERENCES "Regions" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Surveys_RoadmapItems_RoadmapItemId" FOREIGN KEY ("RoadmapItemId") REFERENCES "RoadmapItems" ("Id") ON DELETE SET NULL
);

CREATE TABLE "SurveyRecipients" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_SurveyRecipients" PRIMARY KEY AUTOINCREMENT,
    "SurveyId" INTEGER NOT NULL,
    "PersonId" INTEGER NOT NULL,
    "Role" TEXT NOT NULL,
    "SchoolId" INTEGER NULL,
    "MunicipalityId" INTEGER NULL,
    "HasResponded" INTEGER NOT NULL,
    "LastRemindedOn" TEXT NULL,
    CONSTRAINT "FK_SurveyRecipients_People_PersonId" FOREIGN KEY ("PersonId") REFERENCES "People" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_SurveyRecipients_Surveys_SurveyId" FOREIGN KEY ("SurveyId") REFERENCES "Surveys" ("Id") ON DELETE CASCADE
);

CREATE TABLE "SurveyResponses" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_SurveyResponses" PRIMARY KEY,
    "SurveyId" INTEGER NOT NULL,
    "UnitKey" TEXT NULL,
    "PersonId" INTEGER NULL,
    "SchoolId" INTEGER NULL,
    "MunicipalityId" INTEGER NULL,
    "Role" TEXT NULL,
    "Status" TEXT NOT NULL,
    "SubmittedAt" TEXT NULL,
    "UpdatedAt" TEXT NULL,
    CONSTRAINT "FK_SurveyResponses_Surveys_SurveyId" FOREIGN KEY ("SurveyId") REFERENCES "Surveys" ("Id") ON DELETE CASCADE
);

CREATE TABLE "SurveyAnswers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_SurveyAnswers" PRIMARY KEY,
    "SurveyId" INTEGER NOT NULL,
    "ResponseId" TEXT NOT NULL,
    "QuestionId" TEXT NOT NULL,
    "ChoiceId" TEXT NULL,
    "Number" REAL NULL,
    "Date" TEXT NULL,
    "Text" TEXT NULL,
    CONSTRAINT "FK_SurveyAnswers_SurveyResponses_ResponseId" FOREIGN KEY ("ResponseId") REFERENCES "SurveyResponses" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_SurveyAnswers_Surveys_SurveyId" FOREIGN KEY ("SurveyId") REFERENCES "Surveys" ("Id")
);

CREATE INDEX "IX_SurveyAnswers_ResponseId_QuestionId" ON "SurveyAnswers" ("ResponseId", "QuestionId");

CREATE INDEX "IX_SurveyAnswers_SurveyId_QuestionId_ChoiceId" ON "SurveyAnswers" ("SurveyId", "QuestionId", "ChoiceId");

CREATE INDEX "IX_SurveyRecipients_PersonId" ON "SurveyRecipients" ("PersonId");

CREATE INDEX "IX_SurveyRecipients_SurveyId_HasResponded" ON "SurveyRecipients" ("SurveyId", "HasResponded");

CREATE UNIQUE INDEX "IX_SurveyRecipients_SurveyId_PersonId" ON "SurveyRecipients" ("SurveyId", "PersonId");

CREATE INDEX "IX_SurveyResponses_SurveyId_Status" ON "SurveyResponses" ("SurveyId", "Status");

CREATE UNIQUE INDEX "IX_SurveyResponses_SurveyId_UnitKey" ON "SurveyResponses" ("SurveyId", "UnitKey") WHERE "UnitKey" IS NOT NULL;

CREATE INDEX "IX_Surveys_InvitationMessageId" ON "Surveys" ("InvitationMessageId");

CREATE INDEX "IX_Surveys_OwnerPersonId" ON "Surveys" ("OwnerPersonId");

CREATE UNIQUE INDEX "IX_Surveys_RegionId_Key" ON "Surveys" ("RegionId", "Key");

CREATE INDEX "IX_Surveys_RoadmapItemId" ON "Surveys" ("RoadmapItemId");

CREATE INDEX "IX_Surveys_Status_OpensAt" ON "Surveys" ("Status", "OpensAt");
