ALTER TABLE "Schools" ADD "ShortName" TEXT NULL;

ALTER TABLE "Schools" ADD "Code" TEXT NULL;

CREATE INDEX "IX_Schools_RegionId_Code" ON "Schools" ("RegionId", "Code");

CREATE TABLE "RosterChanges" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RosterChanges" PRIMARY KEY AUTOINCREMENT,
    "At" TEXT NOT NULL,
    "ActorPersonId" INTEGER NULL,
    "Action" TEXT NOT NULL,
    "PersonId" INTEGER NULL,
    "SchoolId" INTEGER NULL,
    "RegionId" INTEGER NULL,
    "Details" TEXT NOT NULL
);

CREATE INDEX "IX_RosterChanges_PersonId_At" ON "RosterChanges" ("PersonId", "At");

CREATE INDEX "IX_RosterChanges_RegionId_At" ON "RosterChanges" ("RegionId", "At");

CREATE TABLE "PendingImports" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_PendingImports" PRIMARY KEY AUTOINCREMENT,
    "PersonId" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "FileName" TEXT NOT NULL,
    "Content" BLOB NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ExpiresAt" TEXT NOT NULL,
    "CompletedAt" TEXT NULL,
    "Outcome" TEXT NULL,
    CONSTRAINT "FK_PendingImports_People_PersonId" FOREIGN KEY ("PersonId") REFERENCES "People" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_PendingImports_PersonId_CreatedAt" ON "PendingImports" ("PersonId", "CreatedAt");
