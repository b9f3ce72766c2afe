using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SchoolSupport.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class RosterCommands : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RequestKey",
                table: "RosterChanges",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_RosterChanges_RequestKey",
                table: "RosterChanges",
                column: "RequestKey",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RosterChanges_RequestKey",
                table: "RosterChanges");

            migrationBuilder.DropColumn(
                name: "RequestKey",
                table: "RosterChanges");
        }
    }
}
