using System.Globalization;
using System.Text.Json;
using Servala.Catalog.Data;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;
using Servala.Catalog.Setup;

namespace Servala.Tests.Support;

/// <summary>
/// The sample catalog (TestData/catalog.sample.json) written as catalog rows directly, the way a
/// sync would leave them, so tests do not depend on the sync; plus the sample setup via <see cref="SetupApplier"/>.
/// </summary>
public static class SampleCatalog
{
    public static readonly DateTimeOffset SyncedAt = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Seeds the catalog, applies the sample setup and returns the snapshot.</summary>
    public static async Task<CatalogSnapshot> LoadAsync(TestDatabase database, IUserDirectory? users = null)
    {
        await SeedCatalogAsync(database);
        await new SetupApplier(database.Factory).ApplyAsync(SetupFile.Parse(TestFiles.SampleSetup), users ?? new FakeUserDirectory());
        await using var db = database.CreateContext();
        return await CatalogSnapshotStore.LoadAsync(db, SyncedAt);
    }

    /// <summary>Writes the catalog document's rows (services, tiers, prices, components, CSP resources, plan codes).</summary>
    public static async Task SeedCatalogAsync(TestDatabase database, string? catalogJson = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        using var document = JsonDocument.Parse(catalogJson ?? TestFiles.SampleCatalog);
        var root = document.RootElement;
        await using var db = database.CreateContext();

        var tiers = new Dictionary<string, SlaTier>(StringComparer.Ordinal);
        foreach (var t in root.GetProperty("slaTiers").EnumerateArray())
        {
            var code = t.GetProperty("code").GetString()!;
            // The first migration seeds "nosla"; a sync updates it like any other tier.
            var tier = db.SlaTiers.Local.FirstOrDefault(x => x.Code == code)
                ?? db.SlaTiers.FirstOrDefault(x => x.Code == code)
                ?? db.SlaTiers.Add(new SlaTier { Code = code, Name = "" }).Entity;
            tier.Name = t.GetProperty("name").GetString()!;
            tier.UptimePercent = NullableDecimal(t, "uptimePercent");
            tier.HaReplicaMin = t.GetProperty("haReplicaMin").GetInt32();
            tier.ServiceLevel = CatalogEnums.ParseServiceLevel(t.GetProperty("serviceLevel").GetString()) ?? throw new InvalidDataException("serviceLevel");
            tier.SortOrder = t.GetProperty("sortOrder").GetInt32();
            tier.LastSyncedAt = SyncedAt;
            tiers[code] = tier;
        }

        var plans = new Dictionary<string, ComputePlan>(StringComparer.Ordinal);
        foreach (var s in root.GetProperty("services").EnumerateArray())
        {
            var service = new Service
            {
                Slug = s.GetProperty("slug").GetString()!,
                Name = s.GetProperty("name").GetString()!,
                Category = String(s, "category"),
                Listed = s.GetProperty("listed").GetBoolean(),
                SupportingServiceSlugs = s.TryGetProperty("supportingServices", out var supporting)
                    ? string.Join(',', supporting.EnumerateArray().Select(x => x.GetString()))
                    : "",
            };
            db.Services.Add(service);

            var p = s.GetProperty("pricing");
            db.PricingConfigs.Add(new ServicePricingConfig
            {
                Service = service,
                Currency = p.GetProperty("currency").GetString()!,
                BaseFeeMonthly = Decimal(p, "baseFeeMonthly"),
                BillingUnit = CatalogEnums.ParseBillingUnit(p.GetProperty("billingUnit").GetString()) ?? throw new InvalidDataException("billingUnit"),
                MinimumUnits = Decimal(p, "minimumUnits"),
                DiscountMode = CatalogEnums.ParseDiscountMode(p.GetProperty("discountMode").GetString()) ?? throw new InvalidDataException("discountMode"),
                ProductId = String(p, "productId"),
                LastSyncedAt = SyncedAt,
            });

            foreach (var x in s.GetProperty("slaSurcharges").EnumerateArray())
            {
                db.SlaSurcharges.Add(new SlaSurcharge
                {
                    Service = service,
                    SlaTier = tiers[x.GetProperty("slaTier").GetString()!],
                    AmountMonthly = Decimal(x, "amountMonthly"),
                    ProductId = String(x, "productId"),
                    LastSyncedAt = SyncedAt,
                });
            }

            foreach (var x in s.GetProperty("computePlans").EnumerateArray())
            {
                var code = x.GetProperty("plan").GetString()!;
                if (!plans.TryGetValue(code, out var plan))
                {
                    plan = new ComputePlan { Code = code };
                    plans.Add(code, plan);
                    db.ComputePlans.Add(plan);
                }

                db.ComputePlanEntries.Add(new ComputePlanCatalogEntry
                {
                    Service = service,
                    ComputePlan = plan,
                    Name = String(x, "name"),
                    Vcpu = Decimal(x, "vcpu"),
                    RamGib = Decimal(x, "ramGib"),
                    HourlyPrice = Decimal(x, "hourlyPrice"),
                    ProductId = x.GetProperty("productId").GetString()!,
                    LastSyncedAt = SyncedAt,
                });
            }

            if (s.TryGetProperty("storage", out var storage) && storage.ValueKind == JsonValueKind.Object)
            {
                db.StorageEntries.Add(new StorageCatalogEntry
                {
                    Service = service,
                    PricePerGibMonth = Decimal(storage, "pricePerGibMonth"),
                    ProductId = String(storage, "productId"),
                    MinGib = storage.GetProperty("minGib").GetInt32(),
                    MaxGib = storage.GetProperty("maxGib").GetInt32(),
                    StepGib = storage.GetProperty("stepGib").GetInt32(),
                    LastSyncedAt = SyncedAt,
                });
            }

            foreach (var x in s.GetProperty("discountBrackets").EnumerateArray())
            {
                db.DiscountBrackets.Add(new DiscountBracket
                {
                    Service = service,
                    MinUnits = Decimal(x, "minUnits"),
                    MaxUnits = NullableDecimal(x, "maxUnits"),
                    DiscountPercent = Decimal(x, "discountPercent"),
                    LastSyncedAt = SyncedAt,
                });
            }

            var position = 0;
            foreach (var x in s.GetProperty("components").EnumerateArray())
            {
                db.ComponentSpecs.Add(new ComponentSpec
                {
                    Service = service,
                    Key = x.GetProperty("key").GetString()!,
                    Product = x.GetProperty("product").GetString()!,
                    ProductId = String(x, "productId"),
                    ValuePath = String(x, "valuePath"),
                    Unit = String(x, "unit"),
                    MultiplyByPath = String(x, "multiplyByPath"),
                    Position = position++,
                    LastSyncedAt = SyncedAt,
                });
            }

            foreach (var x in s.GetProperty("cspResources").EnumerateArray())
            {
                db.CspResources.Add(new CspResource
                {
                    Service = service,
                    Code = x.GetProperty("code").GetString()!,
                    Name = x.GetProperty("name").GetString()!,
                    CloudProviderCode = x.GetProperty("cloudProvider").GetString()!,
                    AmountMonthly = Decimal(x, "amountMonthly"),
                    QuantityBasis = CatalogEnums.ParseQuantityBasis(x.GetProperty("quantityBasis").GetString()) ?? throw new InvalidDataException("quantityBasis"),
                    ProductId = String(x, "productId"),
                    LastSyncedAt = SyncedAt,
                });
            }
        }

        await db.SaveChangesAsync();
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static decimal Decimal(JsonElement element, string name) =>
        NullableDecimal(element, name) ?? throw new InvalidDataException($"missing decimal '{name}'");

    private static decimal? NullableDecimal(JsonElement element, string name) =>
        String(element, name) is { } text ? decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture) : null;
}
