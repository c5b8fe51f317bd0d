using Servala.Catalog.Model;
using Servala.Catalog.Pricing;

namespace Servala.Catalog.Health;

public enum LintRule
{
    /// <summary>A plan with more vCPU and more RAM costs no more per hour than a smaller one.</summary>
    PlanPriceInversion,

    /// <summary>Live discount brackets do not start at 0, leave a gap, overlap, or are open-ended before the last.</summary>
    BracketGap,

    /// <summary>Adding a replica lowers the compute total (a volume discount cliff), found with the calculator.</summary>
    VolumeCliff,

    /// <summary>A live SLA surcharge names a tier that does not exist or is stale.</summary>
    SurchargeForMissingTier,

    /// <summary>A control plane offers a plan that has no live catalog entry for the service.</summary>
    AssignedPlanWithoutEntry,

    /// <summary>A service has no live pricing config.</summary>
    NoPricing,

    /// <summary>A supporting service is priced in another currency than its parent: it cannot be ordered with it.</summary>
    SupportingCurrencyMismatch,
}

/// <summary>One catalog lint warning.</summary>
public sealed record LintWarning(string Service, LintRule Rule, string Message);

/// <summary>
/// Checks a catalog snapshot for entries that are valid one by one but wrong together. Runs on the
/// snapshot (effective values, stale rows flagged); only live rows are judged. The volume-cliff check
/// prices with the one <see cref="PriceCalculator"/>.
/// </summary>
public static class CatalogLint
{
    /// <summary>How many replicas the cliff check walks through per plan.</summary>
    public const int MaxReplicasChecked = 64;

    public static IReadOnlyList<LintWarning> Check(CatalogSnapshot catalog, PriceCalculator calculator)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(calculator);
        var warnings = new List<LintWarning>();
        foreach (var service in catalog.Services.Values.OrderBy(s => s.Slug, StringComparer.Ordinal))
        {
            CheckPricing(service, warnings);
            CheckPlans(service, warnings);
            CheckBrackets(service, warnings);
            CheckSurcharges(catalog, service, warnings);
            CheckAssignments(service, warnings);
            CheckCliffs(catalog, calculator, service, warnings);
            CheckSupportingCurrencies(catalog, service, warnings);
        }

