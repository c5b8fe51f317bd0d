using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Dashboard;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Servala.Catalog.Data;
using Microsoft.Extensions.Options;
using Servala.Catalog.ControlPlanes;
using Servala.Web.Sync;
using Servala.Web.Identity;
using Servala.Web.Startup;

namespace Servala.Web.Jobs;

internal static class JobsHostingExtensions
{
    public const string DashboardPath = "/admin/jobs";

    /// <summary>This node's Hangfire server (host and process: two containers may both be process 1).</summary>
    public static readonly string ServerName = $"servala-{Environment.MachineName}-{Environment.ProcessId}".ToLowerInvariant();

    /// <summary>Hangfire's tables on PostgreSQL live in this schema, apart from the portal's own.</summary>
    public const string PostgresSchema = "hangfire";

    /// <summary>
    /// Hangfire's storage follows the database: on PostgreSQL the shared <see cref="PostgresSchema"/> schema,
    /// so every node sees one set of recurring jobs, queues and locks; on SQLite (one node) in-memory storage.
    /// One storage per host (registered before <c>AddHangfire</c> so its process-wide <c>JobStorage.Current</c>
    /// is never what this host uses), the sync job and its schedule.
    /// (CLI verbs run their own sync in their own host and use none of it.)
    /// </summary>
    public static WebApplicationBuilder AddServalaJobs(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SyncScheduleOptions>().BindConfiguration(SyncScheduleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Registered before AddHangfire, whose own registrations only fill gaps: this host's jobs run in
        // this host's container on this host's storage, whatever other hosts in the process configured.
        var database = DatabaseOptions.For(builder);
        services.AddSingleton<JobStorage>(_ => database.Provider == DatabaseProvider.PostgreSQL
            ? CreatePostgresStorage(database.ConnectionString)
            : new InMemoryStorage());
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((provider, configuration) => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HostLogProvider(provider.GetRequiredService<ILoggerFactory>())));
        services.AddSingleton<SyncRunner>();
        services.AddSingleton<SyncSchedule>();
        services.AddTransient<CatalogSyncJob>();
        services.AddTransient<ControlPlaneReconcileJob>();
        services.AddSingleton<ReconcileQueue>();
        services.AddSingleton<ManualSync>();
        services.AddHangfireServer(options =>
        {
            // The sync runs alone; reconciles of different control planes may run beside it and each other.
            options.WorkerCount = 4;
            options.ServerName = ServerName;
        });

        return builder;
    }

    private static PostgreSqlStorage CreatePostgresStorage(string connectionString)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = PostgresSchema,
            PrepareSchemaIfNecessary = true,
            // Every wait on a lock is bounded; a sync job waits for another node's run only this long.
            DistributedLockTimeout = TimeSpan.FromMinutes(1),
            QueuePollInterval = TimeSpan.FromSeconds(5),
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    /// <summary>Registers the recurring sync on <c>Catalog:SyncCron</c>, the recurring reconcile on <c>ControlPlanes:ReconcileCron</c>, and maps the Hangfire dashboard for role Ops.</summary>
    public static WebApplication MapServalaJobs(this WebApplication app)
    {
        var schedule = app.Services.GetRequiredService<IOptions<SyncScheduleOptions>>().Value;
        try
        {
            app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<CatalogSyncJob>(
                CatalogSyncJob.Id,
                job => job.RunAsync(CancellationToken.None),
                schedule.SyncCron,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }
        catch (ArgumentException ex)
        {
            throw new OptionsValidationException(SyncScheduleOptions.Section, typeof(SyncScheduleOptions),
                [$"Catalog:SyncCron '{schedule.SyncCron}' is not a valid cron expression (e.g. \"0 * * * *\" for hourly): {ex.Message}"]);
        }

        var controlPlanes = app.Services.GetRequiredService<IOptions<ControlPlaneOptions>>().Value;
        try
        {
            app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<ControlPlaneReconcileJob>(
                ControlPlaneReconcileJob.Id,
                job => job.RunAllAsync(CancellationToken.None),
                controlPlanes.ReconcileCron,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }
        catch (ArgumentException ex)
        {
            throw new OptionsValidationException(ControlPlaneOptions.Section, typeof(ControlPlaneOptions),
                [$"ControlPlanes:ReconcileCron '{controlPlanes.ReconcileCron}' is not a valid cron expression (e.g. \"* * * * *\" for every minute): {ex.Message}"]);
        }

        AddDashboardScript();
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [new OpsDashboardAuthorizationFilter()],
            AppPath = "/admin/sync",
            DashboardTitle = "Servala jobs",
        }).RequireAuthorization(IdentityHostingExtensions.OpsRole);
        return app;
    }

    private static int _scriptAdded;

    /// <summary>Times in the dashboard on a 24-hour clock in UTC (Hangfire's dashboard routes are process-wide: added once).</summary>
    private static void AddDashboardScript()
    {
        if (Interlocked.Exchange(ref _scriptAdded, 1) == 0)
        {
            DashboardRoutes.AddJavaScript(typeof(JobsHostingExtensions).Assembly, DashboardScript);
        }
    }

    public const string DashboardScript = "Servala.Web.Jobs.dashboard-utc.js";
}
