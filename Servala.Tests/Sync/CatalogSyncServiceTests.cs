using Microsoft.EntityFrameworkCore;
using Servala.Catalog.Model;
using Servala.Catalog.Sync;
using Servala.Tests.Support;

namespace Servala.Tests.Sync;

public sealed class CatalogSyncServiceTests
{
    // Rows the sample creates: tiers (nosla is seeded by the migration and matches), services,
    // pricing, surcharges, plan entries, storage, brackets, components, CSP resources.
    private const int SampleCreated = 2 + 5 + 5 + 4 + 16 + 5 + 5 + 17 + 3;
    private const int SampleSyncedEntries = 3 + 5 + 4 + 16 + 5 + 5 + 17 + 3;
    private const int SampleServices = 5;

    [Fact]
    public async Task RunAsync_SampleOverHttp_CreatesTheWholeCatalog()
    {
        await using var server = await CatalogTestServer.StartAsync();
        await using var harness = new SyncHarness(new Dictionary<string, string?> { ["Catalog:WebsiteUrl"] = server.Url });

        var report = await harness.RunAsync(new SyncRequest());

        Assert.Equal(SyncOutcome.Succeeded, report.Outcome);
        Assert.Empty(report.Errors);
        Assert.Equal(SampleCreated, report.Run.Created);
        Assert.Equal(1, report.Run.Unchanged);
        Assert.Equal(0, report.Run.Updated + report.Run.Staled + report.Run.Revived);
        Assert.Equal(["mini", "standard-2", "standard-4", "standard-8", "standard-16", "small"], report.NewPlanCodes);
        Assert.Equal(server.Url.TrimEnd('/') + "/api/v1/catalog", report.Run.Source);
        Assert.Equal(64, report.Run.DocumentHash!.Length);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/api/v1/catalog", request.Path);
        Assert.Equal("Basic " + Convert.ToBase64String("portal:s3cret"u8.ToArray()), request.Authorization);
        Assert.Equal("application/json", request.Accept);
        Assert.Equal("", request.IfNoneMatch);

        await using var db = harness.Db.CreateContext();
        Assert.Equal(3, await db.SlaTiers.CountAsync());
        Assert.Equal(SampleServices, await db.Services.CountAsync());
        Assert.Equal(6, await db.ComputePlans.CountAsync());
        Assert.Equal(16, await db.ComputePlanEntries.CountAsync());
        Assert.Equal(4, await db.SlaSurcharges.CountAsync());
        Assert.Equal(5, await db.PricingConfigs.CountAsync());
        Assert.Equal(5, await db.StorageEntries.CountAsync());
        Assert.Equal(5, await db.DiscountBrackets.CountAsync());
        Assert.Equal(17, await db.ComponentSpecs.CountAsync());
        Assert.Equal(3, await db.CspResources.CountAsync());

        var standard8 = await db.ComputePlanEntries.Include(p => p.Service).Include(p => p.ComputePlan)
            .SingleAsync(p => p.Service.Slug == "postgresql" && p.ComputePlan.Code == "standard-8");
        Assert.Equal(0.16m, standard8.HourlyPrice);
        Assert.Equal(2m, standard8.Vcpu);
        Assert.Equal(8m, standard8.RamGib);
        Assert.Equal("postgresql-standard-8", standard8.ProductId);
        Assert.Equal(SyncHarness.Start, standard8.LastSyncedAt);

        var nextcloud = await db.Services.SingleAsync(s => s.Slug == "nextcloud");
        Assert.Equal(["collabora"], nextcloud.SupportingServices);
        Assert.Equal("Collaboration", nextcloud.Category);
        Assert.False((await db.Services.SingleAsync(s => s.Slug == "collabora")).Listed);

        var tier = await db.SlaTiers.SingleAsync(t => t.Code == "sla999247");
        Assert.Equal((99.9m, 2, ServiceLevel.Guaranteed, 2), (tier.UptimePercent!.Value, tier.HaReplicaMin, tier.ServiceLevel, tier.SortOrder));

        var components = await db.ComponentSpecs.Where(c => c.Service.Slug == "postgresql").ToListAsync();
        Assert.Equal(["compute", "storage", "sla", "base", "backup"], components.OrderBy(c => c.Position).Select(c => c.Key));
        var backupAtCloudscale = await db.CspResources.SingleAsync(c => c.Code == "backup" && c.CloudProviderCode == "cloudscale");
        Assert.Equal((4.50m, QuantityBasis.Replica), (backupAtCloudscale.AmountMonthly, backupAtCloudscale.QuantityBasis));
        var brackets = (await db.DiscountBrackets.Where(b => b.Service.Slug == "postgresql").ToListAsync()).OrderBy(b => b.MinUnits).ToList();
        Assert.Equal([(0m, (decimal?)8m, 0m), (8m, 32m, 10m), (32m, null, 20m)], brackets.Select(b => (b.MinUnits, b.MaxUnits, b.DiscountPercent)));

        var run = await db.SyncRuns.Include(r => r.Changes).SingleAsync();
        Assert.Equal(SyncOutcome.Succeeded, run.Outcome);
        Assert.Equal(SampleCreated, run.Changes.Count(c => c.Action == SyncChangeAction.Created));
        Assert.Contains(run.Changes, c => c.Entity == "ComputePlan" && c.Key == "postgresql/standard-8" && c.NewValue!.Contains("hourlyPrice=0.16", StringComparison.Ordinal));

        Assert.Equal(1, harness.SnapshotReloads);
        Assert.Equal(0.16m, harness.Snapshots.Current.Services["postgresql"].Plans["standard-8"].HourlyPrice);
    }

