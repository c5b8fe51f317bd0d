using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Servala.Web.Data;

namespace Servala.Web.Identity;

/// <summary>
/// Users signed in with a one-time password (<see cref="ApplicationUser.MustChangePassword"/>) can use nothing but
/// the change-password page until they have set their own: page requests are sent there (with the page asked for, which
/// the change-password page links to once the password is changed), anything else
/// (form posts, the circuit, the API) is refused with 403. Their sign-in carries a claim saying so; the security
/// stamp is checked on every request, which rebuilds the claims from the store, so the claim goes as soon as the
/// password is changed.
/// </summary>
internal static class OneTimePasswordGate
{
    public const string ClaimType = "servala:must-change-password";
    public const string ChangePasswordPath = "/Account/Manage/ChangePassword";
    public const string ReturnUrlParameter = "ReturnUrl";

    public static IApplicationBuilder UseOneTimePasswordGate(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            if (!context.User.HasClaim(ClaimType, "true") || IsAllowed(context))
            {
                await next(context);
                return;
            }

            var request = context.Request;
            if ((HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                && !request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            {
                // The page offers the way back once the password is changed.
                var asked = request.Path.Equals("/", StringComparison.Ordinal) && !request.QueryString.HasValue
                    ? ChangePasswordPath
                    : QueryHelpers.AddQueryString(ChangePasswordPath, ReturnUrlParameter, request.Path + request.QueryString);
                context.Response.Redirect(request.PathBase + asked);
                return;
            }

            await Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Change your one-time password first",
                detail: $"You signed in with a one-time password; set your own password at {ChangePasswordPath} before using anything else.")
                .ExecuteAsync(context);
        });
        return app;
    }

    private static bool IsAllowed(HttpContext context)
    {
        var path = context.Request.Path;
        return path.Equals(ChangePasswordPath, StringComparison.OrdinalIgnoreCase)
            || path.Equals("/Account/Logout", StringComparison.OrdinalIgnoreCase)
            // The page's scripts, styles and images, and the probes: no user data behind them.
            || context.GetEndpoint()?.Metadata.GetMetadata<StaticAssetDescriptor>() is not null
            || path.StartsWithSegments("/_blazor/initializers", StringComparison.Ordinal)
            || path.StartsWithSegments("/healthz", StringComparison.Ordinal)
            || path.StartsWithSegments("/readyz", StringComparison.Ordinal);
    }
}

/// <summary>Identity's claims (roles included) plus <see cref="OneTimePasswordGate.ClaimType"/> while the password is a one-time one.</summary>
internal sealed class PortalClaimsPrincipalFactory(UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(OneTimePasswordGate.ClaimType, "true"));
        }

        return identity;
    }
}
