using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Servala.Catalog.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SyncRunListsAsJson : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Rows written before: errors joined by newlines, plan codes by commas; now JSON arrays of the non-empty parts.
            migrationBuilder.Sql(ToJsonArray("Errors", "E'\\n'"));
            migrationBuilder.Sql(ToJsonArray("NewPlanCodes", "','"));

            migrationBuilder.AlterColumn<string>(
                name: "NewPlanCodes",
                table: "SyncRuns",
                type: "text",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Errors",
                table: "SyncRuns",
                type: "text",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "NewPlanCodes",
                table: "SyncRuns",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AlterColumn<string>(
                name: "Errors",
                table: "SyncRuns",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text");

            // Once the columns take nulls again: an empty list is no value, as the previous model wrote it.
            migrationBuilder.Sql(FromJsonArray("Errors", "E'\\n'"));
            migrationBuilder.Sql(FromJsonArray("NewPlanCodes", "','"));
        }

        private static string ToJsonArray(string column, string separator) => $"""
            UPDATE "SyncRuns" SET "{column}" = COALESCE(to_jsonb(array_remove(string_to_array("{column}", {separator}), ''))::text, '[]');
            """;

        private static string FromJsonArray(string column, string separator) => $"""
            UPDATE "SyncRuns" SET "{column}" = NULLIF(array_to_string(ARRAY(
                SELECT part FROM jsonb_array_elements_text("{column}"::jsonb) WITH ORDINALITY AS t(part, n) ORDER BY n), {separator}), '');
            """;
    }
}