    [Fact]
    public async Task RunAsync_SameDocumentAgain_IsUnchangedAndConfirmsEntries()
    {
        await using var harness = new SyncHarness();
        var location = harness.WriteCatalogFile(TestFiles.SampleCatalog);
        await harness.RunAsync(new SyncRequest(location));
        var afterFirst = await harness.DumpCatalogAsync(includeSyncTimes: false);
        harness.Clock.Advance(TimeSpan.FromHours(1));

        var report = await harness.RunAsync(new SyncRequest(location));

        Assert.Equal(SyncOutcome.Unchanged, report.Outcome);
        Assert.Equal(0, report.Run.TotalChanges);
        Assert.Empty(report.Changes);
        Assert.Equal(SampleSyncedEntries + SampleServices, report.Run.Unchanged);
        Assert.Empty(report.Run.NewPlanCodes);
        Assert.Equal(afterFirst, await harness.DumpCatalogAsync(includeSyncTimes: false));
        await using var db = harness.Db.CreateContext();
        Assert.All(await db.ComputePlanEntries.ToListAsync(), p => Assert.Equal(SyncHarness.Start.AddHours(1), p.LastSyncedAt));
        Assert.All(await db.SlaTiers.ToListAsync(), t => Assert.Equal(SyncHarness.Start.AddHours(1), t.LastSyncedAt));
        Assert.Equal(2, harness.SnapshotReloads);
    }

    [Fact]
    public async Task RunAsync_SampleWithNumbersAfterSampleWithStrings_IsUnchanged()
    {
        await using var harness = new SyncHarness();
        await harness.RunAsync(new SyncRequest(harness.WriteCatalogFile(TestFiles.SampleCatalog)));

        var report = await harness.RunAsync(new SyncRequest(harness.WriteCatalogFile(CatalogJson.WithNumbers(TestFiles.SampleCatalog), "numbers.json")));

        Assert.Equal(SyncOutcome.Unchanged, report.Outcome);
        Assert.Empty(report.Changes);
    }

