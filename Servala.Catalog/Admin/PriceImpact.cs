using Servala.Catalog.Data;
using Servala.Catalog.Instances;
using Servala.Catalog.Pricing;

namespace Servala.Catalog.Admin;

/// <summary>What a proposed catalog change would do to existing instances: prices that move, and manifests re-applied.</summary>
public sealed record PriceImpact(
    int InstancesPriced,
    IReadOnlyList<InstancePriceChange> Changes,
    IReadOnlyList<CurrencyTotals> Totals,
    int InstancesReapplied)
{
    public static PriceImpact None { get; } = new(0, [], [], 0);

    public int InstancesChanged => Changes.Count;

    /// <summary>No price moves and nothing is re-applied: the change needs no confirmation.</summary>
    public bool IsEmpty => Changes.Count == 0 && InstancesReapplied == 0;

    /// <summary>
    /// Prices every existing instance (as it is, <see cref="QuoteContext.Existing"/>) with <paramref name="current"/> and
    /// with <paramref name="modified"/>, and counts the instances (supporting ones included) whose manifest would differ.
    /// </summary>
    internal static async Task<PriceImpact> ComputeAsync(
        CatalogDbContext db,
        PriceCalculator calculator,
        CatalogSnapshot current,
        CatalogSnapshot modified,
        CancellationToken cancellationToken)
    {
        var changes = new List<InstancePriceChange>();
        var priced = 0;
        foreach (var instance in await ExistingInstances.LoadAsync(db, cancellationToken))
        {
            var before = calculator.Quote(current, instance.Request, QuoteContext.Existing).Quote;
            var after = calculator.Quote(modified, instance.Request, QuoteContext.Existing).Quote;
            if (before is null || after is null)
            {
                continue;
            }

            priced++;
            if (before.TotalMonthly != after.TotalMonthly)
            {
                changes.Add(new InstancePriceChange(instance.Id, instance.Name, instance.Organization, before.Currency, before.TotalMonthly, after.TotalMonthly));
            }
        }

        var totals = changes.GroupBy(c => c.Currency, StringComparer.Ordinal)
            .Select(g => new CurrencyTotals(g.Key, g.Sum(c => c.OldMonthly), g.Sum(c => c.NewMonthly)))
            .ToList();

        var families = await InstanceService.LoadFamiliesAsync(db, i => !i.DeleteRequested, cancellationToken);
        var reapplied = families
            .Select(f => InstanceService.DesiredManifests(modified, calculator, f))
            .Sum(desired => desired?.Count(d => d.Manifest.ToYaml() != d.Instance.ManifestYaml) ?? 0);
        return new PriceImpact(priced, changes, totals, reapplied);
    }
}
