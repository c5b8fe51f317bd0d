using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;

namespace Servala.Tests.Support;

/// <summary>
/// Builds a <see cref="CatalogSnapshot"/> straight from the sample catalog and setup JSON, so the
/// calculator can be tested on its own; the database path is covered by the sync and web tests.
/// </summary>
public static class SampleSnapshot
{
    private static readonly Lazy<CatalogSnapshot> Cached = new(() => Build(TestFiles.SampleCatalog, TestFiles.SampleSetup));

    public static CatalogSnapshot Instance => Cached.Value;

    public static CatalogSnapshot Build(string catalogJson, string setupJson)
    {
        using var catalog = JsonDocument.Parse(catalogJson);
        using var setup = JsonDocument.Parse(setupJson);
        var at = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

        var tiers = catalog.RootElement.GetProperty("slaTiers").EnumerateArray().Select(t => new SlaTierInfo(
            t.GetProperty("code").GetString()!,
            t.GetProperty("name").GetString()!,
            OptDec(t, "uptimePercent"),
            t.GetProperty("haReplicaMin").GetInt32(),
            CatalogEnums.ParseServiceLevel(t.GetProperty("serviceLevel").GetString())!.Value,
            t.TryGetProperty("sortOrder", out var so) ? so.GetInt32() : 0,
            false,
            at)).ToList();

        var providers = setup.RootElement.GetProperty("cloudProviders").EnumerateArray()
            .ToDictionary(p => p.GetProperty("code").GetString()!, p => p.GetProperty("name").GetString()!);
        var controlPlanes = setup.RootElement.GetProperty("controlPlanes").EnumerateArray().Select(c => new ControlPlaneInfo(
            c.GetProperty("code").GetString()!,
            c.GetProperty("name").GetString()!,
            c.GetProperty("cloudProvider").GetString()!,
            providers[c.GetProperty("cloudProvider").GetString()!])).ToList();
        var offerings = setup.RootElement.GetProperty("offerings").EnumerateArray().ToList();

        var services = catalog.RootElement.GetProperty("services").EnumerateArray().Select(s =>
        {
            var slug = s.GetProperty("slug").GetString()!;
            var p = s.GetProperty("pricing");
            var st = s.GetProperty("storage");
            return new ServiceInfo(
                slug,
                s.GetProperty("name").GetString()!,
                s.TryGetProperty("category", out var cat) ? cat.GetString() : null,
                s.GetProperty("listed").GetBoolean(),
                s.TryGetProperty("supportingServices", out var sup) ? sup.EnumerateArray().Select(x => x.GetString()!).ToList() : [],
                new PricingInfo(
                    p.GetProperty("currency").GetString()!,
                    Dec(p, "baseFeeMonthly"),
                    CatalogEnums.ParseBillingUnit(p.GetProperty("billingUnit").GetString())!.Value,
                    Dec(p, "minimumUnits"),
                    CatalogEnums.ParseDiscountMode(p.GetProperty("discountMode").GetString())!.Value,
                    Str(p, "productId"),
                    false),
                s.GetProperty("slaSurcharges").EnumerateArray()
                    .Select(x => new SurchargeInfo(x.GetProperty("slaTier").GetString()!, Dec(x, "amountMonthly"), Str(x, "productId"), false))
                    .ToFrozenDictionary(x => x.SlaTier),
                s.GetProperty("computePlans").EnumerateArray()
                    .Select(x => new PlanInfo(x.GetProperty("plan").GetString()!, Str(x, "name"), Dec(x, "vcpu"), Dec(x, "ramGib"), Dec(x, "hourlyPrice"), x.GetProperty("productId").GetString()!, false, at))
                    .ToFrozenDictionary(x => x.Code),
                new StorageInfo(Dec(st, "pricePerGibMonth"), Str(st, "productId"), st.GetProperty("minGib").GetInt32(), st.GetProperty("maxGib").GetInt32(), st.GetProperty("stepGib").GetInt32(), false),
                s.GetProperty("discountBrackets").EnumerateArray()
                    .Select(x => new BracketInfo(Dec(x, "minUnits"), OptDec(x, "maxUnits"), Dec(x, "discountPercent"), false))
                    .ToList(),
                s.GetProperty("components").EnumerateArray()
                    .Select(x => new ComponentInfo(x.GetProperty("key").GetString()!, x.GetProperty("product").GetString()!, Str(x, "productId"), Str(x, "valuePath"), Str(x, "unit"), Str(x, "multiplyByPath"), false))
                    .ToList(),
                s.GetProperty("cspResources").EnumerateArray()
                    .Select(x => new CspResourceInfo(x.GetProperty("code").GetString()!, x.GetProperty("name").GetString()!, x.GetProperty("cloudProvider").GetString()!, Dec(x, "amountMonthly"),
                        CatalogEnums.ParseQuantityBasis(x.GetProperty("quantityBasis").GetString())!.Value, Str(x, "productId"), false))
                    .ToList(),
                offerings.Where(o => o.GetProperty("service").GetString() == slug)
                    .Select(o => new OfferingInfo(
                        o.GetProperty("controlPlane").GetString()!,
                        o.GetProperty("apiVersion").GetString()!,
                        o.GetProperty("kind").GetString()!,
                        o.GetProperty("plans").EnumerateArray().Select(x => x.GetString()!).ToFrozenSet()))
                    .ToFrozenDictionary(o => o.ControlPlane));
        }).ToList();

        return new CatalogSnapshot(
            "cat-sample",
            at,
            tiers.ToFrozenDictionary(t => t.Code),
            services.ToFrozenDictionary(s => s.Slug),
            controlPlanes.ToFrozenDictionary(c => c.Code));
    }

    private static decimal Dec(JsonElement e, string name) => ParseDec(e.GetProperty(name));

    private static decimal? OptDec(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? ParseDec(v) : null;

    private static decimal ParseDec(JsonElement v) => v.ValueKind == JsonValueKind.String
        ? decimal.Parse(v.GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture)
        : decimal.Parse(v.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
