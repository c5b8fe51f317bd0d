using Servala.Catalog.Model;
using Servala.Catalog.Sync;

namespace Servala.Catalog.Admin;

/// <summary>The SLA tier fields staff may override.</summary>
public enum SlaTierField
{
    Name,
    UptimePercent,
    HaReplicaMin,
    ServiceLevel,
    SortOrder,
}

/// <summary>One complete set of tier values (the website's, or the effective ones).</summary>
public sealed record SlaTierValues(string Name, decimal? UptimePercent, int HaReplicaMin, ServiceLevel ServiceLevel, int SortOrder)
{
    /// <summary>The field as canonical text (the audit log's and the sync diff's notation).</summary>
    public string? Text(SlaTierField field) => field switch
    {
        SlaTierField.Name => Name,
        SlaTierField.UptimePercent => Canonical.Of(UptimePercent),
        SlaTierField.HaReplicaMin => Canonical.Of(HaReplicaMin),
        SlaTierField.ServiceLevel => Canonical.Of(ServiceLevel),
        SlaTierField.SortOrder => Canonical.Of(SortOrder),
    };
}

/// <summary>Staff overrides of a tier; null fields follow the website.</summary>
public sealed record SlaTierOverrides(string? Name, decimal? UptimePercent, int? HaReplicaMin, ServiceLevel? ServiceLevel, int? SortOrder)
{
    public static SlaTierOverrides None { get; } = new(null, null, null, null, null);

    public bool Has(SlaTierField field) => field switch
    {
        SlaTierField.Name => Name is not null,
        SlaTierField.UptimePercent => UptimePercent is not null,
        SlaTierField.HaReplicaMin => HaReplicaMin is not null,
        SlaTierField.ServiceLevel => ServiceLevel is not null,
        SlaTierField.SortOrder => SortOrder is not null,
    };

    public string? Text(SlaTierField field) => field switch
    {
        SlaTierField.Name => Name,
        SlaTierField.UptimePercent => Canonical.Of(UptimePercent),
        SlaTierField.HaReplicaMin => HaReplicaMin is { } h ? Canonical.Of(h) : null,
        SlaTierField.ServiceLevel => ServiceLevel is { } l ? Canonical.Of(l) : null,
        SlaTierField.SortOrder => SortOrder is { } s ? Canonical.Of(s) : null,
    };

    public SlaTierOverrides Without(SlaTierField field) => field switch
    {
        SlaTierField.Name => this with { Name = null },
        SlaTierField.UptimePercent => this with { UptimePercent = null },
        SlaTierField.HaReplicaMin => this with { HaReplicaMin = null },
        SlaTierField.ServiceLevel => this with { ServiceLevel = null },
        SlaTierField.SortOrder => this with { SortOrder = null },
    };

    /// <summary>The values pricing uses: each override, or the website's value where there is none.</summary>
    public SlaTierValues Over(SlaTierValues synced)
    {
        ArgumentNullException.ThrowIfNull(synced);
        return new(Name ?? synced.Name, UptimePercent ?? synced.UptimePercent, HaReplicaMin ?? synced.HaReplicaMin,
            ServiceLevel ?? synced.ServiceLevel, SortOrder ?? synced.SortOrder);
    }
}

/// <summary>
/// What staff typed: the effective value wanted per field; null leaves a field as it is. A value
/// equal to the website's value clears that field's override (the tier follows the website again).
/// </summary>
public sealed record SlaTierEdit(
    string? Name = null,
    decimal? UptimePercent = null,
    int? HaReplicaMin = null,
    ServiceLevel? ServiceLevel = null,
    int? SortOrder = null)
{
    /// <summary>The overrides that give the wanted effective values over <paramref name="synced"/>.</summary>
    public SlaTierOverrides ApplyTo(SlaTierOverrides current, SlaTierValues synced)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(synced);
        return new SlaTierOverrides(
            Name is null ? current.Name : Name == synced.Name ? null : Name,
            UptimePercent is null ? current.UptimePercent : UptimePercent == synced.UptimePercent ? null : UptimePercent,
            HaReplicaMin is null ? current.HaReplicaMin : HaReplicaMin == synced.HaReplicaMin ? null : HaReplicaMin,
            ServiceLevel is null ? current.ServiceLevel : ServiceLevel == synced.ServiceLevel ? null : ServiceLevel,
            SortOrder is null ? current.SortOrder : SortOrder == synced.SortOrder ? null : SortOrder);
    }
}

