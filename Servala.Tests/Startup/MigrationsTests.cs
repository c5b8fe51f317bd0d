using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Servala.Catalog.Data;
using Servala.Web.Data;
using Servala.Web.Identity;
using Servala.Web.Startup;

namespace Servala.Tests.Startup;

/// <summary>
/// The models need no migration that is missing, on either database. Start-up applies migrations only when the history
/// table lacks one (it skips EF Core's own model comparison on an up-to-date database), so this is where a model change
/// without its migration shows.
/// </summary>
public sealed class MigrationsTests
{
    [Theory]
    [InlineData("Sqlite", "Data Source=unused.db")]
    [InlineData("PostgreSQL", "Host=127.0.0.1;Database=unused")]
    public async Task Models_HaveNoChangesTheirMigrationsLack(string provider, string connectionString)
    {
        // The contexts as the portal and its verbs register them (Identity's model depends on its options).
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["Database:ConnectionString"] = connectionString,
        });
        builder.AddServalaCatalog();
        builder.AddServalaAccounts();
        using var host = builder.Build();

        await using var catalog = await host.Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>().CreateDbContextAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var identity = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();

        Assert.Equal(provider == "PostgreSQL" ? "Npgsql.EntityFrameworkCore.PostgreSQL" : "Microsoft.EntityFrameworkCore.Sqlite", catalog.Database.ProviderName);
        Assert.NotEmpty(catalog.Database.GetMigrations());
        Assert.NotEmpty(identity.Database.GetMigrations());
        Assert.False(catalog.Database.HasPendingModelChanges(), $"The catalog model ({catalog.GetType().Name}) has changes no migration holds: add one (dotnet ef migrations add).");
        Assert.False(identity.Database.HasPendingModelChanges(), $"The Identity model ({identity.GetType().Name}) has changes no migration holds: add one (dotnet ef migrations add).");

        // Start-up reads the histories without the contexts: it must look for the migrations EF Core applies.
        var database = host.Services.GetRequiredService<DatabaseSettings>();
        Assert.Equal(catalog.GetType(), MigrationHistory.CatalogContext(database.Provider));
        Assert.Equal(identity.GetType(), MigrationHistory.IdentityContext(database.Provider));
        Assert.Equal(catalog.Database.GetMigrations().Order(StringComparer.Ordinal), MigrationHistory.Migrations(catalog.GetType()).Order(StringComparer.Ordinal));
        Assert.Equal(identity.Database.GetMigrations().Order(StringComparer.Ordinal), MigrationHistory.Migrations(identity.GetType()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task MigrationHistory_IsUpToDateOnlyOnceEveryMigrationIsApplied()
    {
        var directory = Directory.CreateTempSubdirectory("servala-history-");
        try
        {
            var file = Path.Combine(directory.FullName, "portal.db");
            var database = new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=False");
            var context = MigrationHistory.CatalogContext(database.Provider);

            // No database yet: not up to date (the context then migrates), and no file made by the check: EF Core creates
            // a database in WAL mode only when there is no file.
            Assert.False(await MigrationHistory.IsUpToDateAsync(database, context, MigrationHistory.CatalogTable, CancellationToken.None));
            Assert.False(File.Exists(file));

            var options = new DbContextOptionsBuilder<CatalogDbContext>().UseSqlite(database.ConnectionString).Options;
            await using (var db = new CatalogDbContext(options))
            {
                await db.Database.MigrateAsync();
            }

            Assert.True(await MigrationHistory.IsUpToDateAsync(database, context, MigrationHistory.CatalogTable, CancellationToken.None));
            await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(database.ConnectionString))
            {
                await connection.OpenAsync();
                await using var journal = connection.CreateCommand();
                journal.CommandText = "PRAGMA journal_mode";
                Assert.Equal("wal", await journal.ExecuteScalarAsync());
            }

            // Identity's history is another table, still missing.
            Assert.False(await MigrationHistory.IsUpToDateAsync(database, MigrationHistory.IdentityContext(database.Provider), ApplicationDbContext.MigrationsHistoryTable, CancellationToken.None));

            // One migration missing from the history: not up to date.
            await using (var db = new CatalogDbContext(options))
            {
                var last = MigrationHistory.Migrations(context).Max(StringComparer.Ordinal)!;
                await db.Database.ExecuteSqlAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = {last}");
            }

            Assert.False(await MigrationHistory.IsUpToDateAsync(database, context, MigrationHistory.CatalogTable, CancellationToken.None));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
