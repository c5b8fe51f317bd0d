using Microsoft.EntityFrameworkCore;
using Servala.Catalog.ControlPlanes;
using Servala.Catalog.Data;
using Servala.Catalog.Model;

namespace Servala.Web.Nodes;

/// <summary>
/// Instance status reconciled, ordered or deleted on another node reaches the pages open on this one: the marker
/// is every control plane's last reconcile and the instances' count and newest id; when it moves, the instances
/// whose status, message or manifest changed since the last look are published on <see cref="InstanceStatusFeed"/>.
/// </summary>
internal sealed class InstanceChangeFeed(IDbContextFactory<CatalogDbContext> dbFactory, InstanceStatusFeed feed) : IChangeFeed
{
    private Dictionary<int, Seen>? _seen;

    public string Name => "instances";

    public async Task<string> ReadMarkerAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // A handful of control planes: their times are compared in memory (SQLite keeps them as text).
        var reconciled = await db.ControlPlanes.AsNoTracking().OrderBy(c => c.Id).Select(c => c.LastReconcileAt).ToListAsync(cancellationToken);
        var count = await db.ServiceInstances.CountAsync(cancellationToken);
        var newest = await db.ServiceInstances.MaxAsync(i => (int?)i.Id, cancellationToken) ?? 0;
        return string.Join('|', reconciled.Select(r => r?.UtcTicks ?? 0)) + $"|{count}|{newest}";
    }

    public async Task ApplyAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = await db.ServiceInstances.AsNoTracking()
            .Select(i => new { i.Id, i.Status, i.StatusMessage, i.UpdatedAt, Manifest = i.ManifestYaml.Length, Applied = i.AppliedManifestYaml == null ? -1 : i.AppliedManifestYaml.Length })
            .ToDictionaryAsync(i => i.Id, i => new Seen(i.Status, i.StatusMessage, i.UpdatedAt, i.Manifest, i.Applied), cancellationToken);
        var before = _seen;
        _seen = now;
        if (before is null)
        {
            return;
        }

        var changed = now.Where(i => !before.TryGetValue(i.Key, out var was) || was != i.Value).Select(i => i.Key)
            .Concat(before.Keys.Where(id => !now.ContainsKey(id)))
            .ToList();
        // Empty when only a control plane's own state moved: pages that show it (the control-planes page) reload anyway.
        feed.Publish(changed);
    }

    private sealed record Seen(InstanceStatus Status, string? Message, DateTimeOffset UpdatedAt, int Manifest, int Applied);
}
