using Microsoft.EntityFrameworkCore;
using Servala.Catalog;
using Servala.Catalog.Data;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;
using Servala.Catalog.Setup;
using Servala.Catalog.Sync;
using Servala.Web.Data;

namespace Servala.Web.Startup;

/// <summary>
/// Brings the database up to date before the portal serves anything. On a fresh database it
/// syncs the catalog (the bundled demo catalog when no website URL is configured) and, in demo mode
/// (<c>Portal:Demo</c>), applies the bundled demo setup, so a clone runs with one command.
/// </summary>
internal static partial class PortalInitializer
{
    /// <summary>How long a node waits for another one that is migrating or initializing the same database.</summary>
    private static readonly TimeSpan StartupLockWait = TimeSpan.FromMinutes(3);

    /// <summary>Applies the migrations, one process at a time per database (nodes starting together, a CLI verb beside them).</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var startup = await StartupLockAsync(services, cancellationToken);
        await MigrateLockedAsync(services, cancellationToken);
    }

    private static async Task<IAsyncDisposable> StartupLockAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<CatalogDbContext>>().CreateDbContextAsync(cancellationToken);
        return await DatabaseLock.TryAcquireAsync(db, "servala:startup", StartupLockWait, services.GetRequiredService<TimeProvider>(), cancellationToken)
            ?? throw new InvalidOperationException($"Another process has been migrating or initializing this database for more than {StartupLockWait.TotalMinutes} minutes; start again once it has finished.");
    }

    private static async Task MigrateLockedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var database = services.GetRequiredService<DatabaseSettings>();
        if (!await MigrationHistory.IsUpToDateAsync(database, MigrationHistory.CatalogContext(database.Provider), MigrationHistory.CatalogTable, cancellationToken))
        {
            var catalogFactory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<CatalogDbContext>>();
            await using var catalog = await catalogFactory.CreateDbContextAsync(cancellationToken);
            await MigrateIfPendingAsync(catalog, cancellationToken);
        }

        if (!await MigrationHistory.IsUpToDateAsync(database, MigrationHistory.IdentityContext(database.Provider), ApplicationDbContext.MigrationsHistoryTable, cancellationToken))
        {
            await MigrateIfPendingAsync(scope.ServiceProvider.GetRequiredService<ApplicationDbContext>(), cancellationToken);
        }
    }

    /// <summary>
    /// Applies the migrations the database lacks. On an up-to-date database (every start but the first) nothing gets here:
    /// <see cref="MigrationHistory"/> reads the history tables without a context, so a verb builds no model it does not
    /// use (Identity's, and EF Core's own for the history table). EF Core's <c>Migrate</c> would also build the model twice
    /// more (as designed and as of the last migration's snapshot) and compare them. That the model needs no migration it
    /// lacks is checked by a test (<c>MigrationsTests</c>), and still by <c>Migrate</c> whenever a migration is applied.
    /// </summary>
    private static async Task MigrateIfPendingAsync(DbContext db, CancellationToken cancellationToken)
    {
        if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
    }

    public static async Task InitializeAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        // Checked before anything is written: a production start without a website URL stops here.
        var seedDemo = PortalOptions.Of(app.Services).Demo == true;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PortalInitializer).FullName!);

        // Nodes starting together on a fresh database: one migrates, syncs and applies the demo setup, the others wait and find it done.
        await using var startup = await StartupLockAsync(app.Services, cancellationToken);
        await MigrateLockedAsync(app.Services, cancellationToken);

        var catalogFactory = app.Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>();

        // A run this host's previous process was killed in shows as failed, not as running forever.
        await app.Services.GetRequiredService<CatalogSyncService>().RecoverInterruptedRunsAsync(cancellationToken);

        bool hasSynced, hasOrganizations;
        await using (var db = await catalogFactory.CreateDbContextAsync(cancellationToken))
        {
            hasSynced = await db.SyncRuns.AnyAsync(r => r.Outcome == SyncOutcome.Succeeded || r.Outcome == SyncOutcome.Unchanged, cancellationToken);
            hasOrganizations = await db.Organizations.AnyAsync(cancellationToken);
        }

        if (!hasSynced)
        {
            var report = await app.Services.GetRequiredService<CatalogSyncService>()
                .RunAsync(new SyncRequest(Trigger: "startup"), cancellationToken);
            if (report.Run.Outcome is SyncOutcome.Failed or SyncOutcome.Refused)
            {
                LogFirstSyncFailed(logger, report.Run.Source, report.Run.Errors);
            }
        }

        var demo = seedDemo ? SetupFile.Parse(DemoData.SetupJson) : null;
        if (demo is not null && !hasOrganizations)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SetupApplier>().ApplyAsync(
                demo, scope.ServiceProvider.GetRequiredService<IUserDirectory>(), cancellationToken);
            LogDemoSetupApplied(logger);
        }

        await app.Services.GetRequiredService<CatalogSnapshotStore>().ReloadAsync(cancellationToken);

        if (demo is not null)
        {
            app.Lifetime.ApplicationStarted.Register(() =>
            {
                var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                    .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [];
                foreach (var url in addresses)
                {
                    LogListening(logger, url);
                }

                // Passwords stay out of logs, demo or not: the README lists the demo's.
                foreach (var user in demo.Users ?? [])
                {
                    var roles = user?.Roles is { Count: > 0 } r ? string.Join(", ", r) : "customer of " + string.Join(", ", user?.Organizations ?? []);
                    LogDemoLogin(logger, user?.Email ?? "", roles);
                }
            });
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The first catalog sync from {Source} did not succeed; prices stay empty until a sync works: {Errors}")]
    private static partial void LogFirstSyncFailed(ILogger logger, string source, IReadOnlyList<string> errors);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied the bundled demo setup (providers, control planes, organizations, users)")]
    private static partial void LogDemoSetupApplied(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Servala portal: open {Url}")]
    private static partial void LogListening(ILogger logger, string url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo login: {Email} ({Roles}); the passwords are in the README")]
    private static partial void LogDemoLogin(ILogger logger, string email, string roles);
}
