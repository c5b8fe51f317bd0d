using Microsoft.EntityFrameworkCore;
using Servala.Catalog.Data;
using Servala.Catalog.Model;

namespace Servala.Catalog.ControlPlanes;

/// <summary>One control plane as staff see it: connection, last reconcile and its instances by status.</summary>
public sealed record ControlPlaneRow(
    string Code,
    string Name,
    bool IsConnected,
    string? Kubeconfig,
    string? Context,
    ConnectionState State,
    string? LastError,
    DateTimeOffset? LastReconcileAt,
    IReadOnlyDictionary<InstanceStatus, int> Instances);

/// <summary>An adopted instance whose SLA tier was inferred from its service level, for staff to confirm.</summary>
public sealed record InferredTierRow(int InstanceId, string Instance, string Organization, string ControlPlane, string SlaTier);

public static class ControlPlaneOverview
{
    public static async Task<IReadOnlyList<ControlPlaneRow>> LoadAsync(CatalogDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var planes = await db.ControlPlanes.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken);
        var counts = (await db.ServiceInstances.GroupBy(i => new { i.ControlPlaneId, i.Status })
                .Select(g => new { g.Key.ControlPlaneId, g.Key.Status, Count = g.Count() })
                .ToListAsync(cancellationToken))
            .ToLookup(c => c.ControlPlaneId);
        return planes.Select(c => new ControlPlaneRow(
                c.Code, c.Name, c.IsConnected, c.Kubeconfig, c.KubeContext, c.ConnectionState, c.LastError, c.LastReconcileAt,
                counts[c.Id].ToDictionary(x => x.Status, x => x.Count)))
            .ToList();
    }

    public static async Task<IReadOnlyList<InferredTierRow>> InferredTiersAsync(CatalogDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.ServiceInstances.IgnoreQueryFilters().AsNoTracking()
            .Where(i => i.SlaTierInferred && i.Status != InstanceStatus.Deleted)
            .OrderBy(i => i.Name)
            .Select(i => new InferredTierRow(i.Id, i.Name, i.Organization.Name, i.ControlPlane.Name, i.SlaTier.Name))
            .ToListAsync(cancellationToken);
    }
}
