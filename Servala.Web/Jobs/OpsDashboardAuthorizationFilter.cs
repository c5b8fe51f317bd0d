using Hangfire.Dashboard;
using Servala.Web.Identity;

namespace Servala.Web.Jobs;

/// <summary>The Hangfire dashboard is for signed-in users in role Ops only (the endpoint's policy checks it first).</summary>
internal sealed class OpsDashboardAuthorizationFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.GetHttpContext().User;
        return user.Identity?.IsAuthenticated == true && user.IsInRole(IdentityHostingExtensions.OpsRole);
    }
}
