using Servala.Catalog.Admin;
using Servala.Catalog.Pricing;

namespace Servala.Tests.Admin;

public sealed class InstanceSupportServiceTests
{
    [Fact]
    public async Task ViewAsync_AnyOrganizationsInstance_ShowsItAndAuditsWhoViewedItWhen()
    {
        using var admin = await AdminCatalog.CreateAsync();
        var id = await admin.OrderAsync("pg-support", new QuoteRequest("postgresql", "cloudscale-rma", "standard-2", "nosla", 20));
        var support = new InstanceSupportService(admin.Database.Factory, admin.Instances, admin.Clock);

        var view = await support.ViewAsync(id, "staff@servala.test");

        Assert.NotNull(view);
        Assert.Equal(("pg-support", "standard-2", 20), (view.Name, view.Plan, view.StorageGib));
        var quote = admin.Calculator.Quote(admin.Snapshots.Current, new QuoteRequest("postgresql", "cloudscale-rma", "standard-2", "nosla", 20), QuoteContext.Existing).Quote!;
        Assert.Equal((quote.Currency, quote.TotalMonthly), (view.Currency, view.MonthlyTotal));
        Assert.Contains("pg-support", view.ManifestYaml, StringComparison.Ordinal);
        var audit = Assert.Single(await admin.AuditAsync());
        Assert.Equal(("staff@servala.test", "ServiceInstance", "viewed", admin.Clock.GetUtcNow()), (audit.Actor, audit.Entity, audit.Field, audit.At));
        Assert.EndsWith($"/pg-support (#{id})", audit.Key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ViewAsync_NoSuchInstance_IsNullAndAuditsNothing()
    {
        using var admin = await AdminCatalog.CreateAsync();
        var support = new InstanceSupportService(admin.Database.Factory, admin.Instances, admin.Clock);

        Assert.Null(await support.ViewAsync(4711, "staff@servala.test"));
        Assert.Empty(await admin.AuditAsync());
    }
}
