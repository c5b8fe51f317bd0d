using Servala.Catalog.Pricing;
using Servala.Web.Nodes;

namespace Servala.Web.Catalog;

/// <summary>The price snapshot follows syncs and staff edits made on any node (or by the CLI).</summary>
internal sealed class CatalogChangeFeed(CatalogSnapshotStore snapshots) : IChangeFeed
{
    public string Name => "catalog";

    public Task<string> ReadMarkerAsync(CancellationToken cancellationToken) => snapshots.ReadChangeMarkerAsync(cancellationToken);

    public Task ApplyAsync(CancellationToken cancellationToken) => snapshots.ReloadAsync(cancellationToken);
}
