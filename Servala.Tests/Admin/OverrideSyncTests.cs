using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Servala.Catalog.Admin;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;
using Servala.Catalog.Sync;
using Servala.Tests.Support;
using Servala.Tests.Sync;

namespace Servala.Tests.Admin;

/// <summary>Overrides against real syncs over a loopback catalog server.</summary>
public sealed class OverrideSyncTests
{
    [Fact]
    public async Task Sync_ChangesSyncedHaMinimum_OverrideSurvivesAndStillPrices()
    {
        await using var server = await CatalogTestServer.StartAsync();
        await using var harness = new SyncHarness(new Dictionary<string, string?> { ["Catalog:WebsiteUrl"] = server.Url });
        Assert.Equal(SyncOutcome.Succeeded, (await harness.RunAsync(new SyncRequest())).Outcome);
        var tiers = new SlaTierAdminService(harness.Db.Factory, harness.Snapshots, new PriceCalculator(), harness.Clock);
        var loaded = (await tiers.ListAsync()).Single(t => t.Code == "sla999247");
        Assert.Equal(SlaTierSaveStatus.Saved, (await tiers.SaveOverridesAsync("sla999247", loaded.Version, new SlaTierEdit(HaReplicaMin: 4), "admin@servala.test")).Status);

        var changed = JsonNode.Parse(TestFiles.SampleCatalog)!;
        var tier = changed["slaTiers"]!.AsArray().Single(t => (string?)t!["code"] == "sla999247")!;
        tier["haReplicaMin"] = 3;
        tier["name"] = "24/7 premium";
        server.Handler = (context, _) => CatalogTestServer.Json(context, changed.ToJsonString());
        harness.Clock.Advance(TimeSpan.FromHours(1));

        var report = await harness.RunAsync(new SyncRequest());

        Assert.Equal(SyncOutcome.Succeeded, report.Outcome);
        Assert.Contains(report.Changes, c => c is { Entity: "SlaTier", Key: "sla999247", Field: "haReplicaMin", OldValue: "2", NewValue: "3" });
        var row = (await tiers.ListAsync()).Single(t => t.Code == "sla999247");
        Assert.Equal(3, row.Synced.HaReplicaMin);
        Assert.Equal(4, row.Overrides.HaReplicaMin);
        Assert.Equal(4, row.Effective.HaReplicaMin);
        Assert.True(row.DiffersFromWebsite(SlaTierField.HaReplicaMin));
        Assert.Equal("24/7 premium", row.Effective.Name);
        Assert.Equal(4, harness.Snapshots.Current.Tiers["sla999247"].HaReplicaMin);
        Assert.Equal("24/7 premium", harness.Snapshots.Current.Tiers["sla999247"].Name);

        // Both the sync's and the staff's changes are in the audit log.
        await using var db = harness.Db.CreateContext();
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.Key == "sla999247").OrderBy(a => a.Id).ToListAsync();
        Assert.Contains(audit, a => a is { Actor: "admin@servala.test", Field: "haReplicaMin override", OldValue: null, NewValue: "4" });
        var fromSync = Assert.Single(audit, a => a.Field == "haReplicaMin" && a.SyncRunId == report.Run.Id);
        Assert.Equal(($"sync run #{report.Run.Id}", "2", "3"), (fromSync.Actor, fromSync.OldValue, fromSync.NewValue));
        Assert.Equal(harness.Clock.GetUtcNow(), fromSync.At);
    }

    [Fact]
    public async Task Sync_FirstRun_AuditsEveryChangeInItsTransaction()
    {
        await using var server = await CatalogTestServer.StartAsync();
        await using var harness = new SyncHarness(new Dictionary<string, string?> { ["Catalog:WebsiteUrl"] = server.Url });

        var report = await harness.RunAsync(new SyncRequest());

        await using var db = harness.Db.CreateContext();
        var audit = await db.AuditEntries.AsNoTracking().ToListAsync();
        Assert.Equal(report.Changes.Count, audit.Count);
        Assert.All(audit, a => Assert.Equal(report.Run.Id, a.SyncRunId));
        Assert.Equal(report.Run.Created, audit.Count(a => a.Field == "created"));
    }

    [Fact]
    public async Task Sync_DryRunAndFailedRun_WriteNoAuditRows()
    {
        await using var server = await CatalogTestServer.StartAsync();
        await using var harness = new SyncHarness(new Dictionary<string, string?> { ["Catalog:WebsiteUrl"] = server.Url });

        Assert.Equal(SyncOutcome.Previewed, (await harness.RunAsync(new SyncRequest(DryRun: true))).Outcome);
        server.Handler = (context, _) => CatalogTestServer.Json(context, """{"schemaVersion": 2}""");
        Assert.Equal(SyncOutcome.Failed, (await harness.RunAsync(new SyncRequest())).Outcome);

        await using var db = harness.Db.CreateContext();
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }
}
