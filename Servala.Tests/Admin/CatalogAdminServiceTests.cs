using Microsoft.EntityFrameworkCore;
using Servala.Catalog.Admin;
using Servala.Catalog.Pricing;

namespace Servala.Tests.Admin;

public sealed class CatalogAdminServiceTests
{
    [Fact]
    public async Task AssignPlanAsync_UnassignedPlan_IsOfferedAtOnceAndAudited()
    {
        using var admin = await AdminCatalog.CreateAsync();
        Assert.DoesNotContain("mini", admin.Snapshots.Current.Services["postgresql"].Offerings["exoscale-gva2"].AssignedPlans.ToList());

        var error = await admin.Catalog.AssignPlanAsync("postgresql", "exoscale-gva2", "mini", "admin@servala.test");

        Assert.Null(error);
        Assert.Contains("mini", admin.Snapshots.Current.Services["postgresql"].Offerings["exoscale-gva2"].AssignedPlans.ToList());
        Assert.True(admin.Calculator.Quote(admin.Snapshots.Current, new QuoteRequest("postgresql", "exoscale-gva2", "mini", "nosla", 20)).IsSuccess);
        var audit = Assert.Single(await admin.AuditAsync());
        Assert.Equal(("ComputePlanAssignment", "postgresql/exoscale-gva2/mini", "false", "true"), (audit.Entity, audit.Key, audit.OldValue, audit.NewValue));
    }

    [Fact]
    public async Task UnassignPlanAsync_AssignedPlan_IsNoLongerOrderable()
    {
        using var admin = await AdminCatalog.CreateAsync();

        var error = await admin.Catalog.UnassignPlanAsync("postgresql", "cloudscale-rma", "mini", "admin@servala.test");

        Assert.Null(error);
        var refusal = admin.Calculator.Quote(admin.Snapshots.Current, new QuoteRequest("postgresql", "cloudscale-rma", "mini", "nosla", 20)).Refusal;
        Assert.Equal(RefusalCode.PlanNotAvailable, refusal?.Code);
        Assert.Equal("true", Assert.Single(await admin.AuditAsync()).OldValue);
    }

    [Fact]
    public async Task AssignPlanAsync_PlanWithoutCatalogEntry_IsRefused()
    {
        using var admin = await AdminCatalog.CreateAsync();

        var error = await admin.Catalog.AssignPlanAsync("redis", "cloudscale-rma", "standard-16", "admin@servala.test");

        Assert.Contains("no live catalog entry", error, StringComparison.Ordinal);
        Assert.Empty(await admin.AuditAsync());
    }

    [Fact]
    public async Task StalePricedInstancesAsync_InstanceOnStalePlan_IsListed()
    {
        using var admin = await AdminCatalog.CreateAsync();
        await admin.OrderAsync("pg-stale", new QuoteRequest("postgresql", "cloudscale-rma", "standard-4", "nosla", 20));
        await admin.OrderAsync("pg-live", new QuoteRequest("postgresql", "cloudscale-rma", "standard-2", "nosla", 20));
        await using (var db = admin.Database.CreateContext())
        {
            var entry = await db.ComputePlanEntries.Include(e => e.ComputePlan).Include(e => e.Service)
                .SingleAsync(e => e.ComputePlan.Code == "standard-4" && e.Service.Slug == "postgresql");
            entry.IsStale = true;
            await db.SaveChangesAsync();
        }

        await admin.Snapshots.ReloadAsync();

        var stale = Assert.Single(await admin.Catalog.StalePricedInstancesAsync());
        Assert.Equal("pg-stale", stale.Name);
        Assert.Contains("plan standard-4", stale.StaleEntries);
        var entries = await admin.Catalog.EntriesAsync();
        Assert.Contains(entries, e => e is { Service: "postgresql", Kind: "Plan", Key: "standard-4", IsStale: true });
        Assert.Contains(entries, e => e is { Service: "postgresql", Kind: "Plan", Key: "standard-2", IsStale: false });
    }

    [Fact]
    public async Task PreviewAssignmentAsync_WithdrawAPlanInUse_CountsItsInstancesWhoKeepTheirPriceAndSavesNothing()
    {
        using var admin = await AdminCatalog.CreateAsync();
        await admin.OrderAsync("pg-small", new QuoteRequest("postgresql", "exoscale-gva2", "standard-2", "nosla", 20));
        await admin.OrderAsync("pg-large", new QuoteRequest("postgresql", "exoscale-gva2", "standard-4", "nosla", 20));
        var before = admin.Snapshots.Current;

        var impact = await admin.Catalog.PreviewAssignmentAsync("postgresql", "exoscale-gva2", "standard-2", assigned: false);

        Assert.Null(impact.Error);
        Assert.Equal(1, impact.InstancesOnPlan);
        Assert.Equal(2, impact.Impact.InstancesPriced);
        Assert.True(impact.Impact.IsEmpty);
        Assert.Same(before, admin.Snapshots.Current);
        Assert.Contains("standard-2", admin.Snapshots.Current.Services["postgresql"].Offerings["exoscale-gva2"].AssignedPlans.ToList());
        Assert.Empty(await admin.AuditAsync());
    }

    [Theory]
    [InlineData("postgresql", "nowhere", "mini", true, "postgresql is not offered on nowhere.")]
    [InlineData("nosuch", "exoscale-gva2", "mini", true, "nosuch is not offered on exoscale-gva2.")]
    [InlineData("postgresql", "exoscale-gva2", "huge-99", true, "Plan huge-99 has no live catalog entry for postgresql; it cannot be offered.")]
    public async Task PreviewAssignmentAsync_ImpossibleChange_SaysWhy(string service, string controlPlane, string plan, bool assigned, string error)
    {
        using var admin = await AdminCatalog.CreateAsync();

        var impact = await admin.Catalog.PreviewAssignmentAsync(service, controlPlane, plan, assigned);

        Assert.Equal(error, impact.Error);
        Assert.Same(PriceImpact.None, impact.Impact);
    }
}
