using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Servala.Catalog.Admin;
using Servala.Catalog.Instances;
using Servala.Catalog.Pricing;
using Servala.Tests.Support;
using Servala.Web.Components.Pages.Admin;

namespace Servala.Tests.Admin;

public sealed class StaffInstancePageTests : PortalComponentTest
{
    public StaffInstancePageTests()
    {
        SampleCatalog.LoadAsync(Database).GetAwaiter().GetResult();
        Snapshots.ReloadAsync().GetAwaiter().GetResult();
        Services.AddSingleton<InstanceSupportService>();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Auth.SetAuthorized("admin@servala.test");
        Auth.SetRoles("Admin");
    }

    [Fact]
    public async Task Page_Instance_ShowsPlanPriceAndManifestReadOnlyAndAuditsOneView()
    {
        int id;
        await using (var db = Database.CreateContext())
        {
            var organization = await db.Organizations.OrderBy(o => o.Id).FirstAsync();
            var ordered = await Services.GetRequiredService<InstanceService>().OrderAsync(organization.Id, "pg-support", new QuoteRequest("postgresql", "cloudscale-rma", "standard-2", "nosla", 20));
            id = ordered.Instance!.Id;
        }

        var cut = Render<StaffInstance>(p => p.Add(c => c.Id, id));

        cut.WaitForElement("[data-testid='staff-instance']");
        Assert.Equal("standard-2", cut.Find("[data-testid='staff-instance-plan']").TextContent);
        Assert.StartsWith("CHF ", cut.Find("[data-testid='staff-instance-price']").TextContent, StringComparison.Ordinal);
        Assert.Contains("pg-support", cut.Find("[data-testid='staff-instance-manifest']").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("button"));
        await using var check = Database.CreateContext();
        var audit = await check.AuditEntries.SingleAsync();
        Assert.Equal(("admin@servala.test", "viewed"), (audit.Actor, audit.Field));
    }

    [Fact]
    public void Page_NoSuchInstance_SaysSo()
    {
        var cut = Render<StaffInstance>(p => p.Add(c => c.Id, 4711));

        cut.WaitForAssertion(() => Assert.Equal("There is no instance #4711.", cut.Find("[data-testid='staff-instance-not-found']").TextContent.Trim()));
    }

    [Fact]
    public async Task ListPage_OrganizationFilter_ListsOnlyThatOrganizationsInstancesWithLinks()
    {
        await using (var db = Database.CreateContext())
        {
            var organizations = await db.Organizations.OrderBy(o => o.Id).Take(2).ToListAsync();
            var instances = Services.GetRequiredService<InstanceService>();
            Assert.True((await instances.OrderAsync(organizations[0].Id, "pg-first", new QuoteRequest("postgresql", "cloudscale-rma", "mini", "nosla", 10))).IsSuccess);
            Assert.True((await instances.OrderAsync(organizations[1].Id, "pg-second", new QuoteRequest("postgresql", "cloudscale-rma", "mini", "nosla", 10))).IsSuccess);
        }

        await using var check = Database.CreateContext();
        var first = await check.Organizations.OrderBy(o => o.Id).FirstAsync();
        var id = (await check.ServiceInstances.SingleAsync(i => i.Name == "pg-first")).Id;
        Services.GetRequiredService<NavigationManager>().NavigateTo($"admin/instances?organization={first.Slug}");

        var cut = Render<StaffInstances>();

        cut.WaitForElement("[data-testid='staff-instances']");
        var link = cut.Find($"[data-testid='staff-instance-link-{first.Slug}-pg-first']");
        Assert.EndsWith($"admin/instances/{id}", link.GetAttribute("href"), StringComparison.Ordinal);
        Assert.DoesNotContain("pg-second", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(await check.AuditEntries.ToListAsync());
    }
}
