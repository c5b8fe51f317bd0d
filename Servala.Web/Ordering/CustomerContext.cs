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

    /// <summary>The user's instances (top-level ones, each with its supporting instances), by organization and name.</summary>
    public async Task<IReadOnlyList<InstanceFamily>> InstancesAsync(CancellationToken cancellationToken = default)
    {
        var userId = await UserIdAsync();
        if (userId is null)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var families = await InstanceService.LoadFamiliesAsync(db, i => i.Organization.Members.Any(m => m.UserId == userId), cancellationToken);
        return families.OrderBy(f => f.Instance.Organization.Name, StringComparer.Ordinal).ThenBy(f => f.Instance.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The instance and its supporting instances, or null when it does not exist or belongs to another organization.</summary>
    public async Task<InstanceFamily?> FindInstanceAsync(int id, CancellationToken cancellationToken = default)
    {
        var userId = await UserIdAsync();
        if (userId is null)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var families = await InstanceService.LoadFamiliesAsync(
            db, i => i.Id == id && i.Organization.Members.Any(m => m.UserId == userId), cancellationToken);
        return families.SingleOrDefault();
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
