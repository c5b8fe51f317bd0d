using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Servala.Catalog;
using Servala.Catalog.Setup;
using Servala.Web.Data;

namespace Servala.Web.Identity;

/// <summary>
/// Creates the setup file's users in ASP.NET Core Identity; existing users keep their password.
/// Users it creates carry a claim saying so, which is how a later run tells them from accounts
/// whose password someone else chose.
/// </summary>
internal sealed class IdentityUserDirectory(UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles) : IUserDirectory
{
    private const string CreatedByClaim = "servala:created-by";
    private const string CreatedBySetup = "setup";

    public async Task<AccountOrigin> FindAsync(string email, CancellationToken cancellationToken)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            return AccountOrigin.None;
        }

        var claims = await users.GetClaimsAsync(user);
        return claims.Any(c => c.Type == CreatedByClaim && c.Value == CreatedBySetup) ? AccountOrigin.Setup : AccountOrigin.Other;
    }

    public async Task<EnsuredUser> EnsureUserAsync(string email, string password, IReadOnlyList<string> roleNames, CancellationToken cancellationToken)
    {
        foreach (var role in roleNames)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), $"role '{role}'");
            }
        }

        var change = SetupChange.Unchanged;
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
            Check(await users.CreateAsync(user, password), $"user '{email}'");
            Check(await users.AddClaimAsync(user, new Claim(CreatedByClaim, CreatedBySetup)), $"user '{email}'");
            change = SetupChange.Created;
        }

        var missing = roleNames.Except(await users.GetRolesAsync(user), StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            Check(await users.AddToRolesAsync(user, missing), $"roles of '{email}'");
            change = change == SetupChange.Created ? change : SetupChange.Updated;
        }

        return new EnsuredUser(user.Id, change);
    }

    public async Task<IReadOnlyList<Violation>> CheckUserAsync(string email, string password, CancellationToken cancellationToken)
    {
        var problems = new List<Violation>();
        var existing = await users.FindByEmailAsync(email);
        if (existing is not null)
        {
            // Existing users keep their password, so the file's one is not applied.
            return problems;
        }

        var candidate = new ApplicationUser { UserName = email, Email = email };
        foreach (var validator in users.UserValidators)
        {
            var result = await validator.ValidateAsync(users, candidate);
            problems.AddRange(result.Errors.Select(e => new Violation("email", e.Description)));
        }

        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, candidate, password);
            problems.AddRange(result.Errors.Select(e => new Violation("password", e.Description)));
        }

        return problems;
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
