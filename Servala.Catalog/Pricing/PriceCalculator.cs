using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Servala.Catalog.Model;

namespace Servala.Catalog.Pricing;

/// <summary>Settings of the price formula (section <c>Pricing</c>).</summary>
public sealed class PricingOptions
{
    public const string Section = "Pricing";

    /// <summary>Hours in a billing month (<c>H</c>); shown next to every monthly figure.</summary>
    [Range(typeof(decimal), "1", "1000", ErrorMessage = "Pricing:HoursPerMonth must be between 1 and 1000.")]
    public decimal HoursPerMonth { get; set; } = 730m;
}

/// <summary>
/// The one price calculator. Everything that shows or bills a price calls it; nothing else
/// re-derives one. Implements the formula, rounding and availability rules of the pricing
/// contract on an in-memory <see cref="CatalogSnapshot"/>:
/// <list type="bullet">
/// <item>r = max(replicas, tier HA minimum); upr = 1 | vCPU | RAM GiB by billing unit;
/// U = max(r × upr, minimum units); rate = hourly price / upr.</item>
/// <item>Compute = rate × U × H; the discount (graduated or volume brackets) is its own negative line.</item>
/// <item>Storage = price per GiB-month × GiB × r; base fee; SLA surcharge; CSP resources by quantity basis.</item>
/// <item>Exact decimal arithmetic; each line's monthly amount rounded to the currency's minor unit,
/// midpoints away from zero; total = sum of rounded lines; hourly = exact total / H, 4 decimals.</item>
/// </list>
/// New instances are refused with a <see cref="QuoteRefusal"/> when a rule is broken; existing
/// instances keep being priced with stale entries, which the quote lists in <see cref="Quote.StaleEntries"/>.
/// </summary>
public sealed class PriceCalculator(IOptions<PricingOptions> options)
{
    /// <summary>The most replicas a request may ask for (1 to this); more is refused with <see cref="RefusalCode.ReplicasOutOfRange"/>.</summary>
    public const int MaxReplicas = 9;

    private const int HourlyDecimals = 4;

    // The two descriptions a plan keeps per replica count (DerivedTexts).
    private const int ComputeKind = 0;
    private const int DiscountKind = 1;

    public PriceCalculator() : this(Options.Create(new PricingOptions()))
    {
    }

    public decimal HoursPerMonth => options.Value.HoursPerMonth;

    /// <summary>Prices a request, including its supporting services.</summary>
    public QuoteResult Quote(CatalogSnapshot catalog, QuoteRequest request, QuoteContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(request);
        context ??= QuoteContext.NewInstance;

        var main = QuoteOne(catalog, request, context, parent: null, supportingIndex: -1);
        if (!main.IsSuccess || request.Supporting.Count == 0)
        {
            return main;
        }

        var supporting = new List<Quote>(request.Supporting.Count);
        for (var i = 0; i < request.Supporting.Count; i++)
        {
            var sub = request.Supporting[i];
            if (!main.Quote!.Service.Equals(request.Service, StringComparison.Ordinal)
                || !Contains(catalog.Services[request.Service].SupportingServices, sub.Service))
            {
                return QuoteResult.Refused(RefusalCode.SupportingServiceInvalid, Field(i, "service"),
                    $"supporting service not allowed: '{sub.Service}' is not a supporting service of {main.Quote.ServiceName}");
            }

            var subContext = context.Purpose == QuotePurpose.NewInstance ? context : QuoteContext.Existing;
            var result = QuoteOne(catalog, sub, subContext, parent: main.Quote, supportingIndex: i);
            if (!result.IsSuccess)
            {
                return result;
            }

            if (!result.Quote!.Currency.Equals(main.Quote.Currency, StringComparison.Ordinal))
            {
                return QuoteResult.Refused(RefusalCode.SupportingServiceInvalid, Field(i, "service"),
                    $"supporting service priced in {result.Quote.Currency}, but {main.Quote.ServiceName} in {main.Quote.Currency}");
            }

            supporting.Add(result.Quote);
        }

        var own = main.Quote!;
        var exactSupporting = 0m;
        var ownSupporting = 0m;
        foreach (var quote in supporting)
        {
            exactSupporting += SumExact(quote.Lines);
            ownSupporting += quote.OwnMonthly;
        }

        return new QuoteResult(own with
        {
            Supporting = supporting,
            TotalMonthly = own.OwnMonthly + ownSupporting,
            TotalHourly = Hourly(SumExact(own.Lines) + exactSupporting),
        }, null);
    }

