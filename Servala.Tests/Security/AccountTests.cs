using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Servala.Catalog;
using Servala.Catalog.Setup;
using Servala.Tests.Support;
using Servala.Web.Data;

namespace Servala.Tests.Security;

/// <summary>Users come from the setup file: no self-registration, no e-mail links, no privilege for a stranger's account.</summary>
public sealed class AccountTests(ProductionPortal portal) : IClassFixture<ProductionPortal>
{
    [Theory]
    [InlineData("/Account/Register")]
    [InlineData("/Account/RegisterConfirmation?email=admin@servala.test")]
    [InlineData("/Account/ExternalLogin")]
    [InlineData("/Account/ConfirmEmail?userId=x&code=y")]
    [InlineData("/Account/ResendEmailConfirmation")]
    [InlineData("/Account/ForgotPassword")]
    [InlineData("/Account/ResetPassword?code=x")]
    [InlineData("/Account/Manage/ExternalLogins")]
    [InlineData("/Account/Manage/Email")]
    [InlineData("/Account/Manage/SetPassword")]
    [InlineData("/Account/Manage/Passkeys")]
    [InlineData("/Account/Manage/RenamePasskey/AAAA")]
    public async Task Get_RemovedAccountPage_IsNotFound(string url)
    {
        using var client = await PortalLogin.ClientForAsync(portal, "alice@acme.test", "Alice-Pass-2026!");

        using var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("admin@servala.test", html, StringComparison.Ordinal);
        Assert.DoesNotContain("confirm", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/Account/Register")]
    [InlineData("/Account/PerformExternalLogin")]
    [InlineData("/Account/Manage/LinkExternalLogin")]
    [InlineData("/Account/PasskeyCreationOptions")]
    [InlineData("/Account/PasskeyRequestOptions")]
    public async Task Post_RemovedAccountEndpoint_CreatesNothing(string url)
    {
        using var client = await PortalLogin.ClientForAsync(portal, null, null);
        var token = await BadInputTests.AntiforgeryTokenAsync(client, "/Account/Login");

        using var response = await client.PostAsync(url, new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token), new("Input.Email", "mallory@acme.test"),
            new("Input.Password", "Mallory-Pass-2026!"), new("Input.ConfirmPassword", "Mallory-Pass-2026!"), new("provider", "x"),
        ]));

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, response.StatusCode.ToString());
        using var scope = portal.Services.CreateScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("mallory@acme.test"));
    }

    [Fact]
    public async Task Seed_AccountWhosePasswordItDidNotSet_IsAnErrorAndGetsNoRoleOrOrganization()
    {
        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var squatter = new ApplicationUser { UserName = "future-admin@servala.test", Email = "future-admin@servala.test" };
        Assert.True((await users.CreateAsync(squatter, "Squatter-Pass-2026!")).Succeeded);
        var file = SetupFile.Parse("""
            { "users": [
                { "email": "future-admin@servala.test", "password": "Future-Admin-2026!", "roles": [ "Admin" ] },
                { "email": "future-ops@servala.test", "password": "Future-Ops-2026!", "roles": [ "Ops" ] } ] }
            """);

        var error = await Assert.ThrowsAsync<SetupFileException>(() => scope.ServiceProvider.GetRequiredService<SetupApplier>()
            .ApplyAsync(file, scope.ServiceProvider.GetRequiredService<IUserDirectory>()));

        Assert.StartsWith("users[0].email: the account 'future-admin@servala.test' exists already", Assert.Single(error.Problems).ToString(), StringComparison.Ordinal);
        Assert.Empty(await users.GetRolesAsync((await users.FindByEmailAsync("future-admin@servala.test"))!));
        Assert.Null(await users.FindByEmailAsync("future-ops@servala.test"));
    }

    [Fact]
    public async Task Seed_SecondRunOfTheDemoSetup_ChangesNothingForTheUsersItCreated()
    {
        using var scope = portal.Services.CreateScope();

        var summary = await scope.ServiceProvider.GetRequiredService<SetupApplier>()
            .ApplyAsync(SetupFile.Parse(DemoData.SetupJson), scope.ServiceProvider.GetRequiredService<IUserDirectory>());

        Assert.Equal(0, summary.TotalChanges);
    }
}
