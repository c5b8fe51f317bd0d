using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Servala.Catalog.Data.Migrations
{
    /// <inheritdoc />
    public partial class SyncRunListsAsJson : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Rows written before: errors joined by newlines, plan codes by commas; now JSON arrays. SQLite has no
            // split, so a recursive query cuts the text at each separator and quotes every non-empty part.
            migrationBuilder.Sql(ToJsonArray("Errors", "char(10)"));
            migrationBuilder.Sql(ToJsonArray("NewPlanCodes", "','"));

            migrationBuilder.AlterColumn<string>(
                name: "NewPlanCodes",
                table: "SyncRuns",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Errors",
                table: "SyncRuns",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldNullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "NewPlanCodes",
                table: "SyncRuns",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<string>(
                name: "Errors",
                table: "SyncRuns",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT");

            // SQLite rebuilds the table (to take nulls again) after these run, so an empty list becomes empty text,
            // which the previous model reads as no errors / no codes too.
            migrationBuilder.Sql(FromJsonArray("Errors", "char(10)"));
            migrationBuilder.Sql(FromJsonArray("NewPlanCodes", "','"));
        }

        private static string ToJsonArray(string column, string separator) => $"""
            UPDATE "SyncRuns" SET "{column}" = COALESCE((
                WITH RECURSIVE parts(rest, acc) AS (
                    SELECT "SyncRuns"."{column}" || {separator}, ''
                    UNION ALL
                    SELECT substr(rest, instr(rest, {separator}) + 1),
                           acc || CASE WHEN instr(rest, {separator}) = 1 THEN ''
                                       ELSE CASE WHEN acc = '' THEN '' ELSE ',' END || json_quote(substr(rest, 1, instr(rest, {separator}) - 1)) END
                    FROM parts WHERE rest <> '')
                SELECT '[' || acc || ']' FROM parts WHERE rest = ''), '[]');
            """;

        private static string FromJsonArray(string column, string separator) => $"""
            UPDATE "SyncRuns" SET "{column}" = COALESCE((SELECT group_concat(value, {separator}) FROM (SELECT value FROM json_each("SyncRuns"."{column}") ORDER BY key)), '');
            """;
    }
}
