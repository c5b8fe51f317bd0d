using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Servala.Catalog.Admin;
using Servala.Catalog.Instances;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;
using Servala.Tests.Support;

namespace Servala.Tests.Admin;

/// <summary>The sample catalog and setup on a real SQLite file, with the admin services wired over it.</summary>
public sealed class AdminCatalog : IDisposable
{
    private AdminCatalog()
    {
        Snapshots = new CatalogSnapshotStore(Database.Factory, Clock);
        Tiers = new SlaTierAdminService(Database.Factory, Snapshots, Calculator, Clock);
        Catalog = new CatalogAdminService(Database.Factory, Snapshots, Calculator, Clock);
        Instances = new InstanceService(Database.Factory, Snapshots, Calculator, Clock);
    }

    public TestDatabase Database { get; } = new();

    public FakeTimeProvider Clock { get; } = new(SampleCatalog.SyncedAt.AddHours(1));

    public PriceCalculator Calculator { get; } = new();

    public CatalogSnapshotStore Snapshots { get; }

    public SlaTierAdminService Tiers { get; }

    public CatalogAdminService Catalog { get; }

    public InstanceService Instances { get; }

    public static async Task<AdminCatalog> CreateAsync()
    {
        var catalog = new AdminCatalog();
        await SampleCatalog.LoadAsync(catalog.Database);
        await catalog.Snapshots.ReloadAsync();
        return catalog;
    }

    /// <summary>Orders an instance in the first organization and returns its id.</summary>
    public async Task<int> OrderAsync(string name, QuoteRequest request)
    {
        await using var db = Database.CreateContext();
        var organization = await db.Organizations.OrderBy(o => o.Id).FirstAsync();
        var result = await Instances.OrderAsync(organization.Id, name, request);
        Assert.True(result.IsSuccess, result.Error);
        return result.Instance!.Id;
    }

    public async Task<SlaTierAdminRow> TierAsync(string code) => (await Tiers.ListAsync()).Single(t => t.Code == code);

    public async Task<List<AuditEntry>> AuditAsync()
    {
        await using var db = Database.CreateContext();
        return await db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    public void Dispose() => Database.Dispose();
}
