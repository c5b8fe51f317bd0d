namespace Servala.Catalog.Model;

/// <summary>
/// A row owned by the catalog sync. Rows missing from the latest catalog document are kept
/// but marked stale: hidden from new orders, still used to price existing instances.
/// </summary>
public abstract class SyncedEntity
{
    public int Id { get; set; }

    /// <summary>When the website last confirmed this row.</summary>
    public DateTimeOffset LastSyncedAt { get; set; }

    public bool IsStale { get; set; }
}

/// <summary>
/// An SLA tier. <see cref="Name"/>, <see cref="UptimePercent"/>, <see cref="HaReplicaMin"/>,
/// <see cref="ServiceLevel"/> and <see cref="SortOrder"/> are the website's values, written only by
/// the sync; the <c>…Override</c> columns are staff edits that win over them (the <c>Effective…</c>
/// values) and are never touched by a sync. <see cref="Version"/> guards staff saves (optimistic concurrency).
/// </summary>
public sealed class SlaTier : SyncedEntity
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public decimal? UptimePercent { get; set; }
    public int HaReplicaMin { get; set; }
    public ServiceLevel ServiceLevel { get; set; }
    public int SortOrder { get; set; }

    public string? NameOverride { get; set; }
    public decimal? UptimePercentOverride { get; set; }
    public int? HaReplicaMinOverride { get; set; }
    public ServiceLevel? ServiceLevelOverride { get; set; }
    public int? SortOrderOverride { get; set; }

    /// <summary>Incremented by every staff save; a save that expected another version is refused.</summary>
    public int Version { get; set; }

    public string EffectiveName => NameOverride ?? Name;
    public decimal? EffectiveUptimePercent => UptimePercentOverride ?? UptimePercent;
    public int EffectiveHaReplicaMin => HaReplicaMinOverride ?? HaReplicaMin;
    public ServiceLevel EffectiveServiceLevel => ServiceLevelOverride ?? ServiceLevel;
    public int EffectiveSortOrder => SortOrderOverride ?? SortOrder;
}

public sealed class ServicePricingConfig : SyncedEntity
{
    public int ServiceId { get; set; }
    public Service Service { get; set; } = null!;
    public required string Currency { get; set; }
    public decimal BaseFeeMonthly { get; set; }
    public BillingUnit BillingUnit { get; set; }
    public decimal MinimumUnits { get; set; }
    public DiscountMode DiscountMode { get; set; }
    public string? ProductId { get; set; }
}

public sealed class SlaSurcharge : SyncedEntity
{
    public int ServiceId { get; set; }
    public Service Service { get; set; } = null!;
    public int SlaTierId { get; set; }
    public SlaTier SlaTier { get; set; } = null!;
    public decimal AmountMonthly { get; set; }
    public string? ProductId { get; set; }
}

public sealed class ComputePlanCatalogEntry : SyncedEntity
{
    public int ServiceId { get; set; }
    public Service Service { get; set; } = null!;
    public int ComputePlanId { get; set; }
    public ComputePlan ComputePlan { get; set; } = null!;
    public string? Name { get; set; }
    public decimal Vcpu { get; set; }

    /// <summary>RAM in GiB; fractional (0.5 = 512Mi) is allowed.</summary>
    public decimal RamGib { get; set; }

    /// <summary>List price per replica-hour.</summary>
    public decimal HourlyPrice { get; set; }

    public required string ProductId { get; set; }
}

public sealed class StorageCatalogEntry : SyncedEntity
{
    public int ServiceId { get; set; }
    public Service Service { get; set; } = null!;
    public decimal PricePerGibMonth { get; set; }
    public string? ProductId { get; set; }
    public int MinGib { get; set; }
    public int MaxGib { get; set; }
    public int StepGib { get; set; }
}

/// <summary>Units in <c>[MinUnits, MaxUnits)</c> get <see cref="DiscountPercent"/> off the list rate.</summary>
public sealed class DiscountBracket : SyncedEntity
{
    public int ServiceId { get; set; }
    public Service Service { get; set; } = null!;
    public decimal MinUnits { get; set; }

    /// <summary>Exclusive upper bound; null is open-ended.</summary>
    public decimal? MaxUnits { get; set; }

    public decimal DiscountPercent { get; set; }
}

/// <summary>One billing annotation item of a service, in catalog order.</summary>
public sealed class ComponentSpec : SyncedEntity
{
    public int ServiceId { get; set; }
    public Service Service { get; set; } = null!;
    public required string Key { get; set; }

    /// <summary><c>base|compute_plan|storage|sla|csp:&lt;code&gt;|fixed</c>.</summary>
    public required string Product { get; set; }

    public string? ProductId { get; set; }
    public string? ValuePath { get; set; }
    public string? Unit { get; set; }
    public string? MultiplyByPath { get; set; }
    public int Position { get; set; }
}

/// <summary>A cloud-provider-specific resource billed with a service (e.g. backup storage).</summary>
public sealed class CspResource : SyncedEntity
{
    public int ServiceId { get; set; }
    public Service Service { get; set; } = null!;
    public required string Code { get; set; }
    public required string Name { get; set; }

    /// <summary>Cloud provider code as the website names it; resolved against the portal's providers when pricing.</summary>
    public required string CloudProviderCode { get; set; }

    public decimal AmountMonthly { get; set; }
    public QuantityBasis QuantityBasis { get; set; }
    public string? ProductId { get; set; }
}
