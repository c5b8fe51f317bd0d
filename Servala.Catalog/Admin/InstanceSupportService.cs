using Microsoft.EntityFrameworkCore;
using Servala.Catalog.Data;
using Servala.Catalog.Instances;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;

namespace Servala.Catalog.Admin;

/// <summary>An instance as staff see it for support: what it runs and costs, never its credentials.</summary>
public sealed record StaffInstanceView(
    int Id,
    string Name,
    string Organization,
    string Service,
    string ControlPlane,
    string Plan,
    string SlaTier,
    int StorageGib,
    int Replicas,
    string Status,
    DateTimeOffset CreatedAt,
    string? Currency,
    decimal? MonthlyTotal,
    string? PriceError,
    string ManifestYaml,
    string AnnotationsJson,
    IReadOnlyList<string> Children);

/// <summary>One instance in the staff list (no audit entry: the list shows no more than the organizations page).</summary>
public sealed record StaffInstanceRow(int Id, string Name, string Organization, string OrganizationSlug, string Service, string Plan, string Status, DateTimeOffset CreatedAt);

/// <summary>
/// Read-only access to any organization's instances for staff support. Every successful view is written to the
/// audit log (who, which instance, when); nothing about the instance changes.
/// </summary>
public sealed class InstanceSupportService(
    IDbContextFactory<CatalogDbContext> dbFactory,
    InstanceService instances,
    TimeProvider time)
{
    public const string AuditEntity = nameof(ServiceInstance);

    /// <summary>Every ordered (top-level) instance, of one organization when <paramref name="organizationSlug"/> is given, by organization and name.</summary>
    public async Task<IReadOnlyList<StaffInstanceRow>> ListAsync(string? organizationSlug = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var families = await InstanceService.LoadFamiliesAsync(
            db, i => organizationSlug == null || i.Organization.Slug == organizationSlug, cancellationToken);
        return families
            .Select(f => f.Instance)
            .Select(i => new StaffInstanceRow(i.Id, i.Name, i.Organization.Name, i.Organization.Slug, i.Service.Slug, i.ComputePlan.Code, i.Status.ToString(), i.CreatedAt))
            .OrderBy(r => r.Organization, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The instance <paramref name="id"/> (null when there is none: nothing is audited then), audited as viewed by <paramref name="actor"/>.</summary>
    public async Task<StaffInstanceView?> ViewAsync(int id, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if ((await InstanceService.LoadFamiliesAsync(db, i => i.Id == id, cancellationToken)).SingleOrDefault() is not var (instance, children))
        {
            return null;
        }

        db.AuditEntries.Add(new AuditEntry
        {
            At = time.GetUtcNow(),
            Actor = actor,
            Entity = AuditEntity,
            Key = $"{instance.Organization.Slug}/{instance.Name} (#{instance.Id})",
            Field = "viewed",
        });
        await db.SaveChangesAsync(cancellationToken);

        var price = instances.PriceExisting(instance, children);
        return new StaffInstanceView(
            instance.Id, instance.Name, instance.Organization.Name, instance.Service.Slug, instance.ControlPlane.Name,
            instance.ComputePlan.Code, instance.SlaTier.Code, instance.StorageGib, instance.Replicas, instance.Status.ToString(),
            instance.CreatedAt, price.Quote?.Currency, price.Quote?.TotalMonthly, price.Refusal?.Message,
            instance.ManifestYaml, instance.AnnotationsJson, children.Select(c => c.Service.Slug).ToList());
    }
}