    /// <summary>The request field a refusal names: <c>plan</c>, or <c>supporting[1].plan</c> (made only when refusing).</summary>
    private static string Field(int supportingIndex, string name) =>
        supportingIndex < 0 ? name : string.Create(CultureInfo.InvariantCulture, $"supporting[{supportingIndex}].{name}");

    private QuoteResult QuoteOne(CatalogSnapshot catalog, QuoteRequest request, QuoteContext context, Quote? parent, int supportingIndex)
    {
        var isNew = context.Purpose == QuotePurpose.NewInstance;

        // Made only when a stale entry prices the quote (existing instances): a new order allocates no list for it.
        List<string>? stale = null;

        if (!catalog.Services.TryGetValue(request.Service, out var service))
        {
            return QuoteResult.Refused(RefusalCode.ServiceUnknown, Field(supportingIndex, "service"), $"unknown service '{request.Service}'");
        }

        if (isNew && parent is null && !service.Listed)
        {
            return QuoteResult.Refused(RefusalCode.ServiceNotListed, Field(supportingIndex, "service"),
                $"service not listed: {service.Name} is only available as a supporting service");
        }

        var pricing = service.Pricing;
        if (pricing is null || (pricing.IsStale && isNew))
        {
            return QuoteResult.Refused(RefusalCode.NoPricing, Field(supportingIndex, "service"),
                $"{service.Name} has no pricing in the catalog and cannot be ordered");
        }

        if (pricing.IsStale)
        {
            (stale ??= []).Add("pricing");
        }

        if (!catalog.ControlPlanes.TryGetValue(request.ControlPlane, out var controlPlane))
        {
            return QuoteResult.Refused(RefusalCode.ControlPlaneUnknown, Field(supportingIndex, "controlPlane"),
                $"unknown control plane '{request.ControlPlane}'");
        }

        if (!service.Offerings.TryGetValue(controlPlane.Code, out var offering) && context.Purpose != QuotePurpose.ExistingInstance)
        {
            return QuoteResult.Refused(RefusalCode.ServiceNotOffered, Field(supportingIndex, "controlPlane"),
                $"{service.Name} is not offered on {controlPlane.Name}");
        }

        var keepsPlan = context.Purpose == QuotePurpose.ExistingInstance
            || (context.Purpose == QuotePurpose.Change && request.Plan == context.CurrentPlan);
        service.Plans.TryGetValue(request.Plan, out var plan);
        var assigned = offering?.AssignedPlans.Contains(request.Plan) == true;
        if (plan is null || (!keepsPlan && (!assigned || plan.IsStale)))
        {
            var why = plan is null ? "it has no catalog price"
                : !assigned ? $"it is not offered on {controlPlane.Name}"
                : "its catalog entry is no longer offered";
            return QuoteResult.Refused(RefusalCode.PlanNotAvailable, Field(supportingIndex, "plan"),
                $"plan not available: '{request.Plan}' for {service.Name}: {why}");
        }

        if (plan.IsStale)
        {
            (stale ??= []).Add($"plan {plan.Code}");
        }

        var keepsTier = context.Purpose == QuotePurpose.ExistingInstance
            || (context.Purpose == QuotePurpose.Change && request.SlaTier == context.CurrentSlaTier);
        catalog.Tiers.TryGetValue(request.SlaTier, out var tier);
        if (tier is null || (tier.IsStale && !keepsTier))
        {
            return QuoteResult.Refused(RefusalCode.SlaTierUnknown, Field(supportingIndex, "slaTier"),
                tier is null ? $"unknown sla tier '{request.SlaTier}'" : $"unknown sla tier: '{request.SlaTier}' is no longer offered");
        }

        if (tier.IsStale)
        {
            (stale ??= []).Add($"sla tier {tier.Code}");
        }

        var storage = service.Storage is { IsStale: false } || !isNew ? service.Storage : null;
        if (storage is null && request.StorageGib != 0)
        {
            return QuoteResult.Refused(RefusalCode.StorageOutOfRange, Field(supportingIndex, "storageGib"),
                $"storage out of range: {service.Name} has no storage in the catalog");
        }

        if (storage is not null && context.Purpose != QuotePurpose.ExistingInstance
            && (request.StorageGib < storage.MinGib || request.StorageGib > storage.MaxGib
                || request.StorageGib % storage.StepGib != 0))
        {
            return QuoteResult.Refused(RefusalCode.StorageOutOfRange, Field(supportingIndex, "storageGib"),
                $"storage out of range: {request.StorageGib} GiB; {service.Name} takes {storage.MinGib}–{storage.MaxGib} GiB in steps of {storage.StepGib} GiB");
        }

        if (storage?.IsStale == true)
        {
            (stale ??= []).Add("storage");
        }

        if (request.Replicas < 1)
        {
            return QuoteResult.Refused(RefusalCode.ReplicasOutOfRange, Field(supportingIndex, "replicas"),
                $"replicas < 1: at least one replica is required (asked {request.Replicas})");
        }

        if (request.Replicas > MaxReplicas)
        {
            return QuoteResult.Refused(RefusalCode.ReplicasOutOfRange, Field(supportingIndex, "replicas"),
                $"replicas > {MaxReplicas}: at most {MaxReplicas} replicas can be ordered (asked {request.Replicas})");
        }

        var lines = new List<QuoteLine>(6);
        var currency = pricing.Currency;
        var digits = Currencies.MinorDigits(currency);
        var h = options.Value.HoursPerMonth;

        // HA floor, billed units and the list rate per unit-hour.
        var r = Math.Max(request.Replicas, tier.HaReplicaMin);
        var upr = pricing.BillingUnit switch
        {
            BillingUnit.Instance => 1m,
            BillingUnit.Vcpu => plan.Vcpu,
            BillingUnit.RamGib => plan.RamGib,
        };
        var units = Math.Max(r * upr, pricing.MinimumUnits);
        var rate = plan.HourlyPrice / upr;
        var unitName = UnitName(pricing.BillingUnit);
        var replicasWord = r == 1 ? "replica" : "replicas";

        lines.Add(Line(LineKind.Base, null, BaseFeeDescription(service), pricing.ProductId, 1m, "month",
            pricing.BaseFeeMonthly, pricing.BaseFeeMonthly, digits));

        lines.Add(Line(LineKind.Compute, null, ComputeDescription(plan, r, units, unitName),
            plan.ProductId, units, unitName, rate * h, rate * units * h, digits));

        var brackets = LiveBrackets(service.Brackets, isNew, ref stale);
        var (discountHourly, usage) = Discount(pricing.DiscountMode, brackets, rate, units);
        if (discountHourly != 0m)
        {
            var description = DiscountDescription(plan, r, pricing.DiscountMode, usage, unitName, out var discountedUnits);
            var monthly = -discountHourly * h;
            lines.Add(new QuoteLine(LineKind.Discount, null, description, null, discountedUnits, unitName, null,
                Math.Round(monthly, digits, MidpointRounding.AwayFromZero), monthly) { Brackets = usage });
        }

        if (storage is not null && request.StorageGib > 0)
        {
            var gib = (decimal)request.StorageGib * r;
            lines.Add(Line(LineKind.Storage, null, string.Create(CultureInfo.InvariantCulture, $"Storage {request.StorageGib} GiB × {r} {replicasWord}"),
                storage.ProductId, gib, "GiB", storage.PricePerGibMonth, storage.PricePerGibMonth * gib, digits));
        }

        if (service.Surcharges.TryGetValue(tier.Code, out var surcharge) && (!surcharge.IsStale || !isNew) && surcharge.AmountMonthly != 0m)
        {
            if (surcharge.IsStale)
            {
                (stale ??= []).Add($"sla surcharge {tier.Code}");
            }

            lines.Add(Line(LineKind.Sla, null, SlaDescription(tier), surcharge.ProductId, 1m, "month",
                surcharge.AmountMonthly, surcharge.AmountMonthly, digits));
        }

        var cspResources = service.CspResources;
        for (var i = 0; i < cspResources.Count; i++)
        {
            if (ApplicableCsp(cspResources, i, controlPlane.CloudProviderCode, isNew, ref stale) is not { } csp)
            {
                continue;
            }

            var (quantity, unit) = csp.QuantityBasis switch
            {
                QuantityBasis.Instance => (1m, "instance"),
                QuantityBasis.Replica => ((decimal)r, replicasWord),
                QuantityBasis.StorageGib => ((decimal)request.StorageGib * r, "GiB"),
            };
            lines.Add(Line(LineKind.Csp, csp.Code, CspDescription(csp, controlPlane.CloudProviderName), csp.ProductId,
                quantity, unit, csp.AmountMonthly, csp.AmountMonthly * quantity, digits));
        }

        var exact = 0m;
        var own = 0m;
        for (var i = 0; i < lines.Count; i++)
        {
            exact += lines[i].ExactMonthly;
            own += lines[i].Monthly;
        }

        var quote = new Quote(
            service.Slug, service.Name, controlPlane.Code, plan.Code, tier.Code, request.StorageGib,
            request.Replicas, r, units, pricing.BillingUnit.ToWire(), currency, h, lines,
            own, own, Hourly(exact), catalog.Version, (IReadOnlyList<string>?)stale ?? [], [])
        {
            NextBracket = NextBracket(brackets, units),
        };
        return new QuoteResult(quote, null);
    }

