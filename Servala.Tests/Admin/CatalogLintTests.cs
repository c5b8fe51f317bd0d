using System.Collections.Frozen;
using Servala.Catalog.Health;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;
using Servala.Tests.Support;

namespace Servala.Tests.Admin;

public sealed class CatalogLintTests
{
    private static readonly PriceCalculator Calculator = new();

    private static CatalogSnapshot Sample => SampleSnapshot.Instance;

    private static CatalogSnapshot WithService(string slug, Func<ServiceInfo, ServiceInfo> change)
    {
        var services = Sample.Services.ToDictionary(StringComparer.Ordinal);
        services[slug] = change(services[slug]);
        return Sample with { Services = services.ToFrozenDictionary(StringComparer.Ordinal) };
    }

    private static FrozenDictionary<string, PlanInfo> WithPlan(ServiceInfo service, string code, Func<PlanInfo, PlanInfo> change)
    {
        var plans = service.Plans.ToDictionary(StringComparer.Ordinal);
        plans[code] = change(plans[code]);
        return plans.ToFrozenDictionary(StringComparer.Ordinal);
    }

    [Fact]
    public void Check_SampleCatalog_HasNoWarnings()
    {
        Assert.Empty(CatalogLint.Check(Sample, Calculator));
    }

    [Fact]
    public void Check_SupportingServiceInAnotherCurrency_WarnsOnTheParent()
    {
        var catalog = WithService("collabora", s => s with { Pricing = s.Pricing! with { Currency = "EUR" } });

        var warning = Assert.Single(CatalogLint.Check(catalog, Calculator));

        Assert.Equal(("nextcloud", LintRule.SupportingCurrencyMismatch), (warning.Service, warning.Rule));
        Assert.Contains("priced in EUR", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_BiggerPlanCheaper_WarnsPlanPriceInversion()
    {
        var catalog = WithService("postgresql", s => s with { Plans = WithPlan(s, "standard-4", p => p with { HourlyPrice = 0.045m }) });

        var warning = Assert.Single(CatalogLint.Check(catalog, Calculator));

        Assert.Equal(("postgresql", LintRule.PlanPriceInversion), (warning.Service, warning.Rule));
        Assert.Contains("standard-4", warning.Message, StringComparison.Ordinal);
        Assert.Contains("standard-2", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_MoreVcpuButLessRam_IsNotAnInversion()
    {
        var catalog = WithService("postgresql", s => s with { Plans = WithPlan(s, "standard-4", p => p with { RamGib = 1.5m, HourlyPrice = 0.04m }) });

        // standard-4 now has more vCPU but less RAM than standard-2 and is cheaper: not "bigger", no warning.
        Assert.Empty(CatalogLint.Check(catalog, Calculator));
    }

    [Fact]
    public void Check_BracketsWithGap_WarnsBracketGap()
    {
        var catalog = WithService("postgresql", s => s with
        {
            Brackets = [new BracketInfo(0m, 8m, 0m, false), new BracketInfo(10m, 32m, 10m, false), new BracketInfo(32m, null, 20m, false)],
        });

        var warning = Assert.Single(CatalogLint.Check(catalog, Calculator), w => w.Rule == LintRule.BracketGap);

        Assert.Contains("gap between 8 and 10", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_VolumeDiscountWhereOneMoreReplicaCostsLess_WarnsVolumeCliff()
    {
        var catalog = WithService("redis", s => s with
        {
            Brackets = [new BracketInfo(0m, 3m, 0m, false), new BracketInfo(3m, null, 50m, false)],
        });

        var warnings = CatalogLint.Check(catalog, Calculator).Where(w => w.Rule == LintRule.VolumeCliff).ToList();

        Assert.NotEmpty(warnings);
        Assert.All(warnings, w => Assert.Equal("redis", w.Service));
        Assert.Contains(warnings, w => w.Message.Contains("3 replicas cost less compute", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_SurchargeForStaleTier_Warns()
    {
        var tiers = Sample.Tiers.ToDictionary(StringComparer.Ordinal);
        tiers["sla999247"] = tiers["sla999247"] with { IsStale = true };
        var catalog = Sample with { Tiers = tiers.ToFrozenDictionary(StringComparer.Ordinal) };

        var warnings = CatalogLint.Check(catalog, Calculator).Where(w => w.Rule == LintRule.SurchargeForMissingTier).ToList();

        Assert.Equal(["postgresql", "redis"], warnings.Select(w => w.Service).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void Check_AssignedPlanWhoseEntryIsStale_Warns()
    {
        var catalog = WithService("redis", s => s with { Plans = WithPlan(s, "mini", p => p with { IsStale = true }) });

        var warning = Assert.Single(CatalogLint.Check(catalog, Calculator), w => w.Rule == LintRule.AssignedPlanWithoutEntry);

        Assert.Contains("mini", warning.Message, StringComparison.Ordinal);
        Assert.Contains("cloudscale-rma", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ServiceWithoutPricing_Warns()
    {
        var catalog = WithService("codey", s => s with { Pricing = null });

        var warning = Assert.Single(CatalogLint.Check(catalog, Calculator));

        Assert.Equal(("codey", LintRule.NoPricing), (warning.Service, warning.Rule));
    }
}
