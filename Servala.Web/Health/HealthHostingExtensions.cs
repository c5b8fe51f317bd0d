using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Servala.Catalog.Data;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;
using Servala.Catalog.Sync;
using Servala.Web.Jobs;
using Servala.Web.Sync;

namespace Servala.Web.Health;

internal static class HealthHostingExtensions
{
    public const string LivePath = "/healthz";
    public const string ReadyPath = "/readyz";

    private const string ReadyTag = "ready";


    /// <summary>Every check waits at most this long (a stopped database must not hang the probe).</summary>
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// <c>/healthz</c>: the process answers. <c>/readyz</c>: the database answers, the price snapshot is
    /// loaded, the last successful sync is younger than <c>Catalog:MaxAge</c> and this node's Hangfire server
    /// is running. Each check is bounded by <see cref="CheckTimeout"/>.
    /// </summary>
    public static WebApplicationBuilder AddServalaHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck("process", () => HealthCheckResult.Healthy("The process is running."))
            .AddCheck<DatabaseCheck>("database", tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<SnapshotCheck>("catalog-snapshot", tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<LastSyncCheck>("catalog-sync-age", tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<HangfireServerCheck>("hangfire-server", tags: [ReadyTag], timeout: CheckTimeout);
        return builder;
    }

    /// <summary>Maps both probes; anonymous, and their JSON names each check and its state, never a setting or an exception's text.</summary>
    public static WebApplication MapServalaHealth(this WebApplication app)
    {
        app.MapGet(LivePath, (HttpContext context, HealthCheckService health) => ProbeAsync(context, health, c => c.Name == "process")).AllowAnonymous().DisableAntiforgery();
        app.MapGet(ReadyPath, (HttpContext context, HealthCheckService health) => ProbeAsync(context, health, c => c.Tags.Contains(ReadyTag))).AllowAnonymous().DisableAntiforgery();
        return app;
    }

    private static async Task ProbeAsync(HttpContext context, HealthCheckService health, Func<HealthCheckRegistration, bool> predicate)
    {
        var report = await health.CheckHealthAsync(predicate, context.RequestAborted);
        context.Response.StatusCode = report.Status == HealthStatus.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        var body = new HealthBody(
            Status(report.Status),
            report.Entries.ToDictionary(e => e.Key, e => new HealthEntry(Status(e.Value.Status), e.Value.Description)));
        await JsonSerializer.SerializeAsync(context.Response.Body, body, JsonSerializerOptions.Web, context.RequestAborted);
    }

    private static string Status(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        HealthStatus.Unhealthy => "unhealthy",
        _ => "unknown",
    };

    private sealed record HealthBody(string Status, Dictionary<string, HealthEntry> Checks);

    private sealed record HealthEntry(string Status, string? Description);

    private sealed class DatabaseCheck(IDbContextFactory<CatalogDbContext> dbFactory) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                return await db.Database.CanConnectAsync(cancellationToken)
                    ? HealthCheckResult.Healthy("The database answers.")
                    : HealthCheckResult.Unhealthy("The database does not answer.");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The exception's text can name the host or user: the probe says only what failed.
                return HealthCheckResult.Unhealthy("The database does not answer.");
            }
        }
    }

    private sealed class SnapshotCheck(CatalogSnapshotStore snapshots) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var current = snapshots.Current;
            return Task.FromResult(ReferenceEquals(current, CatalogSnapshot.Empty) || current.Services.Count == 0
                ? HealthCheckResult.Unhealthy("No catalog snapshot is loaded.")
                : HealthCheckResult.Healthy($"Catalog {current.Version} is loaded."));
        }
    }

    private sealed class LastSyncCheck(SyncHistory history, IOptions<SyncScheduleOptions> options) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var maxAge = options.Value.MaxAge;
                return history.HealthOf(await history.LastSuccessAsync(cancellationToken), maxAge) switch
                {
                    SyncHealth.NeverSynced => HealthCheckResult.Unhealthy("The catalog has never been synced successfully."),
                    SyncHealth.TooOld => HealthCheckResult.Unhealthy($"The last successful sync is older than Catalog:MaxAge ({maxAge})."),
                    SyncHealth.Healthy => HealthCheckResult.Healthy("The last successful sync is younger than Catalog:MaxAge."),
                };
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy("The sync runs cannot be read.");
            }
        }
    }

    private sealed class HangfireServerCheck(JobStorage storage, TimeProvider time) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var prefix = JobsHostingExtensions.ServerName + ":";
                var now = time.GetUtcNow().UtcDateTime;
                var alive = storage.GetMonitoringApi().Servers()
                    .Any(s => s.Name.StartsWith(prefix, StringComparison.Ordinal) && s.Heartbeat is { } beat && now - beat < TimeSpan.FromMinutes(1));
                return Task.FromResult(alive
                    ? HealthCheckResult.Healthy("This node's job server is running.")
                    : HealthCheckResult.Unhealthy("This node's job server is not running."));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy("The job storage cannot be read."));
            }
        }
    }
}