/// <summary>A tier as the admin grid shows it: the website's values, the overrides, and what pricing uses.</summary>
public sealed record SlaTierAdminRow(
    string Code,
    SlaTierValues Synced,
    SlaTierOverrides Overrides,
    SlaTierValues Effective,
    bool IsStale,
    DateTimeOffset LastSyncedAt,
    int Version)
{
    public static IReadOnlyList<SlaTierField> Fields { get; } =
        [SlaTierField.Name, SlaTierField.UptimePercent, SlaTierField.HaReplicaMin, SlaTierField.ServiceLevel, SlaTierField.SortOrder];

    public bool IsOverridden(SlaTierField field) => Overrides.Has(field);

    /// <summary>An override whose value is not the website's current one (the grid shows the website's value then).</summary>
    public bool DiffersFromWebsite(SlaTierField field) =>
        Overrides.Has(field) && !string.Equals(Synced.Text(field), Effective.Text(field), StringComparison.Ordinal);

    internal static SlaTierAdminRow From(SlaTier tier)
    {
        var synced = SyncedOf(tier);
        var overrides = OverridesOf(tier);
        return new(tier.Code, synced, overrides, overrides.Over(synced), tier.IsStale, tier.LastSyncedAt, tier.Version);
    }

    internal static SlaTierValues SyncedOf(SlaTier tier) => new(tier.Name, tier.UptimePercent, tier.HaReplicaMin, tier.ServiceLevel, tier.SortOrder);

    internal static SlaTierOverrides OverridesOf(SlaTier tier) =>
        new(tier.NameOverride, tier.UptimePercentOverride, tier.HaReplicaMinOverride, tier.ServiceLevelOverride, tier.SortOrderOverride);
}

public enum SlaTierSaveStatus
{
    Saved,
    Unchanged,
    Invalid,

    /// <summary>Someone saved the tier since it was loaded; nothing was written.</summary>
    Conflict,
    NotFound,
}

/// <summary>The outcome of a staff save; <see cref="Row"/> is the tier as stored now (to reload after a conflict).</summary>
public sealed record SlaTierSaveResult(SlaTierSaveStatus Status, SlaTierAdminRow? Row, IReadOnlyDictionary<SlaTierField, string> Errors, string? Message)
{
    public bool IsSuccess => Status is SlaTierSaveStatus.Saved or SlaTierSaveStatus.Unchanged;
}

/// <summary>One existing instance whose monthly price a tier change would move.</summary>
public sealed record InstancePriceChange(int InstanceId, string Instance, string Organization, string Currency, decimal OldMonthly, decimal NewMonthly);

/// <summary>Old → new monthly total of the affected instances, per currency.</summary>
public sealed record CurrencyTotals(string Currency, decimal OldMonthly, decimal NewMonthly);

/// <summary>What a proposed tier change would do to existing instances' prices.</summary>
public sealed record SlaTierImpact(
    int InstancesPriced,
    IReadOnlyList<InstancePriceChange> Changes,
    IReadOnlyList<CurrencyTotals> Totals,
    IReadOnlyDictionary<SlaTierField, string> Errors,
    int InstancesReapplied = 0)
{
    public int InstancesChanged => Changes.Count;

    /// <summary>The price part, as every impact preview shows it.</summary>
    public PriceImpact Impact => new(InstancesPriced, Changes, Totals, InstancesReapplied);
}
