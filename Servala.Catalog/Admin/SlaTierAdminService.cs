using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Servala.Catalog.Data;
using Servala.Catalog.Instances;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;

namespace Servala.Catalog.Admin;

/// <summary>
/// Staff overrides of SLA tiers.
/// <list type="bullet">
/// <item>An override is stored beside the website's value and wins over it; syncs never touch it.</item>
/// <item>Every save checks the tier's <see cref="SlaTier.Version"/>: a save that expected an older version
/// is a <see cref="SlaTierSaveStatus.Conflict"/> and writes nothing.</item>
/// <item>The effective tier must stay valid: uptime 0–100, HA minimum ≥ 1, a guaranteed tier's HA minimum ≥ 2.</item>
/// <item>Every changed override is written to the audit log with the save; the price snapshot is reloaded after it.</item>
/// </list>
/// </summary>
public sealed class SlaTierAdminService(
    IDbContextFactory<CatalogDbContext> dbFactory,
    CatalogSnapshotStore snapshots,
    PriceCalculator calculator,
    TimeProvider time)
{
    public const string AuditEntity = nameof(SlaTier);

    /// <summary>Every tier (stale ones too) in display order.</summary>
    public async Task<IReadOnlyList<SlaTierAdminRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tiers = await db.SlaTiers.IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken);
        return tiers.Select(SlaTierAdminRow.From)
            .OrderBy(r => r.IsStale).ThenBy(r => r.Effective.SortOrder).ThenBy(r => r.Code, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The tier's audit log (sync and staff changes), newest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> HistoryAsync(string code, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(a => a.Entity == AuditEntity && a.Key == code)
            .OrderByDescending(a => a.Id)
            .ToListAsync(cancellationToken);
        return entries;
    }

    /// <summary>Saves the wanted effective values of <paramref name="code"/> as overrides.</summary>
    public Task<SlaTierSaveResult> SaveOverridesAsync(string code, int expectedVersion, SlaTierEdit changes, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return ChangeAsync(code, expectedVersion, actor, (current, synced) => changes.ApplyTo(current, synced), cancellationToken);
    }

    /// <summary>Removes the override of one field: the tier follows the website's value again.</summary>
    public Task<SlaTierSaveResult> ResetFieldAsync(string code, int expectedVersion, SlaTierField field, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(code, expectedVersion, actor, (current, _) => current.Without(field), cancellationToken);

    /// <summary>
    /// Prices every existing instance (as it is, <see cref="QuoteContext.Existing"/>) with the current
    /// snapshot and with one where the tier has the proposed values, and lists those whose monthly price moves.
    /// Nothing is saved.
    /// </summary>
    public async Task<SlaTierImpact> PreviewImpactAsync(string code, SlaTierEdit proposed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proposed);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tier = await db.SlaTiers.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(t => t.Code == code, cancellationToken);
        var current = snapshots.Current;
        if (tier is null || !current.Tiers.TryGetValue(code, out var info))
        {
            return new SlaTierImpact(0, [], [], new Dictionary<SlaTierField, string>());
        }

        var synced = SlaTierAdminRow.SyncedOf(tier);
        var effective = proposed.ApplyTo(SlaTierAdminRow.OverridesOf(tier), synced).Over(synced);
        var errors = Validate(effective);
        var tiers = current.Tiers.ToDictionary(StringComparer.Ordinal);
        tiers[code] = info with
        {
            Name = effective.Name,
            UptimePercent = effective.UptimePercent,
            HaReplicaMin = effective.HaReplicaMin,
            ServiceLevel = effective.ServiceLevel,
            SortOrder = effective.SortOrder,
        };
        var modified = current with { Version = current.Version + "+preview", Tiers = tiers.ToFrozenDictionary(StringComparer.Ordinal) };

        var impact = await PriceImpact.ComputeAsync(db, calculator, current, modified, cancellationToken);
        return new SlaTierImpact(impact.InstancesPriced, impact.Changes, impact.Totals, errors, impact.InstancesReapplied);
    }

    /// <summary>
    /// The impact of <see cref="ResetFieldAsync"/>: the stored tier with <paramref name="field"/> following the
    /// website again (what the editor shows is not part of it). Nothing is saved.
    /// </summary>
    public async Task<SlaTierImpact> PreviewResetAsync(string code, SlaTierField field, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tier = await db.SlaTiers.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(t => t.Code == code, cancellationToken);
        if (tier is null)
        {
            return new SlaTierImpact(0, [], [], new Dictionary<SlaTierField, string>());
        }

        var effective = SlaTierAdminRow.OverridesOf(tier).Without(field).Over(SlaTierAdminRow.SyncedOf(tier));
        var edit = new SlaTierEdit(effective.Name, effective.UptimePercent, effective.HaReplicaMin, effective.ServiceLevel, effective.SortOrder);
        return await PreviewImpactAsync(code, edit, cancellationToken);
    }

    /// <summary>The catalog rules for a tier (see the catalog API validation), per field.</summary>
    public static IReadOnlyDictionary<SlaTierField, string> Validate(SlaTierValues values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var errors = new Dictionary<SlaTierField, string>();
        if (string.IsNullOrWhiteSpace(values.Name))
        {
            errors[SlaTierField.Name] = "The name must not be empty.";
        }

        if (SlaTierRules.Uptime(values.UptimePercent) is { } uptimeRule)
        {
            errors[SlaTierField.UptimePercent] = Describe(uptimeRule);
        }

        if (SlaTierRules.HaReplicaMin(values.HaReplicaMin, values.ServiceLevel) is { } haRule)
        {
            errors[SlaTierField.HaReplicaMin] = Describe(haRule);
        }

        return errors;
    }

    private static string Describe(SlaTierRule rule) => rule switch
    {
        SlaTierRule.UptimeBelowZero or SlaTierRule.UptimeAboveHundred => "Uptime must be between 0 and 100 %.",
        SlaTierRule.HaReplicaMinBelowOne => "The HA replica minimum must be at least 1.",
        SlaTierRule.GuaranteedHaReplicaMinBelowTwo => "A guaranteed tier needs an HA replica minimum of at least 2.",
    };

    private async Task<SlaTierSaveResult> ChangeAsync(
        string code,
        int expectedVersion,
        string actor,
        Func<SlaTierOverrides, SlaTierValues, SlaTierOverrides> change,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var none = new Dictionary<SlaTierField, string>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tier = await db.SlaTiers.IgnoreQueryFilters().SingleOrDefaultAsync(t => t.Code == code, cancellationToken);
        if (tier is null)
        {
            return new SlaTierSaveResult(SlaTierSaveStatus.NotFound, null, none, $"There is no SLA tier '{code}'.");
        }

        if (tier.Version != expectedVersion)
        {
            return Conflict(SlaTierAdminRow.From(tier));
        }

        var synced = SlaTierAdminRow.SyncedOf(tier);
        var before = SlaTierAdminRow.OverridesOf(tier);
        var after = change(before, synced);
        var errors = Validate(after.Over(synced));
        if (errors.Count > 0)
        {
            return new SlaTierSaveResult(SlaTierSaveStatus.Invalid, SlaTierAdminRow.From(tier), errors, "The tier was not saved: fix the marked fields.");
        }

        var now = time.GetUtcNow();
        var changed = SlaTierAdminRow.Fields.Where(f => !string.Equals(before.Text(f), after.Text(f), StringComparison.Ordinal)).ToList();
        if (changed.Count == 0)
        {
            return new SlaTierSaveResult(SlaTierSaveStatus.Unchanged, SlaTierAdminRow.From(tier), none, "Nothing to save.");
        }

        foreach (var field in changed)
        {
            db.AuditEntries.Add(new AuditEntry
            {
                At = now,
                Actor = actor,
                Entity = AuditEntity,
                Key = code,
                Field = FieldName(field) + " override",
                OldValue = before.Text(field),
                NewValue = after.Text(field),
            });
        }

        tier.NameOverride = after.Name;
        tier.UptimePercentOverride = after.UptimePercent;
        tier.HaReplicaMinOverride = after.HaReplicaMin;
        tier.ServiceLevelOverride = after.ServiceLevel;
        tier.SortOrderOverride = after.SortOrder;
        tier.Version = expectedVersion + 1;

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone saved between our read and our write: the UPDATE matched no row.
            await using var fresh = await dbFactory.CreateDbContextAsync(cancellationToken);
            var stored = await fresh.SlaTiers.IgnoreQueryFilters().AsNoTracking().SingleAsync(t => t.Code == code, cancellationToken);
            return Conflict(SlaTierAdminRow.From(stored));
        }

        await snapshots.ReloadAsync(cancellationToken);
        return new SlaTierSaveResult(SlaTierSaveStatus.Saved, SlaTierAdminRow.From(tier), none, $"Saved {tier.EffectiveName}.");
    }

    /// <summary>The field's name as the catalog document spells it.</summary>
    public static string FieldName(SlaTierField field) => field switch
    {
        SlaTierField.Name => "name",
        SlaTierField.UptimePercent => "uptimePercent",
        SlaTierField.HaReplicaMin => "haReplicaMin",
        SlaTierField.ServiceLevel => "serviceLevel",
        SlaTierField.SortOrder => "sortOrder",
    };

    private static SlaTierSaveResult Conflict(SlaTierAdminRow stored) =>
        new(SlaTierSaveStatus.Conflict, stored, new Dictionary<SlaTierField, string>(),
            "This tier was changed by someone else since you loaded it; reload to see their change. Nothing was saved.");
}