    [Fact]
    public async Task RunAsync_ServerAnswers304ToETag_OnlyMovesLastSyncedAt()
    {
        await using var server = await CatalogTestServer.StartAsync();
        // v0 is the sample; v1 drops a plan (a stale entry must keep the time it was last confirmed).
        server.Handler = (context, _) => context.Request.Headers.IfNoneMatch.ToString() switch
        {
            "\"v1\"" => CatalogTestServer.Status(context, 304),
            "\"v0\"" => CatalogTestServer.Json(context, CatalogJson.With("services[0].computePlans[4]", null), etag: "\"v1\""),
            _ => CatalogTestServer.Json(context, TestFiles.SampleCatalog, etag: "\"v0\""),
        };
        await using var harness = new SyncHarness(new Dictionary<string, string?> { ["Catalog:WebsiteUrl"] = server.Url });
        await harness.RunAsync(new SyncRequest());
        var second = await harness.RunAsync(new SyncRequest());
        var before = await harness.DumpCatalogAsync(includeSyncTimes: false);
        harness.Clock.Advance(TimeSpan.FromMinutes(30));

        var report = await harness.RunAsync(new SyncRequest());

        Assert.Equal((SyncOutcome.Succeeded, 1, "\"v1\""), (second.Outcome, second.Run.Staled, second.Run.ETag));
        Assert.Equal(["", "\"v0\"", "\"v1\""], server.Requests.Select(r => r.IfNoneMatch));
        Assert.Equal(SyncOutcome.Unchanged, report.Outcome);
        Assert.Equal(0, report.Run.TotalChanges);
        Assert.Equal(SampleSyncedEntries - 1, report.Run.Unchanged);
        Assert.Equal("\"v1\"", report.Run.ETag);
        Assert.Null(report.Run.DocumentHash);
        Assert.Equal(before, await harness.DumpCatalogAsync(includeSyncTimes: false));
        await using var db = harness.Db.CreateContext();
        var entries = await db.ComputePlanEntries.IgnoreQueryFilters().Include(p => p.ComputePlan).ToListAsync();
        Assert.All(entries.Where(p => !p.IsStale), p => Assert.Equal(SyncHarness.Start.AddMinutes(30), p.LastSyncedAt));
        Assert.Equal(SyncHarness.Start, Assert.Single(entries, p => p.IsStale).LastSyncedAt);
        Assert.Equal(3, harness.SnapshotReloads);
    }

    [Fact]
    public async Task RunAsync_ETagFromAnotherSource_IsNotSent()
    {
        await using var server = await CatalogTestServer.StartAsync();
        server.Handler = (context, _) => CatalogTestServer.Json(context, TestFiles.SampleCatalog, etag: "\"v1\"");
        await using var other = await CatalogTestServer.StartAsync();
        await using var harness = new SyncHarness();
        await harness.RunAsync(new SyncRequest(server.Url));

        await harness.RunAsync(new SyncRequest(other.Url));

        Assert.Equal("", Assert.Single(other.Requests).IfNoneMatch);
    }

    [Fact]
    public async Task RunAsync_AnotherSourceRanSinceTheETag_DoesNotSendIt()
    {
        await using var server = await CatalogTestServer.StartAsync();
        server.Handler = (context, _) => CatalogTestServer.Json(context, TestFiles.SampleCatalog, etag: "\"v1\"");
        await using var harness = new SyncHarness(new Dictionary<string, string?> { ["Catalog:WebsiteUrl"] = server.Url });
        await harness.RunAsync(new SyncRequest());
        await harness.RunAsync(new SyncRequest(harness.WriteCatalogFile(CatalogJson.With("services[0].computePlans[3].hourlyPrice", "\"0.5\""))));

        var report = await harness.RunAsync(new SyncRequest());

        Assert.Equal(["", ""], server.Requests.Select(r => r.IfNoneMatch));
        Assert.Equal(SyncOutcome.Succeeded, report.Outcome);
        Assert.Contains(report.Changes, c => c is { Field: "hourlyPrice", OldValue: "0.5", NewValue: "0.16" });
    }

    [Fact]
    public async Task RunAsync_EntryMissingFromDocument_IsStaledButKept()
    {
        await using var harness = new SyncHarness();
        await harness.RunAsync(new SyncRequest(harness.WriteCatalogFile(TestFiles.SampleCatalog)));
        harness.Clock.Advance(TimeSpan.FromDays(1));

        var report = await harness.RunAsync(new SyncRequest(harness.WriteCatalogFile(CatalogJson.With("services[0].computePlans[4]", null))));

        Assert.Equal(SyncOutcome.Succeeded, report.Outcome);
        Assert.Equal(1, report.Run.Staled);
        Assert.Equal(0, report.Run.Created + report.Run.Updated + report.Run.Revived);
        var change = Assert.Single(report.Changes);
        Assert.Equal((nameof(ComputePlan), "postgresql/standard-16", SyncChangeAction.Staled), (change.Entity, change.Key, change.Action));

        await using var db = harness.Db.CreateContext();
        Assert.DoesNotContain(await db.ComputePlanEntries.Include(p => p.ComputePlan).Where(p => p.Service.Slug == "postgresql").ToListAsync(), p => p.ComputePlan.Code == "standard-16");
        var stale = await db.ComputePlanEntries.IgnoreQueryFilters().Include(p => p.ComputePlan).SingleAsync(p => p.Service.Slug == "postgresql" && p.ComputePlan.Code == "standard-16");
        Assert.True(stale.IsStale);
        Assert.Equal(0.30m, stale.HourlyPrice);
        Assert.Equal(SyncHarness.Start, stale.LastSyncedAt);
        Assert.True(harness.Snapshots.Current.Services["postgresql"].Plans["standard-16"].IsStale);
    }

