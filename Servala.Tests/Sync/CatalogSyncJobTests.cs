using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Servala.Catalog.Data;
using Servala.Catalog.Model;
using Servala.Catalog.Sync;
using Servala.Tests.Support;
using Servala.Tests.Sync;
using Servala.Web.Sync;
using Servala.Web.Jobs;

namespace Servala.Tests.Sync;

public sealed class CatalogSyncJobTests
{
    private sealed class EveryTwentyMinutes : PortalFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Catalog:SyncCron", "*/20 * * * *")];
    }

    private sealed class BadCron : PortalFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Catalog:SyncCron", "every hour please")];
    }

    [Fact]
    public async Task Startup_RegistersRecurringSyncWithConfiguredCron()
    {
        await using var portal = new EveryTwentyMinutes();
        using var client = portal.CreateClient();

        var schedule = portal.Services.GetRequiredService<SyncSchedule>().Read();

        Assert.NotNull(schedule);
        Assert.Equal("*/20 * * * *", schedule.Cron);
        Assert.NotNull(schedule.NextExecution);
    }

    [Fact]
    public async Task Startup_DefaultCron_IsHourly()
    {
        await using var portal = new PortalFactory();
        using var client = portal.CreateClient();

        Assert.Equal(Cron.Hourly(), portal.Services.GetRequiredService<SyncSchedule>().Read()!.Cron);
    }

    [Fact]
    public async Task Startup_InvalidCron_FailsNamingTheSetting()
    {
        await using var portal = new BadCron();

        var error = Assert.ThrowsAny<Exception>(() => portal.CreateClient());

        Assert.Contains("Catalog:SyncCron", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trigger_RecurringJob_RunsScheduledSyncThatTheDashboardSees()
    {
        await using var portal = new PortalFactory();
        using var client = portal.CreateClient();
        var runner = portal.Services.GetRequiredService<SyncRunner>();
        var finished = new TaskCompletionSource<SyncReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        runner.Changed += report =>
        {
            if (report is { Run.Trigger: "schedule" })
            {
                finished.TrySetResult(report);
            }
        };

        portal.Services.GetRequiredService<IRecurringJobManager>().Trigger(CatalogSyncJob.Id);
        var run = (await finished.Task.WaitAsync(TimeSpan.FromSeconds(30))).Run;

        Assert.True(run.Outcome is SyncOutcome.Succeeded or SyncOutcome.Unchanged, string.Join("\n", run.Errors));
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>().CreateDbContextAsync();
        Assert.True(await db.SyncRuns.AnyAsync(r => r.Id == run.Id && r.Trigger == "schedule"));
    }

    [Fact]
    public void RunAsync_IsRetriedAtMostTwice()
    {
        var method = typeof(CatalogSyncJob).GetMethod(nameof(CatalogSyncJob.RunAsync))!;

        Assert.Equal(2, Assert.Single(method.GetCustomAttributes(typeof(AutomaticRetryAttribute), false).Cast<AutomaticRetryAttribute>()).Attempts);
    }

    [Fact]
    public async Task RunAsync_InvalidDocument_RecordsFailureWithoutThrowing()
    {
        await using var server = await CatalogTestServer.StartAsync();
        server.Handler = (context, _) => CatalogTestServer.Json(context, """{"schemaVersion": 1, "slaTiers": [], "services": [{"slug": "x"}]}""");
        await using var harness = new SyncHarness(new Dictionary<string, string?> { ["Catalog:WebsiteUrl"] = server.Url });
        var job = new CatalogSyncJob(new SyncRunner(harness.Sync), harness.GetRequiredService<IOptions<CatalogSyncOptions>>());

        await job.RunAsync(CancellationToken.None);

        await using var db = harness.Db.CreateContext();
        var run = await db.SyncRuns.SingleAsync();
        Assert.Equal((SyncOutcome.Failed, "schedule"), (run.Outcome, run.Trigger));
    }

    [Fact]
    public async Task RunAsync_WebsiteDown_ThrowsSoHangfireRetries()
    {
        await using var server = await CatalogTestServer.StartAsync();
        server.Handler = (context, _) => CatalogTestServer.Status(context, 503);
        await using var harness = new SyncHarness(new Dictionary<string, string?> { ["Catalog:WebsiteUrl"] = server.Url, ["Catalog:MaxRetries"] = "0" });
        var job = new CatalogSyncJob(new SyncRunner(harness.Sync), harness.GetRequiredService<IOptions<CatalogSyncOptions>>());

        await Assert.ThrowsAsync<CatalogSyncFailedException>(() => job.RunAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_HasItsOwnTimeoutBeyondTheRunsBound()
    {
        await using var harness = new SyncHarness(new Dictionary<string, string?> { ["Catalog:HttpTimeout"] = "00:00:02", ["Catalog:MaxRetries"] = "1", ["Catalog:RetryBaseDelay"] = "00:00:01", ["Catalog:ApplyTimeout"] = "00:00:10" });
        var job = new CatalogSyncJob(new SyncRunner(harness.Sync), harness.GetRequiredService<IOptions<CatalogSyncOptions>>());

        // (1 + 1) × 2 s + 1 s × 2^1 + 10 s, plus a minute to record the run.
        Assert.Equal(TimeSpan.FromSeconds(16) + TimeSpan.FromMinutes(1), job.Timeout);
    }

    [Fact]
    public async Task RunAsync_CredentialsRejected_IsNotRetried()
    {
        await using var server = await CatalogTestServer.StartAsync();
        server.Handler = (context, _) => CatalogTestServer.Status(context, 401);
        await using var harness = new SyncHarness(new Dictionary<string, string?> { ["Catalog:WebsiteUrl"] = server.Url });
        var job = new CatalogSyncJob(new SyncRunner(harness.Sync), harness.GetRequiredService<IOptions<CatalogSyncOptions>>());

        await job.RunAsync(CancellationToken.None);

        await using var db = harness.Db.CreateContext();
        Assert.Equal(SyncOutcome.Failed, (await db.SyncRuns.SingleAsync()).Outcome);
    }
}
