using Bunit;
using Hangfire;
using Hangfire.Common;
using Hangfire.InMemory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Servala.Catalog.Model;
using Servala.Catalog.Sync;
using Servala.Tests.Support;
using Servala.Tests.Sync;
using Servala.Web.Sync;
using Servala.Web.Components.Pages.Admin;
using Servala.Web.Jobs;

namespace Servala.Tests.Admin;

public sealed class SyncDashboardTests : PortalComponentTest, IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly InMemoryStorage _storage = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CatalogTestServer _server = null!;
    private BackgroundJobServer? _jobs;
    private string _document = TestFiles.SampleCatalog;

    public async Task InitializeAsync()
    {
        _server = await CatalogTestServer.StartAsync();
        _server.Handler = async (context, _) =>
        {
            await _release.Task.WaitAsync(context.RequestAborted);
            await CatalogTestServer.Json(context, _document);
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Catalog:WebsiteUrl"] = _server.Url,
            ["Catalog:Username"] = "portal",
            ["Catalog:Password"] = "s3cret",
        }).Build();
        Services.AddSingleton<IConfiguration>(configuration);
        Services.AddLogging();
        Services.AddSingleton<TimeProvider>(_clock);
        Services.AddCatalogSync();
        Services.AddSingleton<SyncRunner>();
        Services.AddSingleton<JobStorage>(_storage);
        Services.AddSingleton<SyncSchedule>();
        Services.AddSingleton(Options.Create(new SyncScheduleOptions()));
        // "Sync now" enqueues a Hangfire job on this storage; StartJobServer runs it as the portal's server would.
        Services.AddSingleton<IBackgroundJobClient>(new BackgroundJobClient(_storage));
        Services.AddTransient<CatalogSyncJob>();
        Services.AddSingleton<ManualSync>();
        Auth.SetAuthorized("ops@servala.test");
        Auth.SetRoles("Ops");
    }

    private void StartJobServer() => _jobs ??= new BackgroundJobServer(
        new BackgroundJobServerOptions { WorkerCount = 1, Activator = new Hangfire.AspNetCore.AspNetCoreJobActivator(Services.GetRequiredService<IServiceScopeFactory>()) },
        _storage);

    async Task IAsyncLifetime.DisposeAsync()
    {
        _release.TrySetResult();
        _jobs?.SendStop();
        _jobs?.Dispose();
        await _server.DisposeAsync();
        _storage.Dispose();
    }

    private async Task<SyncRun> RecordRunAsync(SyncOutcome outcome, TimeSpan age, string? errors = null, bool dryRun = false)
    {
        await using var db = Database.CreateContext();
        var run = new SyncRun
        {
            Source = "https://website.test/api/v1/catalog",
            Trigger = "schedule",
            Outcome = outcome,
            StartedAt = Now - age - TimeSpan.FromSeconds(3),
            FinishedAt = Now - age,
            Errors = errors is null ? [] : [errors],
            DryRun = dryRun,
            Updated = outcome == SyncOutcome.Succeeded ? 1 : 0,
        };
        if (outcome == SyncOutcome.Succeeded)
        {
            run.Changes.Add(new SyncChange { Entity = "ComputePlan", Key = "postgresql/mini", Action = SyncChangeAction.Updated, Field = "hourlyPrice", OldValue = "0.015", NewValue = "0.016" });
        }

        db.SyncRuns.Add(run);
        await db.SaveChangesAsync();
        return run;
    }

    private static bool Has(IRenderedComponent<SyncDashboard> cut, string testId) => cut.FindAll($"[data-testid='{testId}']").Count > 0;

    private static string Text(IRenderedComponent<SyncDashboard> cut, string testId) => cut.Find($"[data-testid='{testId}']").TextContent.Trim();

    [Fact]
    public void Dashboard_NeverSynced_SaysSo()
    {
        var cut = Render<SyncDashboard>();

        cut.WaitForElement("[data-testid='sync-health-never']");
        Assert.False(Has(cut, "sync-health-ok"));
        Assert.False(Has(cut, "sync-running"));
        Assert.Contains("No recurring sync", Text(cut, "sync-next-run"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_RecentSuccess_IsHealthyWithItsAge()
    {
        var run = await RecordRunAsync(SyncOutcome.Succeeded, TimeSpan.FromHours(2));

        var cut = Render<SyncDashboard>();

        cut.WaitForElement("[data-testid='sync-health-ok']");
        Assert.Contains("2 h 0 min ago", Text(cut, "sync-health-ok"), StringComparison.Ordinal);
        Assert.Contains($"run #{run.Id}", Text(cut, "sync-health-ok"), StringComparison.Ordinal);
        Assert.False(Has(cut, "sync-last-failed"));
    }

    [Fact]
    public async Task Dashboard_LastSuccessOlderThanMaxAge_Warns()
    {
        await RecordRunAsync(SyncOutcome.Succeeded, TimeSpan.FromHours(27));

        var cut = Render<SyncDashboard>();

        cut.WaitForElement("[data-testid='sync-health-old']");
        Assert.Contains("older than 1 d 2 h", Text(cut, "sync-health-old"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_LastRunFailed_ShowsItsErrors()
    {
        await RecordRunAsync(SyncOutcome.Succeeded, TimeSpan.FromHours(3));
        await RecordRunAsync(SyncOutcome.Failed, TimeSpan.FromHours(1), "services[0].pricing.currency: must be 3 upper-case letters");

        var cut = Render<SyncDashboard>();

        cut.WaitForElement("[data-testid='sync-last-failed']");
        Assert.Contains("must be 3 upper-case letters", Text(cut, "sync-last-failed"), StringComparison.Ordinal);
        Assert.True(Has(cut, "sync-health-ok"));
    }

    [Fact]
    public async Task Dashboard_FailedRunWithAnErrorSpanningLines_ShowsEachErrorAsOneBlock()
    {
        var run = await RecordRunAsync(SyncOutcome.Failed, TimeSpan.FromHours(1));
        await using (var db = Database.CreateContext())
        {
            var stored = await db.SyncRuns.SingleAsync(r => r.Id == run.Id);
            stored.Errors = ["The catalog answered 502:\n<html>bad gateway</html>", "services[1].slug: is required"];
            await db.SaveChangesAsync();
        }

        var cut = Render<SyncDashboard>();

        cut.WaitForElement("[data-testid='sync-last-failed']");
        var errors = cut.FindAll("[data-testid='sync-last-failed'] .sync-error").Select(e => e.TextContent).ToList();
        Assert.Equal(["The catalog answered 502:\n<html>bad gateway</html>", "services[1].slug: is required"], errors);
        Assert.Equal(2, cut.FindAll($"[data-testid='sync-run-{run.Id}'] .sync-error").Count);
    }

    [Fact]
    public async Task Dashboard_RunDetail_ShowsPerEntryDiff()
    {
        var run = await RecordRunAsync(SyncOutcome.Succeeded, TimeSpan.FromHours(1));
        var cut = Render<SyncDashboard>();

        await cut.WaitForElement($"[data-testid='sync-run-detail-{run.Id}']").ClickAsync(new());

        cut.WaitForAssertion(() =>
        {
            var change = Assert.Single(cut.FindAll("[data-testid='sync-change']"));
            Assert.Contains("postgresql/mini", change.TextContent, StringComparison.Ordinal);
            Assert.Contains("0.015 → 0.016", change.TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Dashboard_RunStillRunningPastItsBound_IsShownAsAProblem()
    {
        var bound = Services.GetRequiredService<IOptions<CatalogSyncOptions>>().Value.RunTimeout;
        await using (var db = Database.CreateContext())
        {
            db.SyncRuns.Add(new SyncRun { Source = "https://website.test/api/v1/catalog", Trigger = "schedule", Outcome = SyncOutcome.Running, StartedAt = Now - bound - TimeSpan.FromMinutes(5) });
            await db.SaveChangesAsync();
        }

        var cut = Render<SyncDashboard>();

        cut.WaitForElement("[data-testid='sync-run-overdue']");
        Assert.Contains("longer than any run may take", Text(cut, "sync-run-overdue"), StringComparison.Ordinal);
        Assert.Contains("overdue", cut.Find("[data-testid='sync-run-1']").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("running", cut.Find("[data-testid='sync-run-1']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_RunRunningWithinItsBound_IsNotAProblem()
    {
        await using (var db = Database.CreateContext())
        {
            db.SyncRuns.Add(new SyncRun { Source = "https://website.test/api/v1/catalog", Trigger = "schedule", Outcome = SyncOutcome.Running, StartedAt = Now - TimeSpan.FromSeconds(10) });
            await db.SaveChangesAsync();
        }

        var cut = Render<SyncDashboard>();

        cut.WaitForElement("[data-testid='sync-run-1']");
        Assert.False(Has(cut, "sync-run-overdue"));
        Assert.Contains("running", cut.Find("[data-testid='sync-run-1']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Dashboard_RecurringJobRegistered_ShowsNextRun()
    {
        new RecurringJobManager(_storage).AddOrUpdate(CatalogSyncJob.Id, Job.FromExpression<CatalogSyncJob>(j => j.RunAsync(CancellationToken.None)), "0 * * * *", new RecurringJobOptions());

        var cut = Render<SyncDashboard>();

        cut.WaitForAssertion(() => Assert.Contains("0 * * * *", Text(cut, "sync-next-run"), StringComparison.Ordinal));
        Assert.Contains("next run 20", Text(cut, "sync-next-run"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncNow_WhileRunning_ShowsProgressThenTheFinishedRunWithItsDiff()
    {
        var cut = Render<SyncDashboard>();
        StartJobServer();
        cut.WaitForElement("[data-testid='sync-health-never']");

        var clicking = cut.Find("[data-testid='sync-now']").ClickAsync(new());
        cut.WaitForElement("[data-testid='sync-running']");
        Assert.True(cut.Find("[data-testid='sync-now']").HasAttribute("disabled"));

        _release.SetResult();
        await clicking.WaitAsync(TimeSpan.FromSeconds(30));

        cut.WaitForElement("[data-testid='sync-health-ok']");
        Assert.False(Has(cut, "sync-running"));
        Assert.NotEmpty(cut.FindAll("[data-testid='sync-change']"));
        Assert.Contains("succeeded", Text(cut, "sync-detail") + cut.Find("[data-testid='sync-runs']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_RunStartedElsewhere_UpdatesWithoutReload()
    {
        var cut = Render<SyncDashboard>();
        cut.WaitForElement("[data-testid='sync-health-never']");
        var runner = Services.GetRequiredService<SyncRunner>();

        var running = runner.RunAsync(new SyncRequest(Trigger: "schedule"));
        cut.WaitForElement("[data-testid='sync-running']");
        _release.SetResult();
        var report = await running.WaitAsync(TimeSpan.FromSeconds(30));

        cut.WaitForElement($"[data-testid='sync-run-{report.Run.Id}']");
        cut.WaitForElement("[data-testid='sync-health-ok']");
        Assert.False(Has(cut, "sync-running"));
    }

    [Fact]
    public async Task Preview_DryRun_ShowsDiffAndChangesNothing()
    {
        _release.SetResult();
        var cut = Render<SyncDashboard>();
        StartJobServer();
        cut.WaitForElement("[data-testid='sync-health-never']");

        await cut.Find("[data-testid='sync-preview']").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid='sync-change']")));
        Assert.True(Has(cut, "sync-health-never"));
        Assert.Contains("previewed", cut.Find("[data-testid='sync-runs']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncNow_RunsAsAHangfireJob_WhoseResultIsTheRun()
    {
        _release.SetResult();
        var cut = Render<SyncDashboard>();
        StartJobServer();
        cut.WaitForElement("[data-testid='sync-health-never']");

        await cut.Find("[data-testid='sync-now']").ClickAsync(new());

        cut.WaitForElement("[data-testid='sync-health-ok']");
        var monitor = _storage.GetMonitoringApi();
        Assert.Equal(1, monitor.SucceededListCount());
        var job = Assert.Single(monitor.SucceededJobs(0, 10));
        Assert.Equal(nameof(CatalogSyncJob.RunNowAsync), job.Value.Job.Method.Name);
        await using var db = Database.CreateContext();
        var run = Assert.Single(db.SyncRuns);
        Assert.Contains($"\"RunId\":{run.Id}", job.Value.Result?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Equal("admin", run.Trigger);
    }

    [Fact]
    public async Task SyncNow_WhileAnotherSyncRuns_SaysSoAndDoesNothing()
    {
        var cut = Render<SyncDashboard>();
        StartJobServer();
        cut.WaitForElement("[data-testid='sync-health-never']");
        var runner = Services.GetRequiredService<SyncRunner>();
        var running = runner.RunAsync(new SyncRequest(Trigger: "schedule"));
        cut.WaitForElement("[data-testid='sync-running']");

        // The button is disabled while a run is going; a run asked for anyway (a second tab) is told the other one is running.
        Assert.True(cut.Find("[data-testid='sync-now']").HasAttribute("disabled"));
        var manual = Services.GetRequiredService<ManualSync>();
        var outcome = await manual.WaitAsync(manual.Enqueue(dryRun: false, force: false, "admin"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        _release.SetResult();
        await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotNull(outcome.Result);
        Assert.True(outcome.Result.Busy);
        await using var db = Database.CreateContext();
        Assert.StartsWith("Another sync", Assert.Single(db.SyncRuns.Single(r => r.Id == outcome.Result.RunId).Errors), StringComparison.Ordinal);
    }

    /// <summary>Syncs the sample, then serves a catalog without services: the next run would stale almost everything.</summary>
    private async Task<SyncRun> RefusedRunAsync()
    {
        _release.SetResult();
        var runner = Services.GetRequiredService<SyncRunner>();
        Assert.Equal(SyncOutcome.Succeeded, (await runner.RunAsync(new SyncRequest(Trigger: "schedule"))).Outcome);
        _document = CatalogJson.With("services", "[]");
        var refused = await runner.RunAsync(new SyncRequest(Trigger: "schedule"));
        Assert.Equal(SyncOutcome.Refused, refused.Outcome);
        return refused.Run;
    }

    [Fact]
    public async Task Force_ByAdmin_ShowsThePreviewThenAppliesTheRefusedSync()
    {
        var refused = await RefusedRunAsync();
        Auth.SetAuthorized("staff@servala.test");
        Auth.SetRoles("Admin");
        var cut = Render<SyncDashboard>();
        StartJobServer();

        await cut.WaitForElement("[data-testid='sync-force']").ClickAsync(new());

        cut.WaitForElement("[data-testid='sync-force-confirm']");
        Assert.Contains($"{refused.Staled} marked stale", cut.Find("[data-testid='sync-force-counts']").TextContent, StringComparison.Ordinal);
        Assert.Equal(refused.TotalChanges, cut.FindAll("[data-testid='sync-change']").Count);
        await using (var db = Database.CreateContext())
        {
            Assert.Equal(2, db.SyncRuns.Count());
        }

        await cut.Find("[data-testid='sync-force-apply']").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.False(cut.FindAll("[data-testid='sync-running']").Count > 0));
        await using (var db = Database.CreateContext())
        {
            var forced = db.SyncRuns.OrderBy(r => r.Id).Last();
            Assert.True(forced.Forced);
            Assert.Equal(SyncOutcome.Succeeded, forced.Outcome);
            Assert.Equal(refused.Staled, forced.Staled);
        }

        Assert.False(Has(cut, "sync-force-confirm"));
    }

    [Fact]
    public async Task Force_CancelledConfirmation_WritesNothing()
    {
        await RefusedRunAsync();
        Auth.SetAuthorized("staff@servala.test");
        Auth.SetRoles("Admin");
        var cut = Render<SyncDashboard>();

        await cut.WaitForElement("[data-testid='sync-force']").ClickAsync(new());
        await cut.WaitForElement("[data-testid='sync-force-cancel']").ClickAsync(new());

        Assert.False(Has(cut, "sync-force-confirm"));
        await using var db = Database.CreateContext();
        Assert.Equal(2, db.SyncRuns.Count());
    }

    [Fact]
    public async Task Force_ForOpsWithoutAdmin_IsNotOffered()
    {
        await RefusedRunAsync();

        var cut = Render<SyncDashboard>();

        cut.WaitForElement("[data-testid='sync-force-admin-only']");
        Assert.False(Has(cut, "sync-force"));
    }
}