    [Fact]
    public async Task RunAsync_StaleEntryReappears_IsRevived()
    {
        await using var harness = new SyncHarness();
        await harness.RunAsync(new SyncRequest(harness.WriteCatalogFile(TestFiles.SampleCatalog)));
        var withoutTier = await harness.RunAsync(new SyncRequest(harness.WriteCatalogFile(CatalogJson.Edit(
            TestFiles.SampleCatalog,
            ("slaTiers[2]", null),
            ("services[0].slaSurcharges[1]", null),
            ("services[1].slaSurcharges[0]", null)), "no247.json")));
        Assert.Equal(3, withoutTier.Run.Staled);
        harness.Clock.Advance(TimeSpan.FromDays(1));

        var report = await harness.RunAsync(new SyncRequest(harness.WriteCatalogFile(CatalogJson.With("services[0].computePlans[0].hourlyPrice", "\"0.0160\""), "back.json")));

        Assert.Equal(SyncOutcome.Succeeded, report.Outcome);
        Assert.Contains(report.Changes, c => c is { Entity: nameof(SlaTier), Key: "sla999247", Action: SyncChangeAction.Revived });
        Assert.Contains(report.Changes, c => c is { Entity: nameof(SlaSurcharge), Key: "redis/sla999247", Action: SyncChangeAction.Revived });
        Assert.Equal((3, 1), (report.Run.Revived, report.Run.Updated));
        await using var db = harness.Db.CreateContext();
        var tier = await db.SlaTiers.SingleAsync(t => t.Code == "sla999247");
        Assert.False(tier.IsStale);
        Assert.Equal(SyncHarness.Start.AddDays(1), tier.LastSyncedAt);
        Assert.Equal(3, await db.SlaTiers.CountAsync());
    }

    [Fact]
    public async Task RunAsync_RemovedPlanReturns_IsLiveAgainWithItsNewPrice()
    {
        await using var harness = new SyncHarness();
        await harness.RunAsync(new SyncRequest(harness.WriteCatalogFile(TestFiles.SampleCatalog)));
        await harness.RunAsync(new SyncRequest(harness.WriteCatalogFile(CatalogJson.With("services[0].computePlans[4]", null), "removed.json")));

        var report = await harness.RunAsync(new SyncRequest(harness.WriteCatalogFile(CatalogJson.With("services[0].computePlans[4].hourlyPrice", "\"0.3100\""), "back.json")));

        Assert.Equal(SyncOutcome.Succeeded, report.Outcome);
        Assert.Equal(1, report.Run.Revived);
        Assert.Equal(0, report.Run.Created + report.Run.Updated + report.Run.Staled);
        Assert.Contains(report.Changes, c => c is { Key: "postgresql/standard-16", Action: SyncChangeAction.Revived, Field: null });
        Assert.Contains(report.Changes, c => c is { Key: "postgresql/standard-16", Action: SyncChangeAction.Revived, Field: "hourlyPrice", OldValue: "0.3", NewValue: "0.31" });
        await using var db = harness.Db.CreateContext();
        var entry = await db.ComputePlanEntries.Include(p => p.ComputePlan).SingleAsync(p => p.Service.Slug == "postgresql" && p.ComputePlan.Code == "standard-16");
        Assert.False(entry.IsStale);
        Assert.Equal(0.31m, entry.HourlyPrice);
        Assert.Equal(6, await db.ComputePlans.CountAsync());
    }

