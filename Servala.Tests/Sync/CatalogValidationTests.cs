using Servala.Catalog.Model;
using Servala.Catalog.Sync;
using Servala.Tests.Support;

namespace Servala.Tests.Sync;

public sealed class CatalogValidationTests
{
    /// <summary>One edit of the sample per rule of catalog-api.md, with the violation it must produce.</summary>
    public static TheoryData<string, string?, string> Violations => new()
    {
        { "schemaVersion", "2", "schemaVersion: must be 1 (got 2)" },
        { "generatedAt", null, "generatedAt: is required" },
        { "slaTiers[0].name", null, "slaTiers[0].name: is required" },
        { "services[1].name", "\"\"", "services[1].name: is required" },
        { "services[0].listed", null, "services[0].listed: is required" },
        { "services[0].pricing", null, "services[0].pricing: is required" },
        { "services[0].storage", null, "services[0].storage: is required" },
        { "services[0].computePlans[0].productId", null, "services[0].computePlans[0].productId: is required" },
        { "services[0].cspResources[0].cloudProvider", null, "services[0].cspResources[0].cloudProvider: is required" },
        { "services[0].components[0].key", null, "services[0].components[0].key: is required" },
        { "services[0].discountBrackets[1].discountPercent", null, "services[0].discountBrackets[1].discountPercent: is required" },
        { "slaTiers[1].serviceLevel", "\"gold\"", "slaTiers[1].serviceLevel: must be one of besteffort|guaranteed (got 'gold')" },
        { "services[1].pricing.billingUnit", "\"hour\"", "services[1].pricing.billingUnit: must be one of instance|vcpu|ram_gib (got 'hour')" },
        { "services[0].pricing.discountMode", "\"flat\"", "services[0].pricing.discountMode: must be one of graduated|volume (got 'flat')" },
        { "services[0].cspResources[0].quantityBasis", "\"gib\"", "services[0].cspResources[0].quantityBasis: must be one of instance|replica|storage_gib (got 'gib')" },
        { "services[0].components[0].product", "\"gpu\"", "services[0].components[0].product: must be one of base|compute_plan|storage|sla|csp:<code>|fixed (got 'gpu')" },
        { "services[0].pricing.currency", "\"chf\"", "services[0].pricing.currency: must be 3 upper-case letters (ISO 4217)" },
        { "services[2].pricing.currency", "\"CHFR\"", "services[2].pricing.currency: must be 3 upper-case letters (ISO 4217)" },
        { "services[2].pricing.currency", "\"CHF\\n\"", "services[2].pricing.currency: must be 3 upper-case letters (ISO 4217)" },
        { "slaTiers[2].code", "\"sla999bh\"", "slaTiers[2].code: duplicate tier code 'sla999bh' (first at slaTiers[1].code)" },
        { "services[1].slug", "\"postgresql\"", "services[1].slug: duplicate service slug 'postgresql' (first at services[0].slug)" },
        { "services[0].computePlans[1].plan", "\"mini\"", "services[0].computePlans[1].plan: duplicate plan 'mini' (first at services[0].computePlans[0].plan)" },
        { "services[0].slaSurcharges[1].slaTier", "\"sla999bh\"", "services[0].slaSurcharges[1].slaTier: duplicate SLA tier 'sla999bh' (first at services[0].slaSurcharges[0].slaTier)" },
        { "services[0].components[1].key", "\"compute\"", "services[0].components[1].key: duplicate component key 'compute' (first at services[0].components[0].key)" },
        { "services[0].cspResources[1].cloudProvider", "\"exoscale\"", "services[0].cspResources[1]: duplicate CSP resource (code, cloudProvider) 'backup@exoscale' (first at services[0].cspResources[0])" },
        { "services[0].pricing.baseFeeMonthly", "\"-0.01\"", "services[0].pricing.baseFeeMonthly: must be >= 0" },
        { "services[0].pricing.minimumUnits", "\"-1\"", "services[0].pricing.minimumUnits: must be >= 0" },
        { "services[0].slaSurcharges[0].amountMonthly", "\"-60.00\"", "services[0].slaSurcharges[0].amountMonthly: must be >= 0" },
        { "services[0].storage.pricePerGibMonth", "\"-0.15\"", "services[0].storage.pricePerGibMonth: must be >= 0" },
        { "services[0].cspResources[1].amountMonthly", "\"-4.50\"", "services[0].cspResources[1].amountMonthly: must be >= 0" },
        { "services[2].computePlans[0].hourlyPrice", "\"0\"", "services[2].computePlans[0].hourlyPrice: must be > 0" },
        { "services[0].computePlans[3].vcpu", "\"0\"", "services[0].computePlans[3].vcpu: must be > 0" },
        { "services[0].computePlans[3].ramGib", "\"-2\"", "services[0].computePlans[3].ramGib: must be > 0" },
        { "slaTiers[0].haReplicaMin", "0", "slaTiers[0].haReplicaMin: must be >= 1" },
        { "slaTiers[1].haReplicaMin", "1", "slaTiers[1].haReplicaMin: must be >= 2 for a guaranteed tier" },
        { "services[0].discountBrackets[2].discountPercent", "\"100.01\"", "services[0].discountBrackets[2].discountPercent: must be between 0 and 100" },
        { "services[1].discountBrackets[1].discountPercent", "\"-5\"", "services[1].discountBrackets[1].discountPercent: must be between 0 and 100" },
        { "services[0].discountBrackets[0].minUnits", "\"1\"", "services[0].discountBrackets[0].minUnits: the first bracket must start at 0" },
        { "services[0].discountBrackets[1].minUnits", "\"9\"", "services[0].discountBrackets[1].minUnits: must equal the previous bracket's maxUnits (8): brackets are contiguous" },
        { "services[0].discountBrackets[0].maxUnits", "null", "services[0].discountBrackets[0].maxUnits: only the last bracket may be open-ended (null)" },
        { "services[0].storage.minGib", "-1", "services[0].storage.minGib: must be >= 0" },
        { "services[0].storage.maxGib", "5", "services[0].storage.maxGib: must be >= minGib (10)" },
        { "services[0].storage.stepGib", "0", "services[0].storage.stepGib: must be > 0" },
        { "services[0].slaSurcharges[0].slaTier", "\"platinum\"", "services[0].slaSurcharges[0].slaTier: unknown SLA tier 'platinum'" },
        { "services[3].supportingServices[0]", "\"onlyoffice\"", "services[3].supportingServices[0]: unknown service 'onlyoffice'" },
        { "services[0].components[4].product", "\"csp:snapshots\"", "services[0].components[4].product: no cspResources entry of this service has code 'snapshots'" },
        { "services[1].components[0].product", "\"csp:backup\"", "services[1].components[0].product: no cspResources entry of this service has code 'backup'" },
        { "services[0].components[3].product", "\"fixed\"", "services[0].components[3].productId: is required for a fixed component" },
        { "services[0].computePlans[0].hourlyPrice", "{\"amount\":1}", "services[0].computePlans[0].hourlyPrice: must be a decimal (a JSON string such as \"0.1600\" or a JSON number)" },
        { "services[0].computePlans[0].vcpu", "\"a quarter\"", "services[0].computePlans[0].vcpu: must be a decimal in plain notation such as \"0.1600\" (no exponent, NaN, Infinity, '+', spaces or separators) (got \"a quarter\")" },
        { "services[0].storage.minGib", "10.5", "services[0].storage.minGib: must be a whole number" },
        { "services[0].listed", "\"yes\"", "services[0].listed: must be true or false" },
        { "services", "{}", "services: must be an array" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public async Task RunAsync_DocumentBreakingARule_FailsWithJsonPathAndWritesNothing(string path, string? json, string expected)
    {
        await using var harness = new SyncHarness();
        var before = await harness.DumpCatalogAsync();

        var report = await harness.RunAsync(new SyncRequest(harness.WriteCatalogFile(CatalogJson.With(path, json))));

        Assert.Equal(SyncOutcome.Failed, report.Outcome);
        Assert.Contains(expected, report.Errors);
        Assert.Equal(before, await harness.DumpCatalogAsync());
        Assert.Equal(0, harness.SnapshotReloads);
        await using var db = harness.Db.CreateContext();
        var recorded = Assert.Single(db.SyncRuns);
        Assert.Equal(SyncOutcome.Failed, recorded.Outcome);
        Assert.Contains(expected, recorded.Errors);
    }

    [Fact]
    public void Validate_SampleCatalog_IsValid()
    {
        var result = CatalogValidator.Validate(CatalogDocumentParser.Parse(TestFiles.SampleCatalog));

        Assert.Empty(result.Violations);
        Assert.True(result.IsValid);
        Assert.Equal(3, result.Catalog!.SlaTiers.Count);
        Assert.Equal(5, result.Catalog.Services.Count);
    }

    [Fact]
    public void Validate_SeveralBrokenRules_ReportsEveryOne()
    {
        var json = CatalogJson.Edit(
            TestFiles.SampleCatalog,
            ("services[2].computePlans[0].hourlyPrice", "\"0\""),
            ("services[4].pricing.currency", "\"Chf\""),
            ("slaTiers[2].haReplicaMin", "1"));

        var result = CatalogValidator.Validate(CatalogDocumentParser.Parse(json));

        Assert.Null(result.Catalog);
        Assert.Equal(
            [
                "slaTiers[2].haReplicaMin: must be >= 2 for a guaranteed tier",
                "services[2].computePlans[0].hourlyPrice: must be > 0",
                "services[4].pricing.currency: must be 3 upper-case letters (ISO 4217)",
            ],
            result.Violations.Select(v => v.ToString()));
    }

    [Fact]
    public void Validate_UnknownProperties_AreIgnored()
    {
        var json = CatalogJson.Edit(
            TestFiles.SampleCatalog,
            ("services[0].marketing", "{\"tagline\":\"fast\"}"),
            ("services[0].computePlans[0].gpu", "true"),
            ("extra", "[1,2,3]"));

        var result = CatalogValidator.Validate(CatalogDocumentParser.Parse(json));

        Assert.Empty(result.Violations);
    }

    [Fact]
    public void Validate_OptionalFieldsMissing_UsesDefaults()
    {
        var json = CatalogJson.Edit(
            TestFiles.SampleCatalog,
            ("slaTiers[2].sortOrder", null),
            ("slaTiers[0].uptimePercent", null),
            ("services[0].category", null),
            ("services[3].supportingServices", null));

        var result = CatalogValidator.Validate(CatalogDocumentParser.Parse(json));

        Assert.Empty(result.Violations);
        Assert.Equal(2, result.Catalog!.SlaTiers[2].SortOrder);
        Assert.Null(result.Catalog.Services[0].Category);
        Assert.Empty(result.Catalog.Services[3].SupportingServices);
        Assert.Equal(ServiceLevel.Guaranteed, result.Catalog.SlaTiers[2].ServiceLevel);
    }
}
