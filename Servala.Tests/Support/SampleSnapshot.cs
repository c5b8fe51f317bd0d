using Servala.Catalog.Pricing;

namespace Servala.Tests.Support;

/// <summary>
/// The sample catalog and setup as the calculator sees them: written to a real SQLite file and read
/// back through <see cref="CatalogSnapshotStore.LoadAsync"/>, once per test run (snapshots are immutable).
/// </summary>
public static class SampleSnapshot
{
    private static readonly Lazy<CatalogSnapshot> Cached = new(() =>
    {
        using var database = new TestDatabase();
        return SampleCatalog.LoadAsync(database).GetAwaiter().GetResult();
    });

    public static CatalogSnapshot Instance => Cached.Value;
}
