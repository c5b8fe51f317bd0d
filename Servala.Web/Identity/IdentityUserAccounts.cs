using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Servala.Catalog.Admin;
using Servala.Web.Data;

namespace Servala.Web.Identity;

/// <summary>
/// Staff's user administration on ASP.NET Core Identity. Each call runs in its own scope (its own
/// <see cref="UserManager{TUser}"/> and context): the admin pages live for minutes in one circuit.
/// </summary>
internal sealed class IdentityUserAccounts(IServiceScopeFactory scopes) : IUserAccounts
{
    public async Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var users = await db.Users.AsNoTracking().Select(u => new { u.Id, u.Email, u.LockoutEnd, u.MustChangePassword }).ToListAsync(cancellationToken);
        var roles = await db.UserRoles.AsNoTracking()
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        return users
            .Select(u => new UserAccount(u.Id, u.Email ?? "", roles.Where(r => r.UserId == u.Id && r.Name is not null).Select(r => r.Name!).ToList(), u.LockoutEnd, u.MustChangePassword))
            .ToList();
    }

    public Task<UserAccount?> FindByIdAsync(string userId, CancellationToken cancellationToken) =>
        WithUsersAsync(async users => await users.FindByIdAsync(userId) is { } user ? await AccountOfAsync(users, user) : null);

    public Task<UserAccount?> FindByEmailAsync(string email, CancellationToken cancellationToken) =>
        WithUsersAsync(async users => await users.FindByEmailAsync(email) is { } user ? await AccountOfAsync(users, user) : null);

    public async Task<(string? UserId, IReadOnlyList<string> Errors)> CreateAsync(string email, string password, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await EnsureRolesAsync(scope, roles) is { Count: > 0 } roleErrors)
        {
            return (null, roleErrors);
        }

        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, MustChangePassword = true };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return (null, Describe(created));
        }

        var added = roles.Count == 0 ? IdentityResult.Success : await users.AddToRolesAsync(user, roles);
        if (!added.Succeeded)
        {
            // Nothing half-made: a login without the roles asked for is removed again.
            await users.DeleteAsync(user);
            return (null, Describe(added));
        }

        return (user.Id, []);
    }

    public async Task<IReadOnlyList<string>> SetRolesAsync(string userId, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return ["There is no such login."];
        }

        if (await EnsureRolesAsync(scope, roles) is { Count: > 0 } roleErrors)
        {
            return roleErrors;
        }

        var current = await users.GetRolesAsync(user);
        var removed = current.Except(roles, StringComparer.Ordinal).ToList();
        var added = roles.Except(current, StringComparer.Ordinal).ToList();
        if (removed.Count > 0 && await users.RemoveFromRolesAsync(user, removed) is { Succeeded: false } removing)
        {
            return Describe(removing);
        }

        if (added.Count > 0 && await users.AddToRolesAsync(user, added) is { Succeeded: false } adding)
        {
            // Back to where it was: no login is left with some roles removed and the new ones missing.
            await users.AddToRolesAsync(user, removed);
            return Describe(adding);
        }

        // Signed-in sessions pick up the new roles at the next revalidation.
        await users.UpdateSecurityStampAsync(user);
        return [];
    }

    public async Task<IReadOnlyList<string>> ResetPasswordAsync(string userId, string password, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return ["There is no such login."];
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);

        // Saved with the new password, in the same update, or not at all.
        user.MustChangePassword = true;
        var reset = await users.ResetPasswordAsync(user, token, password);
        return reset.Succeeded ? [] : Describe(reset);
    }

    public async Task<IReadOnlyList<string>> UnlockAsync(string userId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return ["There is no such login."];
        }

        var unlocked = await users.SetLockoutEndDateAsync(user, null);
        if (unlocked.Succeeded)
        {
            unlocked = await users.ResetAccessFailedCountAsync(user);
        }

        return unlocked.Succeeded ? [] : Describe(unlocked);
    }

    private async Task<T?> WithUsersAsync<T>(Func<UserManager<ApplicationUser>, Task<T?>> action)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>());
    }

    private static async Task<UserAccount> AccountOfAsync(UserManager<ApplicationUser> users, ApplicationUser user) =>
        new(user.Id, user.Email ?? "", (await users.GetRolesAsync(user)).ToList(), user.LockoutEnd, user.MustChangePassword);

    private static async Task<IReadOnlyList<string>> EnsureRolesAsync(AsyncServiceScope scope, IReadOnlyList<string> roles)
    {
        var manager = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in roles)
        {
            if (!await manager.RoleExistsAsync(role) && await manager.CreateAsync(new IdentityRole(role)) is { Succeeded: false } created)
            {
                return Describe(created);
            }
        }

        return [];
    }

    private static List<string> Describe(IdentityResult result) => result.Errors.Select(e => e.Description).ToList();
}
