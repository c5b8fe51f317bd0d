using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Servala.Catalog;
using Servala.Catalog.Setup;
using Servala.Tests.Support;

namespace Servala.Tests.Setup;

public sealed class SetupApplierTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly FakeUserDirectory _users = new();

    public void Dispose() => _database.Dispose();

    private SetupApplier Applier => new(_database.Factory);

    [Fact]
    public async Task ApplyAsync_SampleSetupAfterCatalog_CreatesEverything()
    {
        await SampleCatalog.SeedCatalogAsync(_database);

        var summary = await Applier.ApplyAsync(SetupFile.Parse(TestFiles.SampleSetup), _users);

        Assert.Equal(new SetupCounts(2, 0, 0), summary.CloudProviders);
        Assert.Equal(new SetupCounts(3, 0, 0), summary.ControlPlanes);
        Assert.Equal(new SetupCounts(7, 0, 0), summary.Offerings);
        Assert.Equal(new SetupCounts(20, 0, 0), summary.PlanAssignments);
        Assert.Equal(new SetupCounts(2, 0, 0), summary.Organizations);
        Assert.Equal(new SetupCounts(3, 0, 0), summary.Users);
        Assert.Equal(new SetupCounts(2, 0, 0), summary.Memberships);

        await using var db = _database.CreateContext();
        var controlPlanes = await db.ControlPlanes.Include(c => c.CloudProvider).OrderBy(c => c.Code).ToListAsync();
        Assert.Equal(
            [("cloudscale-lpg", "Cloudscale LPG", "cloudscale"), ("cloudscale-rma", "Cloudscale RMA", "cloudscale"), ("exoscale-gva2", "Exoscale CH-GVA-2", "exoscale")],
            controlPlanes.Select(c => (c.Code, c.Name, c.CloudProvider.Code)));

        var offering = await db.ServiceOfferings.SingleAsync(o => o.Service.Slug == "codey");
        Assert.Equal(("vshn.appcat.vshn.io/v1", "VSHNForgejo"), (offering.ApiVersion, offering.Kind));
        var plans = await db.ComputePlanAssignments
            .Where(a => a.Service.Slug == "postgresql" && a.ControlPlane.Code == "exoscale-gva2")
            .Select(a => a.ComputePlan.Code).OrderBy(c => c).ToListAsync();
        Assert.Equal(["standard-2", "standard-4", "standard-8"], plans);

        var acme = await db.Organizations.Include(o => o.Members).SingleAsync(o => o.Slug == "acme");
        Assert.Equal(("ACME Corp", "org-acme", "S10042"), (acme.Name, acme.Namespace, acme.SalesOrderId));
        Assert.Equal([_users.Users["alice@acme.test"].Id], acme.Members.Select(m => m.UserId));
        Assert.Equal(["Admin", "Ops"], _users.Users["admin@servala.test"].Roles.Order());
        Assert.Equal("Bob-Pass-2026!", _users.Users["bob@globex.test"].Password);
    }

    [Fact]
    public async Task ApplyAsync_SecondRun_ChangesNothing()
    {
        await SampleCatalog.SeedCatalogAsync(_database);
        await Applier.ApplyAsync(SetupFile.Parse(TestFiles.SampleSetup), _users);
        var before = await DumpAsync();

        var summary = await Applier.ApplyAsync(SetupFile.Parse(TestFiles.SampleSetup), _users);

        Assert.Equal(0, summary.TotalChanges);
        Assert.Equal(new SetupCounts(0, 0, 20), summary.PlanAssignments);
        Assert.Equal(new SetupCounts(0, 0, 3), summary.Users);
        Assert.Equal(before, await DumpAsync());
    }

    [Fact]
    public async Task ApplyAsync_UnknownServiceSlug_NamesItAndAppliesNothing()
    {
        await SampleCatalog.SeedCatalogAsync(_database);
        var file = Edit(TestFiles.SampleSetup, json => json["offerings"]![3]!["service"] = "mysql");

        var error = await Assert.ThrowsAsync<SetupFileException>(() => Applier.ApplyAsync(file, _users));

        var problem = Assert.Single(error.Problems).ToString();
        Assert.StartsWith("offerings[3].service: unknown service 'mysql'", problem, StringComparison.Ordinal);
        Assert.Contains("offerings[3].service: unknown service 'mysql'", error.Message, StringComparison.Ordinal);
        await AssertNothingAppliedAsync();
    }

    [Fact]
    public async Task ApplyAsync_UnknownPlan_NamesItAndAppliesNothing()
    {
        await SampleCatalog.SeedCatalogAsync(_database);
        var file = Edit(TestFiles.SampleSetup, json => json["offerings"]![2]!["plans"]![1] = "gold");

        var error = await Assert.ThrowsAsync<SetupFileException>(() => Applier.ApplyAsync(file, _users));

        Assert.Equal(["offerings[2].plans[1]: unknown plan 'gold'"], Texts(error));
        await AssertNothingAppliedAsync();
    }

    [Fact]
    public async Task ApplyAsync_CatalogNotSynced_ListsEveryServiceAndPlan()
    {
        var error = await Assert.ThrowsAsync<SetupFileException>(() => Applier.ApplyAsync(SetupFile.Parse(TestFiles.SampleSetup), _users));

        Assert.Contains(Texts(error), p => p.StartsWith("offerings[0].service: unknown service 'postgresql'", StringComparison.Ordinal));
        Assert.Contains("offerings[6].plans[1]: unknown plan 'standard-4'", Texts(error));
        Assert.Equal(7 + 20, error.Problems.Count);
        await AssertNothingAppliedAsync();
    }

    [Fact]
    public async Task ApplyAsync_ManyProblems_ListsEachByJsonPath()
    {
        await SampleCatalog.SeedCatalogAsync(_database);
        var file = SetupFile.Parse("""
            {
              "cloudProviders": [ { "code": "cloudscale", "name": "cloudscale.ch" }, { "code": "cloudscale" }, null ],
              "controlPlanes": [ { "code": "rma", "name": "RMA", "cloudProvider": "aws" } ],
              "offerings": [
                { "service": "postgresql", "controlPlane": "rma", "apiVersion": "v1", "kind": "K", "plans": [ "mini", "mini" ] },
                { "service": "postgresql", "controlPlane": "rma", "kind": "K", "plans": [] },
                { "service": "redis", "controlPlane": "nowhere", "apiVersion": "v1", "kind": "K" }
              ],
              "organizations": [ { "slug": "acme", "name": "ACME", "namespace": "Org_Acme" } ],
              "users": [
                { "email": "root", "password": "x", "roles": [ "Root" ], "organizations": [ "initech" ] },
                { "email": "ROOT", "password": "" }
              ]
            }
            """);

        var error = await Assert.ThrowsAsync<SetupFileException>(() => Applier.ApplyAsync(file, _users));

        Assert.Equal(
            [
                "cloudProviders[1].code: duplicate code 'cloudscale' (also cloudProviders[0])",
                "cloudProviders[1].name: missing",
                "cloudProviders[2]: missing entry (null)",
                "controlPlanes[0].cloudProvider: unknown cloud provider 'aws'",
                "offerings[0].plans[1]: duplicate plan 'mini' (also offerings[0].plans[0])",
                "offerings[1].apiVersion: missing",
                "offerings[1]: duplicate offering of 'postgresql' on 'rma' (also offerings[0])",
                "offerings[2].controlPlane: unknown control plane 'nowhere'",
                "offerings[2].plans: missing",
                "organizations[0].salesOrderId: missing",
                "organizations[0].namespace: 'Org_Acme' is not a Kubernetes namespace name (lower-case letters, digits and '-', at most 63)",
                "users[0].email: 'root' is not an email address",
                "users[0].roles[0]: unknown role 'Root' (expected Admin or Ops)",
                "users[0].organizations[0]: unknown organization 'initech'",
                "users[1].password: missing",
                "users[1].email: 'ROOT' is not an email address",
                "users[1].email: duplicate email 'ROOT' (also users[0])",
            ],
            Texts(error));
        await AssertNothingAppliedAsync();
    }

    [Fact]
    public async Task ApplyAsync_ChangedFile_UpdatesMatchedEntriesAndSetsPlansExactly()
    {
        await SampleCatalog.SeedCatalogAsync(_database);
        await Applier.ApplyAsync(SetupFile.Parse(TestFiles.SampleSetup), _users);
        var file = Edit(TestFiles.SampleSetup, json =>
        {
            json["organizations"]![0]!["name"] = "ACME Corporation";
            json["offerings"]![1]!["plans"] = new JsonArray("standard-2", "standard-16");
            json["controlPlanes"]![0]!["name"] = "cloudscale Rümlang";
            json["users"]![1]!["organizations"] = new JsonArray("acme", "globex");
        });

        var summary = await Applier.ApplyAsync(file, _users);

        Assert.Equal(new SetupCounts(0, 1, 1), summary.Organizations);
        Assert.Equal(new SetupCounts(0, 1, 2), summary.ControlPlanes);
        Assert.Equal(new SetupCounts(1, 0, 18, Removed: 2), summary.PlanAssignments);
        Assert.Equal(new SetupCounts(1, 0, 2), summary.Memberships);
        Assert.Equal(6, summary.TotalChanges);
        await using var db = _database.CreateContext();
        var plans = await db.ComputePlanAssignments
            .Where(a => a.Service.Slug == "postgresql" && a.ControlPlane.Code == "exoscale-gva2")
            .Select(a => a.ComputePlan.Code).OrderBy(c => c).ToListAsync();
        Assert.Equal(["standard-16", "standard-2"], plans);
        Assert.Equal("ACME Corporation", (await db.Organizations.SingleAsync(o => o.Slug == "acme")).Name);
    }

    [Fact]
    public async Task ApplyAsync_KubeconfigContextAndPlural_StoresThePathNeverTheCredentials()
    {
        await SampleCatalog.SeedCatalogAsync(_database);
        var kubeconfig = Path.Combine(Path.GetDirectoryName(_database.Path)!, "rma.yaml");
        await File.WriteAllTextAsync(kubeconfig, "apiVersion: v1\nkind: Config\nusers:\n- name: portal\n  user:\n    token: very-secret-token\n");
        var file = Edit(TestFiles.SampleSetup, json =>
        {
            json["controlPlanes"]![0]!["kubeconfig"] = kubeconfig;
            json["controlPlanes"]![0]!["context"] = "servala";
            json["offerings"]![0]!["plural"] = "vshnpostgresqlclaims";
        });

        await Applier.ApplyAsync(file, _users);

        await using var db = _database.CreateContext();
        var rma = await db.ControlPlanes.SingleAsync(c => c.Code == "cloudscale-rma");
        Assert.Equal((kubeconfig, "servala", Catalog.Model.ConnectionState.Unknown), (rma.Kubeconfig, rma.KubeContext, rma.ConnectionState));
        var lpg = await db.ControlPlanes.SingleAsync(c => c.Code == "cloudscale-lpg");
        Assert.Equal((null, Catalog.Model.ConnectionState.NotConnected), (lpg.Kubeconfig, lpg.ConnectionState));
        var offerings = await db.ServiceOfferings.Include(o => o.ControlPlane).Where(o => o.Service.Slug == "postgresql").ToListAsync();
        Assert.Equal("vshnpostgresqlclaims", offerings.Single(o => o.ControlPlane.Code == "cloudscale-rma").ResourcePlural);
        Assert.Equal("vshnpostgresqls", offerings.Single(o => o.ControlPlane.Code == "exoscale-gva2").ResourcePlural);
        Assert.DoesNotContain("very-secret-token", await File.ReadAllTextAsync(_database.Path), StringComparison.Ordinal);

        // Removing the kubeconfig from the file disconnects the control plane again.
        var again = await Applier.ApplyAsync(SetupFile.Parse(TestFiles.SampleSetup), _users);
        Assert.Equal(new SetupCounts(0, 1, 2), again.ControlPlanes);
        await using var after = _database.CreateContext();
        Assert.Null((await after.ControlPlanes.SingleAsync(c => c.Code == "cloudscale-rma")).Kubeconfig);
    }

    [Fact]
    public async Task ApplyAsync_MissingKubeconfigFileOrBadPlural_NamesThemAndAppliesNothing()
    {
        await SampleCatalog.SeedCatalogAsync(_database);
        var file = Edit(TestFiles.SampleSetup, json =>
        {
            json["controlPlanes"]![1]!["kubeconfig"] = "/nonexistent/kubeconfig.yaml";
            json["controlPlanes"]![2]!["context"] = "orphan";
            json["offerings"]![0]!["plural"] = "VSHN PostgreSQLs";
        });

        var error = await Assert.ThrowsAsync<SetupFileException>(() => Applier.ApplyAsync(file, _users));

        Assert.Equal(
            [
                "controlPlanes[1].kubeconfig: no file at '/nonexistent/kubeconfig.yaml'",
                "controlPlanes[2].context: a context needs a kubeconfig",
                "offerings[0].plural: 'VSHN PostgreSQLs' is not a resource name (lower-case letters, digits and dashes)",
            ],
            Texts(error));
        await AssertNothingAppliedAsync();
    }

    [Fact]
    public async Task ApplyAsync_UserDirectoryRejectsAPassword_AppliesNothingAndCreatesNoUser()
    {
        await SampleCatalog.SeedCatalogAsync(_database);
        var directory = new RejectingUserDirectory();

        var error = await Assert.ThrowsAsync<SetupFileException>(
            () => Applier.ApplyAsync(SetupFile.Parse(TestFiles.SampleSetup), directory));

        Assert.Equal(["users[2].password: too weak"], Texts(error));
        Assert.Equal(0, directory.Ensured);
        await AssertNothingAppliedAsync();
    }

    [Theory]
    [InlineData("org-acme\n")]
    [InlineData("org-acme-")]
    [InlineData("o234567890123456789012345678901234567890123456789012345678901234")]
    public async Task ApplyAsync_NamespaceThatIsNotAKubernetesName_IsRefused(string name)
    {
        await SampleCatalog.SeedCatalogAsync(_database);
        var file = Edit(TestFiles.SampleSetup, n => n["organizations"]![0]!["namespace"] = name);

        var error = await Assert.ThrowsAsync<SetupFileException>(() => Applier.ApplyAsync(file, _users));

        Assert.StartsWith("organizations[0].namespace: ", Assert.Single(error.Problems).ToString(), StringComparison.Ordinal);
        await AssertNothingAppliedAsync();
    }

    [Fact]
    public async Task ApplyAsync_AccountWithAPasswordTheFileDidNotSet_IsAnErrorAndGetsNoRoles()
    {
        await SampleCatalog.SeedCatalogAsync(_database);
        _users.AddOther("admin@servala.test", "chosen-by-someone-else");

        var error = await Assert.ThrowsAsync<SetupFileException>(
            () => Applier.ApplyAsync(SetupFile.Parse(TestFiles.SampleSetup), _users));

        var problem = Assert.Single(error.Problems).ToString();
        Assert.StartsWith("users[0].email: the account 'admin@servala.test' exists already", problem, StringComparison.Ordinal);
        Assert.Contains("adoptExisting", problem, StringComparison.Ordinal);
        Assert.Equal(AccountOrigin.Other, await _users.FindAsync("admin@servala.test", CancellationToken.None));
        await AssertNothingAppliedAsync();
    }

    [Fact]
    public async Task ApplyAsync_ExistingAccountAdoptedExplicitly_GetsTheRolesAndKeepsItsPassword()
    {
        await SampleCatalog.SeedCatalogAsync(_database);
        _users.AddOther("alice@acme.test", "alice-own-password");
        var file = Edit(TestFiles.SampleSetup, n => n["users"]![1]!["adoptExisting"] = true);

        var summary = await Applier.ApplyAsync(file, _users);

        Assert.Equal(new SetupCounts(2, 0, 1), summary.Users);
        Assert.Equal(new SetupCounts(2, 0, 0), summary.Memberships);
        Assert.Equal("alice-own-password", _users.Users["alice@acme.test"].Password);
    }

    [Fact]
    public async Task ValidateAsync_SampleSetupAfterCatalog_HasNoProblemsAndWritesNothing()
    {
        await SampleCatalog.SeedCatalogAsync(_database);

        var problems = await Applier.ValidateAsync(SetupFile.Parse(TestFiles.SampleSetup));

        Assert.Empty(problems);
        await AssertNothingAppliedAsync();
    }

    [Theory]
    [InlineData("{ \"cloudProviders\": [ { \"code\": \"x\",\n", "not a valid setup file (line 2, column 1)")]
    [InlineData("not json", "$: not a valid setup file (line 1, column 2): 'not json' is an invalid JSON literal.")]
    [InlineData("{ \"offerings\": { \"service\": \"postgresql\" } }", "$.offerings: not a valid setup file (line 1, column 17): The JSON value could not be converted")]
    [InlineData("{ \"controlPlains\": [] }", "controlPlains")]
    [InlineData("null", "$: the setup file is empty (null)")]
    public void Parse_MalformedJson_ThrowsWithPosition(string json, string expected)
    {
        var error = Assert.Throws<SetupFileException>(() => SetupFile.Parse(json));

        Assert.Contains(expected, Assert.Single(error.Problems).ToString(), StringComparison.Ordinal);
        Assert.StartsWith("setup file: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DemoData_SetupJson_IsTheSampleSetup()
    {
        var demo = SetupFile.Parse(DemoData.SetupJson);

        Assert.Equal(7, demo.Offerings!.Count);
        Assert.Equal(TestFiles.SampleSetup, DemoData.SetupJson);
        Assert.Equal(TestFiles.SampleCatalog, DemoData.CatalogJson);
    }

    private static List<string> Texts(SetupFileException error) => error.Problems.Select(p => p.ToString()).ToList();

    private static SetupFile Edit(string json, Action<JsonNode> edit)
    {
        var node = JsonNode.Parse(json)!;
        edit(node);
        return SetupFile.Parse(node.ToJsonString());
    }

    private async Task AssertNothingAppliedAsync()
    {
        await using var db = _database.CreateContext();
        Assert.Equal(0, await db.CloudProviders.CountAsync());
        Assert.Equal(0, await db.ControlPlanes.CountAsync());
        Assert.Equal(0, await db.ServiceOfferings.CountAsync());
        Assert.Equal(0, await db.ComputePlanAssignments.CountAsync());
        Assert.Equal(0, await db.Organizations.CountAsync());
        Assert.Equal(0, await db.OrganizationMembers.CountAsync());
        Assert.Empty(_users.Users);
    }

    private async Task<string> DumpAsync()
    {
        await using var db = _database.CreateContext();
        var rows = new List<string>();
        rows.AddRange(await db.CloudProviders.OrderBy(x => x.Id).Select(x => $"p {x.Id} {x.Code} {x.Name}").ToListAsync());
        rows.AddRange(await db.ControlPlanes.OrderBy(x => x.Id).Select(x => $"c {x.Id} {x.Code} {x.Name} {x.CloudProviderId}").ToListAsync());
        rows.AddRange(await db.ServiceOfferings.OrderBy(x => x.Id).Select(x => $"o {x.Id} {x.ServiceId} {x.ControlPlaneId} {x.ApiVersion} {x.Kind}").ToListAsync());
        rows.AddRange(await db.ComputePlanAssignments.OrderBy(x => x.Id).Select(x => $"a {x.Id} {x.ServiceId} {x.ControlPlaneId} {x.ComputePlanId}").ToListAsync());
        rows.AddRange(await db.Organizations.OrderBy(x => x.Id).Select(x => $"g {x.Id} {x.Slug} {x.Name} {x.Namespace} {x.SalesOrderId}").ToListAsync());
        rows.AddRange(await db.OrganizationMembers.OrderBy(x => x.Id).Select(x => $"m {x.Id} {x.OrganizationId} {x.UserId}").ToListAsync());
        return string.Join('\n', rows);
    }

    private sealed class RejectingUserDirectory : IUserDirectory
    {
        public int Ensured { get; private set; }

        public Task<AccountOrigin> FindAsync(string email, CancellationToken cancellationToken) => Task.FromResult(AccountOrigin.None);

        public Task<EnsuredUser> EnsureUserAsync(string email, string password, IReadOnlyList<string> roles, CancellationToken cancellationToken)
        {
            Ensured++;
            return Task.FromResult(new EnsuredUser("id-" + email, SetupChange.Created));
        }

        public Task<IReadOnlyList<Violation>> CheckUserAsync(string email, string password, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Violation>>(email.StartsWith("bob", StringComparison.Ordinal) ? [new Violation("password", "too weak")] : []);
    }
}
