namespace Servala.Catalog.Setup;

/// <summary>Role names a setup file may grant.</summary>
public static class PortalRoles
{
    /// <summary>Staff who edit SLA tiers and the availability mapping and run syncs.</summary>
    public const string Admin = "Admin";

    /// <summary>May open the job dashboard.</summary>
    public const string Ops = "Ops";

    public static IReadOnlyList<string> All { get; } = [Admin, Ops];
}

public enum SetupChange
{
    Unchanged,
    Created,
    Updated,
}

/// <summary>Who set the password of the account with a given email.</summary>
public enum AccountOrigin
{
    /// <summary>No account has this email.</summary>
    None,

    /// <summary>A setup file created the account with the file's password.</summary>
    Setup,

    /// <summary>The account was created some other way; its password is not the file's.</summary>
    Other,
}

/// <summary>The Identity user a setup entry resolved to, and whether ensuring it changed anything.</summary>
public sealed record EnsuredUser(string UserId, SetupChange Change);

/// <summary>
/// The seam to the user store (ASP.NET Core Identity lives in the web project, which the catalog
/// cannot reference).
/// </summary>
public interface IUserDirectory
{
    /// <summary>Whether an account with this email exists, and whether a setup file created it.</summary>
    Task<AccountOrigin> FindAsync(string email, CancellationToken cancellationToken);

    /// <summary>
    /// Makes sure a user with this email exists and holds these roles. A missing user is created
    /// with the password and roles (<see cref="SetupChange.Created"/>); an existing one gets the
    /// roles it lacks (<see cref="SetupChange.Updated"/>), its password and other roles untouched,
    /// so applying a file twice changes nothing the second time.
    /// </summary>
    /// <returns>The user's id, as stored in <c>OrganizationMember.UserId</c>.</returns>
    Task<EnsuredUser> EnsureUserAsync(string email, string password, IReadOnlyList<string> roles, CancellationToken cancellationToken);

    /// <summary>
    /// Problems that would stop <see cref="EnsureUserAsync"/> (e.g. a password the policy rejects),
    /// each as <c>field: problem</c>; checked before anything of a setup file is applied.
    /// </summary>
    Task<IReadOnlyList<Violation>> CheckUserAsync(string email, string password, CancellationToken cancellationToken);
}
