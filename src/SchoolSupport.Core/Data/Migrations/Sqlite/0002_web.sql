-- Web Chat channel: conversations, activities and uploads of the built-in Direct Line; read state of deliveries;
-- per-region delivery on every channel.
ALTER TABLE "Regions" ADD COLUMN "DeliverOnEveryChannel" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Deliveries" ADD COLUMN "ReadAt" TEXT NULL;

CREATE TABLE "WebChatConversations" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_WebChatConversations" PRIMARY KEY,
    "UserId" TEXT NOT NULL,
    "Identity" TEXT NOT NULL,
    "UserName" TEXT NULL,
    "Locale" TEXT NULL,
    "LastSequence" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL
);

CREATE TABLE "WebChatActivities" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_WebChatActivities" PRIMARY KEY AUTOINCREMENT,
    "ConversationId" TEXT NOT NULL,
    "Sequence" INTEGER NOT NULL,
    "FromUser" INTEGER NOT NULL,
    "Json" TEXT NOT NULL,
    "ExternalKey" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ReadAt" TEXT NULL,
    CONSTRAINT "FK_WebChatActivities_WebChatConversations_ConversationId" FOREIGN KEY ("ConversationId") REFERENCES "WebChatConversations" ("Id") ON DELETE CASCADE
);

CREATE TABLE "WebChatUploads" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_WebChatUploads" PRIMARY KEY,
    "ConversationId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "ContentType" TEXT NULL,
    "Size" INTEGER NOT NULL,
    "Content" BLOB NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_WebChatUploads_WebChatConversations_ConversationId" FOREIGN KEY ("ConversationId") REFERENCES "WebChatConversations" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_WebChatActivities_ConversationId_ExternalKey" ON "WebChatActivities" ("ConversationId", "ExternalKey");
CREATE UNIQUE INDEX "IX_WebChatActivities_ConversationId_Sequence" ON "WebChatActivities" ("ConversationId", "Sequence");
CREATE INDEX "IX_WebChatConversations_Identity_UpdatedAt" ON "WebChatConversations" ("Identity", "UpdatedAt");
CREATE INDEX "IX_WebChatUploads_ConversationId_CreatedAt" ON "WebChatUploads" ("ConversationId", "CreatedAt");
CREATE INDEX "IX_WebChatUploads_CreatedAt" ON "WebChatUploads" ("CreatedAt");
