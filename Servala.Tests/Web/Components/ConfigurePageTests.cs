using System.Collections.Frozen;
using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
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

    // The number fields report what is typed 150 ms after the last keystroke: the tests move this clock past it.
    private readonly FakeTimeProvider _clock = new();

    public ConfigurePageTests() => Services.AddSingleton<TimeProvider>(_clock);

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

    /// <summary>Picks an option in a native select, as the browser's change event reports it.</summary>
    private static void Pick(IRenderedComponent<Configure> cut, string testId, string value)
    {
        var select = cut.Find($"select[data-testid='{testId}']");
        Assert.Contains(select.QuerySelectorAll("option"), o => o.GetAttribute("value") == value);
        select.Change(value);
    }

    /// <summary>Types into a number field (one input event, as a paste or the last keystroke sends) and lets its debounce pass.</summary>
    private void Type(IRenderedComponent<Configure> cut, string testId, string text)
    {
        cut.Find($"input[data-testid='{testId}']").Input(text);
        _clock.Advance(TimeSpan.FromMilliseconds(150));
    }

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

        Type(cut, "storage-input", "100");

        cut.WaitForAssertion(() => Assert.Equal("CHF 15.00", Text(cut, "price-line-storage-monthly")));
        Assert.Equal("CHF 51.40", Text(cut, "price-total-monthly"));
    }

    [Fact]
    public async Task Configure_WhenSlaAndPlanChange_ShowsHaFloorAndDiscountLines()
    {
        var cut = RenderPostgres();

        Pick(cut, "control-plane-select", "exoscale-gva2");
        Pick(cut, "plan-select", "standard-8");
        Pick(cut, "sla-select", "sla999247");
        Type(cut, "storage-input", "50");

        cut.WaitForAssertion(() => Assert.Equal("CHF 376.92", Text(cut, "price-total-monthly")));
        Assert.Equal("CHF -11.68", Text(cut, "price-line-discount-monthly"));
        Assert.Equal("CHF 120.00", Text(cut, "price-line-sla-monthly"));
        Assert.Contains("at least 2 replicas", Text(cut, "price-note-ha"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configure_InvalidStorage_SaysWhyAtTheFieldAndKeepsTheLastValidPriceMarked()
    {
        var cut = RenderPostgres();

        Type(cut, "storage-input", "15");

        // Not clamped: the field keeps 15 and says why, in the calculator's words, tied to the input for screen readers.
        cut.WaitForAssertion(() => Assert.Contains("storage out of range: 15 GiB", Text(cut, "storage-error"), StringComparison.Ordinal));
        var input = cut.Find("input[data-testid='storage-input']");
        Assert.Equal("15", input.GetAttribute("value"));
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        Assert.Equal("storage-error", input.GetAttribute("aria-describedby"));
        Assert.Empty(cut.FindAll("#storage-helper-text"));
        Assert.Equal("storage-error", cut.Find("[data-testid='storage-error']").Id);
        Assert.Empty(cut.FindAll("[data-testid='price-error']"));
        Assert.NotNull(cut.Find("[data-testid='price-last-valid']"));
        Assert.Equal("CHF 37.90", Text(cut, "price-total-monthly"));
        Assert.True(cut.Find("[data-testid='order-button']").HasAttribute("disabled"));

        Type(cut, "storage-input", "20");

        cut.WaitForAssertion(() => Assert.DoesNotContain("storage out of range", Text(cut, "storage-field"), StringComparison.Ordinal));
        Assert.Equal("false", cut.Find("input[data-testid='storage-input']").GetAttribute("aria-invalid"));
        Assert.Empty(cut.FindAll("[data-testid='price-last-valid']"));
        Assert.Equal("CHF 39.40", Text(cut, "price-total-monthly"));
    }

    [Fact]
    public void Configure_TypedNumber_RepricesOnlyOnceTheDebounceHasPassed()
    {
        var cut = RenderPostgres();

        // "100" typed a digit at a time: "1" and "10" on the way are never priced nor refused.
        var input = cut.Find("input[data-testid='storage-input']");
        input.Input("1");
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        input.Input("10");
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        input.Input("100");
        _clock.Advance(TimeSpan.FromMilliseconds(149));

        Assert.Equal("CHF 37.90", Text(cut, "price-total-monthly"));
        Assert.Empty(cut.FindAll("[data-testid='storage-error']"));

        _clock.Advance(TimeSpan.FromMilliseconds(1));

        cut.WaitForAssertion(() => Assert.Equal("CHF 51.40", Text(cut, "price-total-monthly")));
        Assert.Empty(cut.FindAll("[data-testid='storage-error']"));
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("99999999999")]
    public void Configure_TypedTextThatIsNoWholeNumber_SaysSoAtTheFieldAndKeepsTheLastValidPriceMarked(string typed)
    {
        var cut = RenderPostgres();

        Type(cut, "storage-input", typed);

        cut.WaitForAssertion(() => Assert.Equal("Enter a whole number from 10 to 2000.", Text(cut, "storage-error")));
        var input = cut.Find("input[data-testid='storage-input']");
        Assert.Equal(typed, input.GetAttribute("value"));
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        Assert.NotNull(cut.Find("[data-testid='price-last-valid']"));
        Assert.Equal("CHF 37.90", Text(cut, "price-total-monthly"));
        Assert.True(cut.Find("[data-testid='order-button']").HasAttribute("disabled"));

        Type(cut, "storage-input", "100");

        cut.WaitForAssertion(() => Assert.Equal("CHF 51.40", Text(cut, "price-total-monthly")));
        Assert.Empty(cut.FindAll("[data-testid='storage-error']"));
        Assert.Equal("false", cut.Find("input[data-testid='storage-input']").GetAttribute("aria-invalid"));
    }

    [Fact]
    public void Configure_SpinButtons_StepTheStorageWithinItsRange()
    {
        var cut = RenderPostgres();

        cut.Find("[data-testid='storage-field'] button[aria-label='Increment']").Click();

        cut.WaitForAssertion(() => Assert.Equal("20", cut.Find("input[data-testid='storage-input']").GetAttribute("value")));
        Assert.Equal("CHF 39.40", Text(cut, "price-total-monthly"));

        cut.Find("[data-testid='storage-field'] button[aria-label='Decrement']").Click();
        cut.Find("[data-testid='storage-field'] button[aria-label='Decrement']").Click();

        // Not below the minimum of 10 GiB.
        cut.WaitForAssertion(() => Assert.Equal("10", cut.Find("input[data-testid='storage-input']").GetAttribute("value")));
        Assert.Equal("CHF 37.90", Text(cut, "price-total-monthly"));
    }

    [Fact]
    public void Configure_Fields_AreNativeControlsWithTheirLabelsAndHelperTexts()
    {
        var cut = RenderPostgres();

        foreach (var (id, testId, label) in new[]
        {
            ("control-plane", "control-plane-select", "Control plane"), ("plan", "plan-select", "Compute plan"), ("sla-tier", "sla-select", "SLA"),
            ("storage", "storage-input", "Storage per replica (GiB)"), ("replicas", "replicas-input", "Replicas"),
        })
        {
            var control = cut.Find($"#{id}");
            Assert.Equal(testId, control.GetAttribute("data-testid"));
            Assert.Equal(label, cut.Find($"label[for='{id}']").TextContent);
        }

        Assert.Equal("number", cut.Find("#storage").GetAttribute("type"));
        Assert.Equal(("10", "2000", "10"), (cut.Find("#storage").GetAttribute("min"), cut.Find("#storage").GetAttribute("max"), cut.Find("#storage").GetAttribute("step")));
        Assert.Equal("storage-helper-text", cut.Find("#storage").GetAttribute("aria-describedby"));
        Assert.Equal("10–2000 GiB in steps of 10", cut.Find("#storage-helper-text").TextContent);
        Assert.Equal("false", cut.Find("#storage").GetAttribute("aria-invalid"));
        Assert.Equal("1–9", cut.Find("#replicas-helper-text").TextContent);
        Assert.Equal("SELECT", cut.Find("#sla-tier").TagName);
        Assert.Equal(["nosla", "sla999bh", "sla999247"], cut.FindAll("#sla-tier option").Select(o => o.GetAttribute("value")));
    }

    [Fact]
    public async Task Configure_StorageAndReplicasBothWrong_EachFieldSaysSo()
    {
        var cut = RenderPostgres();

        Type(cut, "storage-input", "5000");
        Type(cut, "replicas-input", "0");

        cut.WaitForAssertion(() => Assert.Contains("replicas < 1", Text(cut, "replicas-field"), StringComparison.Ordinal));
        Assert.Contains("storage out of range: 5000 GiB", Text(cut, "storage-field"), StringComparison.Ordinal);
        Assert.Contains("replicas < 1", Text(cut, "replicas-field"), StringComparison.Ordinal);
        Assert.Equal("CHF 37.90", Text(cut, "price-total-monthly"));
        Assert.Contains("last valid", Text(cut, "sticky-total"), StringComparison.Ordinal);

        Type(cut, "replicas-input", "");

        cut.WaitForAssertion(() => Assert.Contains("Enter the number of replicas", Text(cut, "replicas-field"), StringComparison.Ordinal));
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
        Pick(cut, "sla-select", "sla999bh");
        Type(cut, "storage-input", "100");
        cut.WaitForAssertion(() => Assert.StartsWith("Storage 100 GiB", Text(cut, "price-line-storage"), StringComparison.Ordinal));

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
        Type(cut, "storage-input", "50");
        cut.WaitForAssertion(() => Assert.Equal("CHF 7.50", Text(cut, "price-line-storage-monthly")));

        var plans = new[] { "mini", "standard-2", "standard-4", "standard-8", "standard-16" };
        Assert.Equal(plans, cut.FindAll("select[data-testid='plan-select'] option").Select(o => o.GetAttribute("value")));
        foreach (var plan in plans)
        {
            var expected = Calculator.Quote(SampleSnapshot.Instance, new QuoteRequest("postgresql", "cloudscale-rma", plan, "nosla", 50)).Quote!;
            var option = cut.Find($"select[data-testid='plan-select'] option[value='{plan}']").TextContent;
            Assert.EndsWith($" — {MoneyText.Monthly(expected.TotalMonthly, expected.Currency)}", option, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Configure_SupportingServicePlanPrices_AreTheCalculatorsMonthlyTotalsOfThatService()
    {
        var cut = RenderConfigure("nextcloud");
        await cut.InvokeAsync(() => cut.FindComponents<MudSwitch<bool>>().Single().Instance.ValueChanged.InvokeAsync(true));
        Pick(cut, "sla-select", "sla999bh");

        var main = Calculator.FromQuote(SampleSnapshot.Instance, "nextcloud")!;
        var collabora = SampleSnapshot.Instance.Services["collabora"];
        var storage = CatalogChoices.StorageSteps(collabora.Storage!).First();
        var plans = CatalogChoices.AvailablePlans(collabora, collabora.Offerings[main.ControlPlane]).Select(p => p.Code).ToList();
        var select = cut.Find("select[data-testid='supporting-collabora-plan-select']");
        Assert.True(plans.Count > 1);
        Assert.Equal(plans, select.QuerySelectorAll("option").Select(o => o.GetAttribute("value")));
        Assert.Equal("supporting-collabora-plan-helper-text", select.GetAttribute("aria-describedby"));
        Assert.Contains("Prices per month for Collabora Online alone", cut.Find("#supporting-collabora-plan-helper-text").TextContent, StringComparison.Ordinal);
        foreach (var plan in plans)
        {
            var expected = Calculator.Quote(SampleSnapshot.Instance, new QuoteRequest("nextcloud", main.ControlPlane, main.Plan, "sla999bh", main.StorageGib)
            {
                Supporting = [new QuoteRequest("collabora", main.ControlPlane, plan, "sla999bh", storage)],
            }).Quote!.Supporting.Single();
            var option = select.QuerySelector($"option[value='{plan}']")!.TextContent;
            Assert.EndsWith($" — {MoneyText.Monthly(expected.TotalMonthly, expected.Currency)}", option, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Configure_TierWithHaMinimum_SaysBilledReplicasNextToTheReplicasField()
    {
        var cut = RenderPostgres();
        Assert.Empty(cut.FindAll("[data-testid='replicas-billed']"));

        Pick(cut, "sla-select", "sla999247");

        Assert.Contains("2 replicas billed", Text(cut, "replicas-field"), StringComparison.Ordinal);
    }

    [Fact]
    public void Configure_ControlPlaneWithThePlan_KeepsIt()
    {
        var cut = RenderPostgres();
        Pick(cut, "plan-select", "standard-4");

        Pick(cut, "control-plane-select", "exoscale-gva2");

        Assert.StartsWith("Standard 4 ", Text(cut, "price-line-compute"), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid='plan-replaced']"));
    }

    [Fact]
    public void Configure_ControlPlaneWithoutThePlan_SaysWhichPlanReplacedIt()
    {
        var cut = RenderPostgres();

        Pick(cut, "control-plane-select", "exoscale-gva2");

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
    public async Task Configure_MemberOfTwoOrganizations_KeepsTheOnePicked()
    {
        await using (var db = Database.CreateContext())
        {
            db.Organizations.AddRange(
                new Organization { Slug = "acme", Name = "ACME Corp", Namespace = "org-acme", SalesOrderId = "S1", Members = [new OrganizationMember { UserId = "user-1" }] },
                new Organization { Slug = "globex", Name = "Globex", Namespace = "org-globex", SalesOrderId = "S2", Members = [new OrganizationMember { UserId = "user-1" }] });
            await db.SaveChangesAsync();
        }

        Auth.SetAuthorized("alice@acme.test");
        Auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, "user-1"));
        var cut = RenderPostgres();
        var select = cut.Find("select[data-testid='organization-select']");
        Assert.Equal(["ACME Corp", "Globex"], select.QuerySelectorAll("option").Select(o => o.TextContent));
        Assert.Equal("Organization", cut.Find("label[for='organization']").TextContent);
        int globex;
        await using (var db = Database.CreateContext())
        {
            globex = db.Organizations.Single(o => o.Slug == "globex").Id;
        }

        var acme = select.GetAttribute("value");
        Assert.NotEqual(globex.ToString(System.Globalization.CultureInfo.InvariantCulture), acme);

        Pick(cut, "organization-select", globex.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // The page keeps the pick (and renders it as the select's value, as it orders for it).
        Assert.Equal(globex.ToString(System.Globalization.CultureInfo.InvariantCulture), cut.Find("select[data-testid='organization-select']").GetAttribute("value"));
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
}
