using System.Globalization;
using System.Text.RegularExpressions;
using Servala.Catalog.Model;

namespace Servala.Catalog.Sync;

/// <summary>The outcome of validating a whole catalog document.</summary>
/// <param name="Catalog">The typed catalog; null when there is any violation.</param>
/// <param name="Violations">Every violation found, in document order, each with its JSON path.</param>
public sealed record CatalogValidationResult(ValidCatalog? Catalog, IReadOnlyList<Violation> Violations)
{
    public bool IsValid => Catalog is not null;
}

/// <summary>
/// Checks a whole <see cref="CatalogDocument"/> against the rules of the website catalog API
/// (catalog-api.md) and reports every violation, not just the first, each with its JSON path
/// (<c>services[2].computePlans[0].hourlyPrice: must be &gt; 0</c>). A document with any violation
/// yields no catalog, so the sync never writes part of one.
/// </summary>
public static partial class CatalogValidator
{
    /// <summary>The only schema version this portal understands.</summary>
    public const int SupportedSchemaVersion = 1;

    public static CatalogValidationResult Validate(CatalogDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var check = new Checker(document.ReadErrors);

        if (document.SchemaVersion is { } version && version != SupportedSchemaVersion)
        {
            check.Fail("schemaVersion", $"must be {SupportedSchemaVersion} (got {version})");
        }

        check.Required(document.SchemaVersion, "schemaVersion");
        var generatedAt = check.Required(document.GeneratedAt, "generatedAt");
        var tierDocs = check.Required(document.SlaTiers, "slaTiers") ?? [];
        var serviceDocs = check.Required(document.Services, "services") ?? [];

        var tiers = tierDocs.Select((t, i) => ValidateTier(check, t, i)).ToList();
        check.Unique(tierDocs.Select((t, i) => (t.Code, $"slaTiers[{i}].code")), "tier code");
        var tierCodes = tierDocs.Select(t => t.Code).OfType<string>().ToHashSet(StringComparer.Ordinal);

        check.Unique(serviceDocs.Select((s, i) => (s.Slug, $"services[{i}].slug")), "service slug");
        var slugs = serviceDocs.Select(s => s.Slug).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var services = serviceDocs.Select((s, i) => ValidateService(check, s, $"services[{i}]", tierCodes, slugs)).ToList();

        return check.Violations.Count > 0
            ? new CatalogValidationResult(null, check.Violations)
            : new CatalogValidationResult(new ValidCatalog(SupportedSchemaVersion, generatedAt, tiers, services), []);
    }

    private static ValidSlaTier ValidateTier(Checker check, SlaTierDocument t, int index)
    {
        var path = $"slaTiers[{index}]";
        var code = check.RequiredText(t.Code, $"{path}.code");
        var name = check.RequiredText(t.Name, $"{path}.name");
        var level = check.Enum(t.ServiceLevel, $"{path}.serviceLevel", CatalogEnums.ParseServiceLevel, "besteffort|guaranteed");
        var haMin = check.Required(t.HaReplicaMin, $"{path}.haReplicaMin");
        if (SlaTierRules.HaReplicaMin(t.HaReplicaMin, level) is { } haRule)
        {
            check.Fail($"{path}.haReplicaMin", Describe(haRule));
        }

        if (SlaTierRules.Uptime(t.UptimePercent) is { } uptimeRule)
        {
            check.Fail($"{path}.uptimePercent", Describe(uptimeRule));
        }

        return new ValidSlaTier(code, name, t.UptimePercent, haMin, level, t.SortOrder ?? index);
    }

    private static string Describe(SlaTierRule rule) => rule switch
    {
        SlaTierRule.UptimeBelowZero => "must be >= 0",
        SlaTierRule.UptimeAboveHundred => "must be <= 100",
        SlaTierRule.HaReplicaMinBelowOne => "must be >= 1",
        SlaTierRule.GuaranteedHaReplicaMinBelowTwo => "must be >= 2 for a guaranteed tier",
    };

