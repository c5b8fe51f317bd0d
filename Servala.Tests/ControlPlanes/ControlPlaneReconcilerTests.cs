using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Servala.Catalog.Admin;
using Servala.Catalog.ControlPlanes;
using Servala.Catalog.Instances;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;

namespace Servala.Tests.ControlPlanes;

/// <summary>Ordering, changing and deleting on a control plane through the real Kubernetes client against a strict loopback API server.</summary>
public sealed class ControlPlaneReconcilerTests : IAsyncLifetime
{
    private static readonly QuoteRequest Postgres = new("postgresql", "cloudscale-rma", "standard-2", "nosla", 20, 1);
    private readonly ControlPlaneHarness _h = new();

    public Task InitializeAsync() => _h.InitializeAsync();

    public Task DisposeAsync() => _h.DisposeAsync();

    [Fact]
    public async Task Order_OnConnectedControlPlane_AppliesNamespaceAndClaimByServerSideApplyThenReady()
    {
        var ordered = await _h.OrderAsync("orders-db", Postgres);
        Assert.Equal(InstanceStatus.Pending, (await _h.LoadAsync(ordered.Id)).Status);

        var report = await _h.ReconcileAsync();

        Assert.Equal(ConnectionState.Connected, report.State);
        var instance = await _h.LoadAsync(ordered.Id);
        Assert.Equal(InstanceStatus.Ready, instance.Status);
        Assert.Equal(instance.ManifestYaml, instance.AppliedManifestYaml);

        var ns = _h.Rma.Namespace("org-acme")!;
        Assert.Equal("acme", ns["metadata"]!["annotations"]!["servala.com/organization"]!.GetValue<string>());
        Assert.Equal("S10042", ns["metadata"]!["annotations"]!["servala.com/sales_order"]!.GetValue<string>());

        var apply = Assert.Single(_h.Rma.Applies);
        Assert.Equal("/apis/vshn.appcat.vshn.io/v1/namespaces/org-acme/vshnpostgresqls/orders-db", apply.Path);
        Assert.Contains("fieldManager=servala-portal", apply.Query, StringComparison.Ordinal);
        Assert.Contains("force=true", apply.Query, StringComparison.Ordinal);
        Assert.StartsWith("application/apply-patch+yaml", apply.ContentType, StringComparison.Ordinal);
        var body = ControlPlaneHarness.ParseApply(apply.Body);
        Assert.Equal("VSHNPostgreSQL", body["kind"]!.GetValue<string>());
        Assert.Equal("acme", body["metadata"]!["labels"]!["servala.com/organization"]!.GetValue<string>());
        Assert.Equal("postgresql", body["metadata"]!["labels"]!["servala.com/service"]!.GetValue<string>());
        Assert.Equal("orders-db-credentials", body["spec"]!["writeConnectionSecretToRef"]!["name"]!.GetValue<string>());
        Assert.Equal(1, body["spec"]!["parameters"]!["instances"]!.GetValue<long>());
        Assert.Equal("20Gi", body["spec"]!["parameters"]!["size"]!["disk"]!.GetValue<string>());
        var annotations = JsonNode.Parse(instance.AnnotationsJson)!.AsObject();
        foreach (var (key, value) in annotations)
        {
            Assert.Equal(value!.GetValue<string>(), body["metadata"]!["annotations"]![key]!.GetValue<string>());
        }

        // Nothing differs any more: a second run applies nothing.
        var again = await _h.ReconcileAsync(follow: false);
        Assert.Equal(0, again.Applied);
        Assert.Single(_h.Rma.Applies);
    }

