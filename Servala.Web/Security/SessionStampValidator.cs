using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Servala.Web.Data;

namespace Servala.Web.Security;

/// <summary>
/// Checks a sign-in cookie's security stamp on every request (the interval is zero: a changed password, role or
/// authenticator ends other sessions at once), without ever writing the cookie from that check.
/// </summary>
/// <remarks>
/// Identity's own validator renews the cookie on every check and signs out on a mismatch. Both write a
/// <c>Set-Cookie</c> from a request that may be stale: a request sent with the old cookie just before another one
/// changed the stamp (setting up an authenticator, enabling two-factor) answers after it and replaces the browser's
/// new cookie with the old one, or deletes it, and the user is signed out mid-flow. Here a valid cookie gets fresh
/// claims for the request only (the cookie handler's sliding expiration still renews it when due), and a stale one is
/// refused for the request only: it can no longer sign in anybody, and the browser's newer cookie, if any, is kept.
/// </remarks>
internal sealed class SessionStampValidator(
    IOptions<SecurityStampValidatorOptions> options,
    SignInManager<ApplicationUser> signInManager,
    ILoggerFactory logger)
    : SecurityStampValidator<ApplicationUser>(options, signInManager, logger)
{
    public override async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var user = context.Principal is null ? null : await VerifySecurityStamp(context.Principal);
        if (user is null)
        {
            Logger.LogDebug("A sign-in cookie with an outdated security stamp was refused.");
            context.RejectPrincipal();
            return;
        }

        context.ReplacePrincipal(await SignInManager.CreateUserPrincipalAsync(user));
        context.ShouldRenew = false;
    }
}
