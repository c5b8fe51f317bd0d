using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Servala.Catalog.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SyncLogWriteCost : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_SyncChanges_SyncRuns_SyncRunId",
                table: "SyncChanges");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_Entity_Key",
                table: "AuditEntries");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_SyncRunId",
                table: "AuditEntries");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Entity_Key",
                table: "AuditEntries",
                columns: new[] { "Entity", "Key" },
                filter: "\"Entity\" = 'SlaTier'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_Entity_Key",
                table: "AuditEntries");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Entity_Key",
                table: "AuditEntries",
                columns: new[] { "Entity", "Key" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_SyncRunId",
                table: "AuditEntries",
                column: "SyncRunId");

            migrationBuilder.AddForeignKey(
                name: "FK_SyncChanges_SyncRuns_SyncRunId",
                table: "SyncChanges",
                column: "SyncRunId",
                principalTable: "SyncRuns",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
