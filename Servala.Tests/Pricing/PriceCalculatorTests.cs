using System.Collections.Frozen;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;
using Servala.Tests.Support;

namespace Servala.Tests.Pricing;

public sealed class PriceCalculatorTests
{
    private readonly PriceCalculator _calculator = new();

    private static decimal Dec(string text) => decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static CatalogSnapshot Sample => SampleSnapshot.Instance;

    private Quote Priced(QuoteRequest request, CatalogSnapshot? catalog = null, QuoteContext? context = null)
    {
        var result = _calculator.Quote(catalog ?? Sample, request, context);
        Assert.True(result.IsSuccess, result.Refusal?.Message);
        return result.Quote!;
    }

    private QuoteRefusal Refused(QuoteRequest request, CatalogSnapshot? catalog = null, QuoteContext? context = null)
    {
        var result = _calculator.Quote(catalog ?? Sample, request, context);
        Assert.False(result.IsSuccess, "expected a refusal");
        return result.Refusal!;
    }

    private static CatalogSnapshot WithService(string slug, Func<ServiceInfo, ServiceInfo> change, CatalogSnapshot? catalog = null)
    {
        catalog ??= Sample;
        var services = catalog.Services.ToDictionary(kv => kv.Key, kv => kv.Value);
        services[slug] = change(services[slug]);
        return catalog with { Services = services.ToFrozenDictionary() };
    }

    private static CatalogSnapshot WithTier(string code, Func<SlaTierInfo, SlaTierInfo> change)
    {
        var tiers = Sample.Tiers.ToDictionary(kv => kv.Key, kv => kv.Value);
        tiers[code] = change(tiers[code]);
        return Sample with { Tiers = tiers.ToFrozenDictionary() };
    }

    private static CatalogSnapshot WithPlan(string slug, string plan, Func<PlanInfo, PlanInfo> change) =>
        WithService(slug, s =>
        {
            var plans = s.Plans.ToDictionary(kv => kv.Key, kv => kv.Value);
            plans[plan] = change(plans[plan]);
            return s with { Plans = plans.ToFrozenDictionary() };
        });

    private static readonly QuoteRequest WorkedExample = new("postgresql", "exoscale-gva2", "standard-8", "sla999247", 50, 1);

    [Fact]
    public void Quote_OfACopiedAndChangedRow_DescribesTheCopyNotTheCachedOriginal()
    {
        var original = Priced(WorkedExample);
        var changed = Priced(WorkedExample, WithPlan("postgresql", "standard-8", p => p with { Name = "Renamed", Vcpu = 3m, RamGib = 12m }));
        var again = Priced(WorkedExample);

        Assert.Equal("Renamed (3 vCPU, 12 GiB) × 2 replicas, 24 GiB RAM billed", changed.Line("compute")!.Description);
        Assert.Equal(original.Line("compute")!.Description, again.Line("compute")!.Description);
        Assert.Equal("Standard 8 (2 vCPU, 8 GiB) × 2 replicas, 16 GiB RAM billed", again.Line("compute")!.Description);
        Assert.Equal(original.Line("discount")!.Description, again.Line("discount")!.Description);
        Assert.NotEqual(original.Line("discount")!.Description, changed.Line("discount")!.Description);
    }

    [Fact]
    public void Quote_CachedDescriptions_LeaveTheRowsEqualToUnquotedCopies()
    {
        var plan = Sample.Services["postgresql"].Plans["standard-8"];
        var tier = Sample.Tiers["sla999247"];
        Priced(WorkedExample);
        var unquotedPlan = new PlanInfo(plan.Code, plan.Name, plan.Vcpu, plan.RamGib, plan.HourlyPrice, plan.ProductId, plan.IsStale, plan.LastSyncedAt);
        var unquotedTier = new SlaTierInfo(tier.Code, tier.Name, tier.UptimePercent, tier.HaReplicaMin, tier.ServiceLevel, tier.SortOrder, tier.IsStale, tier.LastSyncedAt);

        Assert.Equal(unquotedPlan, plan);
        Assert.Equal(unquotedPlan.GetHashCode(), plan.GetHashCode());
        Assert.Equal(unquotedPlan.ToString(), plan.ToString());
        Assert.Equal(unquotedTier, tier);
    }