    /// <summary>"PostgreSQL base fee", made once per service (<see cref="DerivedTexts"/>).</summary>
    private static string BaseFeeDescription(ServiceInfo service) =>
        NamedDescription(service.Texts, service.Name, null, static (name, _) => string.Concat(name, " base fee"));

    /// <summary>"SLA Guaranteed 99.9 % 24/7", made once per tier.</summary>
    private static string SlaDescription(SlaTierInfo tier) =>
        NamedDescription(tier.Texts, tier.Name, null, static (name, _) => string.Concat("SLA ", name));

    /// <summary>"Backup (Exoscale)", made once per resource (and cloud provider name).</summary>
    private static string CspDescription(CspResourceInfo csp, string cloudProviderName) =>
        NamedDescription(csp.Texts, csp.Name, cloudProviderName, static (name, provider) => string.Concat(name, " (", provider, ")"));

    /// <summary>
    /// The text <paramref name="make"/> makes of a row's <paramref name="name"/> (and <paramref name="qualifier"/>), cached
    /// in the row's <paramref name="texts"/> and made again when either differs from what it was made of.
    /// </summary>
    private static string NamedDescription(DerivedTexts texts, string name, string? qualifier, Func<string, string?, string> make)
    {
        if (texts.Get<NamedText>() is { } cached && ReferenceEquals(cached.Name, name) && string.Equals(cached.Qualifier, qualifier, StringComparison.Ordinal))
        {
            return cached.Text;
        }

        var text = make(name, qualifier);
        texts.Set(new NamedText(name, qualifier, text));
        return text;
    }

