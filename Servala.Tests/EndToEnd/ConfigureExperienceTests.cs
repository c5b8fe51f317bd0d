using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Servala.Catalog.Pricing;
using Servala.Web.Components.Pricing;
using static Microsoft.Playwright.Assertions;

namespace Servala.Tests.EndToEnd;

/// <summary>The configure page in real Chromium: prices on every option, the link, and the phone layout.</summary>
public sealed partial class ConfigureExperienceTests(BrowserPortal browser) : IClassFixture<BrowserPortal>
{
    [Fact]
    public async Task CatalogCard_AsAWhole_LinksToTheConfigurePageThatStartsAtItsFromPrice()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        await page.WaitInteractiveAsync();
        var card = page.ByTestId("service-link-nextcloud");
        await Expect(card.Locator("[data-testid=service-description]")).ToHaveTextAsync("Nextcloud, managed for you (Collaboration).");
        var from = (await card.Locator("[data-testid=from-price]").TextContentAsync())!;

        // A click on the description, not on a button, opens the page.
        await card.Locator("[data-testid=service-description]").ClickAsync();
        await page.WaitForURLAsync("**/services/nextcloud");
        await page.WaitInteractiveAsync();

        await Expect(page.ByTestId("price-total-monthly")).ToHaveTextAsync(FromAmount().Match(from).Groups[1].Value);
        await Expect(page.InputOf("supporting-collabora-include")).Not.ToBeCheckedAsync();
    }

    [Fact]
    public async Task SlaPicker_ShowsEachTiersMonthlyDifferenceWithTheForcedReplica()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/services/postgresql");
        await page.WaitInteractiveAsync();

        // mini, 10 GiB, no SLA (37.90) → 24/7 (163.90): the calculator's difference, with the replica it forces.
        var items = page.Locator("select[data-testid='sla-select'] option");
        await Expect(items.Filter(new LocatorFilterOptions { HasText = "99.9% 24/7" })).ToContainTextAsync("+CHF 126.00/month, incl. a 2nd replica");
        await Expect(items.Filter(new LocatorFilterOptions { HasText = "No SLA" })).ToContainTextAsync("current choice");
    }

    [Fact]
    public async Task Fields_ShowTheLinksValuesBeforeTheCircuitAndWorkFromTheKeyboard()
    {
        // The prerendered page (no JavaScript, so no circuit) already shows the link's choices in its native fields.
        var still = await browser.NewPageAsync(javaScript: false);
        await still.GotoAsync("/services/postgresql?plan=standard-2&sla=sla999bh&storage=50&replicas=3");
        await Expect(still.Locator("select[data-testid='plan-select']")).ToHaveValueAsync("standard-2");
        await Expect(still.Locator("select[data-testid='sla-select']")).ToHaveValueAsync("sla999bh");
        await Expect(still.InputOf("storage-input")).ToHaveValueAsync("50");
        await Expect(still.InputOf("replicas-input")).ToHaveValueAsync("3");

        var page = await browser.NewPageAsync();
        await page.GotoAsync("/services/postgresql");
        await page.WaitInteractiveAsync();
        var total = page.ByTestId("price-total-monthly");
        await Expect(total).ToHaveTextAsync("CHF 37.90");

        // Each field is found by its label; the arrow keys step the storage by 10 GiB and pick the next SLA tier.
        await page.GetByLabel("Storage per replica (GiB)", new PageGetByLabelOptions { Exact = true }).FocusAsync();
        await page.Keyboard.PressAsync("ArrowUp");
        await Expect(page.InputOf("storage-input")).ToHaveValueAsync("20");
        await Expect(total).ToHaveTextAsync("CHF 39.40");

        var sla = page.GetByLabel("SLA", new PageGetByLabelOptions { Exact = true });
        await Expect(sla).ToHaveValueAsync("nosla");
        await sla.FocusAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(sla).Not.ToHaveValueAsync("nosla");
        await Expect(total).Not.ToHaveTextAsync("CHF 39.40");
        await Expect(page.ByTestId("price-line-sla")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Configuration_LivesInTheUrl_SurvivesReloadAndLogInToOrder()
    {
        var page = await browser.NewPageAsync();
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new BrowserContextGrantPermissionsOptions { Origin = browser.BaseUrl });
        await page.GotoAsync("/services/postgresql");
        await page.WaitInteractiveAsync();

        await page.InputOf("storage-input").FillAsync("100");
        await page.SelectAsync("sla-select", "99.9% 24/7");
        await Expect(page.ByTestId("price-total-monthly")).ToHaveTextAsync("CHF 190.90");
        // The page rewrites the address with history.replaceState: poll the address rather than wait for a load.
        await Expect(page).ToHaveURLAsync(new Regex("storage=100.*sla=sla999247|sla=sla999247.*storage=100"));

        // The shown link is the address; the button copies it.
        var link = await page.InputOf("share-link").InputValueAsync();
        Assert.Equal(page.Url, link);
        await page.ByTestId("copy-link").ClickAsync();
        await Expect(page.GetByText("Link copied.")).ToBeVisibleAsync();
        Assert.Equal(link, await page.EvaluateAsync<string>("navigator.clipboard.readText()"));

        await page.ReloadAsync();
        await page.WaitInteractiveAsync();
        await Expect(page.ByTestId("price-total-monthly")).ToHaveTextAsync("CHF 190.90");
        await Expect(page.InputOf("storage-input")).ToHaveValueAsync("100");

        await page.ByTestId("order-button").ClickAsync();
        await page.FillAsync("input[name='Input.Email']", "alice@acme.test");
        await page.FillAsync("input[name='Input.Password']", "Alice-Pass-2026!");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(new Regex("/services/postgresql\\?.*storage=100"));
        await page.WaitInteractiveAsync();
        await Expect(page.ByTestId("signed-in-user")).ToHaveTextAsync("alice@acme.test");
        await Expect(page.ByTestId("price-total-monthly")).ToHaveTextAsync("CHF 190.90");
        await Expect(page.ByTestId("order-button")).ToContainTextAsync("Order for CHF 190.90/month");
    }

    [Fact]
    public async Task BadLink_ShowsWhatWasIgnoredAndTheFieldError()
    {
        var page = await browser.NewPageAsync();
        var response = await page.GotoAsync("/services/postgresql?plan=nope&replicas=12&storage=x1");
        await page.WaitInteractiveAsync();

        Assert.Equal(200, response!.Status);
        await Expect(page.ByTestId("link-problems")).ToContainTextAsync("The link's plan 'nope' is not offered there");
        await Expect(page.ByTestId("link-problems")).ToContainTextAsync("storage 'x1' is not a whole number of GiB");
        await Expect(page.ByTestId("replicas-field")).ToContainTextAsync("replicas > 9");
        await Expect(page.ByTestId("price-last-valid")).ToBeVisibleAsync();
        await Expect(page.ByTestId("price-total-monthly")).ToHaveTextAsync("CHF 37.90");

        await page.InputOf("replicas-input").FillAsync("2");
        await Expect(page.ByTestId("replicas-field")).Not.ToContainTextAsync("replicas > 9");
        await Expect(page.ByTestId("price-last-valid")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Phone_KeepsTheTotalInViewAndNeverWrapsAnAmount()
    {
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/services/postgresql");
        await page.WaitInteractiveAsync();

        var bar = page.ByTestId("sticky-total");
        await Expect(bar).ToBeInViewportAsync();
        await Expect(bar).ToContainTextAsync("CHF 37.90");
        var box = (await bar.BoundingBoxAsync())!;
        Assert.Equal(844, box.Y + box.Height, 1.0);

        // Changing a field far from the price panel updates the bar in view.
        await page.InputOf("storage-input").FillAsync("100");
        await Expect(bar).ToContainTextAsync("CHF 51.40");
        await Expect(bar).ToBeInViewportAsync();

        // Currency and number are joined by a no-break space, and each amount is one line high.
        Assert.Equal("CHF\u00A051.40", await page.ByTestId("sticky-total-monthly").TextContentAsync());
        foreach (var testId in new[] { "price-total-monthly", "price-line-compute-monthly", "sticky-total-monthly" })
        {
            var lines = await page.ByTestId(testId).EvaluateAsync<int>("e => { const r = document.createRange(); r.selectNodeContents(e); return r.getClientRects().length; }");
            Assert.Equal(1, lines);
        }

        await page.SetViewportSizeAsync(1400, 900);
        await Expect(bar).ToBeHiddenAsync();
    }

    [Fact]
    public async Task SupportingServicePlanPicker_ShowsEachPlansMonthlyPriceFromTheCalculator()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/services/nextcloud?sla=sla999bh");
        await page.WaitInteractiveAsync();

        await page.InputOf("supporting-collabora-include").CheckAsync();

        // What Collabora costs a month on each of its plans, next to Nextcloud as configured, by the portal's own calculator.
        var catalog = browser.Portal.Services.GetRequiredService<CatalogSnapshotStore>().Current;
        var calculator = browser.Portal.Services.GetRequiredService<PriceCalculator>();
        var main = calculator.FromQuote(catalog, "nextcloud")!;
        var collabora = catalog.Services["collabora"];
        var storage = CatalogChoices.StorageSteps(collabora.Storage!).First();
        var plans = CatalogChoices.AvailablePlans(collabora, collabora.Offerings[main.ControlPlane]).ToList();
        var items = page.Locator("select[data-testid='supporting-collabora-plan-select'] option");
        await Expect(items).ToHaveCountAsync(plans.Count);
        Assert.True(plans.Count > 1);
        foreach (var plan in plans)
        {
            var quote = calculator.Quote(catalog, new QuoteRequest("nextcloud", main.ControlPlane, main.Plan, "sla999bh", main.StorageGib)
            {
                Supporting = [new QuoteRequest("collabora", main.ControlPlane, plan.Code, "sla999bh", storage)],
            }).Quote!.Supporting.Single();
            var item = items.Filter(new LocatorFilterOptions { HasTextRegex = new Regex("^\\s*" + Regex.Escape(plan.DisplayName) + " —") });
            await Expect(item).ToContainTextAsync(MoneyText.Monthly(quote.TotalMonthly, quote.Currency).Replace('\u00A0', ' '));
        }
    }

    [GeneratedRegex(@"from (CHF\s[\d.]+)/month")]
    private static partial Regex FromAmount();
}
