using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Servala.Catalog.Data.Migrations
{
    /// <inheritdoc />
    public partial class StaffOverridesAndAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "HaReplicaMinOverride",
                table: "SlaTiers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NameOverride",
                table: "SlaTiers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ServiceLevelOverride",
                table: "SlaTiers",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SortOrderOverride",
                table: "SlaTiers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "UptimePercentOverride",
                table: "SlaTiers",
                type: "TEXT",
                precision: 18,
                scale: 6,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "SlaTiers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Entity = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Field = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OldValue = table.Column<string>(type: "TEXT", nullable: true),
                    NewValue = table.Column<string>(type: "TEXT", nullable: true),
                    SyncRunId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                });

            migrationBuilder.UpdateData(
                table: "SlaTiers",
                keyColumn: "Id",
                keyValue: 1,
                columns: new[] { "HaReplicaMinOverride", "NameOverride", "ServiceLevelOverride", "SortOrderOverride", "UptimePercentOverride", "Version" },
                values: new object[] { null, null, null, null, null, 0 });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Entity_Key",
                table: "AuditEntries",
                columns: new[] { "Entity", "Key" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_SyncRunId",
                table: "AuditEntries",
                column: "SyncRunId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "HaReplicaMinOverride",
                table: "SlaTiers");

            migrationBuilder.DropColumn(
                name: "NameOverride",
                table: "SlaTiers");

            migrationBuilder.DropColumn(
                name: "ServiceLevelOverride",
                table: "SlaTiers");

            migrationBuilder.DropColumn(
                name: "SortOrderOverride",
                table: "SlaTiers");

            migrationBuilder.DropColumn(
                name: "UptimePercentOverride",
                table: "SlaTiers");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "SlaTiers");
        }
    }
}
