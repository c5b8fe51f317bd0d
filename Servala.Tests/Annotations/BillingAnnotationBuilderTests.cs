using System.Collections.Frozen;
using Servala.Catalog.Annotations;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;
using Servala.Tests.Support;

namespace Servala.Tests.Annotations;

public sealed class BillingAnnotationBuilderTests : IDisposable
{
    private static readonly ClaimInstance Acme = new("si-4f2a9c01", "org-acme", "S10042");
    private readonly TestDatabase _database = new();
    private readonly PriceCalculator _calculator = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public void Build_DownstreamControllerExample_ProducesItsExactItems()
    {
        var catalog = ControllerExampleCatalog();
        var quote = QuoteOf(catalog, new QuoteRequest("codey", "cloudscale-rma", "mini", "nosla", 10));

        var manifest = BillingAnnotationBuilder.Build(catalog, quote, new ClaimInstance("si-84c17714", "org-acme", "S12509"));

        Assert.Equal("S12509", manifest.Annotations[BillingAnnotationKeys.SalesOrderId]);
        Assert.Equal(
            """{"items":[{"productID":"codey-mini","value":"1","itemDescription":"si-84c17714 on Cloudscale RMA","itemGroupDescription":"Servala Service: Codey"},{"productID":"cloudscale-ssd","value":"10","itemDescription":"si-84c17714 on Cloudscale RMA","itemGroupDescription":"Servala Service: Codey"}]}""",
            manifest.Annotations[BillingAnnotationKeys.Items]);
    }

    [Fact]
    public async Task Build_PricingWorkedExample_BillsReplicasAfterHaFloorAndMatchesQuote()
    {
        var catalog = await SampleCatalog.LoadAsync(_database);
        var quote = QuoteOf(catalog, WorkedExample);

        var manifest = BillingAnnotationBuilder.Build(catalog, quote, Acme);

        Assert.Equal(2, manifest.Parameters.Instances);
        Assert.Equal(
            """{"items":[""" +
            """{"productID":"postgresql-standard-8","value":"2","itemDescription":"si-4f2a9c01 on Exoscale CH-GVA-2","itemGroupDescription":"Servala Service: PostgreSQL"},""" +
            """{"productID":"postgresql-storage","value":"100","itemDescription":"si-4f2a9c01 on Exoscale CH-GVA-2","itemGroupDescription":"Servala Service: PostgreSQL"},""" +
            """{"productID":"postgresql-sla999247","value":"1","itemDescription":"si-4f2a9c01 on Exoscale CH-GVA-2","itemGroupDescription":"Servala Service: PostgreSQL"},""" +
            """{"productID":"postgresql-base","value":"1","itemDescription":"si-4f2a9c01 on Exoscale CH-GVA-2","itemGroupDescription":"Servala Service: PostgreSQL"},""" +
            """{"productID":"exoscale-sos-backup","value":"1","itemDescription":"si-4f2a9c01 on Exoscale CH-GVA-2","itemGroupDescription":"Servala Service: PostgreSQL"}""" +
            "]}",
            manifest.Annotations[BillingAnnotationKeys.Items]);
        Assert.Equal(
            $$"""{"catalog":"{{catalog.Version}}","currency":"CHF","monthly":"376.92"}""",
            manifest.Annotations[BillingAnnotationKeys.Quote]);
        Assert.Equal(
            [BillingAnnotationKeys.SalesOrderId, BillingAnnotationKeys.Items, BillingAnnotationKeys.Quote],
            manifest.Annotations.Keys);
    }