    [Fact]
    public void Quote_WorkedExample_ProducesLinesInContractOrder()
    {
        var quote = Priced(WorkedExample);

        Assert.Equal(["base", "compute", "discount", "storage", "sla", "csp:backup"], quote.Lines.Select(l => l.KindName));
        Assert.Equal([10.00m, 233.60m, -11.68m, 15.00m, 120.00m, 10.00m], quote.Lines.Select(l => l.Monthly));
        Assert.Equal(376.92m, quote.TotalMonthly);
        Assert.Equal(0.5163m, quote.TotalHourly);
        Assert.Equal("ram_gib", quote.BillingUnit);
        Assert.StartsWith("cat-", quote.CatalogVersion, StringComparison.Ordinal);
        Assert.False(quote.Stale);
    }

    [Fact]
    public void Quote_WithGuaranteedTier_RaisesReplicasToHaMinimum()
    {
        var quote = Priced(WorkedExample);

        Assert.Equal(1, quote.RequestedReplicas);
        Assert.Equal(2, quote.Replicas);
        Assert.True(quote.HaFloorApplied);
        Assert.Equal(16m, quote.BilledUnits);
    }

    [Fact]
    public void Quote_WorkedExampleInVolumeMode_DiscountsEveryUnit()
    {
        var volume = WithService("postgresql", s => s with { Pricing = s.Pricing! with { DiscountMode = DiscountMode.Volume } });

        var quote = Priced(WorkedExample, volume);

        Assert.Equal(-23.36m, quote.Line("discount")!.Monthly);
        Assert.Equal(365.24m, quote.TotalMonthly);
        Assert.Equal(16m, Assert.Single(quote.Line("discount")!.Brackets).Units);
    }

    [Fact]
    public void Quote_GraduatedDiscount_ReportsTheBracketsItUsed()
    {
        var quote = Priced(new QuoteRequest("postgresql", "cloudscale-rma", "standard-16", "sla999bh", 200, 3));

        var discount = quote.Line("discount")!;
        Assert.Equal(
            [new BracketUsage(8m, 32m, 10m, 24m), new BracketUsage(32m, null, 20m, 16m)],
            discount.Brackets);
        Assert.Equal(-76.65m, discount.Monthly);
    }

    public static TheoryData<int, decimal?, string?> BracketBoundaries => new()
    {
        // replicas of standard-8 (8 GiB each) → U = 8 × replicas; graduated [0,8) 0 %, [8,32) 10 %, [32,∞) 20 %
        { 1, null, "32" },       // U = 8: exactly at the start of the 10 % bracket, no unit inside it yet
        { 2, -11.68m, "32" },    // U = 16: 8 units at 10 %
        { 4, -35.04m, null },    // U = 32: exactly at the start of the 20 % bracket: 24 units at 10 %, none at 20 %
        { 5, -58.40m, null },    // U = 40: 24 at 10 % + 8 at 20 %
    };

    [Theory]
    [MemberData(nameof(BracketBoundaries))]
    public void Quote_AtBracketBoundary_DiscountsOnlyUnitsInsideEachBracket(int replicas, decimal? discount, string? nextBracketAt)
    {
        var quote = Priced(new QuoteRequest("postgresql", "cloudscale-rma", "standard-8", "nosla", 10, replicas));

        Assert.Equal(discount, quote.Line("discount")?.Monthly);
        Assert.Equal(nextBracketAt, quote.NextBracket is { } hint ? DecimalText.Canonical(hint.MinUnits) : null);
    }

    [Theory]
    [InlineData(2, null)]
    [InlineData(3, "-27.92")]
    [InlineData(4, "-37.23")]
    public void Quote_VolumeModeAtBoundary_AppliesTheBracketContainingTheUnits(int replicas, string? expected)
    {
        // Redis: instance billing, volume brackets [0,3) 0 %, [3,∞) 15 %; standard-4 at 0.0850/h → U = replicas.
        var quote = Priced(new QuoteRequest("redis", "exoscale-gva2", "standard-4", "nosla", 10, replicas));

        Assert.Equal(expected is null ? null : Dec(expected), quote.Line("discount")?.Monthly);
    }

