using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Servala.Catalog.Data;

namespace Servala.Catalog.Pricing;

/// <summary>
/// Holds the current <see cref="CatalogSnapshot"/>. Readers take <see cref="Current"/> once per
/// quote; <see cref="ReloadAsync"/> builds a new snapshot from the database and swaps it in
/// atomically, so a quote never sees half of two catalogs.
/// </summary>
public sealed class CatalogSnapshotStore(IDbContextFactory<CatalogDbContext> dbFactory, TimeProvider time)
{
    private CatalogSnapshot _current = CatalogSnapshot.Empty;
    private bool _loaded;

    public CatalogSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Raised after a new snapshot was swapped in.</summary>
    public event Action<CatalogSnapshot>? Changed;

    public async Task<CatalogSnapshot> ReloadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var snapshot = await LoadAsync(db, time.GetUtcNow(), cancellationToken);
        Replace(snapshot);
        return snapshot;
    }

    /// <summary>
    /// A cheap marker of the catalog's state in the database: the newest audit entry (every catalog change, by a
    /// sync or by staff, writes one) and the newest committed sync run. Another process's change moves it; a
    /// caller that sees it move calls <see cref="ReloadAsync"/>.
    /// </summary>
    public async Task<string> ReadChangeMarkerAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var audit = await db.AuditEntries.MaxAsync(a => (int?)a.Id, cancellationToken) ?? 0;
        var run = await db.SyncRuns
            .Where(r => !r.DryRun && (r.Outcome == Model.SyncOutcome.Succeeded || r.Outcome == Model.SyncOutcome.Unchanged))
            .MaxAsync(r => (int?)r.Id, cancellationToken) ?? 0;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{audit}:{run}");
    }

    /// <summary>
    /// Reloads if this process uses the snapshot: it was loaded before, or something listens to <see cref="Changed"/>.
    /// A process that never prices anything (a command-line sync) is spared loading a large catalog it would not read.
    /// </summary>
    public async Task ReloadIfInUseAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _loaded) || Changed is not null)
        {
            await ReloadAsync(cancellationToken);
        }
    }

    /// <summary>Swaps in a snapshot built elsewhere (tests build one straight from JSON).</summary>
    internal void Replace(CatalogSnapshot snapshot)
    {
        Volatile.Write(ref _current, snapshot);
        Volatile.Write(ref _loaded, true);
        Changed?.Invoke(snapshot);
    }

    /// <summary>Reads every catalog row (stale ones included, flagged) into a snapshot.</summary>
    public static async Task<CatalogSnapshot> LoadAsync(CatalogDbContext db, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var tiers = await db.SlaTiers.IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken);
        var services = await db.Services.AsNoTracking().ToListAsync(cancellationToken);
        var controlPlanes = await db.ControlPlanes.AsNoTracking().Include(c => c.CloudProvider).ToListAsync(cancellationToken);
        var offerings = await db.ServiceOfferings.AsNoTracking().ToListAsync(cancellationToken);
        var assignments = await db.ComputePlanAssignments.AsNoTracking().Include(a => a.ComputePlan).ToListAsync(cancellationToken);
        var pricing = await db.PricingConfigs.IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken);
        var surcharges = await db.SlaSurcharges.IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken);
        var planCodes = await db.ComputePlans.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Code, cancellationToken);
        var plans = await db.ComputePlanEntries.IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken);
        var storage = await db.StorageEntries.IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken);
        var brackets = await db.DiscountBrackets.IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken);
        var components = await db.ComponentSpecs.IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken);
        var csp = await db.CspResources.IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken);

        var tierById = tiers.ToDictionary(t => t.Id);
        var controlPlaneById = controlPlanes.ToDictionary(c => c.Id);

        // Grouped once: a large catalog has ~100k plan rows over ~100 services.
        var pricingOf = pricing.ToLookup(p => p.ServiceId);
        var surchargesOf = surcharges.ToLookup(x => x.ServiceId);
        var plansOf = plans.ToLookup(p => p.ServiceId);
        var storageOf = storage.ToLookup(x => x.ServiceId);
        var bracketsOf = brackets.ToLookup(b => b.ServiceId);
        var componentsOf = components.ToLookup(c => c.ServiceId);
        var cspOf = csp.ToLookup(c => c.ServiceId);
        var offeringsOf = offerings.ToLookup(o => o.ServiceId);
        var assignmentsOf = assignments.ToLookup(a => (a.ServiceId, a.ControlPlaneId));

        var serviceInfos = services.Select(s => new ServiceInfo(
            s.Slug,
            s.Name,
            s.Category,
            s.Listed,
            s.SupportingServices,
            pricingOf[s.Id]
                .Select(p => new PricingInfo(p.Currency, p.BaseFeeMonthly, p.BillingUnit, p.MinimumUnits, p.DiscountMode, p.ProductId, p.IsStale))
                .FirstOrDefault(),
            surchargesOf[s.Id]
                .Select(x => new SurchargeInfo(tierById[x.SlaTierId].Code, x.AmountMonthly, x.ProductId, x.IsStale))
                .ToFrozenDictionary(x => x.SlaTier, StringComparer.Ordinal),
            plansOf[s.Id]
                .Select(p => new PlanInfo(planCodes[p.ComputePlanId], p.Name, p.Vcpu, p.RamGib, p.HourlyPrice, p.ProductId, p.IsStale, p.LastSyncedAt))
                .ToFrozenDictionary(p => p.Code, StringComparer.Ordinal),
            storageOf[s.Id]
                .Select(x => new StorageInfo(x.PricePerGibMonth, x.ProductId, x.MinGib, x.MaxGib, x.StepGib, x.IsStale))
                .FirstOrDefault(),
            bracketsOf[s.Id].OrderBy(b => b.MinUnits)
                .Select(b => new BracketInfo(b.MinUnits, b.MaxUnits, b.DiscountPercent, b.IsStale))
                .ToList(),
            componentsOf[s.Id].OrderBy(c => c.Position)
                .Select(c => new ComponentInfo(c.Key, c.Product, c.ProductId, c.ValuePath, c.Unit, c.MultiplyByPath, c.IsStale))
                .ToList(),
            cspOf[s.Id]
                .Select(c => new CspResourceInfo(c.Code, c.Name, c.CloudProviderCode, c.AmountMonthly, c.QuantityBasis, c.ProductId, c.IsStale))
                .ToList(),
            offeringsOf[s.Id]
                .Select(o => new OfferingInfo(
                    controlPlaneById[o.ControlPlaneId].Code,
                    o.ApiVersion,
                    o.Kind,
                    assignmentsOf[(s.Id, o.ControlPlaneId)]
                        .Select(a => a.ComputePlan.Code).ToFrozenSet(StringComparer.Ordinal)))
                .ToFrozenDictionary(o => o.ControlPlane, StringComparer.Ordinal))).ToList();

        // Staff overrides win over the website's values: pricing sees only the effective tier.
        var tierInfos = tiers.Select(t => new SlaTierInfo(
            t.Code, t.EffectiveName, t.EffectiveUptimePercent, t.EffectiveHaReplicaMin, t.EffectiveServiceLevel, t.EffectiveSortOrder, t.IsStale, t.LastSyncedAt)).ToList();
        var controlPlaneInfos = controlPlanes.Select(c => new ControlPlaneInfo(c.Code, c.Name, c.CloudProvider.Code, c.CloudProvider.Name)).ToList();

        return new CatalogSnapshot(
            Fingerprint(tierInfos, serviceInfos, controlPlaneInfos),
            now,
            tierInfos.ToFrozenDictionary(t => t.Code, StringComparer.Ordinal),
            serviceInfos.ToFrozenDictionary(s => s.Slug, StringComparer.Ordinal),
            controlPlaneInfos.ToFrozenDictionary(c => c.Code, StringComparer.Ordinal));
    }

    /// <summary>
    /// The catalog version: a short hash over everything that can change a price, so two
    /// snapshots with the same prices carry the same version whatever their load time.
    /// </summary>
    private static string Fingerprint(List<SlaTierInfo> tiers, List<ServiceInfo> services, List<ControlPlaneInfo> controlPlanes)
    {
        var text = new StringBuilder();
        foreach (var t in tiers.OrderBy(t => t.Code, StringComparer.Ordinal))
        {
            text.Append(t with { LastSyncedAt = default }).Append('\n');
        }

        foreach (var c in controlPlanes.OrderBy(c => c.Code, StringComparer.Ordinal))
        {
            text.Append(c).Append('\n');
        }

        foreach (var s in services.OrderBy(s => s.Slug, StringComparer.Ordinal))
        {
            text.Append(s.Slug).Append('|').Append(s.Name).Append('|').Append(s.Listed).Append('|').Append(s.Pricing).Append('|').Append(s.Storage).Append('\n');
            foreach (var x in s.Surcharges.Values.OrderBy(x => x.SlaTier, StringComparer.Ordinal)) text.Append(x).Append('\n');
            foreach (var p in s.Plans.Values.OrderBy(p => p.Code, StringComparer.Ordinal)) text.Append(p with { LastSyncedAt = default }).Append('\n');
            foreach (var b in s.Brackets) text.Append(b).Append('\n');
            foreach (var c in s.Components) text.Append(c).Append('\n');
            foreach (var c in s.CspResources.OrderBy(c => c.Code + "|" + c.CloudProvider, StringComparer.Ordinal)) text.Append(c).Append('\n');
            foreach (var o in s.Offerings.Values.OrderBy(o => o.ControlPlane, StringComparer.Ordinal))
            {
                text.Append(o.ControlPlane).Append('|').Append(o.Kind).Append('|').AppendJoin(',', o.AssignedPlans.Order(StringComparer.Ordinal)).Append('\n');
            }
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return "cat-" + Convert.ToHexStringLower(hash)[..12];
    }
}
