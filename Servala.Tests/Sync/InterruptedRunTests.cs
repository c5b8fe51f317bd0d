using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Servala.Catalog.Model;
using Servala.Catalog.Sync;

namespace Servala.Tests.Sync;

/// <summary>Runs left "running" by a process that is gone are marked failed; runs of live processes are left alone.</summary>
public sealed class InterruptedRunTests
{
    private static string Owner(int pid, DateTime startedUtc) =>
        string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{pid}:{startedUtc.Ticks}");

    private static async Task<int> AddRunningAsync(SyncHarness harness, string owner, TimeSpan age)
    {
        await using var db = harness.Db.CreateContext();
        var run = new SyncRun { Source = "file:/x.json", Trigger = "cli", Outcome = SyncOutcome.Running, StartedAt = SyncHarness.Start - age, Owner = owner };
        db.SyncRuns.Add(run);
        await db.SaveChangesAsync();
        return run.Id;
    }

    [Fact]
    public async Task Recover_RunOfAProcessThatHasExited_IsMarkedFailed()
    {
        await using var harness = new SyncHarness();
        using var gone = Process.Start(new ProcessStartInfo("sleep", "0.3"))!;
        var owner = Owner(gone.Id, gone.StartTime.ToUniversalTime());
        await gone.WaitForExitAsync();
        var id = await AddRunningAsync(harness, owner, TimeSpan.FromSeconds(5));

        Assert.Equal(1, await harness.Sync.RecoverInterruptedRunsAsync());

        await using var db = harness.Db.CreateContext();
        var run = await db.SyncRuns.SingleAsync(r => r.Id == id);
        Assert.Equal(SyncOutcome.Failed, run.Outcome);
        Assert.StartsWith("The run was interrupted: the process running it", Assert.Single(run.Errors), StringComparison.Ordinal);
        Assert.Equal(SyncHarness.Start, run.FinishedAt);
    }

    [Fact]
    public async Task Recover_RunOfALiveProcess_IsLeftRunningAndANewRunIsTold()
    {
        await using var harness = new SyncHarness();
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "30"))!;
        try
        {
            var id = await AddRunningAsync(harness, Owner(sleeper.Id, sleeper.StartTime.ToUniversalTime()), TimeSpan.FromSeconds(5));

            Assert.Equal(0, await harness.Sync.RecoverInterruptedRunsAsync());
            var report = await harness.RunAsync(new SyncRequest());

            Assert.True(report.IsBusy);
            Assert.StartsWith($"Another sync (run #{id}, started", report.Errors[0], StringComparison.Ordinal);
        }
        finally
        {
            sleeper.Kill();
        }
    }

    [Fact]
    public async Task Recover_RunOlderThanAnyRunMayTake_IsMarkedFailedWhoeverOwnsIt()
    {
        await using var harness = new SyncHarness();
        var bound = harness.GetRequiredService<IOptions<CatalogSyncOptions>>().Value.RunTimeout;
        var id = await AddRunningAsync(harness, "another-host:42:0", bound);

        Assert.Equal(0, await harness.Sync.RecoverInterruptedRunsAsync());
        harness.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await harness.Sync.RecoverInterruptedRunsAsync());

        await using var db = harness.Db.CreateContext();
        var run = await db.SyncRuns.SingleAsync(r => r.Id == id);
        Assert.Equal(SyncOutcome.Failed, run.Outcome);
        Assert.Contains("longer than any run may take", Assert.Single(run.Errors), StringComparison.Ordinal);
    }
}