    [Theory]
    [InlineData(1, "0.5", "29.20")]   // 0.25 vCPU, minimum 0.5 units: the minimum wins
    [InlineData(2, "0.5", "29.20")]   // 0.5 vCPU = the minimum
    [InlineData(3, "0.75", "43.80")]  // fractional units above the minimum
    public void Quote_FractionalUnits_UseMinimumUnitsWhenAbovePlan(int replicas, string units, string compute)
    {
        var quote = Priced(new QuoteRequest("codey", "cloudscale-rma", "mini", "nosla", 10, replicas));

        Assert.Equal(units, DecimalText.Canonical(quote.BilledUnits));
        Assert.Equal(Dec(compute), quote.Line("compute")!.Monthly);
    }

    [Fact]
    public void Quote_MinimumUnitsFarAbovePlan_BillsTheMinimum()
    {
        var catalog = WithService("postgresql", s => s with { Pricing = s.Pricing! with { MinimumUnits = 4m } });

        var quote = Priced(new QuoteRequest("postgresql", "cloudscale-rma", "mini", "nosla", 10, 1), catalog);

        // mini: 0.5 GiB at 0.0150/h → 0.03 per GiB-hour; 4 GiB billed → 0.12/h → 87.60
        Assert.Equal(4m, quote.BilledUnits);
        Assert.Equal(87.60m, quote.Line("compute")!.Monthly);
    }

    [Fact]
    public void Quote_ZeroStorage_HasNoStorageLine()
    {
        var catalog = WithService("redis", s => s with { Storage = s.Storage! with { MinGib = 0 } });

        var quote = Priced(new QuoteRequest("redis", "cloudscale-rma", "mini", "nosla", 0, 1), catalog);

        Assert.Null(quote.Line("storage"));
        Assert.Equal(5.00m + 10.95m, quote.TotalMonthly);
    }

    [Fact]
    public void Quote_LineAtExactMidpoint_RoundsAwayFromZero()
    {
        // 0.125 × 1 GiB = 0.125: banker's rounding would give 0.12.
        var catalog = WithService("redis", s => s with { Storage = s.Storage! with { PricePerGibMonth = 0.125m } });

        var quote = Priced(new QuoteRequest("redis", "cloudscale-rma", "mini", "nosla", 1, 1), catalog);

        Assert.Equal(0.13m, quote.Line("storage")!.Monthly);
        Assert.Equal(0.125m, quote.Line("storage")!.ExactMonthly);
    }

    [Fact]
    public void Quote_NegativeDiscountAtMidpoint_RoundsAwayFromZero()
    {
        // rate 0.0150/h, 3 units at 15 % → 0.00675/h → 4.9275/month → -4.93
        var quote = Priced(new QuoteRequest("redis", "cloudscale-rma", "mini", "nosla", 1, 3));

        Assert.Equal(-4.93m, quote.Line("discount")!.Monthly);
    }

    [Fact]
    public void Quote_TotalHourly_IsUnroundedMonthlyOverHoursRoundedToFourDecimals()
    {
        var quote = Priced(new QuoteRequest("codey", "cloudscale-rma", "small", "nosla", 55, 1));

        var exact = quote.Lines.Sum(l => l.ExactMonthly);
        Assert.Equal(Math.Round(exact / 730m, 4, MidpointRounding.AwayFromZero), quote.TotalHourly);
        Assert.Equal(0.0843m, quote.TotalHourly);
    }

    [Fact]
    public void Quote_OtherHoursPerMonth_ScalesComputeOnly()
    {
        var calculator = new PriceCalculator(Microsoft.Extensions.Options.Options.Create(new PricingOptions { HoursPerMonth = 720m }));

        var quote = calculator.Quote(Sample, WorkedExample).Quote!;

        Assert.Equal(230.40m, quote.Line("compute")!.Monthly);
        Assert.Equal(720m, quote.HoursPerMonth);
    }

