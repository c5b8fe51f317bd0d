using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Servala.Catalog.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SyncedTablesFillFactor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "StorageEntries")
                .Annotation("Npgsql:StorageParameter:fillfactor", 50);

            migrationBuilder.AlterTable(
                name: "SlaTiers")
                .Annotation("Npgsql:StorageParameter:fillfactor", 50);

            migrationBuilder.AlterTable(
                name: "SlaSurcharges")
                .Annotation("Npgsql:StorageParameter:fillfactor", 50);

            migrationBuilder.AlterTable(
                name: "PricingConfigs")
                .Annotation("Npgsql:StorageParameter:fillfactor", 50);

            migrationBuilder.AlterTable(
                name: "DiscountBrackets")
                .Annotation("Npgsql:StorageParameter:fillfactor", 50);

            migrationBuilder.AlterTable(
                name: "CspResources")
                .Annotation("Npgsql:StorageParameter:fillfactor", 50);

            migrationBuilder.AlterTable(
                name: "ComputePlanEntries")
                .Annotation("Npgsql:StorageParameter:fillfactor", 50);

            migrationBuilder.AlterTable(
                name: "ComponentSpecs")
                .Annotation("Npgsql:StorageParameter:fillfactor", 50);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "StorageEntries")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 50);

            migrationBuilder.AlterTable(
                name: "SlaTiers")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 50);

            migrationBuilder.AlterTable(
                name: "SlaSurcharges")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 50);

            migrationBuilder.AlterTable(
                name: "PricingConfigs")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 50);

            migrationBuilder.AlterTable(
                name: "DiscountBrackets")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 50);

            migrationBuilder.AlterTable(
                name: "CspResources")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 50);

            migrationBuilder.AlterTable(
                name: "ComputePlanEntries")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 50);

            migrationBuilder.AlterTable(
                name: "ComponentSpecs")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 50);
        }
    }
}
