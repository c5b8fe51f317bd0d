using Microsoft.EntityFrameworkCore;
using Servala.Catalog.Admin;
using Servala.Catalog.Model;

namespace Servala.Tests.Admin;

public sealed class ControlPlaneAdminServiceTests
{
    private const string Staff = "staff@servala.test";

    private static ControlPlaneAdminService Service(AdminCatalog admin) => new(admin.Database.Factory, admin.Clock);

    private static async Task<ControlPlane> ControlPlaneAsync(AdminCatalog admin, string code)
    {
        await using var db = admin.Database.CreateContext();
        return await db.ControlPlanes.AsNoTracking().SingleAsync(c => c.Code == code);
    }

    [Fact]
    public async Task UpdateAsync_KubeconfigThatExists_ConnectsAndIsAudited()
    {
        using var admin = await AdminCatalog.CreateAsync();
        var kubeconfig = Path.Combine(Path.GetDirectoryName(admin.Database.Path)!, "rma.yaml");
        await File.WriteAllTextAsync(kubeconfig, "apiVersion: v1\nkind: Config\n");

        var result = await Service(admin).UpdateAsync("cloudscale-rma", new ControlPlaneEdit(null, "Cloudscale RMA", null, kubeconfig, "servala"), Staff);

        Assert.True(result.Succeeded, result.ToString());
        var controlPlane = await ControlPlaneAsync(admin, "cloudscale-rma");
        Assert.Equal((kubeconfig, "servala", ConnectionState.Unknown), (controlPlane.Kubeconfig, controlPlane.KubeContext, controlPlane.ConnectionState));
        Assert.Equal(["kubeconfig", "context"], (await admin.AuditAsync()).Select(a => a.Field));
    }

    [Fact]
    public async Task UpdateAsync_MissingKubeconfigOrContextWithoutOne_IsRefusedWithTheSetupFilesWords()
    {
        using var admin = await AdminCatalog.CreateAsync();

        var missing = await Service(admin).UpdateAsync("cloudscale-rma", new ControlPlaneEdit(null, "Cloudscale RMA", null, "/nowhere/rma.yaml", null), Staff);
        var context = await Service(admin).UpdateAsync("cloudscale-rma", new ControlPlaneEdit(null, "Cloudscale RMA", null, null, "servala"), Staff);

        Assert.Equal("no file at '/nowhere/rma.yaml'", missing.Errors["kubeconfig"]);
        Assert.Equal("a context needs a kubeconfig", context.Errors["context"]);
        Assert.Null((await ControlPlaneAsync(admin, "cloudscale-rma")).Kubeconfig);
        Assert.Empty(await admin.AuditAsync());
    }

    [Fact]
    public async Task CreateAsync_NewControlPlane_IsNotConnectedWithoutKubeconfig()
    {
        using var admin = await AdminCatalog.CreateAsync();

        var result = await Service(admin).CreateAsync(new ControlPlaneEdit("cloudscale-zrh", "Cloudscale ZRH", "cloudscale", null, null), Staff);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(ConnectionState.NotConnected, (await ControlPlaneAsync(admin, "cloudscale-zrh")).ConnectionState);
        Assert.Contains(await admin.AuditAsync(), a => a is { Entity: "ControlPlane", Key: "cloudscale-zrh", Field: "created" });
    }

    [Fact]
    public async Task CreateAsync_DuplicateCodeBadProviderAndTakenName_AreAllReported()
    {
        using var admin = await AdminCatalog.CreateAsync();

        var result = await Service(admin).CreateAsync(new ControlPlaneEdit("cloudscale-rma", "Cloudscale RMA", "nocloud", null, null), Staff);

        Assert.Contains("exists already", result.Errors["code"], StringComparison.Ordinal);
        Assert.Contains("Another control plane", result.Errors["name"], StringComparison.Ordinal);
        Assert.Equal("unknown cloud provider 'nocloud'", result.Errors["cloudProvider"]);
    }

    [Fact]
    public async Task CreateAsync_CodeThatIsNotALabel_IsRefused()
    {
        using var admin = await AdminCatalog.CreateAsync();

        var result = await Service(admin).CreateAsync(new ControlPlaneEdit("Cloudscale LPG", "Cloudscale LPG", "cloudscale", null, null), Staff);

        Assert.Contains("is not a control plane code", result.Errors["code"], StringComparison.Ordinal);
    }
}
