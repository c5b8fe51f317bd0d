using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Servala.Catalog.Data.Migrations
{
    /// <inheritdoc />
    public partial class ControlPlanes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Plural",
                table: "ServiceOfferings",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AppliedManifestYaml",
                table: "ServiceInstances",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "DeleteRequested",
                table: "ServiceInstances",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Origin",
                table: "ServiceInstances",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Ordered");

            migrationBuilder.AddColumn<bool>(
                name: "SlaTierInferred",
                table: "ServiceInstances",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "ServiceInstances",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Pending");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "StatusCheckedAt",
                table: "ServiceInstances",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StatusMessage",
                table: "ServiceInstances",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ConnectionState",
                table: "ControlPlanes",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "NotConnected");

            migrationBuilder.AddColumn<string>(
                name: "KubeContext",
                table: "ControlPlanes",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kubeconfig",
                table: "ControlPlanes",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastError",
                table: "ControlPlanes",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastReconcileAt",
                table: "ControlPlanes",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Plural",
                table: "ServiceOfferings");

            migrationBuilder.DropColumn(
                name: "AppliedManifestYaml",
                table: "ServiceInstances");

            migrationBuilder.DropColumn(
                name: "DeleteRequested",
                table: "ServiceInstances");

            migrationBuilder.DropColumn(
                name: "Origin",
                table: "ServiceInstances");

            migrationBuilder.DropColumn(
                name: "SlaTierInferred",
                table: "ServiceInstances");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "ServiceInstances");

            migrationBuilder.DropColumn(
                name: "StatusCheckedAt",
                table: "ServiceInstances");

            migrationBuilder.DropColumn(
                name: "StatusMessage",
                table: "ServiceInstances");

            migrationBuilder.DropColumn(
                name: "ConnectionState",
                table: "ControlPlanes");

            migrationBuilder.DropColumn(
                name: "KubeContext",
                table: "ControlPlanes");

            migrationBuilder.DropColumn(
                name: "Kubeconfig",
                table: "ControlPlanes");

            migrationBuilder.DropColumn(
                name: "LastError",
                table: "ControlPlanes");

            migrationBuilder.DropColumn(
                name: "LastReconcileAt",
                table: "ControlPlanes");
        }
    }
}