    private static ValidService ValidateService(
        Checker check, ServiceDocument s, string path, HashSet<string> tierCodes, HashSet<string> slugs)
    {
        var slug = check.RequiredText(s.Slug, $"{path}.slug");
        var name = check.RequiredText(s.Name, $"{path}.name");
        var listed = check.Required(s.Listed, $"{path}.listed");

        var supporting = new List<string>();
        for (var i = 0; i < (s.SupportingServices?.Count ?? 0); i++)
        {
            var other = s.SupportingServices![i];
            if (other is null)
            {
                continue;
            }

            if (!slugs.Contains(other))
            {
                check.Fail($"{path}.supportingServices[{i}]", $"unknown service '{other}'");
            }

            supporting.Add(other);
        }

        var pricing = ValidatePricing(check, check.Required(s.Pricing, $"{path}.pricing"), $"{path}.pricing");

        var surchargeDocs = check.Required(s.SlaSurcharges, $"{path}.slaSurcharges") ?? [];
        var surcharges = surchargeDocs.Select((x, i) =>
        {
            var p = $"{path}.slaSurcharges[{i}]";
            var tier = check.RequiredText(x.SlaTier, $"{p}.slaTier");
            if (x.SlaTier is { Length: > 0 } && !tierCodes.Contains(x.SlaTier))
            {
                check.Fail($"{p}.slaTier", $"unknown SLA tier '{x.SlaTier}'");
            }

            return new ValidSlaSurcharge(tier, check.Amount(x.AmountMonthly, $"{p}.amountMonthly"), x.ProductId);
        }).ToList();
        check.Unique(surchargeDocs.Select((x, i) => (x.SlaTier, $"{path}.slaSurcharges[{i}].slaTier")), "SLA tier");

        var planDocs = check.Required(s.ComputePlans, $"{path}.computePlans") ?? [];
        var plans = new List<ValidComputePlan>(planDocs.Count);
        foreach (var (x, i) in planDocs.Select((x, i) => (x, i)))
        {
            // The bulk of a large catalog: a valid plan is taken as it is, without naming the paths no violation needs.
            if (!string.IsNullOrWhiteSpace(x.Plan) && x.Vcpu > 0 && x.RamGib > 0 && x.HourlyPrice > 0 && !string.IsNullOrWhiteSpace(x.ProductId))
            {
                plans.Add(new ValidComputePlan(x.Plan, x.Name, x.Vcpu.Value, x.RamGib.Value, x.HourlyPrice.Value, x.ProductId));
                continue;
            }

            var p = $"{path}.computePlans[{i}]";
            plans.Add(new ValidComputePlan(
                check.RequiredText(x.Plan, $"{p}.plan"),
                x.Name,
                check.Positive(x.Vcpu, $"{p}.vcpu"),
                check.Positive(x.RamGib, $"{p}.ramGib"),
                check.Positive(x.HourlyPrice, $"{p}.hourlyPrice"),
                check.RequiredText(x.ProductId, $"{p}.productId")));
        }

        check.Unique(planDocs.Select(x => x.Plan), i => $"{path}.computePlans[{i}].plan", "plan");

        var storage = ValidateStorage(check, check.Required(s.Storage, $"{path}.storage"), $"{path}.storage");
        var brackets = ValidateBrackets(check, check.Required(s.DiscountBrackets, $"{path}.discountBrackets") ?? [], $"{path}.discountBrackets");

        var cspDocs = check.Required(s.CspResources, $"{path}.cspResources") ?? [];
        var csp = cspDocs.Select((x, i) =>
        {
            var p = $"{path}.cspResources[{i}]";
            return new ValidCspResource(
                check.RequiredText(x.Code, $"{p}.code"),
                check.RequiredText(x.Name, $"{p}.name"),
                check.RequiredText(x.CloudProvider, $"{p}.cloudProvider"),
                check.Amount(x.AmountMonthly, $"{p}.amountMonthly"),
                check.Enum(x.QuantityBasis, $"{p}.quantityBasis", CatalogEnums.ParseQuantityBasis, "instance|replica|storage_gib"),
                x.ProductId);
        }).ToList();
        check.Unique(
            cspDocs.Select((x, i) => (x.Code is null || x.CloudProvider is null ? null : $"{x.Code}@{x.CloudProvider}", $"{path}.cspResources[{i}]")),
            "CSP resource (code, cloudProvider)");
        var cspCodes = cspDocs.Select(x => x.Code).OfType<string>().ToHashSet(StringComparer.Ordinal);

        var componentDocs = check.Required(s.Components, $"{path}.components") ?? [];
        var components = componentDocs.Select((x, i) => ValidateComponent(check, x, $"{path}.components[{i}]", i, cspCodes)).ToList();
        check.Unique(componentDocs.Select((x, i) => (x.Key, $"{path}.components[{i}].key")), "component key");

        return new ValidService(slug, name, s.Category, listed, supporting, pricing, surcharges, plans, storage, brackets, components, csp);
    }

