using System.Net;
using Microsoft.AspNetCore.Identity;
using Servala.Web.Data;

namespace Servala.Web.Security;

internal enum LoginOutcome
{
    Succeeded,
    RequiresTwoFactor,
    Failed,
    Throttled,
}

/// <summary>
/// The login form's password check. An unknown email costs what a wrong password costs (one
/// password hash verification) and answers the same; failures slow the account down
/// (<see cref="LoginThrottle"/>) instead of locking it.
/// </summary>
internal sealed class PasswordLogin(
    SignInManager<ApplicationUser> signInManager,
    IPasswordHasher<ApplicationUser> hasher,
    LoginThrottle throttle)
{
    private static readonly Lock HashLock = new();
    private static string? _unknownUserHash;

    public async Task<(LoginOutcome Outcome, TimeSpan RetryAfter)> SignInAsync(IPAddress? address, string email, string password, bool rememberMe)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(password);
        var account = email.Trim();
        if (throttle.TryAttempt(address, account) is { } wait)
        {
            return (LoginOutcome.Throttled, wait);
        }

        var user = await signInManager.UserManager.FindByEmailAsync(account);
        if (user is null)
        {
            hasher.VerifyHashedPassword(new ApplicationUser(), UnknownUserHash(), password);
            throttle.Failed(account);
            return (LoginOutcome.Failed, TimeSpan.Zero);
        }

        var result = await signInManager.PasswordSignInAsync(user, password, rememberMe, lockoutOnFailure: false);
        if (result.Succeeded || result.RequiresTwoFactor)
        {
            throttle.Succeeded(account);
            return (result.Succeeded ? LoginOutcome.Succeeded : LoginOutcome.RequiresTwoFactor, TimeSpan.Zero);
        }

        // A locked or not-allowed account answers like a wrong password: the form does not tell who exists.
        throttle.Failed(account);
        return (LoginOutcome.Failed, TimeSpan.Zero);
    }

    private string UnknownUserHash()
    {
        lock (HashLock)
        {
            return _unknownUserHash ??= hasher.HashPassword(new ApplicationUser(), Guid.NewGuid().ToString("N"));
        }
    }
}