    [Fact]
    public async Task Change_ReappliesTheClaimWithTheNewAnnotations()
    {
        var ordered = await _h.OrderAsync("orders-db", Postgres);
        await _h.ReconcileAsync();

        var changed = await _h.Instances.ChangeAsync(ordered.Id, Postgres with { Plan = "standard-4", SlaTier = "sla999bh" });
        Assert.True(changed.IsSuccess, changed.Error);
        await _h.ReconcileAsync();

        Assert.Equal(2, _h.Rma.Applies.Count);
        var body = ControlPlaneHarness.ParseApply(_h.Rma.Applies.Last().Body);
        var items = body["metadata"]!["annotations"]![Catalog.Annotations.BillingAnnotationKeys.Items]!.GetValue<string>();
        Assert.Contains("\"productID\":\"postgresql-standard-4\",\"value\":\"2\"", items, StringComparison.Ordinal);
        Assert.Contains("postgresql-sla999bh", items, StringComparison.Ordinal);
        Assert.Equal(2, body["spec"]!["parameters"]!["instances"]!.GetValue<long>());
        Assert.Equal("guaranteed", body["spec"]!["parameters"]!["service"]!["serviceLevel"]!.GetValue<string>());
        var instance = await _h.LoadAsync(ordered.Id);
        Assert.Equal(instance.ManifestYaml, instance.AppliedManifestYaml);
        Assert.Equal(InstanceStatus.Ready, instance.Status);
    }

    [Fact]
    public async Task Delete_DeletesTheClaim_DeletingThenDeleted()
    {
        var ordered = await _h.OrderAsync("orders-db", Postgres);
        await _h.ReconcileAsync();

        var result = await _h.Instances.RequestDeleteAsync(ordered.Id);
        Assert.True(result.IsSuccess);
        Assert.Equal(InstanceStatus.Deleting, (await _h.LoadAsync(ordered.Id)).Status);

        _h.Rma.DeleteAfter = TimeSpan.FromMilliseconds(400);
        var first = await _h.ReconcileAsync(follow: false);
        Assert.Equal(InstanceStatus.Deleting, (await _h.LoadAsync(ordered.Id)).Status);
        Assert.NotNull(_h.Rma.Claim("org-acme", "vshnpostgresqls", "orders-db")!["metadata"]!["deletionTimestamp"]);
        Assert.Equal(0, first.Deleted);

        await _h.ReconcileAsync();

        Assert.Equal(InstanceStatus.Deleted, (await _h.LoadAsync(ordered.Id)).Status);
        Assert.Null(_h.Rma.Claim("org-acme", "vshnpostgresqls", "orders-db"));
        Assert.Contains("DELETE /apis/vshn.appcat.vshn.io/v1/namespaces/org-acme/vshnpostgresqls/orders-db", _h.Rma.Requests);
        Assert.False((await _h.Instances.ChangeAsync(ordered.Id, Postgres with { Plan = "standard-4" })).IsSuccess);
    }

    [Fact]
    public async Task ClaimRemovedOnTheControlPlane_InstanceBecomesDeletedAndIsNotRecreated()
    {
        var ordered = await _h.OrderAsync("orders-db", Postgres);
        await _h.ReconcileAsync();
        Assert.True(_h.Rma.Remove("org-acme", "vshnpostgresqls", "orders-db"));

        await _h.ReconcileAsync(follow: false);

        var instance = await _h.LoadAsync(ordered.Id);
        Assert.Equal(InstanceStatus.Deleted, instance.Status);
        Assert.Equal("The claim no longer exists on the control plane.", instance.StatusMessage);
        Assert.Single(_h.Rma.Applies);
        Assert.Null(_h.Rma.Claim("org-acme", "vshnpostgresqls", "orders-db"));
    }

