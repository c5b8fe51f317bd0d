using Servala.Catalog.Model;

namespace Servala.Catalog.Sync;

/// <summary>
/// A catalog document that passed <see cref="CatalogValidator"/>: required values are present,
/// enumerations are typed, keys are unique and references resolve. Only this shape is upserted.
/// </summary>
public sealed record ValidCatalog(
    int SchemaVersion,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<ValidSlaTier> SlaTiers,
    IReadOnlyList<ValidService> Services);

/// <summary>An SLA tier; <c>SortOrder</c> is its position in <c>slaTiers</c> when the document gives none.</summary>
public sealed record ValidSlaTier(
    string Code,
    string Name,
    decimal? UptimePercent,
    int HaReplicaMin,
    ServiceLevel ServiceLevel,
    int SortOrder);

public sealed record ValidService(
    string Slug,
    string Name,
    string? Category,
    bool Listed,
    IReadOnlyList<string> SupportingServices,
    ValidPricing Pricing,
    IReadOnlyList<ValidSlaSurcharge> SlaSurcharges,
    IReadOnlyList<ValidComputePlan> ComputePlans,
    ValidStorage Storage,
    IReadOnlyList<ValidDiscountBracket> DiscountBrackets,
    IReadOnlyList<ValidComponent> Components,
    IReadOnlyList<ValidCspResource> CspResources);

public sealed record ValidPricing(
    string Currency,
    decimal BaseFeeMonthly,
    BillingUnit BillingUnit,
    decimal MinimumUnits,
    DiscountMode DiscountMode,
    string? ProductId);

public sealed record ValidSlaSurcharge(string SlaTier, decimal AmountMonthly, string? ProductId);

public sealed record ValidComputePlan(string Plan, string? Name, decimal Vcpu, decimal RamGib, decimal HourlyPrice, string ProductId);

public sealed record ValidStorage(decimal PricePerGibMonth, string? ProductId, int MinGib, int MaxGib, int StepGib);

public sealed record ValidDiscountBracket(decimal MinUnits, decimal? MaxUnits, decimal DiscountPercent);

/// <summary>A billing component; <c>Position</c> is its index in the service's <c>components</c> (catalog order).</summary>
public sealed record ValidComponent(
    string Key,
    string Product,
    string? ProductId,
    string? ValuePath,
    string? Unit,
    string? MultiplyByPath,
    int Position);

public sealed record ValidCspResource(
    string Code,
    string Name,
    string CloudProvider,
    decimal AmountMonthly,
    QuantityBasis QuantityBasis,
    string? ProductId);
