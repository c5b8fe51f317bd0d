using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Servala.Catalog.Admin;
using Servala.Catalog.Pricing;
using Servala.Tests.Support;
using Servala.Web.Components.Pages.Admin;

namespace Servala.Tests.Admin;

public sealed class SlaTiersPageTests : PortalComponentTest
{
    private const string Tier = "sla999247";

    public SlaTiersPageTests()
    {
        SampleCatalog.LoadAsync(Database).GetAwaiter().GetResult();
        Snapshots.ReloadAsync().GetAwaiter().GetResult();
        Services.AddSingleton<SlaTierAdminService>();
        Auth.SetAuthorized("admin@servala.test");
        Auth.SetRoles("Admin");
    }

    private SlaTierAdminService TierService => Services.GetRequiredService<SlaTierAdminService>();

    private static string Text(IRenderedComponent<SlaTiers> cut, string testId) => cut.Find($"[data-testid='{testId}']").TextContent.Trim();

    private static bool Has(IRenderedComponent<SlaTiers> cut, string testId) => cut.FindAll($"[data-testid='{testId}']").Count > 0;

    private static async Task SetHaMinAsync(IRenderedComponent<SlaTiers> cut, int value)
    {
        var field = cut.FindComponents<MudNumericField<int>>().Single(f => (string?)f.Instance.UserAttributes.GetValueOrDefault("data-testid") == $"tier-haReplicaMin-{Tier}");
        await cut.InvokeAsync(() => field.Instance.ValueChanged.InvokeAsync(value));
    }

    private async Task<IRenderedComponent<SlaTiers>> OpenEditorAsync()
    {
        var cut = Render<SlaTiers>();
        cut.WaitForElement($"[data-testid='tier-row-{Tier}']");
        await cut.Find($"[data-testid='tier-edit-{Tier}']").ClickAsync(new());
        return cut;
    }

    [Fact]
    public async Task Grid_OverriddenField_IsMarkedWithTheWebsitesValue()
    {
        var version = (await TierService.ListAsync()).Single(t => t.Code == Tier).Version;
        await TierService.SaveOverridesAsync(Tier, version, new SlaTierEdit(HaReplicaMin: 3), "other@servala.test");

        var cut = Render<SlaTiers>();

        cut.WaitForAssertion(() => Assert.Equal("3", Text(cut, $"tier-haReplicaMin-value-{Tier}")));
        Assert.True(Has(cut, $"tier-haReplicaMin-overridden-{Tier}"));
        Assert.Equal("website: 2", Text(cut, $"tier-haReplicaMin-website-{Tier}"));
        Assert.False(Has(cut, $"tier-name-overridden-{Tier}"));
        Assert.False(Has(cut, "tier-haReplicaMin-overridden-sla999bh"));
    }

