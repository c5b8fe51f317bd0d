using Microsoft.EntityFrameworkCore;
using Servala.Catalog.Data;
using Servala.Catalog.Model;
using Servala.Catalog.Setup;

namespace Servala.Catalog.Admin;

/// <summary>
/// A login as the users page lists it, with the organizations it is a member of (by slug). <c>MustChangePassword</c>:
/// its password is a one-time password the user has not replaced yet.
/// </summary>
public sealed record UserAdminRow(string Id, string Email, IReadOnlyList<string> Roles, IReadOnlyList<string> Organizations, DateTimeOffset? LockedOutUntil, bool MustChangePassword = false)
{
    public bool IsLockedOut(DateTimeOffset now) => LockedOutUntil is { } until && until > now;
}

/// <summary>
/// Staff administration of logins: create one with a generated one-time password, roles, memberships,
/// a password reset (a new one-time password) and unlocking. A one-time password must be changed at the user's
/// next sign-in (<see cref="MustChangePasswordField"/> in the audit: set by staff, cleared by the user, see
/// <see cref="OneTimePasswordReplacedAsync"/>); setup-file accounts are never marked. The setup file's rules apply
/// (<see cref="SetupRules"/>); every change is audited, passwords never (not even their length).
/// Staff cannot take the Admin role from themselves, so the portal never loses its last way in by accident.
/// </summary>
public sealed class UserAdminService(IUserAccounts accounts, IDbContextFactory<CatalogDbContext> dbFactory, TimeProvider time)
{
    public const string AuditEntity = "User";

    /// <summary>The audited field of the must-change-password marker: "yes" while set.</summary>
    public const string MustChangePasswordField = "must change password";

    private const string Yes = "yes";

