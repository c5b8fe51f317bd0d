using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Servala.Catalog.Admin;
using Servala.Catalog.Instances;
using Servala.Catalog.Pricing;
using Servala.Tests.Support;
using Servala.Web.Components.Pages.Admin;

namespace Servala.Tests.Admin;

/// <summary>The organizations and users pages over the real services on a real SQLite file (users in memory).</summary>
public sealed class StaffAdminPagesTests : PortalComponentTest, IAsyncLifetime
{
    private readonly FakeUserAccounts _accounts = new();

    public async Task InitializeAsync()
    {
        await SampleCatalog.LoadAsync(Database);
        await Snapshots.ReloadAsync();
        Services.AddSingleton<IUserAccounts>(_accounts);
        Services.AddSingleton<UserAdminService>();
        Services.AddSingleton<OrganizationAdminService>();
        Auth.SetAuthorized("staff@servala.test");
        Auth.SetRoles("Admin");
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task CreateUser_ShowsTheOneTimePasswordOnceThenHidesIt()
    {
        var cut = Render<UsersAdmin>();
        cut.WaitForElement("[data-testid='user-form']");

        cut.Find("[data-testid='user-email']").Input("carol@acme.test");
        cut.Find("[data-testid='user-organization-acme']").Change(true);
        await cut.Find("[data-testid='user-save']").ClickAsync(new());

        var shown = cut.WaitForElement("[data-testid='user-one-time-password-value']").TextContent;
        Assert.Equal(_accounts.PasswordOf("carol@acme.test"), shown);
        Assert.Contains("acme", cut.Find("[data-testid='user-carol@acme.test']").TextContent, StringComparison.Ordinal);

        await cut.Find("[data-testid='user-one-time-password-done']").ClickAsync(new());

        Assert.DoesNotContain(shown, cut.Markup, StringComparison.Ordinal);
        var rerendered = Render<UsersAdmin>();
        rerendered.WaitForElement("[data-testid='user-carol@acme.test']");
        Assert.DoesNotContain(shown, rerendered.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateUser_BadEmail_SaysSoAtTheFieldAndCreatesNothing()
    {
        var cut = Render<UsersAdmin>();
        cut.WaitForElement("[data-testid='user-form']");

        cut.Find("[data-testid='user-email']").Input("carol");
        await cut.Find("[data-testid='user-save']").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("'carol' is not an email address", cut.Find("[data-testid='user-form']").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid='user-one-time-password']"));
        Assert.Empty(await _accounts.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task EditOrganization_NamespaceWhileItHasInstances_IsRefusedWithTheReason()
    {
        await using (var db = Database.CreateContext())
        {
            var acme = await db.Organizations.SingleAsync(o => o.Slug == "acme");
            var ordered = await Services.GetRequiredService<InstanceService>().OrderAsync(acme.Id, "db1", new QuoteRequest("postgresql", "cloudscale-rma", "mini", "nosla", 20));
            Assert.True(ordered.IsSuccess, ordered.Error);
        }

        var cut = Render<OrganizationsAdmin>();
        await cut.WaitForElement("[data-testid='organization-edit-acme']").ClickAsync(new());
        cut.Find("[data-testid='organization-namespace']").Input("org-acme-2");
        await cut.Find("[data-testid='organization-save']").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("cannot change while they exist", cut.Find("[data-testid='organization-form']").TextContent, StringComparison.Ordinal));
        Assert.Contains("org-acme", cut.Find("[data-testid='organization-acme']").TextContent, StringComparison.Ordinal);
        await using var check = Database.CreateContext();
        Assert.Equal("org-acme", (await check.Organizations.SingleAsync(o => o.Slug == "acme")).Namespace);
    }

    [Fact]
    public async Task CreateOrganization_Valid_IsListed()
    {
        var cut = Render<OrganizationsAdmin>();
        cut.WaitForElement("[data-testid='organization-form']");

        cut.Find("[data-testid='organization-slug']").Input("initech");
        cut.Find("[data-testid='organization-name']").Input("Initech");
        cut.Find("[data-testid='organization-namespace']").Input("org-initech");
        cut.Find("[data-testid='organization-sales-order']").Input("S20001");
        await cut.Find("[data-testid='organization-save']").ClickAsync(new());

        cut.WaitForElement("[data-testid='organization-initech']");
    }
}
