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
        cut.WaitForAssertion(() => Assert.Contains("New orders can choose it.", cut.Find("[data-testid='assign-confirm-instances']").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("mini", Snapshots.Current.Services["postgresql"].Offerings["exoscale-gva2"].AssignedPlans.ToList());

        await cut.Find("[data-testid='assign-confirm-ok']").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("mini", Snapshots.Current.Services["postgresql"].Offerings["exoscale-gva2"].AssignedPlans.ToList()));
        Assert.False(Has(cut, "assign-confirm"));
        var offering = (await Services.GetRequiredService<CatalogAdminService>().AssignmentsAsync()).Single(o => o is { Service: "postgresql", ControlPlane: "exoscale-gva2" });
        Assert.Contains("mini", offering.AssignedPlans);
    }

    private static bool Has(IRenderedComponent<CatalogHealth> cut, string testId) => cut.FindAll($"[data-testid='{testId}']").Count > 0;

    private static MudCheckBox<bool> Box(IRenderedComponent<CatalogHealth> cut, string testId) =>
        cut.FindComponents<MudCheckBox<bool>>().Single(c => (string?)c.Instance.UserAttributes.GetValueOrDefault("data-testid") == testId).Instance;

    [Fact]
    public async Task Page_WithdrawPlanInUse_NamesItsInstancesAndCancelLeavesItOffered()
    {
        var instances = Services.GetRequiredService<Servala.Catalog.Instances.InstanceService>();
        await using (var db = Database.CreateContext())
        {
            var organization = await db.Organizations.OrderBy(o => o.Id).FirstAsync();
            Assert.True((await instances.OrderAsync(organization.Id, "pg-gva", new Servala.Catalog.Pricing.QuoteRequest("postgresql", "exoscale-gva2", "standard-2", "nosla", 20))).IsSuccess);
        }

        var cut = Render<CatalogHealth>();
        cut.WaitForElement("[data-testid='availability']");
        Assert.True(cut.Find("input[data-testid='assign-postgresql-exoscale-gva2-standard-2']").HasAttribute("checked"));

        await cut.InvokeAsync(() => Box(cut, "assign-postgresql-exoscale-gva2-standard-2").ValueChanged.InvokeAsync(false));

        cut.WaitForAssertion(() => Assert.Equal(
            "1 instance of postgresql on Exoscale CH-GVA-2 runs on standard-2: it keeps its plan and price. New orders can no longer choose it.",
            string.Join(' ', cut.Find("[data-testid='assign-confirm-instances']").TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))));
        Assert.Contains("No existing instance's price changes (1 priced).", cut.Find("[data-testid='assign-confirm']").TextContent, StringComparison.Ordinal);

        await cut.Find("[data-testid='assign-confirm-cancel']").ClickAsync(new());

        Assert.False(Has(cut, "assign-confirm"));
        Assert.True(cut.Find("input[data-testid='assign-postgresql-exoscale-gva2-standard-2']").HasAttribute("checked"));
        Assert.Contains("standard-2", Snapshots.Current.Services["postgresql"].Offerings["exoscale-gva2"].AssignedPlans.ToList());
        Assert.Empty(Services.GetRequiredService<ISnackbar>().ShownSnackbars);
    }

    [Fact]
    public async Task Page_StaleEntry_TabsCountEntriesStaleLintAndAvailability()
    {
        await using (var db = Database.CreateContext())
        {
            var entry = await db.ComputePlanEntries.Include(e => e.ComputePlan).Include(e => e.Service)
                .SingleAsync(e => e.ComputePlan.Code == "mini" && e.Service.Slug == "redis");
            entry.IsStale = true;
            await db.SaveChangesAsync();
        }

        await Snapshots.ReloadAsync();
        var entries = await Services.GetRequiredService<CatalogAdminService>().EntriesAsync();
        var offerings = await Services.GetRequiredService<CatalogAdminService>().AssignmentsAsync();

        var cut = Render<CatalogHealth>();

        cut.WaitForElement("[data-testid='availability']");
        var tabs = cut.FindAll(".mud-tab").Select(t => t.TextContent.Trim()).ToList();
        Assert.Equal([$"Entries ({entries.Count})", "Stale (1)", "Lint (1)", $"Availability ({offerings.Count})"], tabs);
        Assert.NotNull(cut.Find("[data-testid='stale-entry-redis-Plan-mini']"));
    }

    [Fact]
    public void Page_Availability_ListsPlansBySize()
    {
        var cut = Render<CatalogHealth>();
        cut.WaitForElement("[data-testid='availability']");

        var plans = cut.FindComponents<MudCheckBox<bool>>()
            .Select(c => (string)c.Instance.UserAttributes["data-testid"]!)
            .Where(id => id.StartsWith("assign-postgresql-cloudscale-rma-", StringComparison.Ordinal))
            .Select(id => id["assign-postgresql-cloudscale-rma-".Length..])
            .ToList();

        var info = Snapshots.Current.Services["postgresql"].Plans;
        Assert.Equal(plans.OrderBy(p => info[p].Vcpu).ThenBy(p => info[p].RamGib).ThenBy(p => p, StringComparer.Ordinal), plans);
        Assert.Equal(["mini", "standard-2", "standard-4", "standard-8", "standard-16"], plans);
    }
}
