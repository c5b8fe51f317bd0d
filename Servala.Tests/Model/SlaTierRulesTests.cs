using System.Globalization;
using Servala.Catalog.Admin;
using Servala.Catalog.Model;
using Servala.Catalog.Sync;
using Servala.Tests.Support;
using Servala.Tests.Sync;

namespace Servala.Tests.Model;

public sealed class SlaTierRulesTests
{
    /// <summary>Tier values and the fields whose rule they break.</summary>
    public static TheoryData<decimal?, int, ServiceLevel, SlaTierField[]> Tiers => new()
    {
        { 99.9m, 2, ServiceLevel.Guaranteed, [] },
        { null, 1, ServiceLevel.BestEffort, [] },
        { 0m, 1, ServiceLevel.BestEffort, [] },
        { 100m, 1, ServiceLevel.BestEffort, [] },
        { -0.1m, 1, ServiceLevel.BestEffort, [SlaTierField.UptimePercent] },
        { 100.01m, 1, ServiceLevel.BestEffort, [SlaTierField.UptimePercent] },
        { 99.9m, 0, ServiceLevel.BestEffort, [SlaTierField.HaReplicaMin] },
        { 99.9m, 1, ServiceLevel.Guaranteed, [SlaTierField.HaReplicaMin] },
        { 101m, 0, ServiceLevel.Guaranteed, [SlaTierField.UptimePercent, SlaTierField.HaReplicaMin] },
    };

    [Theory]
    [MemberData(nameof(Tiers))]
    public void SyncValidatorAndStaffOverride_SameTierValues_BreakTheSameRules(decimal? uptime, int haReplicaMin, ServiceLevel level, SlaTierField[] broken)
    {
        var json = CatalogJson.Edit(
            TestFiles.SampleCatalog,
            ("slaTiers[0].uptimePercent", uptime is { } u ? $"\"{u.ToString(CultureInfo.InvariantCulture)}\"" : "null"),
            ("slaTiers[0].haReplicaMin", haReplicaMin.ToString(CultureInfo.InvariantCulture)),
            ("slaTiers[0].serviceLevel", level == ServiceLevel.Guaranteed ? "\"guaranteed\"" : "\"besteffort\""));

        var synced = CatalogValidator.Validate(CatalogDocumentParser.Parse(json)).Violations
            .Select(v => v.Path)
            .Where(p => p.StartsWith("slaTiers[0].", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        var overridden = SlaTierAdminService.Validate(new SlaTierValues("Tier", uptime, haReplicaMin, level, 0)).Keys;

        Assert.Equal(broken.Select(f => "slaTiers[0]." + SlaTierAdminService.FieldName(f)).Order(StringComparer.Ordinal), synced);
        Assert.Equal(broken.Order(), overridden.Order());
    }

    [Theory]
    [InlineData("-1", "slaTiers[0].uptimePercent: must be >= 0")]
    [InlineData("100.5", "slaTiers[0].uptimePercent: must be <= 100")]
    public void Validate_UptimeOutsideAPercentage_NamesThePath(string uptime, string expected)
    {
        var result = CatalogValidator.Validate(CatalogDocumentParser.Parse(CatalogJson.With("slaTiers[0].uptimePercent", $"\"{uptime}\"")));

        Assert.Equal(expected, Assert.Single(result.Violations).ToString());
    }

    [Theory]
    [InlineData(-1, 1, ServiceLevel.BestEffort, SlaTierField.UptimePercent, "Uptime must be between 0 and 100 %.")]
    [InlineData(100.5, 1, ServiceLevel.BestEffort, SlaTierField.UptimePercent, "Uptime must be between 0 and 100 %.")]
    [InlineData(99.9, 0, ServiceLevel.BestEffort, SlaTierField.HaReplicaMin, "The HA replica minimum must be at least 1.")]
    [InlineData(99.9, 1, ServiceLevel.Guaranteed, SlaTierField.HaReplicaMin, "A guaranteed tier needs an HA replica minimum of at least 2.")]
    public void Validate_BrokenTierOverride_SaysWhichRuleNextToItsField(double uptime, int haReplicaMin, ServiceLevel level, SlaTierField field, string expected)
    {
        var errors = SlaTierAdminService.Validate(new SlaTierValues("Tier", (decimal)uptime, haReplicaMin, level, 0));

        Assert.Equal(expected, Assert.Single(errors).Value);
        Assert.Equal(field, Assert.Single(errors).Key);
    }
}