        return warnings;
    }

    private static void CheckPricing(ServiceInfo service, List<LintWarning> warnings)
    {
        if (service.Pricing is null)
        {
            warnings.Add(new(service.Slug, LintRule.NoPricing, $"{service.Name} has no pricing config: it cannot be ordered."));
        }
        else if (service.Pricing.IsStale)
        {
            warnings.Add(new(service.Slug, LintRule.NoPricing, $"{service.Name}'s pricing config is stale: it cannot be ordered."));
        }
    }

    private static void CheckPlans(ServiceInfo service, List<LintWarning> warnings)
    {
        var live = service.Plans.Values.Where(p => !p.IsStale).OrderBy(p => p.Code, StringComparer.Ordinal).ToList();
        foreach (var bigger in live)
        {
            foreach (var smaller in live)
            {
                if (bigger.Vcpu > smaller.Vcpu && bigger.RamGib > smaller.RamGib && bigger.HourlyPrice <= smaller.HourlyPrice)
                {
                    warnings.Add(new(service.Slug, LintRule.PlanPriceInversion,
                        $"Plan {bigger.Code} ({DecimalText.Canonical(bigger.Vcpu)} vCPU, {DecimalText.Canonical(bigger.RamGib)} GiB) costs {DecimalText.Canonical(bigger.HourlyPrice)}/h, "
                        + $"no more than the smaller {smaller.Code} ({DecimalText.Canonical(smaller.Vcpu)} vCPU, {DecimalText.Canonical(smaller.RamGib)} GiB) at {DecimalText.Canonical(smaller.HourlyPrice)}/h."));
                }
            }
        }
    }

    private static void CheckBrackets(ServiceInfo service, List<LintWarning> warnings)
    {
        var live = service.Brackets.Where(b => !b.IsStale).OrderBy(b => b.MinUnits).ToList();
        if (live.Count == 0)
        {
            return;
        }

        if (live[0].MinUnits != 0m)
        {
            warnings.Add(new(service.Slug, LintRule.BracketGap, $"The first discount bracket starts at {DecimalText.Canonical(live[0].MinUnits)}, not 0: units below it have no bracket."));
        }

        for (var i = 1; i < live.Count; i++)
        {
            var previous = live[i - 1];
            if (previous.MaxUnits is not { } max)
            {
                warnings.Add(new(service.Slug, LintRule.BracketGap, $"The open-ended bracket from {DecimalText.Canonical(previous.MinUnits)} is followed by another from {DecimalText.Canonical(live[i].MinUnits)}."));
            }
            else if (max != live[i].MinUnits)
            {
                var what = max < live[i].MinUnits ? "a gap" : "an overlap";
                warnings.Add(new(service.Slug, LintRule.BracketGap, $"Discount brackets leave {what} between {DecimalText.Canonical(max)} and {DecimalText.Canonical(live[i].MinUnits)}."));
            }
        }
    }

    private static void CheckSurcharges(CatalogSnapshot catalog, ServiceInfo service, List<LintWarning> warnings)
    {
        foreach (var surcharge in service.Surcharges.Values.Where(s => !s.IsStale).OrderBy(s => s.SlaTier, StringComparer.Ordinal))
        {
            if (!catalog.Tiers.TryGetValue(surcharge.SlaTier, out var tier))
            {
                warnings.Add(new(service.Slug, LintRule.SurchargeForMissingTier, $"The SLA surcharge for '{surcharge.SlaTier}' names a tier that does not exist."));
            }
            else if (tier.IsStale)
            {
                warnings.Add(new(service.Slug, LintRule.SurchargeForMissingTier, $"The SLA surcharge for '{surcharge.SlaTier}' names a stale tier."));
            }
        }
    }

    private static void CheckAssignments(ServiceInfo service, List<LintWarning> warnings)
    {
        foreach (var offering in service.Offerings.Values.OrderBy(o => o.ControlPlane, StringComparer.Ordinal))
        {
            foreach (var code in offering.AssignedPlans.Order(StringComparer.Ordinal))
            {
                if (!service.Plans.TryGetValue(code, out var plan) || plan.IsStale)
                {
                    warnings.Add(new(service.Slug, LintRule.AssignedPlanWithoutEntry,
                        $"Plan {code} is assigned on {offering.ControlPlane} but has no live catalog entry for {service.Name}."));
                }
            }
        }
    }

    /// <summary>Walks each live plan through 1…N replicas and flags every step where the compute total (compute + discount) falls.</summary>
    private static void CheckCliffs(CatalogSnapshot catalog, PriceCalculator calculator, ServiceInfo service, List<LintWarning> warnings)
    {
        if (service.Pricing is not { IsStale: false } || service.Brackets.All(b => b.IsStale))
        {
            return;
        }

        var controlPlane = service.Offerings.Keys.Order(StringComparer.Ordinal).FirstOrDefault() ?? catalog.ControlPlanes.Keys.Order(StringComparer.Ordinal).FirstOrDefault();
        var tier = catalog.LiveTiers.OrderBy(t => t.HaReplicaMin).FirstOrDefault();
        if (controlPlane is null || tier is null)
        {
            return;
        }

        foreach (var plan in service.Plans.Values.Where(p => !p.IsStale).OrderBy(p => p.Code, StringComparer.Ordinal))
        {
            decimal? previous = null;
            for (var replicas = Math.Max(1, tier.HaReplicaMin); replicas <= MaxReplicasChecked; replicas++)
            {
                // Existing-instance pricing skips availability rules: the cliff is a property of the prices alone.
                var quote = calculator.Quote(catalog, new QuoteRequest(service.Slug, controlPlane, plan.Code, tier.Code, 0, replicas), QuoteContext.Existing).Quote;
                if (quote is null)
                {
                    break;
                }

                var compute = quote.Lines.Where(l => l.Kind is LineKind.Compute or LineKind.Discount).Sum(l => l.ExactMonthly);
                if (previous is { } before && compute < before)
                {
                    warnings.Add(new(service.Slug, LintRule.VolumeCliff,
                        $"Plan {plan.Code}: {replicas} replicas cost less compute ({Currencies.Format(Currencies.Round(compute, quote.Currency), quote.Currency)} {quote.Currency}/month) "
                        + $"than {replicas - 1} ({Currencies.Format(Currencies.Round(before, quote.Currency), quote.Currency)} {quote.Currency}/month)."));
                    break;
                }

                previous = compute;
            }
        }
    }

    private static void CheckSupportingCurrencies(CatalogSnapshot catalog, ServiceInfo service, List<LintWarning> warnings)
    {
        if (service.Pricing is not { IsStale: false } pricing)
        {
            return;
        }

        foreach (var slug in service.SupportingServices.Order(StringComparer.Ordinal))
        {
            if (catalog.Services.TryGetValue(slug, out var supporting) && supporting.Pricing is { IsStale: false } theirs
                && !theirs.Currency.Equals(pricing.Currency, StringComparison.Ordinal))
            {
                warnings.Add(new(service.Slug, LintRule.SupportingCurrencyMismatch,
                    $"Supporting service {supporting.Name} is priced in {theirs.Currency}, but {service.Name} in {pricing.Currency}: customers cannot add it."));
            }
        }
    }
}
