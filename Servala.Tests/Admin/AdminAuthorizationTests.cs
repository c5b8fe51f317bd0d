using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Servala.Tests.Support;
using Servala.Web.Data;

namespace Servala.Tests.Admin;

/// <summary>Who may open which admin page: anonymous, a customer, Admin only, Ops only, and the demo admin (both roles).</summary>
public sealed class AdminAuthorizationTests(AdminAuthorizationTests.Portal portal) : IClassFixture<AdminAuthorizationTests.Portal>
{
    public const string Password = "Staff-Pass-2026!";

    public static readonly string[] Pages = ["/admin/sla-tiers", "/admin/catalog", "/admin/audit", "/admin/organizations", "/admin/users", "/admin/instances", "/admin/instances/1", "/admin/sync", "/admin/control-planes", "/admin/jobs"];

    public sealed class Portal : PortalFactory, IAsyncLifetime
    {
        public async Task InitializeAsync()
        {
            using var scope = Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            foreach (var role in new[] { "Admin", "Ops" })
            {
                if (!await roles.RoleExistsAsync(role))
                {
                    Assert.True((await roles.CreateAsync(new IdentityRole(role))).Succeeded);
                }
            }

            foreach (var (email, role) in new[] { ("staff@servala.test", "Admin"), ("ops@servala.test", "Ops") })
            {
                var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
                Assert.True((await users.CreateAsync(user, Password)).Succeeded);
                Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
            }
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    public static TheoryData<string, string?, string?> Matrix()
    {
        // user (null = anonymous), password, and per page whether access is expected: see Allowed.
        var data = new TheoryData<string, string?, string?>();
        foreach (var page in Pages)
        {
            data.Add(page, null, null);
            data.Add(page, "alice@acme.test", "Alice-Pass-2026!");
            data.Add(page, "staff@servala.test", Password);
            data.Add(page, "ops@servala.test", Password);
            data.Add(page, "admin@servala.test", "Admin-Pass-2026!");
        }

        return data;
    }

    private static bool Allowed(string page, string? user) => (page, user) switch
    {
        (_, "admin@servala.test") => true,
        ("/admin/sla-tiers" or "/admin/catalog" or "/admin/audit" or "/admin/organizations" or "/admin/users" or "/admin/instances" or "/admin/instances/1", "staff@servala.test") => true,
        ("/admin/sync" or "/admin/control-planes", "staff@servala.test" or "ops@servala.test") => true,
        ("/admin/jobs", "ops@servala.test") => true,
        _ => false,
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Get_AdminPage_OnlyTheRightRolesGetIn(string page, string? user, string? password)
    {
        using var client = user is null ? await PortalLogin.ClientForAsync(portal, null, null) : await PortalLogin.ClientForAsync(portal, user, password!);

        using var response = await client.GetAsync(new Uri(page, UriKind.Relative));

        if (Allowed(page, user))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return;
        }

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        var location = response.Headers.Location?.ToString() ?? "";
        if (user is null)
        {
            // Anonymous: sent to log in (or refused outright), never served.
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized || location.Contains("/Account/Login", StringComparison.Ordinal),
                $"{page} answered {(int)response.StatusCode} {location}");
        }
        else
        {
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden || location.Contains("/Account/AccessDenied", StringComparison.Ordinal),
                $"{page} answered {(int)response.StatusCode} {location} for {user}");
        }
    }

    [Fact]
    public async Task Get_JobsDashboardForOps_ServesHangfire()
    {
        using var client = await PortalLogin.ClientForAsync(portal, "ops@servala.test", Password);

        var html = await client.GetStringAsync(new Uri("/admin/jobs/recurring", UriKind.Relative));

        Assert.Contains("catalog-sync", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_JobsDashboardScripts_ShowTimesIn24HourUtc()
    {
        using var client = await PortalLogin.ClientForAsync(portal, "ops@servala.test", Password);
        var html = await client.GetStringAsync(new Uri("/admin/jobs/recurring", UriKind.Relative));
        var script = System.Text.RegularExpressions.Regex.Match(html, "<script src=\"(/admin/jobs/js[^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(script);

        var bundle = await client.GetStringAsync(new Uri(script, UriKind.Relative));

        // Hangfire's own script sets up moment.js first; ours follows it and formats every full time as UTC, 24 h.
        Assert.Contains("YYYY-MM-DD HH:mm:ss [UTC]", bundle, StringComparison.Ordinal);
        Assert.True(bundle.IndexOf("servalaUtc", StringComparison.Ordinal) > bundle.IndexOf("Hangfire.page = new Hangfire.Page", StringComparison.Ordinal));
    }
}
