using System.Collections.Frozen;
using Servala.Catalog.Model;

namespace Servala.Catalog.Pricing;

/// <summary>
/// An immutable, in-memory copy of everything pricing needs, stale rows included (flagged).
/// Built from the database after each successful sync and swapped atomically; the calculator
/// never touches the database.
/// </summary>
public sealed record CatalogSnapshot(
    string Version,
    DateTimeOffset BuiltAt,
    FrozenDictionary<string, SlaTierInfo> Tiers,
    FrozenDictionary<string, ServiceInfo> Services,
    FrozenDictionary<string, ControlPlaneInfo> ControlPlanes)
{
    public static CatalogSnapshot Empty { get; } = new(
        "empty",
        DateTimeOffset.MinValue,
        FrozenDictionary<string, SlaTierInfo>.Empty,
        FrozenDictionary<string, ServiceInfo>.Empty,
        FrozenDictionary<string, ControlPlaneInfo>.Empty);

    /// <summary>Live tiers in display order.</summary>
    public IEnumerable<SlaTierInfo> LiveTiers =>
        Tiers.Values.Where(t => !t.IsStale).OrderBy(t => t.SortOrder).ThenBy(t => t.Code, StringComparer.Ordinal);
}

public sealed record SlaTierInfo(
    string Code,
    string Name,
    decimal? UptimePercent,
    int HaReplicaMin,
    ServiceLevel ServiceLevel,
    int SortOrder,
    bool IsStale,
    DateTimeOffset LastSyncedAt)
{
    /// <summary>The SLA line's description, made once (<see cref="DerivedTexts"/>).</summary>
    internal DerivedTexts Texts { get; } = new();
}

public sealed record ControlPlaneInfo(string Code, string Name, string CloudProviderCode, string CloudProviderName);

public sealed record ServiceInfo(
    string Slug,
    string Name,
    string? Category,
    bool Listed,
    IReadOnlyList<string> SupportingServices,
    PricingInfo? Pricing,
    FrozenDictionary<string, SurchargeInfo> Surcharges,
    FrozenDictionary<string, PlanInfo> Plans,
    StorageInfo? Storage,
    IReadOnlyList<BracketInfo> Brackets,
    IReadOnlyList<ComponentInfo> Components,
    IReadOnlyList<CspResourceInfo> CspResources,
    FrozenDictionary<string, OfferingInfo> Offerings)
{
    /// <summary>The base fee line's description, made once (<see cref="DerivedTexts"/>).</summary>
    internal DerivedTexts Texts { get; } = new();
}

public sealed record PricingInfo(
    string Currency,
    decimal BaseFeeMonthly,
    BillingUnit BillingUnit,
    decimal MinimumUnits,
    DiscountMode DiscountMode,
    string? ProductId,
    bool IsStale);

public sealed record SurchargeInfo(string SlaTier, decimal AmountMonthly, string? ProductId, bool IsStale);

public sealed record PlanInfo(
    string Code,
    string? Name,
    decimal Vcpu,
    decimal RamGib,
    decimal HourlyPrice,
    string ProductId,
    bool IsStale,
    DateTimeOffset LastSyncedAt)
{
    public string DisplayName => Name ?? Code;

    /// <summary>The compute and discount lines' descriptions per billed replica count, made once (<see cref="DerivedTexts"/>).</summary>
    internal DerivedTexts Texts { get; } = new();
}

public sealed record StorageInfo(decimal PricePerGibMonth, string? ProductId, int MinGib, int MaxGib, int StepGib, bool IsStale);

public sealed record BracketInfo(decimal MinUnits, decimal? MaxUnits, decimal DiscountPercent, bool IsStale);

public sealed record ComponentInfo(
    string Key,
    string Product,
    string? ProductId,
    string? ValuePath,
    string? Unit,
    string? MultiplyByPath,
    bool IsStale);

public sealed record CspResourceInfo(
    string Code,
    string Name,
    string CloudProvider,
    decimal AmountMonthly,
    QuantityBasis QuantityBasis,
    string? ProductId,
    bool IsStale)
{
    /// <summary>The CSP line's description, made once (<see cref="DerivedTexts"/>).</summary>
    internal DerivedTexts Texts { get; } = new();
}

/// <summary>The service on a control plane: its claim kind and the plans assigned there.</summary>
public sealed record OfferingInfo(string ControlPlane, string ApiVersion, string Kind, FrozenSet<string> AssignedPlans);