    [Fact]
    public async Task RunAsync_PriceChanged_IsUpdatedWithOldAndNewValue()
    {
        await using var harness = new SyncHarness();
        await harness.RunAsync(new SyncRequest(harness.WriteCatalogFile(TestFiles.SampleCatalog)));

        var report = await harness.RunAsync(new SyncRequest(harness.WriteCatalogFile(CatalogJson.Edit(
            TestFiles.SampleCatalog,
            ("services[0].computePlans[3].hourlyPrice", "\"0.1700\""),
            ("services[3].name", "\"Nextcloud Hub\"")), "changed.json")));

        Assert.Equal(SyncOutcome.Succeeded, report.Outcome);
        Assert.Equal(2, report.Run.Updated);
        Assert.Equal(0, report.Run.Created + report.Run.Staled + report.Run.Revived);
        Assert.Equal(
            [
                ("ComputePlan", "postgresql/standard-8", "hourlyPrice", "0.16", "0.17"),
                ("Service", "nextcloud", "name", "Nextcloud", "Nextcloud Hub"),
            ],
            report.Changes.Where(c => c.Action == SyncChangeAction.Updated).Select(c => (c.Entity, c.Key, c.Field, c.OldValue, c.NewValue)).OrderBy(c => c.Entity, StringComparer.Ordinal));
        await using var db = harness.Db.CreateContext();
        var entry = await db.ComputePlanEntries.Include(p => p.ComputePlan).SingleAsync(p => p.Service.Slug == "postgresql" && p.ComputePlan.Code == "standard-8");
        Assert.Equal(0.17m, entry.HourlyPrice);
        var changes = await db.SyncChanges.Where(c => c.Action == SyncChangeAction.Updated).ToListAsync();
        Assert.Contains(changes, c => c is { Field: "hourlyPrice", OldValue: "0.16", NewValue: "0.17" });
        Assert.Equal(0.17m, harness.Snapshots.Current.Services["postgresql"].Plans["standard-8"].HourlyPrice);
    }

    [Fact]
    public async Task RunAsync_ComponentsReordered_UpdatesPositions()
    {
        await using var harness = new SyncHarness();
        await harness.RunAsync(new SyncRequest(harness.WriteCatalogFile(TestFiles.SampleCatalog)));
        var swapped = CatalogJson.Edit(
            TestFiles.SampleCatalog,
            ("services[4].components[0]", "{\"key\":\"compute\",\"product\":\"compute_plan\",\"valuePath\":\"spec.parameters.instances\"}"),
            ("services[4].components[1]", "{\"key\":\"base\",\"product\":\"base\"}"));

        var report = await harness.RunAsync(new SyncRequest(harness.WriteCatalogFile(swapped, "swapped.json")));

        Assert.Equal(2, report.Run.Updated);
        await using var db = harness.Db.CreateContext();
        var components = await db.ComponentSpecs.Where(c => c.Service.Slug == "collabora").ToListAsync();
        Assert.Equal(["compute", "base"], components.OrderBy(c => c.Position).Select(c => c.Key));
    }

    [Fact]
    public async Task RunAsync_MostEntriesWouldGoStale_IsRefusedAndWritesNothing()
    {
        await using var harness = new SyncHarness();
        await harness.RunAsync(new SyncRequest(harness.WriteCatalogFile(TestFiles.SampleCatalog)));
        var before = await harness.DumpCatalogAsync();
        var empty = harness.WriteCatalogFile(CatalogJson.With("services", "[]"), "empty.json");

        var report = await harness.RunAsync(new SyncRequest(empty));

        Assert.Equal(SyncOutcome.Refused, report.Outcome);
        Assert.Equal(SampleSyncedEntries - 3, report.Run.Staled);
        Assert.Contains("Refused: the run would mark 55 of 58 live entries stale", report.Errors[0], StringComparison.Ordinal);
        Assert.Equal(before, await harness.DumpCatalogAsync());
        Assert.Equal(1, harness.SnapshotReloads);
        await using (var db = harness.Db.CreateContext())
        {
            Assert.Equal(16, await db.ComputePlanEntries.CountAsync());
            Assert.Equal(SyncOutcome.Refused, (await db.SyncRuns.OrderBy(r => r.Id).LastAsync()).Outcome);
        }

        var forced = await harness.RunAsync(new SyncRequest(empty, Force: true));

        Assert.Equal(SyncOutcome.Succeeded, forced.Outcome);
        Assert.True(forced.Run.Forced);
        Assert.Equal(SampleSyncedEntries - 3, forced.Run.Staled);
        await using (var db = harness.Db.CreateContext())
        {
            Assert.Equal(0, await db.ComputePlanEntries.CountAsync());
            Assert.Equal(16, await db.ComputePlanEntries.IgnoreQueryFilters().CountAsync());
            Assert.Equal(SampleServices, await db.Services.CountAsync());
        }
    }