    /// <summary>"Standard-8 (2 vCPU, 8 GiB) × 2 replicas, 16 GiB RAM billed", made once per plan and replica count.</summary>
    private static string ComputeDescription(PlanInfo plan, int r, decimal units, string unitName)
    {
        var name = plan.DisplayName;
        if (plan.Texts.Get<ComputeText>(r, ComputeKind) is { } cached && ReferenceEquals(cached.Name, name) && ReferenceEquals(cached.UnitName, unitName)
            && cached.Vcpu == plan.Vcpu && cached.RamGib == plan.RamGib && cached.Units == units)
        {
            return cached.Text;
        }

        var text = string.Create(CultureInfo.InvariantCulture,
            $"{name} ({DecimalText.Of(plan.Vcpu)} vCPU, {DecimalText.Of(plan.RamGib)} GiB) × {r} {(r == 1 ? "replica" : "replicas")}, {DecimalText.Of(units)} {unitName} billed");
        plan.Texts.Set(r, ComputeKind, new ComputeText(name, plan.Vcpu, plan.RamGib, units, unitName, text));
        return text;
    }

    /// <summary>The discount line's description (<see cref="DiscountDescription(DiscountMode, IReadOnlyList{BracketUsage}, string, out decimal)"/>), made once per plan and replica count.</summary>
    private static string DiscountDescription(PlanInfo plan, int r, DiscountMode mode, IReadOnlyList<BracketUsage> usage, string unitName, out decimal discountedUnits)
    {
        if (plan.Texts.Get<DiscountText>(r, DiscountKind) is { } cached && cached.Matches(mode, usage, unitName))
        {
            discountedUnits = cached.DiscountedUnits;
            return cached.Text;
        }

        var text = DiscountDescription(mode, usage, unitName, out discountedUnits);
        plan.Texts.Set(r, DiscountKind, new DiscountText(mode, usage, unitName, text, discountedUnits));
        return text;
    }

