using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Servala.Catalog.Data;
using Servala.Catalog.Instances;
using Servala.Catalog.Pricing;
using Servala.Tests.Support;

namespace Servala.Tests.Web;

/// <summary>Customers reach only their own organizations' instances, through every route.</summary>
public sealed class TenancyTests(PortalFactory portal) : IClassFixture<PortalFactory>, IAsyncLifetime
{
    private int _aliceInstance;

    public async Task InitializeAsync()
    {
        var factory = portal.Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var acme = await db.Organizations.SingleAsync(o => o.Slug == "acme");
        var existing = await db.ServiceInstances.FirstOrDefaultAsync(i => i.Name == "acme-secret-db");
        _aliceInstance = existing?.Id ?? (await portal.Services.GetRequiredService<InstanceService>()
            .OrderAsync(acme.Id, "acme-secret-db", new QuoteRequest("postgresql", "cloudscale-rma", "standard-2", "nosla", 20, 1))).Instance!.Id;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task InstancePage_ForAMember_ShowsTheInstance()
    {
        var alice = await PortalLogin.ClientForAsync(portal, "alice@acme.test", "Alice-Pass-2026!");

        var html = await alice.GetStringAsync($"/instances/{_aliceInstance}");

        Assert.Contains("acme-secret-db", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"instance-price\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstancePage_WithSupportingService_ShowsBothManifests()
    {
        var factory = portal.Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>();
        int acme;
        await using (var db = await factory.CreateDbContextAsync())
        {
            acme = (await db.Organizations.SingleAsync(o => o.Slug == "acme")).Id;
        }

        var request = new QuoteRequest("nextcloud", "cloudscale-lpg", "standard-4", "nosla", 20, 1)
        {
            Supporting = [new QuoteRequest("collabora", "cloudscale-lpg", "standard-2", "nosla", 0, 1)],
        };
        var ordered = await portal.Services.GetRequiredService<InstanceService>().OrderAsync(acme, "acme-files", request);
        var alice = await PortalLogin.ClientForAsync(portal, "alice@acme.test", "Alice-Pass-2026!");

        var html = await alice.GetStringAsync($"/instances/{ordered.Instance!.Id}");

        Assert.Contains("kind: VSHNNextcloud", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"instance-manifest-collabora\"", html, StringComparison.Ordinal);
        Assert.Contains("kind: VSHNCollabora", html, StringComparison.Ordinal);
        Assert.Contains("acme-files-collabora", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstancePage_ForAnotherOrganizationsUser_IsNotFoundWithoutTheData()
    {
        var bob = await PortalLogin.ClientForAsync(portal, "bob@globex.test", "Bob-Pass-2026!");

        var html = await bob.GetStringAsync($"/instances/{_aliceInstance}");

        Assert.Contains("data-testid=\"instance-not-found\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("acme-secret-db", html, StringComparison.Ordinal);
        Assert.DoesNotContain("S10042", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstanceList_ForAnotherOrganizationsUser_DoesNotListIt()
    {
        var bob = await PortalLogin.ClientForAsync(portal, "bob@globex.test", "Bob-Pass-2026!");
        var alice = await PortalLogin.ClientForAsync(portal, "alice@acme.test", "Alice-Pass-2026!");

        var bobs = await bob.GetStringAsync("/instances");
        var alices = await alice.GetStringAsync("/instances");

        Assert.DoesNotContain("acme-secret-db", bobs, StringComparison.Ordinal);
        Assert.Contains("acme-secret-db", alices, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/instances")]
    [InlineData("/instances/1")]
    public async Task InstancePages_Anonymously_RedirectToLogin(string path)
    {
        var anonymous = await PortalLogin.ClientForAsync(portal, null, null);

        var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstancePage_ForAnUnknownId_IsNotFound()
    {
        var alice = await PortalLogin.ClientForAsync(portal, "alice@acme.test", "Alice-Pass-2026!");

        var html = await alice.GetStringAsync("/instances/999999");

        Assert.Contains("data-testid=\"instance-not-found\"", html, StringComparison.Ordinal);
    }
}
