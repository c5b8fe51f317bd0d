using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Servala.Catalog.Data.Migrations
{
    /// <inheritdoc />
    public partial class SyncRunOwnerAndOneRunning : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Owner",
                table: "SyncRuns",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            // Runs left "running" before runs had an owner can never finish; the new index allows only one.
            migrationBuilder.Sql(
                "UPDATE \"SyncRuns\" SET \"Outcome\" = 'Failed', "
                + "\"Errors\" = 'The run was interrupted: it was still marked running when the portal was upgraded. Nothing of it was written.' "
                + "WHERE \"Outcome\" = 'Running'");

            migrationBuilder.CreateIndex(
                name: "IX_SyncRuns_OneRunning",
                table: "SyncRuns",
                column: "Outcome",
                unique: true,
                filter: "\"Outcome\" = 'Running'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SyncRuns_OneRunning",
                table: "SyncRuns");

            migrationBuilder.DropColumn(
                name: "Owner",
                table: "SyncRuns");
        }
    }
}
