using Microsoft.EntityFrameworkCore;
using Servala.Catalog.Admin;
using Servala.Catalog.Pricing;

namespace Servala.Tests.Admin;

public sealed class OrganizationAdminServiceTests
{
    private const string Staff = "staff@servala.test";

    private static OrganizationAdminService Service(AdminCatalog admin) => new(admin.Database.Factory, admin.Clock);

    [Fact]
    public async Task CreateAsync_ValidOrganization_IsStoredAndAudited()
    {
        using var admin = await AdminCatalog.CreateAsync();

        var result = await Service(admin).CreateAsync(new OrganizationEdit("initech", "Initech", "org-initech", "S20001"), Staff);

        Assert.True(result.Succeeded, result.ToString());
        var row = Assert.Single(await Service(admin).ListAsync(), o => o.Slug == "initech");
        Assert.Equal(("Initech", "org-initech", "S20001"), (row.Name, row.Namespace, row.SalesOrderId));
        Assert.Contains(await admin.AuditAsync(), a => a is { Entity: "Organization", Key: "initech", Field: "namespace", NewValue: "org-initech", Actor: Staff });
    }

    [Theory]
    [InlineData("Org_Initech", "namespace", "is not a Kubernetes namespace name")]
    [InlineData("org-acme", "namespace", "belongs to another organization")]
    [InlineData("", "namespace", "required")]
    public async Task CreateAsync_BadNamespace_IsRefusedWithItsReason(string ns, string field, string reason)
    {
        using var admin = await AdminCatalog.CreateAsync();

        var result = await Service(admin).CreateAsync(new OrganizationEdit("initech", "Initech", ns, "S20001"), Staff);

        Assert.False(result.Succeeded);
        Assert.Contains(reason, result.Errors[field], StringComparison.Ordinal);
        Assert.DoesNotContain(await Service(admin).ListAsync(), o => o.Slug == "initech");
        Assert.Empty(await admin.AuditAsync());
    }

    [Fact]
    public async Task CreateAsync_DuplicateSlugAndName_AreBothReported()
    {
        using var admin = await AdminCatalog.CreateAsync();

        var result = await Service(admin).CreateAsync(new OrganizationEdit("acme", "ACME Corp", "org-new", ""), Staff);

        Assert.Contains("exists already", result.Errors["slug"], StringComparison.Ordinal);
        Assert.Contains("Another organization", result.Errors["name"], StringComparison.Ordinal);
        Assert.Contains("required", result.Errors["salesOrderId"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateAsync_NamespaceOfOrganizationWithInstances_IsRefusedAndNothingChanges()
    {
        using var admin = await AdminCatalog.CreateAsync();
        await admin.OrderAsync("db1", new QuoteRequest("postgresql", "cloudscale-rma", "mini", "nosla", 20));

        var result = await Service(admin).UpdateAsync("acme", new OrganizationEdit(null, "ACME Inc", "org-acme-new", "S10042"), Staff);

        Assert.False(result.Succeeded);
        Assert.Contains("has 1 instance in namespace 'org-acme'", result.Errors["namespace"], StringComparison.Ordinal);
        var row = Assert.Single(await Service(admin).ListAsync(), o => o.Slug == "acme");
        Assert.Equal(("ACME Corp", "org-acme"), (row.Name, row.Namespace));
        Assert.Empty(await admin.AuditAsync());
    }

    [Fact]
    public async Task UpdateAsync_OrganizationWithoutInstances_ChangesAndAuditsEachField()
    {
        using var admin = await AdminCatalog.CreateAsync();

        var result = await Service(admin).UpdateAsync("acme", new OrganizationEdit(null, "ACME Inc", "org-acme-new", "S10042"), Staff);

        Assert.True(result.Succeeded, result.ToString());
        var audit = await admin.AuditAsync();
        Assert.Equal(["name", "namespace"], audit.Select(a => a.Field));
        Assert.Equal(("org-acme", "org-acme-new"), (audit[1].OldValue, audit[1].NewValue));
    }

    [Fact]
    public async Task UpdateAsync_SalesOrderOfOrganizationWithInstances_IsAllowed()
    {
        using var admin = await AdminCatalog.CreateAsync();
        await admin.OrderAsync("db1", new QuoteRequest("postgresql", "cloudscale-rma", "mini", "nosla", 20));

        var result = await Service(admin).UpdateAsync("acme", new OrganizationEdit(null, "ACME Corp", "org-acme", "S10043"), Staff);

        Assert.True(result.Succeeded, result.ToString());
        await using var db = admin.Database.CreateContext();
        Assert.Equal("S10043", (await db.Organizations.SingleAsync(o => o.Slug == "acme")).SalesOrderId);
    }
}
