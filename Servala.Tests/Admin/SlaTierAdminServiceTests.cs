using Servala.Catalog.Admin;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;

namespace Servala.Tests.Admin;

public sealed class SlaTierAdminServiceTests
{
    private const string Staff = "admin@servala.test";

    [Fact]
    public async Task SaveOverridesAsync_NewHaMinimum_StoresOverrideBesideSyncedValueAndPricesWithIt()
    {
        using var admin = await AdminCatalog.CreateAsync();
        var tier = await admin.TierAsync("sla999247");

        var result = await admin.Tiers.SaveOverridesAsync("sla999247", tier.Version, new SlaTierEdit(HaReplicaMin: 3), Staff);

        Assert.Equal(SlaTierSaveStatus.Saved, result.Status);
        var saved = await admin.TierAsync("sla999247");
        Assert.Equal(2, saved.Synced.HaReplicaMin);
        Assert.Equal(3, saved.Overrides.HaReplicaMin);
        Assert.Equal(3, saved.Effective.HaReplicaMin);
        Assert.True(saved.IsOverridden(SlaTierField.HaReplicaMin));
        Assert.True(saved.DiffersFromWebsite(SlaTierField.HaReplicaMin));
        Assert.False(saved.IsOverridden(SlaTierField.Name));
        Assert.Equal(tier.Version + 1, saved.Version);
        Assert.Equal(3, admin.Snapshots.Current.Tiers["sla999247"].HaReplicaMin);

        var quote = admin.Calculator.Quote(admin.Snapshots.Current, new QuoteRequest("postgresql", "cloudscale-rma", "standard-2", "sla999247", 20)).Quote!;
        Assert.Equal(3, quote.Replicas);
    }

    [Fact]
    public async Task SaveOverridesAsync_WritesOneAuditRowPerChangedField()
    {
        using var admin = await AdminCatalog.CreateAsync();
        var tier = await admin.TierAsync("sla999bh");

        await admin.Tiers.SaveOverridesAsync("sla999bh", tier.Version, new SlaTierEdit(Name: "Business hours", HaReplicaMin: 2, SortOrder: 5), Staff);

        var audit = await admin.AuditAsync();
        Assert.Equal(2, audit.Count);
        Assert.All(audit, a => Assert.Equal((Staff, "SlaTier", "sla999bh"), (a.Actor, a.Entity, a.Key)));
        Assert.Contains(audit, a => a.Field == "name override" && a.OldValue is null && a.NewValue == "Business hours");
        Assert.Contains(audit, a => a.Field == "sortOrder override" && a.OldValue is null && a.NewValue == "5");
        Assert.All(audit, a => Assert.Equal(admin.Clock.GetUtcNow(), a.At));
    }

    [Fact]
    public async Task SaveOverridesAsync_StaleVersion_IsConflictAndOverwritesNothing()
    {
        using var admin = await AdminCatalog.CreateAsync();
        var loaded = await admin.TierAsync("sla999247");
        var first = await admin.Tiers.SaveOverridesAsync("sla999247", loaded.Version, new SlaTierEdit(HaReplicaMin: 3), "first@servala.test");
        Assert.Equal(SlaTierSaveStatus.Saved, first.Status);

        var second = await admin.Tiers.SaveOverridesAsync("sla999247", loaded.Version, new SlaTierEdit(HaReplicaMin: 4), "second@servala.test");

        Assert.Equal(SlaTierSaveStatus.Conflict, second.Status);
        Assert.Contains("changed by someone else", second.Message, StringComparison.Ordinal);
        Assert.Equal(3, second.Row!.Effective.HaReplicaMin);
        Assert.Equal(3, (await admin.TierAsync("sla999247")).Effective.HaReplicaMin);
        Assert.DoesNotContain(await admin.AuditAsync(), a => a.Actor == "second@servala.test");
    }

    [Theory]
    [InlineData(1, null, SlaTierField.HaReplicaMin, "guaranteed tier")]
    [InlineData(0, null, SlaTierField.HaReplicaMin, "at least 1")]
    [InlineData(null, "100.5", SlaTierField.UptimePercent, "between 0 and 100")]
    [InlineData(null, "-1", SlaTierField.UptimePercent, "between 0 and 100")]
    public async Task SaveOverridesAsync_BreaksCatalogRule_IsInvalidWithFieldError(int? haMin, string? uptime, SlaTierField field, string message)
    {
        using var admin = await AdminCatalog.CreateAsync();
        var tier = await admin.TierAsync("sla999247");
        var edit = new SlaTierEdit(HaReplicaMin: haMin, UptimePercent: uptime is null ? null : decimal.Parse(uptime, System.Globalization.CultureInfo.InvariantCulture));

        var result = await admin.Tiers.SaveOverridesAsync("sla999247", tier.Version, edit, Staff);

        Assert.Equal(SlaTierSaveStatus.Invalid, result.Status);
        Assert.Contains(message, result.Errors[field], StringComparison.Ordinal);
        Assert.Equal(tier, await admin.TierAsync("sla999247"));
        Assert.Empty(await admin.AuditAsync());
    }

    [Fact]
    public async Task SaveOverridesAsync_BestEffortWithHaMinimumOne_IsValid()
    {
        using var admin = await AdminCatalog.CreateAsync();
        var tier = await admin.TierAsync("sla999247");

        var result = await admin.Tiers.SaveOverridesAsync("sla999247", tier.Version, new SlaTierEdit(HaReplicaMin: 1, ServiceLevel: ServiceLevel.BestEffort), Staff);

        Assert.Equal(SlaTierSaveStatus.Saved, result.Status);
        Assert.Equal(1, admin.Snapshots.Current.Tiers["sla999247"].HaReplicaMin);
    }