    [Fact]
    public async Task Save_NewHaMinimum_StoresOverrideAndShowsItInTheGrid()
    {
        var cut = await OpenEditorAsync();
        // The end-to-end test types into this input and clicks this button.
        Assert.Single(cut.FindAll($"input[data-testid='tier-haReplicaMin-{Tier}']"));
        Assert.Equal("BUTTON", cut.Find($"[data-testid='tier-save-{Tier}']").TagName);
        await SetHaMinAsync(cut, 3);

        await cut.Find($"[data-testid='tier-save-{Tier}']").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("3", Text(cut, $"tier-haReplicaMin-value-{Tier}")));
        Assert.True(Has(cut, $"tier-haReplicaMin-overridden-{Tier}"));
        var row = (await TierService.ListAsync()).Single(t => t.Code == Tier);
        Assert.Equal((2, 3), (row.Synced.HaReplicaMin, row.Effective.HaReplicaMin));
        Assert.Equal(3, Snapshots.Current.Tiers[Tier].HaReplicaMin);
    }

    [Fact]
    public async Task Save_GuaranteedTierWithHaMinimumOne_ShowsFieldErrorAndSavesNothing()
    {
        var cut = await OpenEditorAsync();
        await SetHaMinAsync(cut, 1);

        await cut.Find($"[data-testid='tier-save-{Tier}']").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("guaranteed tier", Text(cut, "tier-error-haReplicaMin"), StringComparison.Ordinal));
        Assert.Equal(2, (await TierService.ListAsync()).Single(t => t.Code == Tier).Effective.HaReplicaMin);
    }

    [Fact]
    public async Task Save_AfterSomeoneElseSaved_ShowsConflictAndKeepsTheirValue()
    {
        var cut = await OpenEditorAsync();
        var version = (await TierService.ListAsync()).Single(t => t.Code == Tier).Version;
        await TierService.SaveOverridesAsync(Tier, version, new SlaTierEdit(HaReplicaMin: 4), "other@servala.test");
        await SetHaMinAsync(cut, 3);

        await cut.Find($"[data-testid='tier-save-{Tier}']").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("changed by someone else", Text(cut, "tier-conflict"), StringComparison.Ordinal));
        Assert.Equal(4, (await TierService.ListAsync()).Single(t => t.Code == Tier).Effective.HaReplicaMin);

        await cut.Find("[data-testid='tier-reload']").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("4", Text(cut, $"tier-haReplicaMin-value-{Tier}")));
        Assert.False(Has(cut, "tier-conflict"));
    }

    [Fact]
    public async Task Reset_OverriddenField_FollowsTheWebsiteAgain()
    {
        var version = (await TierService.ListAsync()).Single(t => t.Code == Tier).Version;
        await TierService.SaveOverridesAsync(Tier, version, new SlaTierEdit(HaReplicaMin: 3), "other@servala.test");
        var cut = await OpenEditorAsync();

        await cut.Find($"[data-testid='tier-reset-haReplicaMin-{Tier}']").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("2", Text(cut, $"tier-haReplicaMin-value-{Tier}")));
        Assert.False(Has(cut, $"tier-haReplicaMin-overridden-{Tier}"));
        Assert.False(Has(cut, $"tier-reset-haReplicaMin-{Tier}"));
    }

    [Fact]
    public async Task Preview_HigherHaMinimum_ShowsAffectedInstancesAndTotals()
    {
        var instances = Services.GetRequiredService<Servala.Catalog.Instances.InstanceService>();
        await using (var db = Database.CreateContext())
        {
            var organization = db.Organizations.OrderBy(o => o.Id).First();
            Assert.True((await instances.OrderAsync(organization.Id, "pg-ha", new QuoteRequest("postgresql", "cloudscale-rma", "standard-2", Tier, 20))).IsSuccess);
        }

        var before = new PriceCalculator().Quote(Snapshots.Current, new QuoteRequest("postgresql", "cloudscale-rma", "standard-2", Tier, 20), QuoteContext.Existing).Quote!;
        var cut = await OpenEditorAsync();
        await SetHaMinAsync(cut, 3);

        await cut.Find($"[data-testid='tier-preview-{Tier}']").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("1 of 1 existing instances change price", Text(cut, "tier-impact"), StringComparison.Ordinal));
        Assert.StartsWith($"CHF {Currencies.Format(before.TotalMonthly, "CHF")} →", Text(cut, "impact-total"), StringComparison.Ordinal);
        Assert.Equal("1 instance will be re-applied on its control plane.", Text(cut, "impact-reapply").Trim());
        Assert.Equal(2, (await TierService.ListAsync()).Single(t => t.Code == Tier).Effective.HaReplicaMin);
    }

    private async Task OrderOnTierAsync()
    {
        var instances = Services.GetRequiredService<Servala.Catalog.Instances.InstanceService>();
        await using var db = Database.CreateContext();
        var organization = db.Organizations.OrderBy(o => o.Id).First();
        Assert.True((await instances.OrderAsync(organization.Id, "pg-ha", new QuoteRequest("postgresql", "cloudscale-rma", "standard-2", Tier, 20))).IsSuccess);
    }

    private List<string> Snackbars() => Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message ?? "").ToList();

    [Fact]
    public async Task Save_PriceAffectingChange_ShowsTheImpactAndSavesOnlyOnConfirmation()
    {
        await OrderOnTierAsync();
        var cut = await OpenEditorAsync();
        await SetHaMinAsync(cut, 3);

        await cut.Find($"[data-testid='tier-save-{Tier}']").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("1 of 1 existing instances change price", Text(cut, "tier-impact"), StringComparison.Ordinal));
        Assert.Contains("Save these values?", Text(cut, "tier-confirm-panel"), StringComparison.Ordinal);
        Assert.Equal(2, (await TierService.ListAsync()).Single(t => t.Code == Tier).Effective.HaReplicaMin);
        Assert.Empty(Snackbars());

        await cut.Find("[data-testid='tier-confirm']").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("3", Text(cut, $"tier-haReplicaMin-value-{Tier}")));
        Assert.Equal(3, (await TierService.ListAsync()).Single(t => t.Code == Tier).Effective.HaReplicaMin);
        Assert.False(Has(cut, "tier-impact"));
        Assert.Equal([$"Saved {Snapshots.Current.Tiers[Tier].Name}."], Snackbars());
    }

    [Fact]
    public async Task Save_FieldChangedWhileConfirmationWaits_ClearsTheStalePreviewAndSavesNothing()
    {
        await OrderOnTierAsync();
        var cut = await OpenEditorAsync();
        await SetHaMinAsync(cut, 3);
        await cut.Find($"[data-testid='tier-save-{Tier}']").ClickAsync(new());
        cut.WaitForElement("[data-testid='tier-confirm']");

        await SetHaMinAsync(cut, 4);

        cut.WaitForAssertion(() => Assert.False(Has(cut, "tier-impact")));
        Assert.False(Has(cut, "tier-confirm"));
        Assert.Equal(2, (await TierService.ListAsync()).Single(t => t.Code == Tier).Effective.HaReplicaMin);
    }

    [Fact]
    public async Task Save_ConfirmationCancelled_SavesNothingAndKeepsEditing()
    {
        await OrderOnTierAsync();
        var cut = await OpenEditorAsync();
        await SetHaMinAsync(cut, 3);
        await cut.Find($"[data-testid='tier-save-{Tier}']").ClickAsync(new());
        cut.WaitForElement("[data-testid='tier-confirm']");

        await cut.Find("[data-testid='tier-confirm-cancel']").ClickAsync(new());

        Assert.False(Has(cut, "tier-impact"));
        Assert.True(Has(cut, $"tier-editor-{Tier}"));
        Assert.Equal(2, (await TierService.ListAsync()).Single(t => t.Code == Tier).Effective.HaReplicaMin);
        Assert.Empty(Snackbars());
    }

    [Fact]
    public async Task Reset_PriceAffectingOverride_AsksForConfirmationWithItsImpact()
    {
        var version = (await TierService.ListAsync()).Single(t => t.Code == Tier).Version;
        await TierService.SaveOverridesAsync(Tier, version, new SlaTierEdit(HaReplicaMin: 3), "other@servala.test");
        await OrderOnTierAsync();
        var cut = await OpenEditorAsync();

        await cut.Find($"[data-testid='tier-reset-haReplicaMin-{Tier}']").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("Reset haReplicaMin to the website's value (2)?", Text(cut, "tier-confirm-panel"), StringComparison.Ordinal));
        Assert.Contains("1 of 1 existing instances change price", Text(cut, "tier-impact"), StringComparison.Ordinal);
        Assert.Equal(3, (await TierService.ListAsync()).Single(t => t.Code == Tier).Effective.HaReplicaMin);

        await cut.Find("[data-testid='tier-confirm']").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("2", Text(cut, $"tier-haReplicaMin-value-{Tier}")));
        Assert.False((await TierService.ListAsync()).Single(t => t.Code == Tier).IsOverridden(Servala.Catalog.Admin.SlaTierField.HaReplicaMin));
        Assert.Single(Snackbars());
    }

    [Fact]
    public async Task Save_InvalidThenValid_EndsWithOneSnackbarForTheLastOutcome()
    {
        var cut = await OpenEditorAsync();
        await SetHaMinAsync(cut, 1);
        await cut.Find($"[data-testid='tier-save-{Tier}']").ClickAsync(new());
        cut.WaitForElement("[data-testid='tier-error-haReplicaMin']");
        Assert.Equal(["The tier was not saved: fix the marked fields."], Snackbars());

        await SetHaMinAsync(cut, 3);
        await cut.Find($"[data-testid='tier-save-{Tier}']").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("3", Text(cut, $"tier-haReplicaMin-value-{Tier}")));
        Assert.Equal([$"Saved {Snapshots.Current.Tiers[Tier].Name}."], Snackbars());
    }

    [Fact]
    public async Task History_AfterASave_ListsTheStaffChange()
    {
        var cut = await OpenEditorAsync();
        await SetHaMinAsync(cut, 3);
        await cut.Find($"[data-testid='tier-save-{Tier}']").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("3", Text(cut, $"tier-haReplicaMin-value-{Tier}")));

        await cut.Find($"[data-testid='tier-history-{Tier}']").ClickAsync(new());

        cut.WaitForAssertion(() =>
        {
            var row = Assert.Single(cut.FindAll("[data-testid='tier-history-row']"));
            Assert.Contains("admin@servala.test", row.TextContent, StringComparison.Ordinal);
            Assert.Contains("haReplicaMin override", row.TextContent, StringComparison.Ordinal);
        });
    }
}