    [Fact]
    public void Quote_CspResource_FollowsTheControlPlanesProvider()
    {
        var exoscale = Priced(new QuoteRequest("postgresql", "exoscale-gva2", "standard-4", "nosla", 100, 2));
        var cloudscale = Priced(new QuoteRequest("postgresql", "cloudscale-rma", "standard-4", "nosla", 100, 2));

        Assert.Equal("exoscale-sos-backup", exoscale.Line("csp:backup")!.ProductId);
        Assert.Equal(10.00m, exoscale.Line("csp:backup")!.Monthly);
        Assert.Equal("cloudscale-objects-backup", cloudscale.Line("csp:backup")!.ProductId);
        Assert.Equal(9.00m, cloudscale.Line("csp:backup")!.Monthly);
    }

    [Fact]
    public void Quote_WithSupportingService_AddsItsPriceToTheTotal()
    {
        var request = new QuoteRequest("nextcloud", "cloudscale-lpg", "standard-4", "sla999bh", 500, 1)
        {
            Supporting = [new QuoteRequest("collabora", "cloudscale-lpg", "standard-2", "nosla", 0, 1)],
        };

        var quote = Priced(request);

        var collabora = Assert.Single(quote.Supporting);
        Assert.Equal(8.00m + 32.85m, collabora.OwnMonthly);
        Assert.Equal(269.10m, quote.OwnMonthly);
        Assert.Equal(269.10m + 40.85m, quote.TotalMonthly);
    }