    [Fact]
    public async Task ResetFieldAsync_OverriddenField_FollowsTheWebsiteAgainAndIsAudited()
    {
        using var admin = await AdminCatalog.CreateAsync();
        var tier = await admin.TierAsync("sla999247");
        var saved = await admin.Tiers.SaveOverridesAsync("sla999247", tier.Version, new SlaTierEdit(HaReplicaMin: 3), Staff);

        var reset = await admin.Tiers.ResetFieldAsync("sla999247", saved.Row!.Version, SlaTierField.HaReplicaMin, Staff);

        Assert.Equal(SlaTierSaveStatus.Saved, reset.Status);
        var row = await admin.TierAsync("sla999247");
        Assert.False(row.IsOverridden(SlaTierField.HaReplicaMin));
        Assert.Equal(2, row.Effective.HaReplicaMin);
        Assert.Equal(2, admin.Snapshots.Current.Tiers["sla999247"].HaReplicaMin);
        var last = (await admin.AuditAsync())[^1];
        Assert.Equal(("haReplicaMin override", "3", null), (last.Field, last.OldValue, last.NewValue));
    }

    [Fact]
    public async Task SaveOverridesAsync_ValueEqualToWebsite_ClearsTheOverride()
    {
        using var admin = await AdminCatalog.CreateAsync();
        var tier = await admin.TierAsync("sla999247");
        var saved = await admin.Tiers.SaveOverridesAsync("sla999247", tier.Version, new SlaTierEdit(HaReplicaMin: 3), Staff);

        await admin.Tiers.SaveOverridesAsync("sla999247", saved.Row!.Version, new SlaTierEdit(HaReplicaMin: 2), Staff);

        Assert.False((await admin.TierAsync("sla999247")).IsOverridden(SlaTierField.HaReplicaMin));
    }

    [Fact]
    public async Task PreviewImpactAsync_HigherHaMinimum_CountsInstancesWhosePriceRisesAndSavesNothing()
    {
        using var admin = await AdminCatalog.CreateAsync();
        await admin.OrderAsync("pg-on-247", new QuoteRequest("postgresql", "cloudscale-rma", "standard-2", "sla999247", 20));
        await admin.OrderAsync("pg-three", new QuoteRequest("postgresql", "cloudscale-rma", "standard-2", "sla999247", 20, Replicas: 3));
        await admin.OrderAsync("pg-nosla", new QuoteRequest("postgresql", "cloudscale-rma", "standard-2", "nosla", 20));
        var before = admin.Snapshots.Current;

        var impact = await admin.Tiers.PreviewImpactAsync("sla999247", new SlaTierEdit(HaReplicaMin: 3));

        Assert.Equal(3, impact.InstancesPriced);
        var change = Assert.Single(impact.Changes);
        Assert.Equal("pg-on-247", change.Instance);
        Assert.True(change.NewMonthly > change.OldMonthly);
        var calculator = new PriceCalculator();
        var two = calculator.Quote(before, new QuoteRequest("postgresql", "cloudscale-rma", "standard-2", "sla999247", 20, 2), QuoteContext.Existing).Quote!;
        var three = calculator.Quote(before, new QuoteRequest("postgresql", "cloudscale-rma", "standard-2", "sla999247", 20, 3), QuoteContext.Existing).Quote!;
        Assert.Equal(two.TotalMonthly, change.OldMonthly);
        Assert.Equal(three.TotalMonthly, change.NewMonthly);
        Assert.Equal(new CurrencyTotals("CHF", two.TotalMonthly, three.TotalMonthly), Assert.Single(impact.Totals));
        Assert.Same(before, admin.Snapshots.Current);
        Assert.Equal(2, (await admin.TierAsync("sla999247")).Effective.HaReplicaMin);
    }

    [Fact]
    public async Task PreviewImpactAsync_InvalidProposal_ReportsTheFieldError()
    {
        using var admin = await AdminCatalog.CreateAsync();

        var impact = await admin.Tiers.PreviewImpactAsync("sla999247", new SlaTierEdit(HaReplicaMin: 1));

        Assert.True(impact.Errors.ContainsKey(SlaTierField.HaReplicaMin));
    }

    [Fact]
    public async Task PreviewResetAsync_OverriddenHaMinimum_PricesTheWebsitesValueAndSavesNothing()
    {
        using var admin = await AdminCatalog.CreateAsync();
        await admin.OrderAsync("pg-on-247", new QuoteRequest("postgresql", "cloudscale-rma", "standard-2", "sla999247", 20));
        var tier = await admin.TierAsync("sla999247");
        Assert.Equal(SlaTierSaveStatus.Saved, (await admin.Tiers.SaveOverridesAsync("sla999247", tier.Version, new SlaTierEdit(HaReplicaMin: 3), Staff)).Status);

        var impact = await admin.Tiers.PreviewResetAsync("sla999247", SlaTierField.HaReplicaMin);

        var change = Assert.Single(impact.Changes);
        Assert.Equal("pg-on-247", change.Instance);
        Assert.True(change.NewMonthly < change.OldMonthly);
        Assert.False(impact.Impact.IsEmpty);
        Assert.Equal(3, (await admin.TierAsync("sla999247")).Effective.HaReplicaMin);
    }

    [Fact]
    public async Task PreviewResetAsync_FieldWithoutOverride_ChangesNothing()
    {
        using var admin = await AdminCatalog.CreateAsync();
        await admin.OrderAsync("pg-on-247", new QuoteRequest("postgresql", "cloudscale-rma", "standard-2", "sla999247", 20));

        var impact = await admin.Tiers.PreviewResetAsync("sla999247", SlaTierField.HaReplicaMin);

        Assert.Equal(1, impact.InstancesPriced);
        Assert.True(impact.Impact.IsEmpty);
        Assert.Empty(impact.Errors);
    }
}