    [Fact]
    public async Task RunAsync_StaleFractionAtTheLimit_IsApplied()
    {
        await using var harness = new SyncHarness(new Dictionary<string, string?> { ["Catalog:MaxStaleFraction"] = "0" });
        await harness.RunAsync(new SyncRequest(harness.WriteCatalogFile(TestFiles.SampleCatalog)));

        var refused = await harness.RunAsync(new SyncRequest(harness.WriteCatalogFile(CatalogJson.With("services[0].computePlans[4]", null), "one-less.json")));
        var unchanged = await harness.RunAsync(new SyncRequest(harness.WriteCatalogFile(TestFiles.SampleCatalog, "same.json")));

        Assert.Equal(SyncOutcome.Refused, refused.Outcome);
        Assert.Equal(SyncOutcome.Unchanged, unchanged.Outcome);
    }

    [Fact]
    public async Task RunAsync_DryRun_ReportsTheDiffAndWritesNothing()
    {
        await using var harness = new SyncHarness();
        await harness.RunAsync(new SyncRequest(harness.WriteCatalogFile(TestFiles.SampleCatalog)));
        var before = await harness.DumpCatalogAsync();
        harness.Clock.Advance(TimeSpan.FromHours(2));
        var changed = CatalogJson.Edit(
            TestFiles.SampleCatalog,
            ("services[0].computePlans[3].hourlyPrice", "\"0.1700\""),
            ("services[0].computePlans[4]", null),
            ("services[2].computePlans[1].plan", "\"large\""));

        var report = await harness.RunAsync(new SyncRequest(harness.WriteCatalogFile(changed, "changed.json"), DryRun: true));

        Assert.Equal(SyncOutcome.Previewed, report.Outcome);
        Assert.Equal((1, 1, 2), (report.Run.Created, report.Run.Updated, report.Run.Staled));
        Assert.Equal(["large"], report.NewPlanCodes);
        Assert.Contains(report.Changes, c => c is { Key: "postgresql/standard-8", Field: "hourlyPrice", OldValue: "0.16", NewValue: "0.17" });
        Assert.Contains(report.Changes, c => c is { Key: "postgresql/standard-16", Action: SyncChangeAction.Staled });
        Assert.Contains(report.Changes, c => c is { Key: "codey/large", Action: SyncChangeAction.Created });
        Assert.Equal(before, await harness.DumpCatalogAsync());
        Assert.Equal(1, harness.SnapshotReloads);
        await using var db = harness.Db.CreateContext();
        var recorded = await db.SyncRuns.Include(r => r.Changes).OrderBy(r => r.Id).LastAsync();
        Assert.True(recorded.DryRun);
        Assert.Equal(SyncOutcome.Previewed, recorded.Outcome);
        Assert.Equal(report.Changes.Count, recorded.Changes.Count);
    }

    [Fact]
    public async Task RunAsync_DryRunOnEmptyCatalog_CreatesNoPlanRows()
    {
        await using var harness = new SyncHarness();
        var before = await harness.DumpCatalogAsync();

        var report = await harness.RunAsync(new SyncRequest(harness.WriteCatalogFile(TestFiles.SampleCatalog), DryRun: true));

        Assert.Equal(SyncOutcome.Previewed, report.Outcome);
        Assert.Equal(SampleCreated, report.Run.Created);
        Assert.Equal(6, report.NewPlanCodes.Count);
        Assert.Equal(before, await harness.DumpCatalogAsync());
    }

