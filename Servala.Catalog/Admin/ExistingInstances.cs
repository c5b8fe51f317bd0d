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
        var families = await InstanceService.LoadFamiliesAsync(db, _ => true, cancellationToken);
        return families
            .Select(f => new ExistingInstance(f.Instance.Id, f.Instance.Name, f.Instance.Organization.Name, f.Request))
            .ToList();
    }
}
