using Microsoft.AspNetCore.Components.Authorization;

namespace Servala.Web.Components.Pages.Admin;

/// <summary>Who is making a staff change, as the audit log names them.</summary>
internal static class StaffActor
{
    public static async Task<string> NameAsync(Task<AuthenticationState>? authenticationState)
    {
        var state = authenticationState is null ? null : await authenticationState;
        return state?.User.Identity?.Name is { Length: > 0 } name ? name : "unknown staff";
    }
}