    public async Task<IReadOnlyList<UserAdminRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        var users = await accounts.ListAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var memberships = await db.OrganizationMembers.AsNoTracking().Select(m => new { m.UserId, m.Organization.Slug }).ToListAsync(cancellationToken);
        return users
            .Select(u => new UserAdminRow(u.Id, u.Email, u.Roles.Order(StringComparer.Ordinal).ToList(),
                memberships.Where(m => m.UserId == u.Id).Select(m => m.Slug).Order(StringComparer.Ordinal).ToList(), u.LockedOutUntil, u.MustChangePassword))
            .OrderBy(u => u.Email, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>Creates a login; its one-time password is in the result, to be shown once.</summary>
    public async Task<AdminResult> CreateAsync(string? email, IReadOnlyList<string> roles, IReadOnlyList<string> organizations, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(organizations);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        email = email?.Trim() ?? "";
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (email.Length == 0)
        {
            errors["email"] = "The email is required.";
        }
        else if (SetupRules.EmailProblem(email) is { } problem)
        {
            errors["email"] = problem;
        }
        else if (await accounts.FindByEmailAsync(email, cancellationToken) is not null)
        {
            errors["email"] = $"A login with email '{email}' exists already.";
        }

        AddRoleErrors(roles, errors);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var wanted = await OrganizationsAsync(db, organizations, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return AdminResult.Invalid(errors);
        }

        var password = OneTimePassword.Generate();
        var (userId, refused) = await accounts.CreateAsync(email, password, roles.Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        if (userId is null)
        {
            return AdminResult.Invalid("email", string.Join(" ", refused));
        }

        var now = time.GetUtcNow();
        Audit(db, now, actor, email, "created", null, null);
        Audit(db, now, actor, email, MustChangePasswordField, null, Yes);
        Audit(db, now, actor, email, "roles", null, Text(roles));
        foreach (var organization in wanted)
        {
            db.OrganizationMembers.Add(new OrganizationMember { OrganizationId = organization.Id, UserId = userId });
            Audit(db, now, actor, email, "member of", null, organization.Slug);
        }

        await db.SaveChangesAsync(cancellationToken);
        return AdminResult.Ok($"Created {email}. Give them this one-time password; it is shown only now.", password);
    }

    /// <summary>Makes the user's roles exactly <paramref name="roles"/>.</summary>
    public async Task<AdminResult> SetRolesAsync(string userId, IReadOnlyList<string> roles, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (await accounts.FindByIdAsync(userId, cancellationToken) is not { } user)
        {
            return NotFound();
        }

        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        AddRoleErrors(roles, errors);
        if (string.Equals(user.Email, actor, StringComparison.OrdinalIgnoreCase)
            && user.Roles.Contains(PortalRoles.Admin, StringComparer.Ordinal) && !roles.Contains(PortalRoles.Admin, StringComparer.Ordinal))
        {
            errors["roles"] = "You cannot take the Admin role from yourself; ask another Admin.";
        }

        if (errors.Count > 0)
        {
            return AdminResult.Invalid(errors);
        }

        var (before, after) = (Text(user.Roles), Text(roles));
        if (before == after)
        {
            return AdminResult.Ok("Nothing to save.");
        }

        if (await accounts.SetRolesAsync(userId, roles.Distinct(StringComparer.Ordinal).ToList(), cancellationToken) is { Count: > 0 } refused)
        {
            return AdminResult.Invalid("roles", string.Join(" ", refused));
        }

        await AuditAsync(user.Email, "roles", before, after, actor, cancellationToken);
        return AdminResult.Ok($"Roles of {user.Email}: {(roles.Count == 0 ? "none (customer)" : after)}.");
    }

    /// <summary>Makes the user a member of exactly <paramref name="organizations"/> (slugs).</summary>
    public async Task<AdminResult> SetOrganizationsAsync(string userId, IReadOnlyList<string> organizations, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(organizations);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (await accounts.FindByIdAsync(userId, cancellationToken) is not { } user)
        {
            return NotFound();
        }

        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var wanted = await OrganizationsAsync(db, organizations, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return AdminResult.Invalid(errors);
        }

        var current = await db.OrganizationMembers.Include(m => m.Organization).Where(m => m.UserId == userId).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        var changes = 0;
        foreach (var member in current.Where(m => wanted.All(o => o.Id != m.OrganizationId)))
        {
            db.OrganizationMembers.Remove(member);
            Audit(db, now, actor, user.Email, "member of", member.Organization.Slug, null);
            changes++;
        }

        foreach (var organization in wanted.Where(o => current.All(m => m.OrganizationId != o.Id)))
        {
            db.OrganizationMembers.Add(new OrganizationMember { OrganizationId = organization.Id, UserId = userId });
            Audit(db, now, actor, user.Email, "member of", null, organization.Slug);
            changes++;
        }

        if (changes == 0)
        {
            return AdminResult.Ok("Nothing to save.");
        }

        await db.SaveChangesAsync(cancellationToken);
        return AdminResult.Ok($"Organizations of {user.Email}: {(wanted.Count == 0 ? "none" : string.Join(", ", wanted.Select(o => o.Name)))}.");
    }

    /// <summary>Replaces the password with a new one-time password, in the result to be shown once.</summary>
    public async Task<AdminResult> ResetPasswordAsync(string userId, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (await accounts.FindByIdAsync(userId, cancellationToken) is not { } user)
        {
            return NotFound();
        }

        var password = OneTimePassword.Generate();
        if (await accounts.ResetPasswordAsync(userId, password, cancellationToken) is { Count: > 0 } refused)
        {
            return AdminResult.Invalid("password", string.Join(" ", refused));
        }

        await AuditAsync(user.Email, "password reset", null, null, actor, cancellationToken);
        if (!user.MustChangePassword)
        {
            await AuditAsync(user.Email, MustChangePasswordField, null, Yes, actor, cancellationToken);
        }

        return AdminResult.Ok($"New password for {user.Email}; they are signed out everywhere. Give them this one-time password; it is shown only now.", password);
    }

    /// <summary>
    /// Audits that the user replaced their one-time password with their own (the change-password page calls it
    /// once the new password is saved); the user is the actor.
    /// </summary>
    public Task OneTimePasswordReplacedAsync(string email, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        return AuditAsync(email, MustChangePasswordField, Yes, null, email, cancellationToken);
    }

    public async Task<AdminResult> UnlockAsync(string userId, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (await accounts.FindByIdAsync(userId, cancellationToken) is not { } user)
        {
            return NotFound();
        }

        if (await accounts.UnlockAsync(userId, cancellationToken) is { Count: > 0 } refused)
        {
            return AdminResult.Invalid("lockout", string.Join(" ", refused));
        }

        await AuditAsync(user.Email, "unlocked", null, null, actor, cancellationToken);
        return AdminResult.Ok($"{user.Email} can log in again.");
    }

    private static void AddRoleErrors(IReadOnlyList<string> roles, Dictionary<string, string> errors)
    {
        if (roles.Select(SetupRules.RoleProblem).FirstOrDefault(p => p is not null) is { } problem)
        {
            errors["roles"] = problem;
        }
    }

    private static async Task<List<Organization>> OrganizationsAsync(CatalogDbContext db, IReadOnlyList<string> slugs, Dictionary<string, string> errors, CancellationToken cancellationToken)
    {
        var wanted = slugs.Distinct(StringComparer.Ordinal).ToList();
        var found = await db.Organizations.Where(o => wanted.Contains(o.Slug)).ToListAsync(cancellationToken);
        if (wanted.FirstOrDefault(s => found.All(o => o.Slug != s)) is { } unknown)
        {
            errors["organizations"] = $"unknown organization '{unknown}'";
        }

        return found;
    }

    private async Task AuditAsync(string email, string field, string? oldValue, string? newValue, string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        Audit(db, time.GetUtcNow(), actor, email, field, oldValue, newValue);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static void Audit(CatalogDbContext db, DateTimeOffset at, string actor, string key, string field, string? oldValue, string? newValue) =>
        db.AuditEntries.Add(new AuditEntry { At = at, Actor = actor, Entity = AuditEntity, Key = key, Field = field, OldValue = oldValue, NewValue = newValue });

    private static string? Text(IEnumerable<string> roles) =>
        roles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() is { Count: > 0 } list ? string.Join(", ", list) : null;

    private static AdminResult NotFound() => AdminResult.Invalid("user", "There is no such login (it may have been deleted).");
}