    [Fact]
    public async Task NotConnected_StaysPending_ThenConnected_IsApplied()
    {
        var request = new QuoteRequest("nextcloud", "cloudscale-lpg", "standard-2", "nosla", 100, 1);
        var ordered = await _h.OrderAsync("files", request);

        var report = await _h.ReconcileAsync("cloudscale-lpg");

        Assert.Equal(ConnectionState.NotConnected, report.State);
        var pending = await _h.LoadAsync(ordered.Id);
        Assert.Equal(InstanceStatus.Pending, pending.Status);
        Assert.Equal("Waiting for control plane Cloudscale LPG to be connected.", pending.StatusMessage);
        Assert.Empty(_h.Rma.Applies);

        await _h.SeedAsync(new Dictionary<string, string?>
        {
            ["cloudscale-rma"] = _h.Rma.WriteKubeconfig(_h.Directory),
            ["exoscale-gva2"] = _h.Gva.WriteKubeconfig(_h.Directory),
            ["cloudscale-lpg"] = _h.Rma.WriteKubeconfig(_h.Directory),
        });
        report = await _h.ReconcileAsync("cloudscale-lpg");

        Assert.Equal(ConnectionState.Connected, report.State);
        Assert.Equal(InstanceStatus.Ready, (await _h.LoadAsync(ordered.Id)).Status);
        Assert.NotNull(_h.Rma.Claim("org-acme", "vshnnextclouds", "files"));
    }

