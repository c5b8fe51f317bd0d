using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Servala.Catalog.Admin;
using Servala.Catalog.Data;
using Servala.Tests.Support;
using Servala.Web.Data;

namespace Servala.Tests.Admin;

/// <summary>User administration on the real Identity store and catalog database of the portal (real SQLite files).</summary>
public sealed class UserAdminServiceTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string Staff = "admin@servala.test";

    private UserAdminService Users => portal.Services.GetRequiredService<UserAdminService>();

    private async Task<bool> CanSignInAsync(string email, string password)
    {
        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email);
        return user is not null && await users.CheckPasswordAsync(user, password);
    }

    private async Task<List<Servala.Catalog.Model.AuditEntry>> AuditOfAsync(string email)
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().Where(a => a.Entity == "User" && a.Key == email).OrderBy(a => a.Id).ToListAsync();
    }

    [Fact]
    public async Task CreateAsync_NewUser_GetsAStrongOneTimePasswordRolesAndMemberships()
    {
        var result = await Users.CreateAsync("carol@acme.test", ["Ops"], ["acme"], Staff);

        Assert.True(result.Succeeded, result.ToString());
        var password = result.OneTimePassword!;
        Assert.Equal(OneTimePassword.Length, password.Length);
        Assert.True(await CanSignInAsync("carol@acme.test", password));
        var row = Assert.Single(await Users.ListAsync(), u => u.Email == "carol@acme.test");
        Assert.Equal(["Ops"], row.Roles);
        Assert.Equal(["acme"], row.Organizations);
        Assert.True(row.MustChangePassword);
        var audit = await AuditOfAsync("carol@acme.test");
        Assert.Equal(["created", UserAdminService.MustChangePasswordField, "roles", "member of"], audit.Select(a => a.Field));
        Assert.Equal("yes", audit[1].NewValue);
        Assert.DoesNotContain(audit, a => (a.NewValue ?? "").Contains(password, StringComparison.Ordinal));
        Assert.DoesNotContain(password, result.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(portal.Logs.Lines, l => l.Contains(password, StringComparison.Ordinal));
    }

    [Fact]
    public void OneTimePassword_Generate_HasEveryCharacterClassAndDiffersEachTime()
    {
        var passwords = Enumerable.Range(0, 50).Select(_ => OneTimePassword.Generate()).ToList();

        Assert.Equal(50, passwords.Distinct(StringComparer.Ordinal).Count());
        Assert.All(passwords, p =>
        {
            Assert.Contains(p, char.IsUpper);
            Assert.Contains(p, char.IsLower);
            Assert.Contains(p, char.IsDigit);
            Assert.Contains(p, c => !char.IsLetterOrDigit(c));
        });
    }

    [Theory]
    [InlineData("alice@acme.test", "email", "exists already")]
    [InlineData("not-an-email", "email", "is not an email address")]
    [InlineData("", "email", "required")]
    public async Task CreateAsync_BadEmail_IsRefusedAndCreatesNothing(string email, string field, string reason)
    {
        var before = (await Users.ListAsync()).Count;

        var result = await Users.CreateAsync(email, [], [], Staff);

        Assert.False(result.Succeeded);
        Assert.Null(result.OneTimePassword);
        Assert.Contains(reason, result.Errors[field], StringComparison.Ordinal);
        Assert.Equal(before, (await Users.ListAsync()).Count);
    }

    [Fact]
    public async Task CreateAsync_UnknownRoleOrOrganization_IsRefusedAndCreatesNothing()
    {
        var result = await Users.CreateAsync("dave@acme.test", ["Root"], ["nowhere"], Staff);

        Assert.Contains("unknown role 'Root'", result.Errors["roles"], StringComparison.Ordinal);
        Assert.Equal("unknown organization 'nowhere'", result.Errors["organizations"]);
        Assert.DoesNotContain(await Users.ListAsync(), u => u.Email == "dave@acme.test");
    }

    [Fact]
    public async Task ResetPasswordAsync_GivesANewOneTimePasswordAndTheOldOneStopsWorking()
    {
        var created = await Users.CreateAsync("erin@acme.test", [], [], Staff);
        var id = (await Users.ListAsync()).Single(u => u.Email == "erin@acme.test").Id;

        var reset = await Users.ResetPasswordAsync(id, Staff);

        Assert.True(reset.Succeeded, reset.ToString());
        Assert.NotEqual(created.OneTimePassword, reset.OneTimePassword);
        Assert.False(await CanSignInAsync("erin@acme.test", created.OneTimePassword!));
        Assert.True(await CanSignInAsync("erin@acme.test", reset.OneTimePassword!));
        var entry = (await AuditOfAsync("erin@acme.test")).Last();
        Assert.Equal(("password reset", null, null), (entry.Field, entry.OldValue, entry.NewValue));
    }

    [Fact]
    public async Task ResetPasswordAsync_AfterTheUserSetTheirOwn_MarksTheAccountAgainAndAuditsIt()
    {
        await Users.CreateAsync("heidi@acme.test", [], [], Staff);
        using (var scope = portal.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync("heidi@acme.test"))!;
            user.MustChangePassword = false;
            Assert.True((await users.UpdateAsync(user)).Succeeded);
        }

        await Users.OneTimePasswordReplacedAsync("heidi@acme.test");
        var id = (await Users.ListAsync()).Single(u => u.Email == "heidi@acme.test").Id;
        Assert.False((await Users.ListAsync()).Single(u => u.Id == id).MustChangePassword);

        var reset = await Users.ResetPasswordAsync(id, Staff);

        Assert.True(reset.Succeeded, reset.ToString());
        Assert.True((await Users.ListAsync()).Single(u => u.Id == id).MustChangePassword);
        var audit = (await AuditOfAsync("heidi@acme.test")).Where(a => a.Field == UserAdminService.MustChangePasswordField).ToList();
        Assert.Equal([("admin@servala.test", (string?)null, (string?)"yes"), ("heidi@acme.test", "yes", null), (Staff, null, "yes")],
            audit.Select(a => (a.Actor, a.OldValue, a.NewValue)));
    }

    [Fact]
    public async Task ListAsync_SetupFileAccounts_AreNotAskedToChangeTheirPassword()
    {
        var rows = await Users.ListAsync();

        Assert.Contains(rows, u => u.Email == "alice@acme.test");
        Assert.All(rows.Where(u => u.Email is "alice@acme.test" or "bob@globex.test" or Staff), u => Assert.False(u.MustChangePassword, u.Email));
    }

    [Fact]
    public async Task UnlockAsync_LockedOutUser_CanLogInAgain()
    {
        await Users.CreateAsync("frank@acme.test", [], [], Staff);
        using (var scope = portal.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync("frank@acme.test"))!;
            Assert.True((await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddHours(1))).Succeeded);
        }

        var now = DateTimeOffset.UtcNow;
        Assert.True((await Users.ListAsync()).Single(u => u.Email == "frank@acme.test").IsLockedOut(now));
        var id = (await Users.ListAsync()).Single(u => u.Email == "frank@acme.test").Id;

        var result = await Users.UnlockAsync(id, Staff);

        Assert.True(result.Succeeded, result.ToString());
        Assert.False((await Users.ListAsync()).Single(u => u.Email == "frank@acme.test").IsLockedOut(now));
        Assert.Equal("unlocked", (await AuditOfAsync("frank@acme.test")).Last().Field);
    }

    [Fact]
    public async Task SetRolesAndOrganizations_ReplaceThemAndAuditOldAndNew()
    {
        await Users.CreateAsync("grace@acme.test", ["Ops"], ["acme"], Staff);
        var id = (await Users.ListAsync()).Single(u => u.Email == "grace@acme.test").Id;

        var roles = await Users.SetRolesAsync(id, ["Admin"], Staff);
        var organizations = await Users.SetOrganizationsAsync(id, ["globex"], Staff);

        Assert.True(roles.Succeeded && organizations.Succeeded, roles + " " + organizations);
        var row = (await Users.ListAsync()).Single(u => u.Email == "grace@acme.test");
        Assert.Equal(["Admin"], row.Roles);
        Assert.Equal(["globex"], row.Organizations);
        var audit = await AuditOfAsync("grace@acme.test");
        Assert.Contains(audit, a => a is { Field: "roles", OldValue: "Ops", NewValue: "Admin" });
        Assert.Contains(audit, a => a is { Field: "member of", OldValue: "acme", NewValue: null });
        Assert.Contains(audit, a => a is { Field: "member of", OldValue: null, NewValue: "globex" });
    }

    [Fact]
    public async Task SetRolesAsync_AdminRemovingTheirOwnAdminRole_IsRefused()
    {
        var id = (await Users.ListAsync()).Single(u => u.Email == Staff).Id;

        var result = await Users.SetRolesAsync(id, ["Ops"], Staff);

        Assert.Contains("from yourself", result.Errors["roles"], StringComparison.Ordinal);
        Assert.Contains("Admin", (await Users.ListAsync()).Single(u => u.Email == Staff).Roles);
    }
}
