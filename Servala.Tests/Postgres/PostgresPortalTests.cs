using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Servala.Catalog.Admin;
using Servala.Tests.Support;

namespace Servala.Tests.Postgres;

/// <summary>The whole portal with <c>Database:Provider=PostgreSQL</c>: first start, Identity, the quote API.</summary>
public sealed class PostgresPortal : PortalFactory
{
    // Created after the base constructor, so a missing server fails the fixture with its own message.
    private readonly PostgresDatabase? _database;

    public PostgresPortal() => _database = new PostgresDatabase(migrate: false);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Database:Provider", "PostgreSQL"),
        new("Database:ConnectionString", _database!.ConnectionString),
    ];

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _database?.Dispose();
        }
    }
}

public sealed class PostgresPortalTests(PostgresPortal portal) : IClassFixture<PostgresPortal>
{
    [Fact]
    public async Task FirstStart_OnPostgres_SyncsTheDemoCatalogAndPricesTheWorkedExample()
    {
        var client = portal.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/quotes", new
        {
            service = "postgresql", controlPlane = "exoscale-gva2", plan = "standard-8", slaTier = "sla999247", storageGib = 50, replicas = 1,
        });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("376.92", json.RootElement.GetProperty("totalMonthly").GetString());
        // Amounts are joined by a no-break space, which the page encodes.
        Assert.Contains("from CHF&#xA0;37.90/month", await client.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoUsers_OnPostgres_CanLogIn()
    {
        var alice = await PortalLogin.ClientForAsync(portal, "alice@acme.test", "Alice-Pass-2026!");

        var html = await alice.GetStringAsync("/instances");

        Assert.Contains("data-testid=\"no-instances\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneTimePassword_OnPostgres_LeadsToChangePasswordUntilChanged()
    {
        var created = await portal.Services.GetRequiredService<UserAdminService>().CreateAsync("onetime@acme.test", [], ["acme"], "admin@servala.test");
        Assert.True(created.Succeeded, created.ToString());
        var client = await PortalLogin.ClientForAsync(portal, "onetime@acme.test", created.OneTimePassword!);

        using var response = await client.GetAsync("/instances");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Manage/ChangePassword?ReturnUrl=%2Finstances", response.Headers.Location!.OriginalString);
        Assert.True((await portal.Services.GetRequiredService<UserAdminService>().ListAsync()).Single(u => u.Email == "onetime@acme.test").MustChangePassword);
    }
}
