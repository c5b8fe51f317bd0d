namespace Servala.Catalog.Model;

/// <summary>A rule an SLA tier's values break (see <see cref="SlaTierRules"/>).</summary>
public enum SlaTierRule
{
    UptimeBelowZero,
    UptimeAboveHundred,
    HaReplicaMinBelowOne,
    GuaranteedHaReplicaMinBelowTwo,
}

/// <summary>
/// The rules of an SLA tier's values, one place for the catalog sync's validator and the staff
/// overrides: an override must leave the tier as valid as a catalog document has to be. Each caller
/// words the broken rule its own way (a JSON path message, a form field message).
/// </summary>
public static class SlaTierRules
{
    /// <summary>The uptime is a percentage: 0 to 100, or unset.</summary>
    public static SlaTierRule? Uptime(decimal? uptimePercent) => uptimePercent switch
    {
        < 0m => SlaTierRule.UptimeBelowZero,
        > 100m => SlaTierRule.UptimeAboveHundred,
        _ => null,
    };

    /// <summary>At least one replica; a guaranteed tier needs at least two. Unset is for the caller's required check.</summary>
    public static SlaTierRule? HaReplicaMin(int? haReplicaMin, ServiceLevel? level) => haReplicaMin switch
    {
        < 1 => SlaTierRule.HaReplicaMinBelowOne,
        < 2 when level == ServiceLevel.Guaranteed => SlaTierRule.GuaranteedHaReplicaMinBelowTwo,
        _ => null,
    };
}