    /// <summary>"Graduated discount (10 % on 8, 20 % on 4 GiB RAM)", written once into its own string.</summary>
    private static string DiscountDescription(DiscountMode mode, IReadOnlyList<BracketUsage> usage, string unitName, out decimal discountedUnits)
    {
        var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[256]);
        text.AppendLiteral(mode == DiscountMode.Volume ? "Volume discount (" : "Graduated discount (");
        discountedUnits = 0m;
        for (var i = 0; i < usage.Count; i++)
        {
            var u = usage[i];
            if (i > 0)
            {
                text.AppendLiteral(", ");
            }

            text.AppendFormatted(DecimalText.Of(u.DiscountPercent));
            text.AppendLiteral(" % on ");
            text.AppendFormatted(DecimalText.Of(u.Units));
            discountedUnits += u.Units;
        }

        text.AppendLiteral(" ");
        text.AppendLiteral(unitName);
        text.AppendLiteral(")");
        return text.ToStringAndClear();
    }

    /// <summary>
    /// The CSP resource that applies for the code of <paramref name="resources"/>[<paramref name="index"/>] on
    /// <paramref name="cloudProvider"/>, or null: resources group by code (in order of first appearance), each group
    /// gives its first live resource, or, for an existing instance that has none, its first stale one (listed in
    /// <paramref name="stale"/>). Only the first resource of a group answers; the others return null.
    /// </summary>
    private static CspResourceInfo? ApplicableCsp(IReadOnlyList<CspResourceInfo> resources, int index, string cloudProvider, bool isNew, ref List<string>? stale)
    {
        var first = resources[index];
        if (!first.CloudProvider.Equals(cloudProvider, StringComparison.Ordinal))
        {
            return null;
        }

        for (var j = 0; j < index; j++)
        {
            if (resources[j].Code.Equals(first.Code, StringComparison.Ordinal) && resources[j].CloudProvider.Equals(cloudProvider, StringComparison.Ordinal))
            {
                return null;
            }
        }

        for (var j = index; j < resources.Count; j++)
        {
            var c = resources[j];
            if (!c.IsStale && c.Code.Equals(first.Code, StringComparison.Ordinal) && c.CloudProvider.Equals(cloudProvider, StringComparison.Ordinal))
            {
                return c;
            }
        }

        if (isNew)
        {
            return null;
        }

        (stale ??= []).Add($"csp {first.Code}");
        return first;
    }

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        foreach (var candidate in values)
        {
            if (candidate.Equals(value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static decimal SumExact(IReadOnlyList<QuoteLine> lines)
    {
        var sum = 0m;
        for (var i = 0; i < lines.Count; i++)
        {
            sum += lines[i].ExactMonthly;
        }

        return sum;
    }

    private decimal Hourly(decimal exactMonthly) =>
        Math.Round(exactMonthly / options.Value.HoursPerMonth, HourlyDecimals, MidpointRounding.AwayFromZero);

    private static QuoteLine Line(LineKind kind, string? cspCode, string description, string? productId,
        decimal quantity, string unit, decimal? unitPrice, decimal exactMonthly, int minorDigits) =>
        new(kind, cspCode, description, productId, quantity, unit, unitPrice, Math.Round(exactMonthly, minorDigits, MidpointRounding.AwayFromZero), exactMonthly);

    /// <summary>The live brackets (the list itself when none is stale), ordered by their start.</summary>
    private static IReadOnlyList<BracketInfo> LiveBrackets(IReadOnlyList<BracketInfo> rows, bool isNew, ref List<string>? stale)
    {
        var staleCount = 0;
        var ordered = true;
        for (var i = 0; i < rows.Count; i++)
        {
            staleCount += rows[i].IsStale ? 1 : 0;
            ordered &= i == 0 || rows[i - 1].MinUnits <= rows[i].MinUnits;
        }

        if (!ordered)
        {
            // The snapshot keeps brackets ordered; a list built elsewhere is ordered here (stable, as OrderBy).
            rows = rows.OrderBy(b => b.MinUnits).ToList();
        }

        if (staleCount == 0)
        {
            return rows;
        }

        if (staleCount == rows.Count && !isNew)
        {
            // An existing instance whose whole bracket set vanished upstream keeps its old discount.
            (stale ??= []).Add("discount brackets");
            return rows;
        }

        var live = new List<BracketInfo>(rows.Count - staleCount);
        foreach (var row in rows)
        {
            if (!row.IsStale)
            {
                live.Add(row);
            }
        }

        return live;
    }

    private static (decimal Hourly, IReadOnlyList<BracketUsage> Usage) Discount(
        DiscountMode mode, IReadOnlyList<BracketInfo> brackets, decimal rate, decimal units)
    {
        List<BracketUsage>? usage = null;
        var discount = 0m;
        switch (mode)
        {
            case DiscountMode.Graduated:
                // Ordered by their start (LiveBrackets).
                foreach (var b in brackets)
                {
                    var upper = b.MaxUnits is { } max ? Math.Min(units, max) : units;
                    var inside = upper - b.MinUnits;
                    if (inside <= 0m || b.DiscountPercent == 0m)
                    {
                        continue;
                    }

                    discount += rate * inside * b.DiscountPercent / 100m;
                    (usage ??= []).Add(new BracketUsage(b.MinUnits, b.MaxUnits, b.DiscountPercent, inside));
                }

                break;
            case DiscountMode.Volume:
                BracketInfo? hit = null;
                foreach (var b in brackets)
                {
                    if (b.MinUnits <= units && (b.MaxUnits is null || units < b.MaxUnits))
                    {
                        hit = b;
                        break;
                    }
                }

                if (hit is not null && hit.DiscountPercent != 0m)
                {
                    discount = rate * units * hit.DiscountPercent / 100m;
                    (usage ??= []).Add(new BracketUsage(hit.MinUnits, hit.MaxUnits, hit.DiscountPercent, units));
                }

                break;
        }

        return (discount, (IReadOnlyList<BracketUsage>?)usage ?? []);
    }

    private static BracketHint? NextBracket(IReadOnlyList<BracketInfo> brackets, decimal units)
    {
        BracketInfo? next = null;
        foreach (var b in brackets)
        {
            if (b.MinUnits > units && b.DiscountPercent > 0m && (next is null || b.MinUnits < next.MinUnits))
            {
                next = b;
            }
        }

        return next is null ? null : new BracketHint(next.MinUnits, next.DiscountPercent, next.MinUnits - units);
    }

    public static string UnitName(BillingUnit unit) => unit switch
    {
        BillingUnit.Instance => "instance",
        BillingUnit.Vcpu => "vCPU",
        BillingUnit.RamGib => "GiB RAM",
    };

    /// <summary>The cheapest monthly price of a listed service on any offering, for "from …/month".</summary>
    public Money? FromPrice(CatalogSnapshot catalog, string serviceSlug) =>
        FromQuote(catalog, serviceSlug) is { } q ? new Money(q.TotalMonthly, q.Currency) : null;

    /// <summary>
    /// The quote behind <see cref="FromPrice"/>: the cheapest new instance of the service alone (no
    /// supporting services), one replica, the smallest storage, the tier with the lowest HA minimum,
    /// over every plan of every offering. Ties keep the first by control plane name, then plan price.
    /// A new order starts from exactly this configuration, so its total is the "from" price.
    /// </summary>
    public Quote? FromQuote(CatalogSnapshot catalog, string serviceSlug)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (!catalog.Services.TryGetValue(serviceSlug, out var service) || service.Pricing is null)
        {
            return null;
        }

        var cheapestTier = catalog.LiveTiers.OrderBy(t => t.HaReplicaMin).ThenBy(t => t.SortOrder).FirstOrDefault();
        if (cheapestTier is null)
        {
            return null;
        }

        var storageGib = service.Storage is { } storage ? CatalogChoices.StorageSteps(storage).FirstOrDefault() : 0;
        Quote? best = null;
        foreach (var (offering, _) in CatalogChoices.Offerings(catalog, service))
        {
            foreach (var plan in CatalogChoices.AvailablePlans(service, offering))
            {
                var request = new QuoteRequest(service.Slug, offering.ControlPlane, plan.Code, cheapestTier.Code, storageGib);
                var result = Quote(catalog, request);
                if (result.Quote is { } q && (best is null || q.TotalMonthly < best.TotalMonthly))
                {
                    best = q;
                }
            }
        }

        return best;
    }

    /// <summary>A text made from a name (and a qualifier), kept with them.</summary>
    private sealed record NamedText(string Name, string? Qualifier, string Text);

    /// <summary>A compute line's description, kept with everything it was made from.</summary>
    private sealed record ComputeText(string Name, decimal Vcpu, decimal RamGib, decimal Units, string UnitName, string Text);

    /// <summary>A discount line's description, kept with the brackets' use it was made from.</summary>
    private sealed class DiscountText
    {
        private readonly DiscountMode _mode;
        private readonly string _unitName;
        private readonly (decimal Percent, decimal Units)[] _usage;

        public DiscountText(DiscountMode mode, IReadOnlyList<BracketUsage> usage, string unitName, string text, decimal discountedUnits)
        {
            _mode = mode;
            _unitName = unitName;
            _usage = new (decimal, decimal)[usage.Count];
            for (var i = 0; i < _usage.Length; i++)
            {
                _usage[i] = (usage[i].DiscountPercent, usage[i].Units);
            }

            Text = text;
            DiscountedUnits = discountedUnits;
        }

        public string Text { get; }

        public decimal DiscountedUnits { get; }

        /// <summary>Same mode and unit, and the same percentages and units in the same order (the text shows nothing else).</summary>
        public bool Matches(DiscountMode mode, IReadOnlyList<BracketUsage> usage, string unitName)
        {
            if (mode != _mode || !ReferenceEquals(unitName, _unitName) || usage.Count != _usage.Length)
            {
                return false;
            }

            for (var i = 0; i < _usage.Length; i++)
            {
                if (usage[i].DiscountPercent != _usage[i].Percent || usage[i].Units != _usage[i].Units)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
