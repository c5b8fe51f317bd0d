using Bunit;
using MudBlazor;
using Servala.Tests.Support;
using Servala.Web.Components.Pages.Ordering;

namespace Servala.Tests.Web.Components;

public sealed class ConfigurePageTests : PortalComponentTest
{
    private IRenderedComponent<Configure> RenderPostgres() =>
        Render<Configure>(p => p.Add(x => x.Slug, "postgresql"));

    private static string Text(IRenderedComponent<Configure> cut, string testId) =>
        cut.Find($"[data-testid='{testId}']").TextContent.Trim();

    private static MudSelect<string> Select(IRenderedComponent<Configure> cut, string testId) =>
        cut.FindComponents<MudSelect<string>>().Single(s => (string?)s.Instance.UserAttributes.GetValueOrDefault("data-testid") == testId).Instance;

    [Fact]
    public void Configure_OnFirstRender_ShowsTheCheapestConfigurationsLines()
    {
        var cut = RenderPostgres();

        // mini on Cloudscale RMA, no SLA, 10 GiB: the calculator's 37.90.
        Assert.Equal("CHF 37.90", Text(cut, "price-total-monthly"));
        Assert.Equal("CHF 10.00", Text(cut, "price-line-base-monthly"));
        Assert.Equal("CHF 21.90", Text(cut, "price-line-compute-monthly"));
        Assert.Equal("CHF 4.50", Text(cut, "price-line-csp:backup-monthly"));
        Assert.Equal("CHF 0.0519", Text(cut, "price-total-hourly"));
    }

    [Fact]
    public async Task Configure_WhenStorageChanges_RepricesStorageLine()
    {
        var cut = RenderPostgres();

        var storage = cut.FindComponents<MudNumericField<int>>().Single(f => (string?)f.Instance.UserAttributes.GetValueOrDefault("data-testid") == "storage-input");
        await cut.InvokeAsync(() => storage.Instance.ValueChanged.InvokeAsync(100));

        Assert.Equal("CHF 15.00", Text(cut, "price-line-storage-monthly"));
        Assert.Equal("CHF 51.40", Text(cut, "price-total-monthly"));
    }

    [Fact]
    public async Task Configure_WhenSlaAndPlanChange_ShowsHaFloorAndDiscountLines()
    {
        var cut = RenderPostgres();

        await cut.InvokeAsync(() => Select(cut, "control-plane-select").ValueChanged.InvokeAsync("exoscale-gva2"));
        await cut.InvokeAsync(() => Select(cut, "plan-select").ValueChanged.InvokeAsync("standard-8"));
        await cut.InvokeAsync(() => Select(cut, "sla-select").ValueChanged.InvokeAsync("sla999247"));
        var storage = cut.FindComponents<MudNumericField<int>>().Single(f => (string?)f.Instance.UserAttributes.GetValueOrDefault("data-testid") == "storage-input");
        await cut.InvokeAsync(() => storage.Instance.ValueChanged.InvokeAsync(50));

        Assert.Equal("CHF 376.92", Text(cut, "price-total-monthly"));
        Assert.Equal("CHF -11.68", Text(cut, "price-line-discount-monthly"));
        Assert.Equal("CHF 120.00", Text(cut, "price-line-sla-monthly"));
        Assert.Contains("at least 2 replicas", Text(cut, "price-note-ha"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configure_InvalidStorage_ShowsTheCalculatorsReasonAndDisablesOrdering()
    {
        var cut = RenderPostgres();

        var storage = cut.FindComponents<MudNumericField<int>>().Single(f => (string?)f.Instance.UserAttributes.GetValueOrDefault("data-testid") == "storage-input");
        await cut.InvokeAsync(() => storage.Instance.ValueChanged.InvokeAsync(15));

        Assert.Contains("storage out of range", Text(cut, "price-error"), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid='price-total-monthly']"));
        Assert.True(cut.Find("[data-testid='order-button']").HasAttribute("disabled"));
    }

    [Fact]
    public void Configure_UnlistedService_SaysItCannotBeOrdered()
    {
        var cut = Render<Configure>(p => p.Add(x => x.Slug, "collabora"));

        Assert.NotNull(cut.Find("[data-testid='service-not-found']"));
    }

    [Fact]
    public async Task Configure_Nextcloud_PricesCollaboraAsItsOwnSection()
    {
        var cut = Render<Configure>(p => p.Add(x => x.Slug, "nextcloud"));

        // Nextcloud standard-2 with 20 GiB (49.45) + Collabora standard-2 (8.00 base + 32.85 compute).
        Assert.NotNull(cut.Find("[data-testid='supporting-collabora']"));
        Assert.Equal("CHF 32.85", Text(cut, "price-line-collabora-compute-monthly"));
        Assert.Equal("CHF 90.30", Text(cut, "price-total-monthly"));

        var include = cut.FindComponents<MudSwitch<bool>>().Single();
        await cut.InvokeAsync(() => include.Instance.ValueChanged.InvokeAsync(false));

        Assert.Equal("CHF 49.45", Text(cut, "price-total-monthly"));
        Assert.Empty(cut.FindAll("[data-testid='price-line-collabora-compute']"));
    }
}
