using Microsoft.EntityFrameworkCore;
using Servala.Catalog.Data;
using Servala.Catalog.Model;
using Servala.Catalog.Setup;

namespace Servala.Catalog.Admin;

/// <summary>An organization as the admin page lists it.</summary>
public sealed record OrganizationAdminRow(string Slug, string Name, string Namespace, string SalesOrderId, IReadOnlyList<string> MemberUserIds, int Instances);

/// <summary>What staff typed for an organization (the slug only when creating one).</summary>
public sealed record OrganizationEdit(string? Slug, string? Name, string? Namespace, string? SalesOrderId);

/// <summary>
/// Staff edits of organizations, with the setup file's rules (<see cref="SetupRules"/>); every change is audited.
/// <list type="bullet">
/// <item>Slug and namespace are DNS-1123 labels and unique; name and sales order id are required; names are unique.</item>
/// <item>The namespace of an organization that has instances (not deleted) cannot change: they live in it on their control planes.</item>
/// <item>A new sales order id reaches existing instances' billing annotations at their next reconcile.</item>
/// </list>
/// </summary>
public sealed class OrganizationAdminService(IDbContextFactory<CatalogDbContext> dbFactory, TimeProvider time)
{
    public const string AuditEntity = nameof(Organization);

    public async Task<IReadOnlyList<OrganizationAdminRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var organizations = await db.Organizations.AsNoTracking().Include(o => o.Members).ToListAsync(cancellationToken);
        var instances = await db.ServiceInstances.AsNoTracking()
            .Where(i => i.Status != InstanceStatus.Deleted)
            .GroupBy(i => i.OrganizationId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        return organizations
            .Select(o => new OrganizationAdminRow(o.Slug, o.Name, o.Namespace, o.SalesOrderId, o.Members.Select(m => m.UserId).ToList(), instances.GetValueOrDefault(o.Id)))
            .OrderBy(o => o.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    public async Task<AdminResult> CreateAsync(OrganizationEdit edit, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var errors = await ValidateAsync(db, null, edit, cancellationToken);
        var slug = edit.Slug?.Trim() ?? "";
        if (string.IsNullOrWhiteSpace(slug))
        {
            errors["slug"] = "The slug is required.";
        }
        else if (SetupRules.SlugProblem(slug) is { } problem)
        {
            errors["slug"] = problem;
        }
        else if (await db.Organizations.AnyAsync(o => o.Slug == slug, cancellationToken))
        {
            errors["slug"] = $"An organization with slug '{slug}' exists already.";
        }

        if (errors.Count > 0)
        {
            return AdminResult.Invalid(errors);
        }

        var organization = new Organization { Slug = slug, Name = edit.Name!.Trim(), Namespace = edit.Namespace!.Trim(), SalesOrderId = edit.SalesOrderId!.Trim() };
        db.Organizations.Add(organization);
        var now = time.GetUtcNow();
        Audit(db, now, actor, slug, "created", null, organization.Name);
        Audit(db, now, actor, slug, "namespace", null, organization.Namespace);
        Audit(db, now, actor, slug, "salesOrderId", null, organization.SalesOrderId);
        await db.SaveChangesAsync(cancellationToken);
        return AdminResult.Ok($"Created {organization.Name}.");
    }

    /// <summary>Changes name, namespace and sales order id of <paramref name="slug"/>.</summary>
    public async Task<AdminResult> UpdateAsync(string slug, OrganizationEdit edit, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var organization = await db.Organizations.SingleOrDefaultAsync(o => o.Slug == slug, cancellationToken);
        if (organization is null)
        {
            return AdminResult.Invalid("slug", $"There is no organization '{slug}'.");
        }

        var errors = await ValidateAsync(db, organization, edit, cancellationToken);
        if (errors.Count > 0)
        {
            return AdminResult.Invalid(errors);
        }

        var (name, ns, salesOrder) = (edit.Name!.Trim(), edit.Namespace!.Trim(), edit.SalesOrderId!.Trim());
        if (ns != organization.Namespace)
        {
            var instances = await db.ServiceInstances.CountAsync(i => i.OrganizationId == organization.Id && i.Status != InstanceStatus.Deleted, cancellationToken);
            if (instances > 0)
            {
                return AdminResult.Invalid("namespace",
                    $"{organization.Name} has {instances} instance{(instances == 1 ? "" : "s")} in namespace '{organization.Namespace}' on {(instances == 1 ? "its" : "their")} control plane; "
                    + "the namespace cannot change while they exist (they would not move).");
            }
        }

        var now = time.GetUtcNow();
        var changed = 0;
        void Set(string field, string current, string wanted, Action<string> set)
        {
            if (!string.Equals(current, wanted, StringComparison.Ordinal))
            {
                Audit(db, now, actor, slug, field, current, wanted);
                set(wanted);
                changed++;
            }
        }

        Set("name", organization.Name, name, v => organization.Name = v);
        Set("namespace", organization.Namespace, ns, v => organization.Namespace = v);
        Set("salesOrderId", organization.SalesOrderId, salesOrder, v => organization.SalesOrderId = v);
        if (changed == 0)
        {
            return AdminResult.Ok("Nothing to save.");
        }

        await db.SaveChangesAsync(cancellationToken);
        return AdminResult.Ok($"Saved {organization.Name}.");
    }

    private static async Task<Dictionary<string, string>> ValidateAsync(CatalogDbContext db, Organization? current, OrganizationEdit edit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var id = current?.Id ?? 0;
        var name = edit.Name?.Trim();
        var ns = edit.Namespace?.Trim();
        if (string.IsNullOrWhiteSpace(name))
        {
            errors["name"] = "The name is required.";
        }
        else if (await db.Organizations.AnyAsync(o => o.Id != id && o.Name == name, cancellationToken))
        {
            errors["name"] = $"Another organization is called '{name}'.";
        }

        if (string.IsNullOrWhiteSpace(ns))
        {
            errors["namespace"] = "The namespace is required.";
        }
        else if (SetupRules.NamespaceProblem(ns) is { } problem)
        {
            errors["namespace"] = problem;
        }
        else if (await db.Organizations.AnyAsync(o => o.Id != id && o.Namespace == ns, cancellationToken))
        {
            errors["namespace"] = $"Namespace '{ns}' belongs to another organization.";
        }

        if (string.IsNullOrWhiteSpace(edit.SalesOrderId))
        {
            errors["salesOrderId"] = "The sales order id is required (it is stamped on every instance's billing annotations).";
        }

        return errors;
    }

    private static void Audit(CatalogDbContext db, DateTimeOffset at, string actor, string key, string field, string? oldValue, string? newValue) =>
        db.AuditEntries.Add(new AuditEntry { At = at, Actor = actor, Entity = AuditEntity, Key = key, Field = field, OldValue = oldValue, NewValue = newValue });
}
