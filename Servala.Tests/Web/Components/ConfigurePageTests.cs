using System.Collections.Frozen;
using System.Security.Claims;
using Bunit;
using MudBlazor;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;
using Servala.Web.Components.Pricing;
using Servala.Tests.Support;
using Servala.Web.Components.Pages.Ordering;

namespace Servala.Tests.Web.Components;

public sealed class ConfigurePageTests : PortalComponentTest
{
    private static readonly PriceCalculator Calculator = new();

    private IRenderedComponent<Configure> RenderPostgres() => RenderConfigure("postgresql");

    // As on the portal's interactive server circuit (set once the test's services are in place).
    private IRenderedComponent<Configure> RenderConfigure(string slug, bool interactive = true)
    {
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo(interactive ? "Server" : "Static", interactive));
        return Render<Configure>(p => p.Add(x => x.Slug, slug));
    }

    [Theory]
    [InlineData(true, "ready")]
    [InlineData(false, "loading")]
    public void Configure_PageState_IsReadyOnceLoadedOnAnInteractiveCircuit(bool interactive, string expected)
    {
        var cut = RenderConfigure("postgresql", interactive);

        Assert.Equal(expected, cut.Find("[data-testid='page-state']").GetAttribute("data-state"));
    }

    // Amounts join currency and number with a no-break space; the assertions read it as a space.
    private static string Text(IRenderedComponent<Configure> cut, string testId) =>
        cut.Find($"[data-testid='{testId}']").TextContent.Trim().Replace('\u00A0', ' ');

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

        var storage = cut.FindComponents<MudNumericField<int?>>().Single(f => (string?)f.Instance.UserAttributes.GetValueOrDefault("data-testid") == "storage-input");
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
        var storage = cut.FindComponents<MudNumericField<int?>>().Single(f => (string?)f.Instance.UserAttributes.GetValueOrDefault("data-testid") == "storage-input");
        await cut.InvokeAsync(() => storage.Instance.ValueChanged.InvokeAsync(50));

        Assert.Equal("CHF 376.92", Text(cut, "price-total-monthly"));
        Assert.Equal("CHF -11.68", Text(cut, "price-line-discount-monthly"));
        Assert.Equal("CHF 120.00", Text(cut, "price-line-sla-monthly"));
        Assert.Contains("at least 2 replicas", Text(cut, "price-note-ha"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configure_InvalidStorage_SaysWhyAtTheFieldAndKeepsTheLastValidPriceMarked()
    {
        var cut = RenderPostgres();

        var storage = cut.FindComponents<MudNumericField<int?>>().Single(f => (string?)f.Instance.UserAttributes.GetValueOrDefault("data-testid") == "storage-input");
        await cut.InvokeAsync(() => storage.Instance.ValueChanged.InvokeAsync(15));

        // Not clamped: the field keeps 15 and says why, in the calculator's words.
        Assert.Equal("15", cut.Find("[data-testid='storage-field'] input").GetAttribute("value"));
        Assert.Contains("storage out of range: 15 GiB", Text(cut, "storage-field"), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid='price-error']"));
        Assert.NotNull(cut.Find("[data-testid='price-last-valid']"));
        Assert.Equal("CHF 37.90", Text(cut, "price-total-monthly"));
        Assert.True(cut.Find("[data-testid='order-button']").HasAttribute("disabled"));

        await cut.InvokeAsync(() => storage.Instance.ValueChanged.InvokeAsync(20));

        Assert.DoesNotContain("storage out of range", Text(cut, "storage-field"), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid='price-last-valid']"));
        Assert.Equal("CHF 39.40", Text(cut, "price-total-monthly"));
    }

    [Fact]
    public async Task Configure_StorageAndReplicasBothWrong_EachFieldSaysSo()
    {
        var cut = RenderPostgres();

        await cut.InvokeAsync(() => Numeric(cut, "storage-input").ValueChanged.InvokeAsync(5000));
        await cut.InvokeAsync(() => Numeric(cut, "replicas-input").ValueChanged.InvokeAsync(0));

        Assert.Contains("storage out of range: 5000 GiB", Text(cut, "storage-field"), StringComparison.Ordinal);
        Assert.Contains("replicas < 1", Text(cut, "replicas-field"), StringComparison.Ordinal);
        Assert.Equal("CHF 37.90", Text(cut, "price-total-monthly"));
        Assert.Contains("last valid", Text(cut, "sticky-total"), StringComparison.Ordinal);

        await cut.InvokeAsync(() => Numeric(cut, "replicas-input").ValueChanged.InvokeAsync(null));

        Assert.Contains("Enter the number of replicas", Text(cut, "replicas-field"), StringComparison.Ordinal);
    }

    [Fact]
    public void Configure_UnlistedService_SaysItCannotBeOrdered()
    {
        var cut = RenderConfigure("collabora");

        Assert.NotNull(cut.Find("[data-testid='service-not-found']"));
    }

    [Fact]
    public async Task Configure_Nextcloud_StartsWithoutCollaboraAndPricesItAsItsOwnSectionWhenAdded()
    {
        var cut = RenderConfigure("nextcloud");

        // Supporting services are opt-in: Nextcloud standard-2 with 20 GiB alone (49.45), the "from" price.
        Assert.NotNull(cut.Find("[data-testid='supporting-collabora']"));
        Assert.Equal("CHF 49.45", Text(cut, "price-total-monthly"));
        Assert.Empty(cut.FindAll("[data-testid='price-line-collabora-compute']"));

        var include = cut.FindComponents<MudSwitch<bool>>().Single();
        await cut.InvokeAsync(() => include.Instance.ValueChanged.InvokeAsync(true));

        // + Collabora standard-2 (8.00 base + 32.85 compute).
        Assert.Equal("CHF 32.85", Text(cut, "price-line-collabora-compute-monthly"));
        Assert.Equal("CHF 90.30", Text(cut, "price-total-monthly"));
    }

    public static TheoryData<string> ListedServices() => new(SampleSnapshot.Instance.Services.Values.Where(s => s.Listed).Select(s => s.Slug));

    [Theory]
    [MemberData(nameof(ListedServices))]
    public void Configure_OnFirstRender_StartsAtTheCatalogsFromPrice(string slug)
    {
        var from = Calculator.FromPrice(SampleSnapshot.Instance, slug);

        var cut = RenderConfigure(slug);

        Assert.NotNull(from);
        Assert.Equal(from.Value.ToString(), Text(cut, "price-total-monthly"));
    }

    [Fact]
    public async Task Configure_ComparePlans_ShowsEveryPlanAtTheCurrentStorageAndSlaFromTheCalculator()
    {
        var cut = RenderPostgres();
        await cut.InvokeAsync(() => Select(cut, "sla-select").ValueChanged.InvokeAsync("sla999bh"));
        await cut.InvokeAsync(() => Numeric(cut, "storage-input").ValueChanged.InvokeAsync(100));

        cut.Find("[data-testid='compare-plans-toggle']").Click();

        var plans = new[] { "mini", "standard-2", "standard-4", "standard-8", "standard-16" };
        Assert.Equal(plans.Length, cut.FindAll("[data-testid='plan-compare'] tbody tr").Count);
        foreach (var plan in plans)
        {
            var expected = Calculator.Quote(SampleSnapshot.Instance, new QuoteRequest("postgresql", "cloudscale-rma", plan, "sla999bh", 100)).Quote!;
            Assert.Equal(expected.Total.ToString(), Text(cut, $"plan-compare-{plan}-monthly"));
        }

        cut.Find("[data-testid='plan-compare-standard-8-choose']").Click();

        Assert.StartsWith("Standard 8 ", Text(cut, "price-line-compute"), StringComparison.Ordinal);
        Assert.Equal(Text(cut, "plan-compare-standard-8-monthly"), Text(cut, "price-total-monthly"));
    }

    [Fact]
    public async Task Configure_PlanPrices_AreTheCalculatorsTotalsForEachPlan()
    {
        var cut = RenderPostgres();
        await cut.InvokeAsync(() => Numeric(cut, "storage-input").ValueChanged.InvokeAsync(50));

        var picker = cut.FindComponent<PlanSelect>();
        foreach (var plan in new[] { "mini", "standard-2", "standard-4", "standard-8", "standard-16" })
        {
            var expected = Calculator.Quote(SampleSnapshot.Instance, new QuoteRequest("postgresql", "cloudscale-rma", plan, "nosla", 50)).Quote!;
            Assert.Equal(expected.TotalMonthly, picker.Instance.Prices![plan].TotalMonthly);
            Assert.Equal(expected.Currency, picker.Instance.Prices[plan].Currency);
        }
    }

    [Fact]
    public async Task Configure_SupportingServicePlanPrices_AreTheCalculatorsMonthlyTotalsOfThatService()
    {
        var cut = RenderConfigure("nextcloud");
        await cut.InvokeAsync(() => cut.FindComponents<MudSwitch<bool>>().Single().Instance.ValueChanged.InvokeAsync(true));
        await cut.InvokeAsync(() => Select(cut, "sla-select").ValueChanged.InvokeAsync("sla999bh"));

        var main = Calculator.FromQuote(SampleSnapshot.Instance, "nextcloud")!;
        var storage = CatalogChoices.StorageSteps(SampleSnapshot.Instance.Services["collabora"].Storage!).First();
        var picker = cut.FindComponents<PlanSelect>().Single(p => (string?)p.Instance.Attributes?.GetValueOrDefault("data-testid") == "supporting-collabora-plan-select");
        var plans = picker.Instance.Plans.Select(p => p.Code).ToList();
        Assert.True(plans.Count > 1);
        Assert.Equal(plans.Order(StringComparer.Ordinal), picker.Instance.Prices!.Keys.Order(StringComparer.Ordinal));
        foreach (var plan in plans)
        {
            var expected = Calculator.Quote(SampleSnapshot.Instance, new QuoteRequest("nextcloud", main.ControlPlane, main.Plan, "sla999bh", main.StorageGib)
            {
                Supporting = [new QuoteRequest("collabora", main.ControlPlane, plan, "sla999bh", storage)],
            }).Quote!.Supporting.Single();
            Assert.Equal(expected.TotalMonthly, picker.Instance.Prices[plan].TotalMonthly);
            Assert.Equal(expected.Currency, picker.Instance.Prices[plan].Currency);
        }
    }

    [Fact]
    public async Task Configure_TierWithHaMinimum_SaysBilledReplicasNextToTheReplicasField()
    {
        var cut = RenderPostgres();
        Assert.Empty(cut.FindAll("[data-testid='replicas-billed']"));

        await cut.InvokeAsync(() => Select(cut, "sla-select").ValueChanged.InvokeAsync("sla999247"));

        Assert.Contains("2 replicas billed", Text(cut, "replicas-field"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configure_ControlPlaneWithThePlan_KeepsIt()
    {
        var cut = RenderPostgres();
        await cut.InvokeAsync(() => Select(cut, "plan-select").ValueChanged.InvokeAsync("standard-4"));

        await cut.InvokeAsync(() => Select(cut, "control-plane-select").ValueChanged.InvokeAsync("exoscale-gva2"));

        Assert.StartsWith("Standard 4 ", Text(cut, "price-line-compute"), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid='plan-replaced']"));
    }

    [Fact]
    public async Task Configure_ControlPlaneWithoutThePlan_SaysWhichPlanReplacedIt()
    {
        var cut = RenderPostgres();

        await cut.InvokeAsync(() => Select(cut, "control-plane-select").ValueChanged.InvokeAsync("exoscale-gva2"));

        Assert.StartsWith("Standard 2 ", Text(cut, "price-line-compute"), StringComparison.Ordinal);
        Assert.Equal("Mini is not offered on Exoscale CH-GVA-2; Standard 2 was chosen instead.", Text(cut, "plan-replaced"));
    }

    [Fact]
    public async Task Configure_InstanceName_ErrorShowsAsTypedAndClearsOnceFixed()
    {
        await using (var db = Database.CreateContext())
        {
            db.Organizations.Add(new Organization
            {
                Slug = "acme", Name = "ACME Corp", Namespace = "org-acme", SalesOrderId = "S1",
                Members = [new OrganizationMember { UserId = "user-1" }],
            });
            await db.SaveChangesAsync();
        }

        Auth.SetAuthorized("alice@acme.test");
        Auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, "user-1"));
        var cut = RenderPostgres();
        var name = cut.FindComponents<MudTextField<string>>().Single(f => (string?)f.Instance.UserAttributes.GetValueOrDefault("data-testid") == "instance-name-input");

        await cut.InvokeAsync(() => name.Instance.ValueChanged.InvokeAsync("Orders_DB"));

        Assert.Contains("lower-case letters", Text(cut, "instance-name-error"), StringComparison.Ordinal);
        Assert.True(cut.Find("[data-testid='order-button']").HasAttribute("disabled"));

        await cut.InvokeAsync(() => name.Instance.ValueChanged.InvokeAsync("orders-db"));

        Assert.Empty(cut.FindAll("[data-testid='instance-name-error']"));
        Assert.False(cut.Find("[data-testid='order-button']").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Configure_SupportingServiceInAnotherCurrency_IsUnavailableWithItsReasonWhileTheMainServiceStaysOrderable()
    {
        var catalog = SampleSnapshot.Instance;
        var services = catalog.Services.ToDictionary(StringComparer.Ordinal);
        services["collabora"] = services["collabora"] with { Pricing = services["collabora"].Pricing! with { Currency = "EUR" } };
        Snapshots.Replace(catalog with { Services = services.ToFrozenDictionary(StringComparer.Ordinal) });

        var cut = RenderConfigure("nextcloud");
        var include = cut.FindComponents<MudSwitch<bool>>().Single();
        await cut.InvokeAsync(() => include.Instance.ValueChanged.InvokeAsync(true));

        Assert.Contains("priced in EUR, but Nextcloud in CHF", Text(cut, "supporting-collabora-unavailable"), StringComparison.Ordinal);
        var toggle = cut.Find("[data-testid='supporting-collabora'] input[type=checkbox]");
        Assert.True(toggle.HasAttribute("disabled"));
        Assert.False(toggle.HasAttribute("checked"));
        Assert.Equal("CHF 49.45", Text(cut, "price-total-monthly"));
        Assert.Empty(cut.FindAll("[data-testid='price-error']"));
        Assert.False(cut.Find("[data-testid='order-button']").HasAttribute("disabled"));
    }

    [Fact]
    public void Configure_Amounts_JoinCurrencyAndNumberWithANoBreakSpace()
    {
        var cut = RenderPostgres();

        Assert.Equal("CHF\u00A037.90", cut.Find("[data-testid='price-total-monthly']").TextContent.Trim());
        Assert.Equal("CHF\u00A037.90", cut.Find("[data-testid='sticky-total-monthly']").TextContent.Trim());
    }

    private static MudNumericField<int?> Numeric(IRenderedComponent<Configure> cut, string testId) =>
        cut.FindComponents<MudNumericField<int?>>().Single(f => (string?)f.Instance.UserAttributes.GetValueOrDefault("data-testid") == testId).Instance;
}