    public static TheoryData<string, QuoteRequest, RefusalCode, string> Refusals => new()
    {
        { "unknown service", new("mongodb", "cloudscale-rma", "mini", "nosla", 10, 1), RefusalCode.ServiceUnknown, "service" },
        { "unlisted service", new("collabora", "cloudscale-lpg", "standard-2", "nosla", 0, 1), RefusalCode.ServiceNotListed, "service" },
        { "unknown control plane", new("postgresql", "aws-eu1", "mini", "nosla", 10, 1), RefusalCode.ControlPlaneUnknown, "controlPlane" },
        { "service not on control plane", new("postgresql", "cloudscale-lpg", "mini", "nosla", 10, 1), RefusalCode.ServiceNotOffered, "controlPlane" },
        { "plan not assigned", new("postgresql", "exoscale-gva2", "mini", "nosla", 10, 1), RefusalCode.PlanNotAvailable, "plan" },
        { "plan without catalog entry", new("postgresql", "cloudscale-rma", "standard-64", "nosla", 10, 1), RefusalCode.PlanNotAvailable, "plan" },
        { "unknown tier", new("redis", "cloudscale-rma", "standard-2", "gold", 10, 1), RefusalCode.SlaTierUnknown, "slaTier" },
        { "storage below minimum", new("postgresql", "cloudscale-rma", "standard-2", "nosla", 0, 1), RefusalCode.StorageOutOfRange, "storageGib" },
        { "storage above maximum", new("redis", "cloudscale-rma", "standard-2", "nosla", 201, 1), RefusalCode.StorageOutOfRange, "storageGib" },
        { "storage off step", new("postgresql", "cloudscale-rma", "standard-2", "nosla", 15, 1), RefusalCode.StorageOutOfRange, "storageGib" },
        { "zero replicas", new("redis", "cloudscale-rma", "standard-2", "nosla", 10, 0), RefusalCode.ReplicasOutOfRange, "replicas" },
        { "negative replicas", new("redis", "cloudscale-rma", "standard-2", "nosla", 10, -1), RefusalCode.ReplicasOutOfRange, "replicas" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Quote_InvalidCombination_IsRefusedNamingTheField(string why, QuoteRequest request, RefusalCode code, string field)
    {
        var refusal = Refused(request);

        Assert.Equal(code, refusal.Code);
        Assert.Equal(field, refusal.Field);
        Assert.False(string.IsNullOrWhiteSpace(refusal.Message), why);
    }

    [Fact]
    public void Quote_ServiceWithoutPricing_IsRefused()
    {
        var catalog = WithService("redis", s => s with { Pricing = null });

        var refusal = Refused(new QuoteRequest("redis", "cloudscale-rma", "mini", "nosla", 10, 1), catalog);

        Assert.Equal(RefusalCode.NoPricing, refusal.Code);
        Assert.Contains("Redis", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quote_SupportingServiceNotDeclared_IsRefused()
    {
        var request = new QuoteRequest("postgresql", "cloudscale-rma", "mini", "nosla", 10, 1)
        {
            Supporting = [new QuoteRequest("collabora", "cloudscale-lpg", "standard-2", "nosla", 0, 1)],
        };

        var refusal = Refused(request);

        Assert.Equal(RefusalCode.SupportingServiceInvalid, refusal.Code);
        Assert.Equal("supporting[0].service", refusal.Field);
    }

    [Fact]
    public void Quote_SupportingServiceWithBadPlan_NamesTheNestedField()
    {
        var request = new QuoteRequest("nextcloud", "cloudscale-lpg", "standard-4", "nosla", 20, 1)
        {
            Supporting = [new QuoteRequest("collabora", "cloudscale-lpg", "standard-8", "nosla", 0, 1)],
        };

        Assert.Equal("supporting[0].plan", Refused(request).Field);
    }

    [Fact]
    public void Quote_StalePlan_IsRefusedForNewButStillPricesExisting()
    {
        var catalog = WithPlan("postgresql", "standard-8", p => p with { IsStale = true });

        var refusal = Refused(WorkedExample, catalog);
        var existing = _calculator.Quote(catalog, WorkedExample, QuoteContext.Existing).Quote!;

        Assert.Equal(RefusalCode.PlanNotAvailable, refusal.Code);
        Assert.Equal(376.92m, existing.TotalMonthly);
        Assert.True(existing.Stale);
        Assert.Contains("plan standard-8", existing.StaleEntries);
    }

    [Fact]
    public void Quote_StaleTier_IsRefusedForNewButStillPricesExisting()
    {
        var catalog = WithTier("sla999247", t => t with { IsStale = true });

        var refusal = Refused(WorkedExample, catalog);
        var existing = _calculator.Quote(catalog, WorkedExample, QuoteContext.Existing).Quote!;

        Assert.Equal(RefusalCode.SlaTierUnknown, refusal.Code);
        Assert.Equal(376.92m, existing.TotalMonthly);
        Assert.Contains("sla tier sla999247", existing.StaleEntries);
    }

    [Fact]
    public void Quote_ChangeKeepingStalePlan_IsAllowedButMovingToAnotherStalePlanIsNot()
    {
        var catalog = WithPlan("postgresql", "standard-8", p => p with { IsStale = true });
        catalog = WithService("postgresql", s =>
        {
            var plans = s.Plans.ToDictionary(kv => kv.Key, kv => kv.Value);
            plans["standard-4"] = plans["standard-4"] with { IsStale = true };
            return s with { Plans = plans.ToFrozenDictionary() };
        }, catalog);
        var change = new QuoteContext(QuotePurpose.Change, CurrentPlan: "standard-8", CurrentSlaTier: "sla999247");

        var keep = _calculator.Quote(catalog, WorkedExample with { StorageGib = 100 }, change);
        var move = _calculator.Quote(catalog, WorkedExample with { Plan = "standard-4" }, change);

        Assert.True(keep.IsSuccess, keep.Refusal?.Message);
        Assert.True(keep.Quote!.Stale);
        Assert.Equal(RefusalCode.PlanNotAvailable, move.Refusal!.Code);
    }

    [Fact]
    public void Quote_ExistingWhoseBracketsAllWentStale_KeepsItsDiscount()
    {
        var catalog = WithService("postgresql", s => s with { Brackets = s.Brackets.Select(b => b with { IsStale = true }).ToList() });

        var fresh = Priced(WorkedExample, catalog);
        var existing = _calculator.Quote(catalog, WorkedExample, QuoteContext.Existing).Quote!;

        Assert.Null(fresh.Line("discount"));
        Assert.Equal(-11.68m, existing.Line("discount")!.Monthly);
    }

    [Fact]
    public void FromPrice_ListedService_IsTheCheapestValidConfiguration()
    {
        var from = _calculator.FromPrice(Sample, "postgresql");

        // mini on cloudscale-rma, no SLA, 10 GiB: the second acceptance case.
        Assert.Equal(new Money(37.90m, "CHF"), from);
    }
}