    private static ValidPricing ValidatePricing(Checker check, PricingDocument? x, string path)
    {
        if (x is null)
        {
            return null!;
        }

        var currency = check.RequiredText(x.Currency, $"{path}.currency");
        if (x.Currency is { Length: > 0 } && !CurrencyPattern().IsMatch(x.Currency))
        {
            check.Fail($"{path}.currency", "must be 3 upper-case letters (ISO 4217)");
        }

        return new ValidPricing(
            currency,
            check.Amount(x.BaseFeeMonthly, $"{path}.baseFeeMonthly"),
            check.Enum(x.BillingUnit, $"{path}.billingUnit", CatalogEnums.ParseBillingUnit, "instance|vcpu|ram_gib"),
            check.Amount(x.MinimumUnits, $"{path}.minimumUnits"),
            check.Enum(x.DiscountMode, $"{path}.discountMode", CatalogEnums.ParseDiscountMode, "graduated|volume"),
            x.ProductId);
    }

    private static ValidStorage ValidateStorage(Checker check, StorageDocument? x, string path)
    {
        if (x is null)
        {
            return null!;
        }

        var minGib = check.Required(x.MinGib, $"{path}.minGib");
        var maxGib = check.Required(x.MaxGib, $"{path}.maxGib");
        var stepGib = check.Required(x.StepGib, $"{path}.stepGib");
        if (x.MinGib < 0)
        {
            check.Fail($"{path}.minGib", "must be >= 0");
        }

        if (x.MinGib is { } min && x.MaxGib is { } max && max < min)
        {
            check.Fail($"{path}.maxGib", $"must be >= minGib ({min})");
        }

        if (x.StepGib <= 0)
        {
            check.Fail($"{path}.stepGib", "must be > 0");
        }

        return new ValidStorage(check.Amount(x.PricePerGibMonth, $"{path}.pricePerGibMonth"), x.ProductId, minGib, maxGib, stepGib);
    }

    private static List<ValidDiscountBracket> ValidateBrackets(Checker check, IReadOnlyList<DiscountBracketDocument> docs, string path)
    {
        var brackets = new List<ValidDiscountBracket>();
        for (var i = 0; i < docs.Count; i++)
        {
            var x = docs[i];
            var p = $"{path}[{i}]";
            var min = check.Amount(x.MinUnits, $"{p}.minUnits");
            var percent = check.Required(x.DiscountPercent, $"{p}.discountPercent");
            if (x.DiscountPercent is < 0 or > 100)
            {
                check.Fail($"{p}.discountPercent", "must be between 0 and 100");
            }

            if (i == 0 && x.MinUnits is { } first && first != 0)
            {
                check.Fail($"{p}.minUnits", "the first bracket must start at 0");
            }

            if (i > 0 && docs[i - 1].MaxUnits is { } previousMax && x.MinUnits is { } m && m != previousMax)
            {
                check.Fail($"{p}.minUnits", $"must equal the previous bracket's maxUnits ({Canonical.Of(previousMax)}): brackets are contiguous");
            }

            if (x.MaxUnits is null && i < docs.Count - 1)
            {
                check.Fail($"{p}.maxUnits", "only the last bracket may be open-ended (null)");
            }

            if (x.MaxUnits is { } max && x.MinUnits is { } lower && max <= lower)
            {
                check.Fail($"{p}.maxUnits", "must be > minUnits");
            }

            brackets.Add(new ValidDiscountBracket(min, x.MaxUnits, percent));
        }

        return brackets;
    }

