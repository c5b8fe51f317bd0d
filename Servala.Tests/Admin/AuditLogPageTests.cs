using Microsoft.Extensions.DependencyInjection;
using Servala.Catalog.Admin;
using Servala.Tests.Support;

namespace Servala.Tests.Admin;

/// <summary>The audit log page lists the changes of syncs and staff.</summary>
public sealed class AuditLogPageTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task AuditPage_AfterFirstSyncAndAStaffEdit_ListsBoth()
    {
        var tiers = portal.Services.GetRequiredService<SlaTierAdminService>();
        var tier = (await tiers.ListAsync()).Single(t => t.Code == "sla999bh");
        var saved = await tiers.SaveOverridesAsync("sla999bh", tier.Version, new SlaTierEdit(Name: "Business hours 99.9%"), "admin@servala.test");
        Assert.Equal(SlaTierSaveStatus.Saved, saved.Status);
        var admin = await PortalLogin.ClientForAsync(portal, "admin@servala.test", "Admin-Pass-2026!");

        var html = await admin.GetStringAsync("/admin/audit");

        Assert.Contains("data-testid=\"audit-grid\"", html, StringComparison.Ordinal);
        Assert.Contains("sync run #1", html, StringComparison.Ordinal);
        Assert.Contains("Business hours 99.9%", html, StringComparison.Ordinal);
        Assert.Contains("admin@servala.test", html, StringComparison.Ordinal);
    }
}
