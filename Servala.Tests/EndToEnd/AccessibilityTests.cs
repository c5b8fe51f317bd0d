using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Servala.Catalog.Data;
using Servala.Catalog.Instances;
using Servala.Catalog.Pricing;

namespace Servala.Tests.EndToEnd;

/// <summary>
/// Every routable page of the portal (read from its components' @page routes, so a new page is
/// covered without a change here), as anonymous, a customer and an Admin, at 1400 px and 390 px:
/// one main landmark, one h1, and no critical or serious axe-core violation.
/// </summary>
public sealed partial class AccessibilityTests(AccessibilityTests.Portal browser) : IClassFixture<AccessibilityTests.Portal>
{
    public static readonly IReadOnlyList<(string Name, string? Email, string? Password)> Principals =
    [
        ("anonymous", null, null),
        ("customer", "alice@acme.test", "Alice-Pass-2026!"),
        ("admin", "admin@servala.test", "Admin-Pass-2026!"),
    ];

    public sealed class Portal : BrowserPortal
    {
        /// <summary>An instance of ACME (Alice's organization), for the routes that take an instance id.</summary>
        public int InstanceId { get; private set; }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            using var scope = Portal.Services.CreateScope();
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CatalogDbContext>>().CreateDbContextAsync();
            var acme = await db.Organizations.SingleAsync(o => o.Slug == "acme");
            var ordered = await scope.ServiceProvider.GetRequiredService<InstanceService>().OrderAsync(
                acme.Id, "a11y-db", new QuoteRequest("postgresql", "cloudscale-rma", "mini", "nosla", 10, 1));
            Assert.True(ordered.IsSuccess, ordered.Error);
            InstanceId = ordered.Instance!.Id;
        }
    }

    /// <summary>Each @page route of the portal with the component that serves it.</summary>
    public static IReadOnlyList<(string Template, Type Component)> PageRoutes() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t) && !t.IsAbstract)
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (r.Template, t)))
            .OrderBy(r => r.Template, StringComparer.Ordinal)
            .ToList();

    [Fact]
    public void PageRoutes_OfThePortal_IncludeCustomerAdminAndAccountPages()
    {
        var templates = PageRoutes().Select(r => r.Template).ToList();

        Assert.Contains("/", templates);
        Assert.Contains("/instances/{Id:int}", templates);
        Assert.Contains("/admin/sla-tiers", templates);
        Assert.Contains("/Account/Login", templates);
        Assert.Contains("/Account/Manage/TwoFactorAuthentication", templates);
    }

    public static TheoryData<int, int> Views()
    {
        var data = new TheoryData<int, int>();
        for (var principal = 0; principal < Principals.Count; principal++)
        {
            data.Add(principal, 1400);
            data.Add(principal, 390);
        }

        return data;
    }

    /// <summary>
    /// Every page the principal can open (a redirect, to log in or to an earlier step, is checked on
    /// the page it leads to) has one main landmark, one h1 and no serious axe violation.
    /// </summary>
    [Theory]
    [MemberData(nameof(Views))]
    public async Task EveryPage_ForEachPrincipalAndWidth_HasALandmarkAHeadingAndNoSeriousViolation(int principal, int width)
    {
        var (name, email, password) = Principals[principal];
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(width, 900);
        if (email is not null)
        {
            await page.LogInAsync(email, password!);
        }

        var problems = new List<string>();
        var checkedPages = 0;
        foreach (var (template, component) in PageRoutes())
        {
            var url = SampleUrl(template);
            var response = await page.GotoAsync(url);
            if (!SamePath(page.Url, url))
            {
                continue;
            }

            Assert.True(response!.Ok, $"{url} as {name}: {response.Status}");
            await WaitRenderedAsync(page, component);
            checkedPages++;

            var where = $"{url} as {name} at {width} px";
            var mains = await page.Locator("main, [role=main]").CountAsync();
            var headings = await page.Locator("h1").CountAsync();
            if (mains != 1 || headings != 1)
            {
                problems.Add($"{where}: {mains} main landmarks and {headings} h1 (one each expected)");
            }

            problems.AddRange((await Axe.SeriousViolationsAsync(page)).Select(v => $"{where}: {v}"));
        }

        Assert.True(checkedPages >= (email is null ? 5 : 10), $"only {checkedPages} pages opened as {name}");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>The SLA tier grid's inline editors (shown only while a row is edited) are labelled too.</summary>
    [Theory]
    [InlineData(1400)]
    [InlineData(390)]
    public async Task SlaTierGrid_WhileEditingARow_HasLabelledInputsAndNoSeriousViolation(int width)
    {
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(width, 900);
        await page.LogInAsync("admin@servala.test", "Admin-Pass-2026!");
        await page.GotoAsync("/admin/sla-tiers");
        await page.WaitInteractiveAsync();

        await page.ByTestId("tier-edit-sla999247").ClickAsync();
        await Assertions.Expect(page.InputOf("tier-name-sla999247")).ToBeVisibleAsync();

        foreach (var field in new[] { "name", "uptimePercent", "haReplicaMin", "sortOrder" })
        {
            await Assertions.Expect(page.InputOf($"tier-{field}-sla999247")).ToHaveAccessibleNameAsync(new Regex(@"\w"));
        }

        await Axe.AssertNoSeriousViolationsAsync(page, $"SLA tier grid, editing, at {width} px");
    }

    /// <summary>The route with its parameters filled from the demo data.</summary>
    private string SampleUrl(string template) =>
        RouteParameter().Replace(template, match => match.Groups["name"].Value switch
        {
            "Slug" => "postgresql",
            "Id" => browser.InstanceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            var other => throw new InvalidOperationException(
                $"No sample value for the route parameter '{other}' of '{template}': add one to {nameof(SampleUrl)}."),
        });

    private static bool SamePath(string current, string expected) =>
        string.Equals(new Uri(current).AbsolutePath.TrimEnd('/'), expected.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static async Task WaitRenderedAsync(IPage page, Type component)
    {
        // Account pages are static server-rendered: no circuit to wait for.
        if (component.GetCustomAttribute<ExcludeFromInteractiveRoutingAttribute>() is not null)
        {
            await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
            return;
        }

        await page.WaitInteractiveAsync();
    }

    [GeneratedRegex(@"\{(?<name>[A-Za-z]+)(:[^}]*)?\}")]
    private static partial Regex RouteParameter();
}
