using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Servala.Catalog.Admin;
using Servala.Tests.Support;
using Servala.Web.Components.Pages.Admin;

namespace Servala.Tests.Admin;

public sealed class CatalogHealthPageTests : PortalComponentTest
{
    public CatalogHealthPageTests()
    {
        SampleCatalog.LoadAsync(Database).GetAwaiter().GetResult();
        Snapshots.ReloadAsync().GetAwaiter().GetResult();
        Services.AddSingleton<CatalogAdminService>();
        Auth.SetAuthorized("admin@servala.test");
        Auth.SetRoles("Admin");
    }

    [Fact]
    public void Page_SampleCatalog_ListsEntriesWithoutWarnings()
    {
        var cut = Render<CatalogHealth>();

        cut.WaitForElement("[data-testid='lint-clean']");
        Assert.NotNull(cut.Find("[data-testid='entry-postgresql-Plan-standard-8']"));
        Assert.NotNull(cut.Find("[data-testid='stale-instances-none']"));
    }

    [Fact]
    public async Task Page_StaleEntryAndStaleOnlyFilter_ShowsOnlyStaleRowsAndTheLintWarning()
    {
        await using (var db = Database.CreateContext())
        {
            var entry = await db.ComputePlanEntries.Include(e => e.ComputePlan).Include(e => e.Service)
                .SingleAsync(e => e.ComputePlan.Code == "mini" && e.Service.Slug == "redis");
            entry.IsStale = true;
            await db.SaveChangesAsync();
        }

        await Snapshots.ReloadAsync();
        var cut = Render<CatalogHealth>();
        cut.WaitForElement("[data-testid='lint-AssignedPlanWithoutEntry-redis']");

        var toggle = cut.FindComponents<MudSwitch<bool>>().Single();
        await cut.InvokeAsync(() => toggle.Instance.ValueChanged.InvokeAsync(true));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid^='entry-']")));
        Assert.NotNull(cut.Find("[data-testid='entry-redis-Plan-mini']"));
    }

    [Fact]
    public async Task Page_AssignPlan_IsOfferedAtOnce()
    {
        var cut = Render<CatalogHealth>();
        cut.WaitForElement("[data-testid='availability']");
        var box = cut.FindComponents<MudCheckBox<bool>>().Single(c => (string?)c.Instance.UserAttributes.GetValueOrDefault("data-testid") == "assign-postgresql-exoscale-gva2-mini");
        Assert.DoesNotContain("mini", Snapshots.Current.Services["postgresql"].Offerings["exoscale-gva2"].AssignedPlans.ToList());

        await cut.InvokeAsync(() => box.Instance.ValueChanged.InvokeAsync(true));

        cut.WaitForAssertion(() => Assert.Contains("mini", Snapshots.Current.Services["postgresql"].Offerings["exoscale-gva2"].AssignedPlans.ToList()));
        var offering = (await Services.GetRequiredService<CatalogAdminService>().AssignmentsAsync()).Single(o => o is { Service: "postgresql", ControlPlane: "exoscale-gva2" });
        Assert.Contains("mini", offering.AssignedPlans);
    }
}
