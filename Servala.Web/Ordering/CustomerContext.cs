using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Servala.Catalog.Data;
using Servala.Catalog.Instances;
using Servala.Catalog.Model;

namespace Servala.Web.Ordering;

/// <summary>
/// The signed-in customer's organizations and the only way pages reach instances: an instance of
/// an organization the user does not belong to is reported as not found, never shown.
/// </summary>
internal sealed class CustomerContext(AuthenticationStateProvider auth, IDbContextFactory<CatalogDbContext> dbFactory)
{
    public async Task<string?> UserIdAsync()
    {
        var state = await auth.GetAuthenticationStateAsync();
        return state.User.Identity?.IsAuthenticated == true ? state.User.FindFirstValue(ClaimTypes.NameIdentifier) : null;
    }

    public async Task<IReadOnlyList<Organization>> OrganizationsAsync(CancellationToken cancellationToken = default)
    {
        var userId = await UserIdAsync();
        if (userId is null)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Organizations
            .Where(o => o.Members.Any(m => m.UserId == userId))
            .OrderBy(o => o.Name)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
    }

    /// <summary>The user's instances (top-level ones; supporting instances are shown with their parent).</summary>
    public async Task<IReadOnlyList<ServiceInstance>> InstancesAsync(CancellationToken cancellationToken = default)
    {
        var userId = await UserIdAsync();
        if (userId is null)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ServiceInstances
            .IgnoreQueryFilters()
            .Where(i => i.ParentInstanceId == null && i.Organization.Members.Any(m => m.UserId == userId))
            .Include(i => i.Organization)
            .Include(i => i.Service)
            .Include(i => i.ControlPlane)
            .Include(i => i.ComputePlan)
            .Include(i => i.SlaTier)
            .OrderBy(i => i.Organization.Name).ThenBy(i => i.Name)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
    }

    /// <summary>The instance and its supporting instances, or null when it does not exist or belongs to another organization.</summary>
    public async Task<(ServiceInstance Instance, IReadOnlyList<ServiceInstance> Children)?> FindInstanceAsync(int id, CancellationToken cancellationToken = default)
    {
        var userId = await UserIdAsync();
        if (userId is null)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var instance = await InstanceService.LoadAsync(db, id, cancellationToken);
        if (instance is null || instance.ParentInstanceId is not null
            || !await db.OrganizationMembers.AnyAsync(m => m.OrganizationId == instance.OrganizationId && m.UserId == userId, cancellationToken))
        {
            return null;
        }

        var childIds = await db.ServiceInstances.Where(i => i.ParentInstanceId == id).Select(i => i.Id).ToListAsync(cancellationToken);
        var children = new List<ServiceInstance>();
        foreach (var childId in childIds)
        {
            children.Add((await InstanceService.LoadAsync(db, childId, cancellationToken))!);
        }

        return (instance, children);
    }

    public async Task<bool> IsMemberAsync(int organizationId, CancellationToken cancellationToken = default)
    {
        var userId = await UserIdAsync();
        if (userId is null)
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.OrganizationMembers.AnyAsync(m => m.OrganizationId == organizationId && m.UserId == userId, cancellationToken);
    }
}
