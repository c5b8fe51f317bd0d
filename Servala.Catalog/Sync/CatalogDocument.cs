namespace Servala.Catalog.Sync;

/// <summary>
/// The website's catalog document as read off the wire, before validation: every field is
/// nullable (absent or JSON <c>null</c>), enumerations are still strings and decimals are
/// exact. <see cref="CatalogValidator"/> turns it into a <see cref="ValidCatalog"/>. <c>ReadErrors</c>
/// lists values present with the wrong JSON type (e.g. an object where a decimal belongs), by JSON path.
/// </summary>
public sealed record CatalogDocument(
    int? SchemaVersion,
    DateTimeOffset? GeneratedAt,
    IReadOnlyList<SlaTierDocument>? SlaTiers,
    IReadOnlyList<ServiceDocument>? Services,
    IReadOnlyList<Violation> ReadErrors);

public sealed record SlaTierDocument(
    string? Code,
    string? Name,
    decimal? UptimePercent,
    int? HaReplicaMin,
    string? ServiceLevel,
    int? SortOrder);

public sealed record ServiceDocument(
    string? Slug,
    string? Name,
    string? Category,
    bool? Listed,
    IReadOnlyList<string?>? SupportingServices,
    PricingDocument? Pricing,
    IReadOnlyList<SlaSurchargeDocument>? SlaSurcharges,
    IReadOnlyList<ComputePlanDocument>? ComputePlans,
    StorageDocument? Storage,
    IReadOnlyList<DiscountBracketDocument>? DiscountBrackets,
    IReadOnlyList<ComponentDocument>? Components,
    IReadOnlyList<CspResourceDocument>? CspResources);

public sealed record PricingDocument(
    string? Currency,
    decimal? BaseFeeMonthly,
    string? BillingUnit,
    decimal? MinimumUnits,
    string? DiscountMode,
    string? ProductId);

public sealed record SlaSurchargeDocument(string? SlaTier, decimal? AmountMonthly, string? ProductId);

public sealed record ComputePlanDocument(
    string? Plan,
    string? Name,
    decimal? Vcpu,
    decimal? RamGib,
    decimal? HourlyPrice,
    string? ProductId);

public sealed record StorageDocument(decimal? PricePerGibMonth, string? ProductId, int? MinGib, int? MaxGib, int? StepGib);

/// <summary>A discount bracket; <c>MaxUnits</c> is null when absent or JSON <c>null</c> (open-ended).</summary>
public sealed record DiscountBracketDocument(decimal? MinUnits, decimal? MaxUnits, decimal? DiscountPercent);

public sealed record ComponentDocument(
    string? Key,
    string? Product,
    string? ProductId,
    string? ValuePath,
    string? Unit,
    string? MultiplyByPath);

public sealed record CspResourceDocument(
    string? Code,
    string? Name,
    string? CloudProvider,
    decimal? AmountMonthly,
    string? QuantityBasis,
    string? ProductId);

