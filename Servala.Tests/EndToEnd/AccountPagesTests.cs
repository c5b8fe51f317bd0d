using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Servala.Web.Data;
using static Microsoft.Playwright.Assertions;

namespace Servala.Tests.EndToEnd;

/// <summary>
/// The account pages in real Chromium: the app bar's account menu and phone drawer, and the static
/// server-rendered forms (antiforgery, POST) for password, two-factor and personal data.
/// </summary>
public sealed class AccountPagesTests(BrowserPortal browser) : IClassFixture<BrowserPortal>
{
    private const string Password = "Account-Pass-2026!";

    [Fact]
    public async Task AccountMenu_SignedIn_OpensManageAccountAndLogsOut()
    {
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(1400, 900);
        await page.LogInAsync("alice@acme.test", "Alice-Pass-2026!");
        await page.WaitInteractiveAsync();

        await Expect(page.ByTestId("manage-account")).ToBeHiddenAsync();
        await page.ByTestId("account-menu-button").ClickAsync();
        await page.ByTestId("manage-account").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Your account");
        await Expect(page.ByTestId("account-email")).ToHaveTextAsync("alice@acme.test");
        await Axe.AssertNoSeriousViolationsAsync(page, "account menu → manage account");

        await page.ByTestId("account-menu-button").ClickAsync();
        await page.ByTestId("logout").ClickAsync();
        await Expect(page.ByTestId("login-link")).ToBeVisibleAsync();
        await Expect(page.ByTestId("signed-in-user")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task PhoneDrawer_ForAnAdmin_ListsEveryLinkNavigatesAndLogsOut()
    {
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.LogInAsync("admin@servala.test", "Admin-Pass-2026!");
        await page.WaitInteractiveAsync();

        // On a phone the links and the account menu button give way to the menu button.
        await Expect(page.ByTestId("nav-instances")).ToBeHiddenAsync();
        await Expect(page.ByTestId("account-menu-button")).ToBeHiddenAsync();

        await page.ByTestId("nav-menu-button").ClickAsync();
        foreach (var link in new[] { "nav-instances", "nav-admin-sla-tiers", "nav-admin-catalog", "nav-admin-audit", "nav-admin-sync", "nav-admin-control-planes", "nav-admin-jobs", "drawer-manage-account", "drawer-logout" })
        {
            await Expect(page.ByTestId(link)).ToBeVisibleAsync();
        }

        await Axe.AssertNoSeriousViolationsAsync(page, "phone drawer open");

        // Following a link closes the drawer.
        await page.ByTestId("nav-admin-audit").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Audit log");
        await Expect(page.ByTestId("nav-admin-audit")).ToBeHiddenAsync();

        await page.ByTestId("nav-menu-button").ClickAsync();
        await page.ByTestId("drawer-logout").ClickAsync();
        await Expect(page.ByTestId("login-link")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task PhoneDrawer_ForACustomer_HasNoAdminLinks()
    {
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.LogInAsync("bob@globex.test", "Bob-Pass-2026!");
        await page.WaitInteractiveAsync();

        await page.ByTestId("nav-menu-button").ClickAsync();

        await Expect(page.ByTestId("nav-instances")).ToBeVisibleAsync();
        await Expect(page.ByTestId("drawer-logout")).ToBeVisibleAsync();
        await Expect(page.Locator("#portal-nav a[href^='admin']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ChangePassword_WithTheCurrentPassword_MakesTheNewOneTheLogin()
    {
        var email = await NewUserAsync("change-password");
        var page = await browser.NewPageAsync();
        await page.LogInAsync(email, Password);

        await page.GotoAsync("/Account/Manage/ChangePassword");
        await Axe.AssertNoSeriousViolationsAsync(page, "change password");
        await page.GetByLabel("Current password").FillAsync(Password);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("Changed-Pass-2026!");
        await page.GetByLabel("Confirm new password").FillAsync("Changed-Pass-2026!");
        await page.ByTestId("change-password-submit").ClickAsync();
        await Expect(page.ByTestId("status-message")).ToContainTextAsync("Your password has been changed");

        await LogOutAsync(page);
        await page.LogInAsync(email, "Changed-Pass-2026!");
    }

    [Fact]
    public async Task ChangePassword_WithAWrongCurrentPassword_SaysSoAtTheForm()
    {
        var email = await NewUserAsync("wrong-password");
        var page = await browser.NewPageAsync();
        await page.LogInAsync(email, Password);

        await page.GotoAsync("/Account/Manage/ChangePassword");
        await page.GetByLabel("Current password").FillAsync("Not-The-Pass-2026!");
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("Changed-Pass-2026!");
        await page.GetByLabel("Confirm new password").FillAsync("Changed-Pass-2026!");
        await page.ByTestId("change-password-submit").ClickAsync();

        await Expect(page.ByTestId("status-message")).ToContainTextAsync("Incorrect password");
        await Axe.AssertNoSeriousViolationsAsync(page, "change password, failed");
    }

    [Fact]
    public async Task TwoFactor_SetUpWithAnAuthenticatorApp_IsAskedAtTheNextLogin()
    {
        var email = await NewUserAsync("two-factor");
        var page = await browser.NewPageAsync();
        await page.LogInAsync(email, Password);

        await page.GotoAsync("/Account/Manage/TwoFactorAuthentication");
        await Axe.AssertNoSeriousViolationsAsync(page, "two-factor, off");
        await page.ByTestId("add-authenticator").ClickAsync();
        var key = (await page.ByTestId("authenticator-key").TextContentAsync())!;
        Assert.Contains("issuer=Servala", await page.ByTestId("authenticator-uri").GetAttributeAsync("data-url"), StringComparison.Ordinal);
        await Axe.AssertNoSeriousViolationsAsync(page, "set up authenticator");

        await page.GetByLabel("Verification code").FillAsync(Totp(key));
        await page.ByTestId("verify-authenticator").ClickAsync();
        await Expect(page.ByTestId("recovery-codes").Locator("li")).ToHaveCountAsync(10);
        var recoveryCode = (await page.ByTestId("recovery-codes").Locator("li").First.TextContentAsync())!.Trim();
        await Axe.AssertNoSeriousViolationsAsync(page, "recovery codes");

        // The session that turned 2FA on goes on.
        await page.GotoAsync("/Account/Manage/TwoFactorAuthentication");
        await Expect(page.ByTestId("2fa-enabled")).ToBeVisibleAsync();
        await Axe.AssertNoSeriousViolationsAsync(page, "two-factor, on");

        // The next login asks for a code after the password; a recovery code does too.
        await LogOutAsync(page);
        await SubmitPasswordAsync(page, email, Password);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Two-factor authentication");
        await Axe.AssertNoSeriousViolationsAsync(page, "login with 2fa");
        await page.GetByText("Log in with a recovery code").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Log in with a recovery code");
        await Axe.AssertNoSeriousViolationsAsync(page, "login with a recovery code");
        await page.GetByLabel("Recovery code").FillAsync(recoveryCode);
        await page.ByTestId("login-recovery-submit").ClickAsync();
        await Expect(page.ByTestId("signed-in-user")).ToHaveTextAsync(email);

        await LogOutAsync(page);
        await SubmitPasswordAsync(page, email, Password);
        await page.GetByLabel("Authenticator code").FillAsync(Totp(key));
        await page.ByTestId("login-2fa-submit").ClickAsync();
        await Expect(page.ByTestId("signed-in-user")).ToHaveTextAsync(email);
    }

    [Fact]
    public async Task PersonalData_DownloadThenDelete_GivesTheDataAndRemovesTheAccount()
    {
        var email = await NewUserAsync("personal-data");
        var page = await browser.NewPageAsync();
        await page.LogInAsync(email, Password);

        await page.GotoAsync("/Account/Manage/PersonalData");
        await Axe.AssertNoSeriousViolationsAsync(page, "personal data");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ByTestId("download-personal-data").ClickAsync());
        Assert.Equal("PersonalData.json", download.SuggestedFilename);
        using (var data = JsonDocument.Parse(await File.ReadAllTextAsync((await download.PathAsync())!)))
        {
            Assert.Equal(email, data.RootElement.GetProperty("Email").GetString());
        }

        await page.ByTestId("delete-personal-data").ClickAsync();
        await Axe.AssertNoSeriousViolationsAsync(page, "delete account");
        await page.GetByLabel("Password").FillAsync(Password);
        await page.ByTestId("delete-account-submit").ClickAsync();
        await Expect(page.ByTestId("login-link")).ToBeVisibleAsync();

        using var scope = browser.Portal.Services.CreateScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email));
    }

    private async Task<string> NewUserAsync(string name)
    {
        var email = $"{name}@example.test";
        using var scope = browser.Portal.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>()
            .CreateAsync(new ApplicationUser { UserName = email, Email = email }, Password);
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Description)));
        return email;
    }

    private static async Task SubmitPasswordAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.ByTestId("login-submit").ClickAsync();
    }

    private static async Task LogOutAsync(IPage page)
    {
        await page.SetViewportSizeAsync(1400, 900);
        // A page that becomes interactive just after the click re-renders its menus closed, before or
        // after the menu showed: open it again then.
        for (var attempt = 1; ; attempt++)
        {
            await page.ByTestId("account-menu-button").ClickAsync();
            try
            {
                await page.ByTestId("logout").ClickAsync(new() { Timeout = 3_000 });
                break;
            }
            catch (Exception e) when (e is PlaywrightException or System.TimeoutException && attempt < 5)
            {
            }
        }

        await Expect(page.ByTestId("login-link")).ToBeVisibleAsync();
    }

    /// <summary>The current time-based code (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits) for a key shown as base32.</summary>
    private static string Totp(string key)
    {
        var secret = Base32(key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
        var step = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        var counter = BitConverter.GetBytes(step);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(counter);
        }

#pragma warning disable CA5350 // RFC 6238, as authenticator apps compute it, is HMAC-SHA1.
        var hash = HMACSHA1.HashData(secret, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var code = ((hash[offset] & 0x7f) << 24 | hash[offset + 1] << 16 | hash[offset + 2] << 8 | hash[offset + 3]) % 1_000_000;
        return code.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }
}
