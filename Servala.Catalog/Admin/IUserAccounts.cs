namespace Servala.Catalog.Admin;

/// <summary>
/// A login as staff see it. Never carries a password or its hash. <c>MustChangePassword</c>: the password is a
/// one-time password the user has not replaced yet.
/// </summary>
public sealed record UserAccount(string Id, string Email, IReadOnlyList<string> Roles, DateTimeOffset? LockedOutUntil, bool MustChangePassword = false);

/// <summary>
/// The seam to the user store for staff's user administration (ASP.NET Core Identity lives in the web
/// project). Each call returns the store's refusals in plain words, empty when it did what was asked.
/// </summary>
public interface IUserAccounts
{
    Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken);

    Task<UserAccount?> FindByIdAsync(string userId, CancellationToken cancellationToken);

    Task<UserAccount?> FindByEmailAsync(string email, CancellationToken cancellationToken);

    /// <summary>
    /// Creates a login with this one-time password and roles (the user must change the password at their first
    /// sign-in); returns its id, or the store's refusals.
    /// </summary>
    Task<(string? UserId, IReadOnlyList<string> Errors)> CreateAsync(string email, string password, IReadOnlyList<string> roles, CancellationToken cancellationToken);

    /// <summary>Makes the user's roles exactly these.</summary>
    Task<IReadOnlyList<string>> SetRolesAsync(string userId, IReadOnlyList<string> roles, CancellationToken cancellationToken);

    /// <summary>Replaces the password with this one-time password, to be changed at the next sign-in (and signs the user out everywhere).</summary>
    Task<IReadOnlyList<string>> ResetPasswordAsync(string userId, string password, CancellationToken cancellationToken);

    /// <summary>Ends a lockout and clears the failed-login count.</summary>
    Task<IReadOnlyList<string>> UnlockAsync(string userId, CancellationToken cancellationToken);
}