    [Fact]
    public async Task RunAsync_MalformedJson_FailsAndWritesNothing()
    {
        await using var server = await CatalogTestServer.StartAsync();
        server.Handler = (context, _) => CatalogTestServer.Json(context, "{ \"schemaVersion\": 1, \"slaTiers\": [");
        await using var harness = new SyncHarness();
        var before = await harness.DumpCatalogAsync();

        var report = await harness.RunAsync(new SyncRequest(server.Url));

        Assert.Equal(SyncOutcome.Failed, report.Outcome);
        Assert.StartsWith("The catalog document is not valid JSON", Assert.Single(report.Errors), StringComparison.Ordinal);
        Assert.NotNull(report.Run.DocumentHash);
        Assert.Equal(before, await harness.DumpCatalogAsync());
        Assert.Equal(0, harness.SnapshotReloads);
    }

    [Fact]
    public async Task RunAsync_FileSource_ReadsTheFile()
    {
        await using var harness = new SyncHarness();
        var location = harness.WriteCatalogFile(TestFiles.SampleCatalog);

        var report = await harness.RunAsync(new SyncRequest(location));
        var plainPath = await harness.RunAsync(new SyncRequest(location["file:".Length..]));

        Assert.Equal(SyncOutcome.Succeeded, report.Outcome);
        Assert.Equal(SampleCreated, report.Run.Created);
        Assert.Equal(location, report.Run.Source);
        Assert.Equal(SyncOutcome.Unchanged, plainPath.Outcome);
        Assert.Equal(location, plainPath.Run.Source);
    }

    [Fact]
    public async Task RunAsync_MissingFile_FailsClearly()
    {
        await using var harness = new SyncHarness();

        var report = await harness.RunAsync(new SyncRequest("file:/nonexistent/catalog.json"));

        Assert.Equal(SyncOutcome.Failed, report.Outcome);
        Assert.StartsWith("Cannot read the catalog file /nonexistent/catalog.json", Assert.Single(report.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoUrlConfigured_UsesTheEmbeddedDemoCatalog()
    {
        await using var harness = new SyncHarness();

        var report = await harness.RunAsync(new SyncRequest());

        Assert.Equal(SyncOutcome.Succeeded, report.Outcome);
        Assert.Equal("embedded:demo", report.Run.Source);
        Assert.True(report.Run.Created > 0);
        await using var db = harness.Db.CreateContext();
        Assert.Equal(
            CatalogValidator.Validate(CatalogDocumentParser.Parse(File.ReadAllBytes(DemoCatalogPath()))).Catalog!.Services.Select(s => s.Slug).Order(StringComparer.Ordinal),
            (await db.Services.Select(s => s.Slug).ToListAsync()).Order(StringComparer.Ordinal));
        Assert.Equal(1, harness.SnapshotReloads);
    }

    [Fact]
    public async Task RunAsync_SecondCallWhileOneRuns_IsToldAndDoesNothing()
    {
        await using var server = await CatalogTestServer.StartAsync();
        var firstArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Handler = async (context, number) =>
        {
            if (number == 1)
            {
                firstArrived.TrySetResult();
                await releaseFirst.Task;
            }

            await CatalogTestServer.Json(context, TestFiles.SampleCatalog);
        };
        await using var harness = new SyncHarness(new Dictionary<string, string?> { ["Catalog:WebsiteUrl"] = server.Url });

        var first = harness.RunAsync(new SyncRequest(Trigger: "first"));
        await firstArrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var second = await harness.RunAsync(new SyncRequest(Trigger: "second"));
        releaseFirst.SetResult();
        var firstReport = await first;

        Assert.True(second.IsBusy);
        Assert.Equal(SyncOutcome.Skipped, second.Outcome);
        Assert.Equal($"Another sync (run #{firstReport.Run.Id}, started 2026-11-20 09:00:00 UTC by first) is running; this run did nothing. Try again once it has finished.", Assert.Single(second.Errors));
        Assert.Single(server.Requests);
        Assert.Equal(SyncOutcome.Succeeded, firstReport.Outcome);
        await using var db = harness.Db.CreateContext();
        Assert.Equal([(firstReport.Run.Id, SyncOutcome.Succeeded), (second.Run.Id, SyncOutcome.Skipped)],
            (await db.SyncRuns.OrderBy(r => r.Id).ToListAsync()).Select(r => (r.Id, r.Outcome)));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static string DemoCatalogPath() =>
        System.IO.Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Servala.Catalog", "DemoData", "catalog.json");
}
