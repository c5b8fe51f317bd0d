using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Servala.Catalog.Instances;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;
using Servala.Catalog.Setup;
using Servala.Catalog.Sync;
using Servala.Tests.Support;
using Servala.Tests.Sync;

namespace Servala.Tests.Instances;

/// <summary>Ordering and changing instances on a catalog brought in by the real sync, on a real SQLite file.</summary>
public sealed class InstanceServiceTests : IAsyncLifetime
{
    private static readonly QuoteRequest WorkedExample = new("postgresql", "exoscale-gva2", "standard-8", "sla999247", 50, 1);

    private readonly SyncHarness _harness = new();
    private InstanceService _instances = null!;
    private int _acme;

    public async Task InitializeAsync()
    {
        await SyncAsync(TestFiles.SampleCatalog);
        await new SetupApplier(_harness.Db.Factory).ApplyAsync(SetupFile.Parse(TestFiles.SampleSetup), new FakeUserDirectory());
        await _harness.Snapshots.ReloadAsync();
        _instances = new InstanceService(_harness.Db.Factory, _harness.Snapshots, new PriceCalculator(), _harness.Clock);
        await using var db = _harness.Db.CreateContext();
        _acme = (await db.Organizations.SingleAsync(o => o.Slug == "acme")).Id;
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private async Task SyncAsync(string catalogJson)
    {
        var report = await _harness.RunAsync(new SyncRequest(_harness.WriteCatalogFile(catalogJson), Force: true));
        Assert.True(report.IsSuccess, string.Join("\n", report.Errors));
    }

    private async Task<InstanceFamily> ReloadAsync(int id)
    {
        await using var db = _harness.Db.CreateContext();
        return (await InstanceService.LoadFamiliesAsync(db, i => i.Id == id, default)).Single();
    }

    [Fact]
    public async Task OrderAsync_WorkedExample_StoresQuoteManifestAndAnnotations()
    {
        var result = await _instances.OrderAsync(_acme, "orders-db", WorkedExample);

        Assert.True(result.IsSuccess, result.Error);
        var (instance, _) = await ReloadAsync(result.Instance!.Id);
        Assert.Equal(376.92m, instance.QuotedMonthly);
        Assert.Equal("CHF", instance.QuotedCurrency);
        Assert.Equal("sla999247", instance.SlaTier.Code);
        Assert.Equal(1, instance.Replicas);
        Assert.Contains("instances: 2", instance.ManifestYaml, StringComparison.Ordinal);
        Assert.Contains("namespace: org-acme", instance.ManifestYaml, StringComparison.Ordinal);
        using var annotations = JsonDocument.Parse(instance.AnnotationsJson);
        Assert.Equal("S10042", annotations.RootElement.GetProperty("billing.servala.com/salesOrderID").GetString());
        Assert.Contains("\"monthly\":\"376.92\"", annotations.RootElement.GetProperty("billing.servala.com/quote").GetString(), StringComparison.Ordinal);
        Assert.Contains("{\"productID\":\"exoscale-sos-backup\",\"value\":\"1\"", annotations.RootElement.GetProperty("billing.servala.com/items").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrderAsync_WithSupportingService_CreatesAChildInstanceWithItsOwnManifest()
    {
        var request = new QuoteRequest("nextcloud", "cloudscale-lpg", "standard-4", "sla999bh", 500, 1)
        {
            Supporting = [new QuoteRequest("collabora", "cloudscale-lpg", "standard-2", "sla999bh", 0, 1)],
        };

        var result = await _instances.OrderAsync(_acme, "files", request);

        Assert.True(result.IsSuccess, result.Error);
        var (instance, children) = await ReloadAsync(result.Instance!.Id);
        var collabora = Assert.Single(children);
        Assert.Equal("files-collabora", collabora.Name);
        Assert.Contains("kind: VSHNCollabora", collabora.ManifestYaml, StringComparison.Ordinal);
        Assert.Equal(269.10m, instance.QuotedMonthly);
        Assert.Equal(_instances.PriceExisting(instance, children).Quote!.TotalMonthly, instance.QuotedMonthly + collabora.QuotedMonthly);
    }

    [Theory]
    [InlineData("Orders_DB")]
    [InlineData("x")]
    [InlineData("9lives")]
    [InlineData("orders\n")]
    [InlineData("orders-db\n")]
    [InlineData("orders-")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public async Task OrderAsync_InvalidName_IsRefusedNamingTheField(string name)
    {
        var result = await _instances.OrderAsync(_acme, name, WorkedExample);

        Assert.Equal("name", result.Field);
    }

    [Fact]
    public async Task OrderAsync_NameOfSixtyThreeCharacters_IsAKubernetesName()
    {
        var name = "a" + new string('b', 61) + "c";

        var result = await _instances.OrderAsync(_acme, name, WorkedExample);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Contains($"name: {name}\n", result.Instance!.ManifestYaml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrderAsync_SupportingInstanceNameLongerThanSixtyThree_IsRefusedNamingTheField()
    {
        var request = new QuoteRequest("nextcloud", "cloudscale-lpg", "standard-4", "sla999bh", 500, 1)
        {
            Supporting = [new QuoteRequest("collabora", "cloudscale-lpg", "standard-2", "sla999bh", 0, 1)],
        };

        var result = await _instances.OrderAsync(_acme, "files" + new string('x', 50), request);

        Assert.Equal("name", result.Field);
        Assert.Contains("-collabora", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrderAsync_DuplicateName_IsRefused()
    {
        await _instances.OrderAsync(_acme, "orders-db", WorkedExample);

        var second = await _instances.OrderAsync(_acme, "orders-db", WorkedExample);

        Assert.Equal("name", second.Field);
        Assert.Contains("already has", second.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrderAsync_RefusedCombination_StoresNothing()
    {
        var result = await _instances.OrderAsync(_acme, "orders-db", WorkedExample with { StorageGib = 55 });

        Assert.Equal("storageGib", result.Field);
        await using var db = _harness.Db.CreateContext();
        Assert.Equal(0, await db.ServiceInstances.CountAsync());
    }

    [Fact]
    public async Task PlanRemovedUpstream_KeepsPricingTheExistingInstanceButRefusesNewOrders()
    {
        var ordered = (await _instances.OrderAsync(_acme, "orders-db", WorkedExample)).Instance!;

        // The website drops standard-8 for PostgreSQL: the entry goes stale.
        await SyncAsync(CatalogJson.Edit(TestFiles.SampleCatalog, ("services[0].computePlans[3]", null)));

        var (instance, children) = await ReloadAsync(ordered.Id);
        var existing = _instances.PriceExisting(instance, children);
        var fresh = await _instances.OrderAsync(_acme, "another-db", WorkedExample);

        Assert.Equal(376.92m, existing.Quote!.TotalMonthly);
        Assert.True(existing.Quote.Stale);
        Assert.Contains("plan standard-8", existing.Quote.StaleEntries);
        Assert.Equal("plan", fresh.Field);
        Assert.Contains("plan not available", fresh.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangeAsync_WithStalePlan_MayKeepItButNotMoveToAnotherStalePlan()
    {
        var ordered = (await _instances.OrderAsync(_acme, "orders-db", WorkedExample)).Instance!;
        await SyncAsync(CatalogJson.Edit(TestFiles.SampleCatalog, ("services[0].computePlans[4]", null), ("services[0].computePlans[3]", null)));

        var keep = await _instances.ChangeAsync(ordered.Id, WorkedExample with { StorageGib = 100 });
        var move = await _instances.ChangeAsync(ordered.Id, WorkedExample with { Plan = "standard-16" });

        Assert.True(keep.IsSuccess, keep.Error);
        Assert.Equal(391.92m, keep.Instance!.QuotedMonthly);
        Assert.Equal("plan", move.Field);
    }

    [Fact]
    public async Task PlanReturningUpstream_IsOrderableAgain()
    {
        await SyncAsync(CatalogJson.Edit(TestFiles.SampleCatalog, ("services[0].computePlans[3]", null)));
        await SyncAsync(TestFiles.SampleCatalog);

        var result = await _instances.OrderAsync(_acme, "orders-db", WorkedExample);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(376.92m, result.Instance!.QuotedMonthly);
    }

    [Fact]
    public async Task ChangeAsync_WhenAnnotationsCannotBeBuilt_KeepsThePreviousManifest()
    {
        var ordered = (await _instances.OrderAsync(_acme, "orders-db", WorkedExample)).Instance!;
        var before = await ReloadAsync(ordered.Id);

        // The website drops the storage product id while the storage component still bills it.
        await SyncAsync(CatalogJson.Edit(TestFiles.SampleCatalog, ("services[0].storage.productId", null)));
        var change = await _instances.ChangeAsync(ordered.Id, WorkedExample with { StorageGib = 100 });

        var after = await ReloadAsync(ordered.Id);
        Assert.False(change.IsSuccess);
        Assert.Contains("storage", change.Error, StringComparison.Ordinal);
        Assert.Equal(before.Instance.ManifestYaml, after.Instance.ManifestYaml);
        Assert.Equal(before.Instance.AnnotationsJson, after.Instance.AnnotationsJson);
        Assert.Equal(50, after.Instance.StorageGib);
        Assert.Equal(376.92m, after.Instance.QuotedMonthly);
    }
}
