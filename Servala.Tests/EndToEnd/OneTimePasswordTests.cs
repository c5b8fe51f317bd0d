using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Servala.Catalog.Admin;
using Servala.Catalog.Data;
using Servala.Web.Data;
using static Microsoft.Playwright.Assertions;

namespace Servala.Tests.EndToEnd;

/// <summary>
/// In real Chromium: staff create a login on /admin/users; its one-time password leads only to the change-password
/// page until the user has set their own; a staff reset leads there again.
/// </summary>
public sealed class OneTimePasswordTests(BrowserPortal browser) : IClassFixture<BrowserPortal>
{
    private const string Email = "newcomer@acme.test";
    private const string OwnPassword = "Newcomer-Own-2026!";

    [Fact]
    public async Task OneTimePassword_FromStaff_MustBeChangedBeforeAnythingElseAndAgainAfterAReset()
    {
        var staff = await browser.NewPageAsync();
        await staff.SetViewportSizeAsync(1400, 900);
        await staff.LogInAsync("admin@servala.test", "Admin-Pass-2026!");
        await staff.GotoAsync("/admin/users");
        await staff.WaitInteractiveAsync();
        await staff.InputOf("user-email").FillAsync(Email);
        await staff.InputOf("user-organization-acme").CheckAsync();
        await staff.ByTestId("user-save").ClickAsync();
        var oneTimePassword = (await staff.ByTestId("user-one-time-password-value").TextContentAsync())!.Trim();
        await Expect(staff.ByTestId($"user-must-change-{Email}")).ToBeVisibleAsync();

        // Signing in with it lands on the change-password page, which says why.
        var user = await browser.NewPageAsync();
        await user.SetViewportSizeAsync(1400, 900);
        await user.LogInAsync(Email, oneTimePassword);
        await AssertOnChangePasswordAsync(user);
        await Axe.AssertNoSeriousViolationsAsync(user, "change password, one-time password");

        // Every other page leads back there.
        foreach (var path in new[] { "/", "/services/postgresql", "/Account/Manage/TwoFactorAuthentication", "/instances" })
        {
            await user.GotoAsync(path);
            await AssertOnChangePasswordAsync(user);
        }

        // The one-time password cannot be kept as the new one.
        await SubmitAsync(user, oneTimePassword, oneTimePassword);
        await Expect(user.ByTestId("status-message")).ToContainTextAsync("differs from the one-time password");
        await Expect(user.ByTestId("one-time-password-notice")).ToBeVisibleAsync();

        await SubmitAsync(user, oneTimePassword, OwnPassword);
        await Expect(user.ByTestId("status-message")).ToContainTextAsync("You can now use the whole portal");
        await Expect(user.ByTestId("one-time-password-notice")).ToHaveCountAsync(0);

        // Now the portal works, circuit and all, from the page last asked for, and the marker is gone (audited with the user as actor).
        await user.ByTestId("continue-after-password").ClickAsync();
        await user.WaitInteractiveAsync();
        Assert.Equal("/instances", new Uri(user.Url).AbsolutePath);
        await Expect(user.Locator("h1")).ToHaveTextAsync("Your instances");
        Assert.False(await MustChangePasswordAsync());
        Assert.Contains(await AuditAsync(), a => a is { Field: UserAdminService.MustChangePasswordField, OldValue: "yes", NewValue: null, Actor: Email });

        // A staff reset marks the account again: the user is signed out, and the new one-time password leads to the page again.
        await staff.GotoAsync("/admin/users");
        await staff.WaitInteractiveAsync();
        await staff.ByTestId($"user-reset-{Email}").ClickAsync();
        await staff.ByTestId("user-reset-apply").ClickAsync();
        var resetPassword = (await staff.ByTestId("user-one-time-password-value").TextContentAsync())!.Trim();
        Assert.NotEqual(oneTimePassword, resetPassword);
        await Expect(staff.ByTestId($"user-must-change-{Email}")).ToBeVisibleAsync();
        Assert.True(await MustChangePasswordAsync());

        await user.GotoAsync("/instances");
        Assert.Contains("/Account/Login", user.Url, StringComparison.Ordinal);
        await user.LogInAsync(Email, resetPassword);
        await AssertOnChangePasswordAsync(user);
        await user.SetViewportSizeAsync(390, 844);
        await Axe.AssertNoSeriousViolationsAsync(user, "change password, one-time password, at 390 px");
    }

    private static async Task AssertOnChangePasswordAsync(IPage page)
    {
        await Expect(page.ByTestId("one-time-password-notice")).ToBeVisibleAsync();
        Assert.Equal("/Account/Manage/ChangePassword", new Uri(page.Url).AbsolutePath);
        await Expect(page.ByTestId("one-time-password-notice")).ToContainTextAsync("one-time password");
    }

    private static async Task SubmitAsync(IPage page, string current, string next)
    {
        await page.GetByLabel("Current password").FillAsync(current);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync(next);
        await page.GetByLabel("Confirm new password").FillAsync(next);
        await page.ByTestId("change-password-submit").ClickAsync();
    }

    private async Task<bool> MustChangePasswordAsync()
    {
        using var scope = browser.Portal.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(Email);
        return user!.MustChangePassword;
    }

    private async Task<List<Servala.Catalog.Model.AuditEntry>> AuditAsync()
    {
        await using var db = await browser.Portal.Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().Where(a => a.Entity == UserAdminService.AuditEntity && a.Key == Email).ToListAsync();
    }
}