    [Fact]
    public async Task ServerErrors_TwiceThenOk_AreRetriedAndTheClaimIsApplied()
    {
        var ordered = await _h.OrderAsync("orders-db", Postgres);
        _h.Rma.FailNext(2, 500);

        var report = await _h.ReconcileAsync();

        Assert.Equal(ConnectionState.Connected, report.State);
        Assert.Equal(InstanceStatus.Ready, (await _h.LoadAsync(ordered.Id)).Status);
        Assert.Single(_h.Rma.Applies);
        Assert.Contains(_h.Log.Messages, m => m.Contains("retry 2", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task UnauthorizedOrForbidden_MarksCredentialsRejected_AndTheOtherControlPlaneIsUnaffected(int code)
    {
        var onRma = await _h.OrderAsync("orders-db", Postgres);
        var onGva = await _h.OrderAsync("billing-db", Postgres with { ControlPlane = "exoscale-gva2", Plan = "standard-4" });
        _h.Rma.FailNext(1000, code);

        var reports = await _h.Reconciler.ReconcileAllAsync();

        Assert.Equal(ConnectionState.CredentialsRejected, reports.Single(r => r.ControlPlane == "cloudscale-rma").State);
        var rma = await _h.ControlPlaneAsync("cloudscale-rma");
        Assert.Equal(ConnectionState.CredentialsRejected, rma.ConnectionState);
        Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), rma.LastError, StringComparison.Ordinal);
        Assert.NotNull(rma.LastReconcileAt);
        var pending = await _h.LoadAsync(onRma.Id);
        Assert.Equal(InstanceStatus.Pending, pending.Status);
        Assert.StartsWith("Waiting for retry", pending.StatusMessage, StringComparison.Ordinal);

        Assert.Equal(ConnectionState.Connected, (await _h.ControlPlaneAsync("exoscale-gva2")).ConnectionState);
        Assert.NotEqual(InstanceStatus.Pending, (await _h.LoadAsync(onGva.Id)).Status);
        Assert.Single(_h.Gva.Applies);
        // A 401 or 403 is not retried.
        Assert.Single(_h.Rma.Requests, r => r.StartsWith("GET /apis", StringComparison.Ordinal) || r.StartsWith("PATCH", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConnectionRefused_IsRetriedThenLeavesThePendingInstanceWaitingForRetry()
    {
        var closed = await FakeKubeApi.StartAsync();
        var closedUrl = closed.Url;
        await closed.DisposeAsync();
        await _h.SeedAsync(new Dictionary<string, string?>
        {
            ["cloudscale-rma"] = _h.Rma.WriteKubeconfig(_h.Directory, server: closedUrl),
            ["exoscale-gva2"] = _h.Gva.WriteKubeconfig(_h.Directory),
        });
        var ordered = await _h.OrderAsync("orders-db", Postgres);

        var report = await _h.ReconcileAsync(follow: false);

        Assert.Equal(ConnectionState.Unreachable, report.State);
        Assert.Contains("connection refused", report.Error, StringComparison.Ordinal);
        Assert.Contains("4 attempts", report.Error, StringComparison.Ordinal);
        var instance = await _h.LoadAsync(ordered.Id);
        Assert.Equal(InstanceStatus.Pending, instance.Status);
        Assert.StartsWith("Waiting for retry", instance.StatusMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StalledServer_EveryRequestIsBoundedByTheTimeout()
    {
        var ordered = await _h.OrderAsync("orders-db", Postgres);
        _h.Rma.Stall = TimeSpan.FromSeconds(30);
        var started = TimeProvider.System.GetTimestamp();

        var report = await _h.ReconcileAsync(follow: false);

        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(15));
        Assert.Equal(ConnectionState.Unreachable, report.State);
        Assert.Contains("no answer within 1 s", report.Error, StringComparison.Ordinal);
        Assert.Equal(InstanceStatus.Pending, (await _h.LoadAsync(ordered.Id)).Status);
    }

    [Fact]
    public async Task StalledControlPlane_DoesNotHoldUpTheOthers()
    {
        var onRma = await _h.OrderAsync("orders-db", Postgres);
        var onGva = await _h.OrderAsync("billing-db", Postgres with { ControlPlane = "exoscale-gva2", Plan = "standard-4" });
        _h.Rma.Stall = TimeSpan.FromSeconds(30);

        var all = _h.Reconciler.ReconcileAllAsync();
        await _h.Gva.FirstApply.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Single(_h.Gva.Applies);
        Assert.False(all.IsCompleted, "the stalled control plane should still be retrying");
        var reports = await all;
        Assert.Equal(ConnectionState.Unreachable, reports.Single(r => r.ControlPlane == "cloudscale-rma").State);
        Assert.Equal(ConnectionState.Connected, reports.Single(r => r.ControlPlane == "exoscale-gva2").State);
        Assert.Equal(InstanceStatus.Pending, (await _h.LoadAsync(onRma.Id)).Status);
        Assert.Equal(InstanceStatus.Provisioning, (await _h.LoadAsync(onGva.Id)).Status);
    }

    [Fact]
    public async Task SyncFalseCondition_ShowsErrorWithTheControlPlanesMessage()
    {
        var ordered = await _h.OrderAsync("orders-db", Postgres);
        _h.Rma.SyncError = "cannot compose resources: quota exceeded";

        await _h.ReconcileAsync(follow: false);

        var instance = await _h.LoadAsync(ordered.Id);
        Assert.Equal(InstanceStatus.Error, instance.Status);
        Assert.Equal("cannot compose resources: quota exceeded", instance.StatusMessage);
    }

    [Fact]
    public async Task HaMinimumEdit_ReappliesTheAffectedInstancesAndAuditsTheChange()
    {
        var guaranteed = await _h.OrderAsync("orders-db", Postgres with { SlaTier = "sla999bh" });
        var bestEffort = await _h.OrderAsync("cache-db", Postgres);
        await _h.ReconcileAsync();
        Assert.Equal(2, _h.Rma.Applies.Count);

        var tiers = new SlaTierAdminService(_h.Catalog.Db.Factory, _h.Catalog.Snapshots, new PriceCalculator(), TimeProvider.System);
        var row = (await tiers.ListAsync()).Single(t => t.Code == "sla999bh");
        var preview = await tiers.PreviewImpactAsync("sla999bh", new SlaTierEdit(HaReplicaMin: 3));
        Assert.Equal(1, preview.InstancesReapplied);
        var saved = await tiers.SaveOverridesAsync("sla999bh", row.Version, new SlaTierEdit(HaReplicaMin: 3), "staff@servala.test");
        Assert.True(saved.IsSuccess, saved.Message);

        await _h.ReconcileAsync();

        Assert.Equal(3, _h.Rma.Applies.Count);
        var body = ControlPlaneHarness.ParseApply(_h.Rma.Applies.Last().Body);
        Assert.Equal("orders-db", body["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(3, body["spec"]!["parameters"]!["instances"]!.GetValue<long>());
        var instance = await _h.LoadAsync(guaranteed.Id);
        Assert.Contains("instances: 3", instance.ManifestYaml, StringComparison.Ordinal);
        Assert.Equal(instance.ManifestYaml, instance.AppliedManifestYaml);
        Assert.Equal(_h.Instances.PriceExisting(instance, []).Quote!.TotalMonthly, instance.QuotedMonthly);
        Assert.Equal((await _h.LoadAsync(bestEffort.Id)).ManifestYaml, (await _h.LoadAsync(bestEffort.Id)).AppliedManifestYaml);
        await using var db = _h.Catalog.Db.CreateContext();
        var audit = await db.AuditEntries.SingleAsync(a => a.Entity == nameof(ServiceInstance) && a.Key == "acme/orders-db");
        Assert.Equal(ControlPlaneReconciler.Actor, audit.Actor);
        Assert.Contains("instances: 2", audit.OldValue, StringComparison.Ordinal);
        Assert.Contains("instances: 3", audit.NewValue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncChangingAProductId_ReappliesTheInstancesThatBillIt()
    {
        var affected = await _h.OrderAsync("orders-db", Postgres);
        var other = await _h.OrderAsync("other-db", Postgres with { Plan = "standard-4" });
        await _h.ReconcileAsync();
        var catalog = JsonNode.Parse(Support.TestFiles.SampleCatalog)!;
        catalog["generatedAt"] = "2026-11-21T08:00:00Z";
        var plans = catalog["services"]!.AsArray().Single(s => s!["slug"]!.GetValue<string>() == "postgresql")!["computePlans"]!.AsArray();
        plans.Single(p => p!["plan"]!.GetValue<string>() == "standard-2")!["productId"] = "postgresql-standard-2-v2";
        var sync = await _h.Catalog.RunAsync(new Catalog.Sync.SyncRequest(_h.Catalog.WriteCatalogFile(catalog.ToJsonString(), "catalog-2.json"), Force: true));
        Assert.True(sync.IsSuccess, string.Join("\n", sync.Errors));

        var report = await _h.ReconcileAsync(follow: false);

        Assert.Equal(1, report.Applied);
        var body = ControlPlaneHarness.ParseApply(_h.Rma.Applies.Last().Body);
        Assert.Equal("orders-db", body["metadata"]!["name"]!.GetValue<string>());
        Assert.Contains("\"productID\":\"postgresql-standard-2-v2\"", body["metadata"]!["annotations"]![Catalog.Annotations.BillingAnnotationKeys.Items]!.GetValue<string>(), StringComparison.Ordinal);
        var instance = await _h.LoadAsync(affected.Id);
        Assert.Equal(instance.ManifestYaml, instance.AppliedManifestYaml);
        Assert.Contains("postgresql-standard-2-v2", instance.AnnotationsJson, StringComparison.Ordinal);
        var untouched = await _h.LoadAsync(other.Id);
        Assert.Equal(untouched.ManifestYaml, untouched.AppliedManifestYaml);
        await using var db = _h.Catalog.Db.CreateContext();
        Assert.Equal(["acme/orders-db"], await db.AuditEntries.Where(a => a.Entity == nameof(ServiceInstance)).Select(a => a.Key).ToListAsync());
    }

    [Fact]
    public async Task KubeconfigWithoutTheNamedContext_IsReportedAndNothingIsSent()
    {
        await using (var db = _h.Catalog.Db.CreateContext())
        {
            var rma = await db.ControlPlanes.SingleAsync(c => c.Code == "cloudscale-rma");
            rma.KubeContext = "no-such-context";
            await db.SaveChangesAsync();
        }

        var ordered = await _h.OrderAsync("orders-db", Postgres);

        var report = await _h.ReconcileAsync(follow: false);

        Assert.Equal(ConnectionState.Unreachable, report.State);
        Assert.Contains("no-such-context", report.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(_h.Rma.Token, report.Error, StringComparison.Ordinal);
        Assert.Empty(_h.Rma.Requests);
        Assert.Equal(InstanceStatus.Pending, (await _h.LoadAsync(ordered.Id)).Status);
    }

    [Theory]
    [InlineData("guaranteed", "postgresql-sla999247", "sla999247", false)]
    [InlineData("besteffort", null, "nosla", false)]
    [InlineData("guaranteed", null, "sla999bh", true)]
    public async Task UnknownClaim_IsAdoptedWithTheTierBySpecRules(string serviceLevel, string? surchargeProduct, string tier, bool inferred)
    {
        var items = new JsonArray(new JsonObject { ["productID"] = "postgresql-standard-4", ["value"] = "2" });
        if (surchargeProduct is not null)
        {
            items.Add(new JsonObject { ["productID"] = surchargeProduct, ["value"] = "1" });
        }

        _h.Rma.Seed("org-globex", "vshnpostgresqls", "legacy-db", new JsonObject
        {
            ["apiVersion"] = "vshn.appcat.vshn.io/v1",
            ["kind"] = "VSHNPostgreSQL",
            ["metadata"] = new JsonObject
            {
                ["name"] = "legacy-db",
                ["namespace"] = "org-globex",
                ["annotations"] = new JsonObject { ["billing.servala.com/items"] = new JsonObject { ["items"] = items }.ToJsonString() },
            },
            ["spec"] = new JsonObject
            {
                ["parameters"] = new JsonObject
                {
                    ["instances"] = 2,
                    ["size"] = new JsonObject { ["plan"] = "standard-4", ["disk"] = "40Gi" },
                    ["service"] = new JsonObject { ["serviceLevel"] = serviceLevel },
                },
            },
        });

        var report = await _h.ReconcileAsync(follow: false);

        Assert.Equal(1, report.Adopted);
        await using var db = _h.Catalog.Db.CreateContext();
        var adopted = await InstanceService.Detailed(db).AsNoTracking().SingleAsync(i => i.Name == "legacy-db");
        Assert.Equal(InstanceOrigin.Adopted, adopted.Origin);
        Assert.Equal(_h.Globex, adopted.OrganizationId);
        Assert.Equal(tier, adopted.SlaTier.Code);
        Assert.Equal(inferred, adopted.SlaTierInferred);
        Assert.Equal("standard-4", adopted.ComputePlan.Code);
        Assert.Equal(40, adopted.StorageGib);
        Assert.Equal(2, adopted.Replicas);
        Assert.Equal(InstanceStatus.Ready, adopted.Status);
        // Adoption leaves the claim alone, also on the next run.
        await _h.ReconcileAsync(follow: false);
        Assert.Empty(_h.Rma.Applies);
        Assert.Equal(1, await db.ServiceInstances.CountAsync(i => i.Name == "legacy-db"));
    }

    [Fact]
    public async Task Credentials_AreReadOnDemand_AndNeverLogged()
    {
        var ordered = await _h.OrderAsync("orders-db", Postgres);
        var keys = await _h.Credentials.KeysAsync(ordered.Id);
        Assert.Empty(keys.Keys);
        Assert.NotNull(keys.Unavailable);
        await _h.ReconcileAsync();

        keys = await _h.Credentials.KeysAsync(ordered.Id);

        Assert.Null(keys.Unavailable);
        Assert.Equal(["POSTGRESQL_PASSWORD", "POSTGRESQL_USER"], keys.Keys);
        Assert.Equal("pw-orders-db", await _h.Credentials.RevealAsync(ordered.Id, "POSTGRESQL_PASSWORD"));
        Assert.Null(await _h.Credentials.RevealAsync(ordered.Id, "NO_SUCH_KEY"));
        Assert.DoesNotContain(_h.Log.Messages, m => m.Contains("pw-orders-db", StringComparison.Ordinal));
        Assert.DoesNotContain(_h.Log.Messages, m => m.Contains(_h.Rma.Token, StringComparison.Ordinal));
        await using var db = _h.Catalog.Db.CreateContext();
        Assert.DoesNotContain(await db.ServiceInstances.Select(i => i.ManifestYaml + i.AnnotationsJson + i.StatusMessage).ToListAsync(),
            text => text.Contains("pw-orders-db", StringComparison.Ordinal));
    }
}
