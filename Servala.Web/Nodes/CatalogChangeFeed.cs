using Microsoft.EntityFrameworkCore;
using Servala.Catalog.Data;
using Servala.Catalog.Diagnostics;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;
using Servala.Web.Nodes;

namespace Servala.Web.Nodes;

/// <summary>The price snapshot (and the catalog-age gauge) follow syncs and staff edits made on any node (or by the CLI).</summary>
internal sealed class CatalogChangeFeed(CatalogSnapshotStore snapshots, IDbContextFactory<CatalogDbContext> dbFactory, PortalMetrics metrics) : IChangeFeed
{
    public string Name => "catalog";

    public Task<string> ReadMarkerAsync(CancellationToken cancellationToken) => snapshots.ReadChangeMarkerAsync(cancellationToken);

    public async Task ApplyAsync(CancellationToken cancellationToken)
    {
        await snapshots.ReloadAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var finished = await db.SyncRuns.AsNoTracking()
            .Where(r => !r.DryRun && (r.Outcome == SyncOutcome.Succeeded || r.Outcome == SyncOutcome.Unchanged))
            .OrderByDescending(r => r.Id)
            .Select(r => r.FinishedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (finished is { } at)
        {
            metrics.CatalogSynced(at);
        }
    }
}
