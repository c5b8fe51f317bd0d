using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Servala.Catalog.Data;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;
using Servala.Catalog.Sync;

namespace Servala.Catalog.Admin;

/// <summary>One synced catalog row as the health page lists it.</summary>
public sealed record CatalogEntryRow(string Service, string Kind, string Key, string Summary, bool IsStale, DateTimeOffset LastSyncedAt);

/// <summary>An existing instance priced (at least partly) from stale catalog entries.</summary>
public sealed record StalePricedInstance(int Id, string Name, string Organization, string Service, IReadOnlyList<string> StaleEntries);

/// <summary>A control plane a service is offered on, with the plans assigned there.</summary>
public sealed record OfferingAssignments(string Service, string ControlPlane, string ControlPlaneName, IReadOnlyList<string> AssignedPlans);

/// <summary>What offering or withdrawing one plan would do, before staff confirm it.</summary>
/// <param name="Error">Why the change cannot be made (nothing else is filled then).</param>
/// <param name="InstancesOnPlan">Existing instances of the service on that plan and control plane: they keep their plan and price.</param>
/// <param name="Impact">Prices that move and manifests that change with it.</param>
public sealed record AssignmentImpact(string? Error, int InstancesOnPlan, PriceImpact Impact);

/// <summary>
/// Staff views and edits of the catalog beyond SLA tiers: every synced row with its staleness, the
/// instances that stale rows still price, and the availability mapping (which compute plans a
/// control plane offers per service). Mapping changes are audited and reload the price snapshot.
/// </summary>
public sealed class CatalogAdminService(
    IDbContextFactory<CatalogDbContext> dbFactory,
    CatalogSnapshotStore snapshots,
    PriceCalculator calculator,
    TimeProvider time)
{
    public const string AssignmentEntity = nameof(ComputePlanAssignment);

    /// <summary>Every synced row of every service (stale ones too), grouped by service slug.</summary>
    public async Task<IReadOnlyList<CatalogEntryRow>> EntriesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var slugs = await db.Services.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Slug, cancellationToken);
        var plans = await db.ComputePlans.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Code, cancellationToken);
        var tiers = await db.SlaTiers.IgnoreQueryFilters().AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Code, cancellationToken);
        var rows = new List<CatalogEntryRow>();

        foreach (var x in await db.PricingConfigs.IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken))
        {
            rows.Add(new(slugs[x.ServiceId], "Pricing", slugs[x.ServiceId],
                $"{x.Currency} base {Canonical.Of(x.BaseFeeMonthly)}/month, per {x.BillingUnit.ToWire()}, min {Canonical.Of(x.MinimumUnits)}, {x.DiscountMode.ToWire()}", x.IsStale, x.LastSyncedAt));
        }

        foreach (var x in await db.ComputePlanEntries.IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken))
        {
            rows.Add(new(slugs[x.ServiceId], "Plan", plans[x.ComputePlanId],
                $"{Canonical.Of(x.Vcpu)} vCPU, {Canonical.Of(x.RamGib)} GiB, {Canonical.Of(x.HourlyPrice)}/h ({x.ProductId})", x.IsStale, x.LastSyncedAt));
        }

        foreach (var x in await db.StorageEntries.IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken))
        {
            rows.Add(new(slugs[x.ServiceId], "Storage", slugs[x.ServiceId],
                $"{Canonical.Of(x.PricePerGibMonth)}/GiB·month, {x.MinGib}–{x.MaxGib} GiB step {x.StepGib}", x.IsStale, x.LastSyncedAt));
        }

        foreach (var x in await db.SlaSurcharges.IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken))
        {
            rows.Add(new(slugs[x.ServiceId], "SLA surcharge", tiers[x.SlaTierId], $"{Canonical.Of(x.AmountMonthly)}/month", x.IsStale, x.LastSyncedAt));
        }

        foreach (var x in await db.DiscountBrackets.IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken))
        {
            rows.Add(new(slugs[x.ServiceId], "Bracket", Canonical.Of(x.MinUnits),
                $"[{Canonical.Of(x.MinUnits)}, {Canonical.Of(x.MaxUnits) ?? "∞"}) −{Canonical.Of(x.DiscountPercent)} %", x.IsStale, x.LastSyncedAt));
        }

        foreach (var x in await db.CspResources.IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken))
        {
            rows.Add(new(slugs[x.ServiceId], "CSP resource", $"{x.Code}@{x.CloudProviderCode}",
                $"{x.Name}: {Canonical.Of(x.AmountMonthly)}/month per {x.QuantityBasis.ToWire()}", x.IsStale, x.LastSyncedAt));
        }

        foreach (var x in await db.ComponentSpecs.IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken))
        {
            rows.Add(new(slugs[x.ServiceId], "Component", x.Key, $"#{x.Position} {x.Product}{(x.ValuePath is null ? "" : " ← " + x.ValuePath)}", x.IsStale, x.LastSyncedAt));
        }

        return rows.OrderBy(r => r.Service, StringComparer.Ordinal).ThenBy(r => r.Kind, StringComparer.Ordinal).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>Existing instances whose current price uses a stale entry (priced with the one calculator).</summary>
    public async Task<IReadOnlyList<StalePricedInstance>> StalePricedInstancesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var catalog = snapshots.Current;
        var result = new List<StalePricedInstance>();
        foreach (var instance in await ExistingInstances.LoadAsync(db, cancellationToken))
        {
            if (calculator.Quote(catalog, instance.Request, QuoteContext.Existing).Quote is { Stale: true } quote)
            {
                var entries = quote.StaleEntries.Concat(quote.Supporting.SelectMany(s => s.StaleEntries.Select(e => $"{s.Service}: {e}"))).ToList();
                result.Add(new(instance.Id, instance.Name, instance.Organization, instance.Request.Service, entries));
            }
        }

        return result;
    }

    /// <summary>Every offering (service × control plane) with its assigned plans.</summary>
    public async Task<IReadOnlyList<OfferingAssignments>> AssignmentsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var offerings = await db.ServiceOfferings.AsNoTracking().Include(o => o.Service).Include(o => o.ControlPlane).ToListAsync(cancellationToken);
        var assignments = await db.ComputePlanAssignments.AsNoTracking().Include(a => a.ComputePlan).ToListAsync(cancellationToken);
        return offerings
            .Select(o => new OfferingAssignments(o.Service.Slug, o.ControlPlane.Code, o.ControlPlane.Name,
                assignments.Where(a => a.ServiceId == o.ServiceId && a.ControlPlaneId == o.ControlPlaneId)
                    .Select(a => a.ComputePlan.Code).Order(StringComparer.Ordinal).ToList()))
            .OrderBy(o => o.Service, StringComparer.Ordinal).ThenBy(o => o.ControlPlane, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Offers <paramref name="plan"/> for <paramref name="service"/> on <paramref name="controlPlane"/>; null on success, else why not.</summary>
    public Task<string?> AssignPlanAsync(string service, string controlPlane, string plan, string actor, CancellationToken cancellationToken = default) =>
        SetAssignmentAsync(service, controlPlane, plan, assigned: true, actor, cancellationToken);

    /// <summary>Stops offering <paramref name="plan"/>; existing instances on it keep their price. Null on success, else why not.</summary>
    public Task<string?> UnassignPlanAsync(string service, string controlPlane, string plan, string actor, CancellationToken cancellationToken = default) =>
        SetAssignmentAsync(service, controlPlane, plan, assigned: false, actor, cancellationToken);

    /// <summary>
    /// Prices every existing instance with the plan offered (<paramref name="assigned"/>) or withdrawn, and counts the
    /// instances on it. Nothing is saved; an impossible change comes back as <see cref="AssignmentImpact.Error"/>.
    /// </summary>
    public async Task<AssignmentImpact> PreviewAssignmentAsync(string service, string controlPlane, string plan, bool assigned, CancellationToken cancellationToken = default)
    {
        var current = snapshots.Current;
        if (!current.Services.TryGetValue(service, out var info) || !info.Offerings.TryGetValue(controlPlane, out var offering))
        {
            return new AssignmentImpact($"{service} is not offered on {controlPlane}.", 0, PriceImpact.None);
        }

        if (assigned && !(info.Plans.TryGetValue(plan, out var entry) && !entry.IsStale))
        {
            return new AssignmentImpact($"Plan {plan} has no live catalog entry for {service}; it cannot be offered.", 0, PriceImpact.None);
        }

        var plans = assigned ? offering.AssignedPlans.Append(plan) : offering.AssignedPlans.Where(p => !string.Equals(p, plan, StringComparison.Ordinal));
        var offerings = info.Offerings.ToDictionary(StringComparer.Ordinal);
        offerings[controlPlane] = offering with { AssignedPlans = plans.ToFrozenSet(StringComparer.Ordinal) };
        var services = current.Services.ToDictionary(StringComparer.Ordinal);
        services[service] = info with { Offerings = offerings.ToFrozenDictionary(StringComparer.Ordinal) };
        var modified = current with { Version = current.Version + "+preview", Services = services.ToFrozenDictionary(StringComparer.Ordinal) };

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var onPlan = (await ExistingInstances.LoadAsync(db, cancellationToken))
            .SelectMany(i => i.Request.Supporting.Prepend(i.Request))
            .Count(r => r.Service == service && r.ControlPlane == controlPlane && r.Plan == plan);
        return new AssignmentImpact(null, onPlan, await PriceImpact.ComputeAsync(db, calculator, current, modified, cancellationToken));
    }

    private async Task<string?> SetAssignmentAsync(string serviceSlug, string controlPlaneCode, string planCode, bool assigned, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var offering = await db.ServiceOfferings.Include(o => o.Service).Include(o => o.ControlPlane)
            .SingleOrDefaultAsync(o => o.Service.Slug == serviceSlug && o.ControlPlane.Code == controlPlaneCode, cancellationToken);
        if (offering is null)
        {
            return $"{serviceSlug} is not offered on {controlPlaneCode}.";
        }

        var plan = await db.ComputePlans.SingleOrDefaultAsync(p => p.Code == planCode, cancellationToken);
        if (plan is null)
        {
            return $"There is no compute plan '{planCode}'.";
        }

        var existing = await db.ComputePlanAssignments.SingleOrDefaultAsync(
            a => a.ServiceId == offering.ServiceId && a.ControlPlaneId == offering.ControlPlaneId && a.ComputePlanId == plan.Id, cancellationToken);
        if ((existing is not null) == assigned)
        {
            return null;
        }

        if (assigned)
        {
            var hasEntry = await db.ComputePlanEntries.AnyAsync(e => e.ServiceId == offering.ServiceId && e.ComputePlanId == plan.Id, cancellationToken);
            if (!hasEntry)
            {
                return $"Plan {planCode} has no live catalog entry for {serviceSlug}; it cannot be offered.";
            }

            db.ComputePlanAssignments.Add(new ComputePlanAssignment { ServiceId = offering.ServiceId, ControlPlaneId = offering.ControlPlaneId, ComputePlanId = plan.Id });
        }
        else
        {
            db.ComputePlanAssignments.Remove(existing!);
        }

        db.AuditEntries.Add(new AuditEntry
        {
            At = time.GetUtcNow(),
            Actor = actor,
            Entity = AssignmentEntity,
            Key = $"{serviceSlug}/{controlPlaneCode}/{planCode}",
            Field = "assigned",
            OldValue = Canonical.Of(!assigned),
            NewValue = Canonical.Of(assigned),
        });
        await db.SaveChangesAsync(cancellationToken);
        await snapshots.ReloadAsync(cancellationToken);
        return null;
    }

    /// <summary>The newest audit entries (sync and staff), newest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> RecentAuditAsync(int count, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Id).Take(count).ToListAsync(cancellationToken);
    }
}