    [Fact]
    public async Task ToYaml_PricingWorkedExample_RendersManifestShapeInFixedOrder()
    {
        var catalog = await SampleCatalog.LoadAsync(_database);
        var manifest = BillingAnnotationBuilder.Build(catalog, QuoteOf(catalog, WorkedExample), Acme);
        var items = manifest.Annotations[BillingAnnotationKeys.Items];
        var quote = manifest.Annotations[BillingAnnotationKeys.Quote];

        var yaml = manifest.ToYaml();

        Assert.Equal(
            $"""
            apiVersion: vshn.appcat.vshn.io/v1
            kind: VSHNPostgreSQL
            metadata:
              name: si-4f2a9c01
              namespace: org-acme
              annotations:
                billing.servala.com/salesOrderID: S10042
                billing.servala.com/items: '{items}'
                billing.servala.com/quote: '{quote}'
            spec:
              parameters:
                instances: 2
                size:
                  plan: standard-8
                  cpu: "2"
                  memory: "8Gi"
                  disk: "50Gi"
                service:
                  serviceLevel: guaranteed

            """.ReplaceLineEndings("\n"),
            yaml.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void ToYaml_AwkwardNames_RoundTripsAnnotationsUnchanged()
    {
        var example = ControllerExampleCatalog();
        var catalog = example with
        {
            ControlPlanes = new Dictionary<string, ControlPlaneInfo>
            {
                ["cloudscale-rma"] = new("cloudscale-rma", "Zürich \"Nord\" 'A' #1: <x> & y", "cloudscale", "cloudscale.ch"),
            }.ToFrozenDictionary(StringComparer.Ordinal),
        };
        var quote = QuoteOf(catalog, new QuoteRequest("codey", "cloudscale-rma", "mini", "nosla", 10));
        var manifest = BillingAnnotationBuilder.Build(catalog, quote, new ClaimInstance("true", "org-acme", "10042"));

        var yaml = new YamlDotNet.Serialization.DeserializerBuilder().Build()
            .Deserialize<Dictionary<string, object>>(manifest.ToYaml());

        var metadata = (Dictionary<object, object>)yaml["metadata"];
        var annotations = (Dictionary<object, object>)metadata["annotations"];
        Assert.Equal("true", metadata["name"]);
        Assert.Equal(manifest.Annotations.ToDictionary(a => (object)a.Key, a => (object)a.Value), annotations);
        Assert.Contains("""on Zürich \"Nord\" 'A' #1: <x> & y""", manifest.Annotations[BillingAnnotationKeys.Items], StringComparison.Ordinal);
        Assert.Contains("billing.servala.com/salesOrderID: \"10042\"", manifest.ToYaml(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_SameInputsTwice_IsDeterministic()
    {
        var catalog = await SampleCatalog.LoadAsync(_database);

        var first = BillingAnnotationBuilder.Build(catalog, QuoteOf(catalog, WorkedExample), Acme);
        var second = BillingAnnotationBuilder.Build(catalog, QuoteOf(catalog, WorkedExample), Acme);

        Assert.Equal(first.ToYaml(), second.ToYaml());
        Assert.Equal(first.AnnotationsJson(), second.AnnotationsJson());
    }

    [Fact]
    public async Task AnnotationsJson_WorkedExample_IsOneObjectInAnnotationOrder()
    {
        var catalog = await SampleCatalog.LoadAsync(_database);
        var manifest = BillingAnnotationBuilder.Build(catalog, QuoteOf(catalog, WorkedExample), Acme);

        using var json = System.Text.Json.JsonDocument.Parse(manifest.AnnotationsJson());

        Assert.Equal(
            manifest.Annotations.Select(a => (a.Key, a.Value)),
            json.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetString()!)));
    }

    [Theory]
    [InlineData("postgresql", "exoscale-gva2", "standard-2", "nosla")]
    [InlineData("redis", "cloudscale-rma", "standard-2", "sla999bh")]
    public async Task Build_TierWithoutSurcharge_HasNoSlaItem(string service, string controlPlane, string plan, string tier)
    {
        var catalog = await SampleCatalog.LoadAsync(_database);
        var quote = QuoteOf(catalog, new QuoteRequest(service, controlPlane, plan, tier, 10));

        var manifest = BillingAnnotationBuilder.Build(catalog, quote, Acme);

        Assert.DoesNotContain(manifest.Items, i => i.ComponentKey == "sla");
        Assert.Contains(manifest.Items, i => i.ComponentKey == "base");
    }

    [Fact]
    public async Task Build_CspResourceOnOtherProvider_HasNoCspItem()
    {
        var catalog = WithService(await SampleCatalog.LoadAsync(_database), "postgresql",
            s => s with { CspResources = s.CspResources.Where(c => c.CloudProvider == "exoscale").ToList() });
        var quote = QuoteOf(catalog, new QuoteRequest("postgresql", "cloudscale-rma", "standard-2", "nosla", 10));

        var manifest = BillingAnnotationBuilder.Build(catalog, quote, Acme);

        Assert.Equal(["compute", "storage", "base"], manifest.Items.Select(i => i.ComponentKey));
    }

    [Fact]
    public async Task Build_CspResourceOnOfferingsProvider_UsesThatProvidersProduct()
    {
        var catalog = await SampleCatalog.LoadAsync(_database);
        var quote = QuoteOf(catalog, new QuoteRequest("postgresql", "cloudscale-rma", "standard-2", "nosla", 10));

        var manifest = BillingAnnotationBuilder.Build(catalog, quote, Acme);

        Assert.Equal("cloudscale-objects-backup", Assert.Single(manifest.Items, i => i.ComponentKey == "backup").ProductId);
    }

    [Fact]
    public async Task Build_SupportingServiceQuote_ProducesItsOwnManifest()
    {
        var catalog = await SampleCatalog.LoadAsync(_database);
        var quote = QuoteOf(catalog, new QuoteRequest("nextcloud", "cloudscale-lpg", "standard-2", "nosla", 20)
        {
            Supporting = [new QuoteRequest("collabora", "cloudscale-lpg", "standard-2", "nosla", 0)],
        });

        var manifest = BillingAnnotationBuilder.Build(catalog, quote.Supporting[0], new ClaimInstance("si-4f2a9c01-office", "org-acme", "S10042"));

        Assert.Equal("VSHNCollabora", manifest.Kind);
        Assert.Equal(["nc-office-servala", "collabora-standard-2"], manifest.Items.Select(i => i.ProductId));
        Assert.All(manifest.Items, i => Assert.Equal("Servala Service: Collabora Online", i.ItemGroupDescription));
        Assert.Contains($"\"monthly\":\"{Currencies.Format(quote.Supporting[0].OwnMonthly, "CHF")}\"", manifest.Annotations[BillingAnnotationKeys.Quote], StringComparison.Ordinal);
    }

    public static TheoryData<string?, string?, string?, string> Values => new()
    {
        { null, null, null, "1" },
        { "spec.parameters.instances", null, null, "2" },
        { "spec.parameters.size.cpu", null, null, "0.25" },
        { "spec.parameters.size.memory", "Gi", null, "0.5" },
        { "spec.parameters.size.memory", "Mi", null, "512" },
        { "spec.parameters.size.disk", "Gi", null, "10" },
        { "spec.parameters.size.disk", "Mi", null, "10240" },
        { "spec.parameters.size.disk", "Gi", "spec.parameters.instances", "20" },
        { "spec.parameters.size.memory", "Gi", "spec.parameters.size.cpu", "0.125" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Build_ComponentValue_IsConvertedAndCanonical(string? valuePath, string? unit, string? multiplyByPath, string expected)
    {
        var catalog = WithComponents(ControllerExampleCatalog(), new ComponentInfo("extra", "fixed", "extra-product", valuePath, unit, multiplyByPath, false));
        var quote = QuoteOf(catalog, new QuoteRequest("codey", "cloudscale-rma", "mini", "sla999bh", 10));

        var manifest = BillingAnnotationBuilder.Build(catalog, quote, Acme);

        Assert.Equal(expected, Assert.Single(manifest.Items).Value);
    }

    public static TheoryData<ComponentInfo, string> Broken => new()
    {
        { new ComponentInfo("extra", "fixed", null, null, null, null, false), "component 'extra': empty productID" },
        { new ComponentInfo("extra", "fixed", " ", null, null, null, false), "component 'extra': empty productID" },
        { new ComponentInfo("disk", "storage", null, "spec.parameters.size.disk", "Gi", null, false), "component 'disk': empty productID" },
        { new ComponentInfo("extra", "fixed", "p", "spec.parameters.size.gpu", null, null, false), "component 'extra': value path 'spec.parameters.size.gpu' is missing" },
        { new ComponentInfo("extra", "fixed", "p", "spec.parameters.size", null, null, false), "component 'extra': value path 'spec.parameters.size' is missing" },
        { new ComponentInfo("extra", "fixed", "p", "spec.parameters.instances", null, "spec.replicas", false), "component 'extra': value path 'spec.replicas' is missing" },
        { new ComponentInfo("extra", "fixed", "p", "spec.parameters.size.plan", "Gi", null, false), "component 'extra': value at 'spec.parameters.size.plan' is not a quantity: 'mini' is not a Kubernetes quantity" },
        { new ComponentInfo("extra", "fixed", "p", "spec.parameters.size.disk", null, null, false), "component 'extra': value at 'spec.parameters.size.disk' is not a plain number: '10Gi'" },
        { new ComponentInfo("extra", "fixed", "p", "spec.parameters.instances", null, "spec.parameters.size.memory", false), "component 'extra': value at 'spec.parameters.size.memory' is not a plain number: '0.5Gi'" },
        { new ComponentInfo("extra", "fixed", "p", "spec.parameters.size.disk", "GB", null, false), "component 'extra': unknown unit 'GB'" },
        { new ComponentInfo("extra", "gpu", "p", null, null, null, false), "component 'extra': unknown product 'gpu'" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Build_BrokenComponent_ThrowsNamingComponentAndProblem(ComponentInfo component, string message)
    {
        var catalog = WithService(ControllerExampleCatalog(), "codey", s => s with
        {
            Storage = s.Storage! with { ProductId = null },
            Components = [component],
        });
        var quote = QuoteOf(catalog, new QuoteRequest("codey", "cloudscale-rma", "mini", "nosla", 10));

        var error = Assert.Throws<BillingAnnotationException>(() => BillingAnnotationBuilder.Build(catalog, quote, Acme));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(component.Key, error.ComponentKey);
    }

    [Fact]
    public void Build_StaleComponent_IsNotBilled()
    {
        var catalog = WithService(ControllerExampleCatalog(), "codey",
            s => s with { Components = [s.Components[0], s.Components[1] with { IsStale = true }] });
        var quote = QuoteOf(catalog, new QuoteRequest("codey", "cloudscale-rma", "mini", "nosla", 10));

        var manifest = BillingAnnotationBuilder.Build(catalog, quote, Acme);

        Assert.Equal(["compute"], manifest.Items.Select(i => i.ComponentKey));
    }

    [Fact]
    public void Build_EveryComponentStale_KeepsBillingThem()
    {
        var catalog = WithService(ControllerExampleCatalog(), "codey",
            s => s with { Components = s.Components.Select(c => c with { IsStale = true }).ToList() });
        var quote = QuoteOf(catalog, new QuoteRequest("codey", "cloudscale-rma", "mini", "nosla", 10));

        var manifest = BillingAnnotationBuilder.Build(catalog, quote, Acme);

        Assert.Equal(["compute", "storage"], manifest.Items.Select(i => i.ComponentKey));
    }

    [Fact]
    public async Task Build_EmptyCspProductId_Throws()
    {
        var catalog = WithService(await SampleCatalog.LoadAsync(_database), "postgresql",
            s => s with { CspResources = s.CspResources.Select(c => c with { ProductId = null }).ToList() });
        var quote = QuoteOf(catalog, WorkedExample);

        var error = Assert.Throws<BillingAnnotationException>(() => BillingAnnotationBuilder.Build(catalog, quote, Acme));

        Assert.Equal("backup", error.ComponentKey);
        Assert.Contains("empty productID", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "org-acme", "S1", "instance name is empty")]
    [InlineData("si-1", " ", "S1", "organization namespace is empty")]
    [InlineData("si-1", "org-acme", "", "organization sales order id is empty")]
    public void Build_MissingInstanceFact_Throws(string name, string ns, string salesOrder, string message)
    {
        var catalog = ControllerExampleCatalog();
        var quote = QuoteOf(catalog, new QuoteRequest("codey", "cloudscale-rma", "mini", "nosla", 10));

        var error = Assert.Throws<BillingAnnotationException>(() => BillingAnnotationBuilder.Build(catalog, quote, new ClaimInstance(name, ns, salesOrder)));

        Assert.Equal(message, error.Message);
        Assert.Null(error.ComponentKey);
    }

    [Fact]
    public void Build_OfferingGoneFromCatalog_Throws()
    {
        var catalog = ControllerExampleCatalog();
        var quote = QuoteOf(catalog, new QuoteRequest("codey", "cloudscale-rma", "mini", "nosla", 10));
        var withoutOffering = WithService(catalog, "codey", s => s with { Offerings = FrozenDictionary<string, OfferingInfo>.Empty });

        var error = Assert.Throws<BillingAnnotationException>(() => BillingAnnotationBuilder.Build(withoutOffering, quote, Acme));

        Assert.Contains("no offering on Cloudscale RMA", error.Message, StringComparison.Ordinal);
    }

    private static QuoteRequest WorkedExample => new("postgresql", "exoscale-gva2", "standard-8", "sla999247", 50);

    private Quote QuoteOf(CatalogSnapshot catalog, QuoteRequest request)
    {
        var result = _calculator.Quote(catalog, request);
        Assert.True(result.IsSuccess, result.Refusal?.Message);
        return result.Quote!;
    }

    /// <summary>The catalog behind the downstream controller's example: Codey billed by plan and by SSD GiB.</summary>
    private static CatalogSnapshot ControllerExampleCatalog()
    {
        var at = SampleCatalog.SyncedAt;
        var codey = new ServiceInfo(
            "codey",
            "Codey",
            "Developer tools",
            Listed: true,
            SupportingServices: [],
            new PricingInfo("CHF", 0m, BillingUnit.Vcpu, 0.5m, DiscountMode.Graduated, null, false),
            FrozenDictionary<string, SurchargeInfo>.Empty,
            new Dictionary<string, PlanInfo>
            {
                ["mini"] = new("mini", "Mini", 0.25m, 0.5m, 0.02m, "codey-mini", false, at),
            }.ToFrozenDictionary(StringComparer.Ordinal),
            new StorageInfo(0.10m, "cloudscale-ssd", 10, 500, 5, false),
            [],
            [
                new ComponentInfo("compute", "compute_plan", null, "spec.parameters.instances", null, null, false),
                new ComponentInfo("storage", "storage", null, "spec.parameters.size.disk", "Gi", null, false),
            ],
            [],
            new Dictionary<string, OfferingInfo>
            {
                ["cloudscale-rma"] = new("cloudscale-rma", "vshn.appcat.vshn.io/v1", "VSHNForgejo", new[] { "mini" }.ToFrozenSet(StringComparer.Ordinal)),
            }.ToFrozenDictionary(StringComparer.Ordinal));
        return new CatalogSnapshot(
            "cat-example",
            at,
            new Dictionary<string, SlaTierInfo>
            {
                ["nosla"] = new("nosla", "No SLA", null, 1, ServiceLevel.BestEffort, 0, false, at),
                ["sla999bh"] = new("sla999bh", "BH 99.9%", 99.9m, 2, ServiceLevel.Guaranteed, 1, false, at),
            }.ToFrozenDictionary(StringComparer.Ordinal),
            new Dictionary<string, ServiceInfo> { ["codey"] = codey }.ToFrozenDictionary(StringComparer.Ordinal),
            new Dictionary<string, ControlPlaneInfo>
            {
                ["cloudscale-rma"] = new("cloudscale-rma", "Cloudscale RMA", "cloudscale", "cloudscale.ch"),
            }.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The catalog with the service's components replaced by exactly these.</summary>
    private static CatalogSnapshot WithComponents(CatalogSnapshot catalog, params ComponentInfo[] components) =>
        WithService(catalog, "codey", s => s with { Components = components });

    private static CatalogSnapshot WithService(CatalogSnapshot catalog, string slug, Func<ServiceInfo, ServiceInfo> change) =>
        catalog with
        {
            Services = catalog.Services
                .Select(kv => kv.Key == slug ? change(kv.Value) : kv.Value)
                .ToFrozenDictionary(s => s.Slug, StringComparer.Ordinal),
        };
}
