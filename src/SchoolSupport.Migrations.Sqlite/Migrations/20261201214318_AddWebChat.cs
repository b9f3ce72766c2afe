using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SchoolSupport.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddWebChat : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "DeliverOnEveryChannel",
                table: "Regions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "ReadAt",
                table: "Deliveries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "WebChatConversations",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Identity = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    Locale = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    LastSequence = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebChatConversations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WebChatActivities",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConversationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    FromUser = table.Column<bool>(type: "INTEGER", nullable: false),
                    Json = table.Column<string>(type: "TEXT", maxLength: 200000, nullable: false),
                    ExternalKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReadAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebChatActivities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WebChatActivities_WebChatConversations_ConversationId",
                        column: x => x.ConversationId,
                        principalTable: "WebChatConversations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WebChatUploads",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ConversationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebChatUploads", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WebChatUploads_WebChatConversations_ConversationId",
                        column: x => x.ConversationId,
                        principalTable: "WebChatConversations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WebChatActivities_ConversationId_ExternalKey",
                table: "WebChatActivities",
                columns: new[] { "ConversationId", "ExternalKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WebChatActivities_ConversationId_Sequence",
                table: "WebChatActivities",
                columns: new[] { "ConversationId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WebChatConversations_Identity_UpdatedAt",
                table: "WebChatConversations",
                columns: new[] { "Identity", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WebChatUploads_ConversationId_CreatedAt",
                table: "WebChatUploads",
                columns: new[] { "ConversationId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WebChatUploads_CreatedAt",
                table: "WebChatUploads",
                column: "CreatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "WebChatActivities");

            migrationBuilder.DropTable(
                name: "WebChatUploads");

            migrationBuilder.DropTable(
                name: "WebChatConversations");

            migrationBuilder.DropColumn(
                name: "DeliverOnEveryChannel",
                table: "Regions");

            migrationBuilder.DropColumn(
                name: "ReadAt",
                table: "Deliveries");
        }
    }
}
