using Microsoft.EntityFrameworkCore;
using Servala.Catalog.Data;
using Servala.Catalog.Instances;
using Servala.Catalog.Pricing;

namespace Servala.Catalog.Admin;

/// <summary>An ordered (top-level) instance with the quote request that re-prices it, supporting instances included.</summary>
internal sealed record ExistingInstance(int Id, string Name, string Organization, QuoteRequest Request);

internal static class ExistingInstances
{
    public static async Task<List<ExistingInstance>> LoadAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        var all = await db.ServiceInstances.IgnoreQueryFilters().AsNoTracking()
            .Include(i => i.Organization)
            .Include(i => i.Service)
            .Include(i => i.ControlPlane)
            .Include(i => i.ComputePlan)
            .Include(i => i.SlaTier)
            .ToListAsync(cancellationToken);
        var children = all.Where(i => i.ParentInstanceId is not null).ToLookup(i => i.ParentInstanceId!.Value);
        return all.Where(i => i.ParentInstanceId is null)
            .OrderBy(i => i.Id)
            .Select(i => new ExistingInstance(i.Id, i.Name, i.Organization.Name, InstanceService.RequestOf(i, children[i.Id])))
            .ToList();
    }
}