    private static ValidComponent ValidateComponent(Checker check, ComponentDocument x, string path, int position, HashSet<string> cspCodes)
    {
        var key = check.RequiredText(x.Key, $"{path}.key");
        var product = check.RequiredText(x.Product, $"{path}.product");
        switch (x.Product)
        {
            case null or "":
            case ComponentProducts.Base or ComponentProducts.ComputePlan or ComponentProducts.Storage or ComponentProducts.Sla:
                break;
            case ComponentProducts.Fixed:
                if (string.IsNullOrWhiteSpace(x.ProductId))
                {
                    check.Fail($"{path}.productId", "is required for a fixed component");
                }

                break;
            case string csp when ComponentProducts.CspCode(csp) is { } code:
                if (code.Length == 0)
                {
                    check.Fail($"{path}.product", "csp: needs a resource code (csp:<code>)");
                }
                else if (!cspCodes.Contains(code))
                {
                    check.Fail($"{path}.product", $"no cspResources entry of this service has code '{code}'");
                }

                break;
            default:
                check.Fail($"{path}.product", $"must be one of {ComponentProducts.All} (got '{x.Product}')");
                break;
        }

        return new ValidComponent(key, product, x.ProductId, x.ValuePath, x.Unit, x.MultiplyByPath, position);
    }

    // \z, not $: "$" also matches before a trailing newline.
    [GeneratedRegex(@"\A[A-Z]{3}\z")]
    private static partial Regex CurrencyPattern();

    private sealed class Checker(IReadOnlyList<Violation> readErrors)
    {
        private readonly HashSet<string> _unreadable = readErrors.Select(e => e.Path).ToHashSet(StringComparer.Ordinal);

        public List<Violation> Violations { get; } = [.. readErrors];

        public void Fail(string path, string message) => Violations.Add(new Violation(path, message));

        /// <summary>Reports a missing value (unless it was present but unreadable, already reported).</summary>
        public T Required<T>(T? value, string path)
            where T : class
        {
            if (value is null)
            {
                Missing(path);
            }

            return value!;
        }

        public T Required<T>(T? value, string path)
            where T : struct
        {
            if (value is null)
            {
                Missing(path);
            }

            return value.GetValueOrDefault();
        }

        public string RequiredText(string? value, string path)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Missing(path);
            }

            return value ?? "";
        }

        public TEnum Enum<TEnum>(string? wire, string path, Func<string?, TEnum?> parse, string allowed)
            where TEnum : struct
        {
            if (string.IsNullOrEmpty(wire))
            {
                Missing(path);
                return default;
            }

            if (parse(wire) is { } value)
            {
                return value;
            }

            Fail(path, $"must be one of {allowed} (got '{wire}')");
            return default;
        }

        public decimal Amount(decimal? value, string path)
        {
            AtLeastZero(value, path);
            return Required(value, path);
        }

        public void AtLeastZero(decimal? value, string path)
        {
            if (value < 0)
            {
                Fail(path, "must be >= 0");
            }
        }

        public decimal Positive(decimal? value, string path)
        {
            if (value <= 0)
            {
                Fail(path, "must be > 0");
            }

            return Required(value, path);
        }

        /// <summary>Reports every repeat of a key, at the repeat's path (<paramref name="pathOf"/> its index); paths are made only for repeats.</summary>
        public void Unique(IEnumerable<string?> keys, Func<int, string> pathOf, string what)
        {
            var firstAt = new Dictionary<string, int>(StringComparer.Ordinal);
            var index = 0;
            foreach (var key in keys)
            {
                if (key is not null && !firstAt.TryAdd(key, index))
                {
                    Fail(pathOf(index), string.Create(CultureInfo.InvariantCulture, $"duplicate {what} '{key}' (first at {pathOf(firstAt[key])})"));
                }

                index++;
            }
        }

        /// <summary>Reports every repeat of a key, at the repeat's path.</summary>
        public void Unique(IEnumerable<(string? Key, string Path)> keys, string what)
        {
            var firstAt = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, path) in keys)
            {
                if (key is null)
                {
                    continue;
                }

                if (!firstAt.TryAdd(key, path))
                {
                    Fail(path, string.Create(CultureInfo.InvariantCulture, $"duplicate {what} '{key}' (first at {firstAt[key]})"));
                }
            }
        }

        private void Missing(string path)
        {
            if (!_unreadable.Contains(path))
            {
                Fail(path, "is required");
            }
        }
    }
}
