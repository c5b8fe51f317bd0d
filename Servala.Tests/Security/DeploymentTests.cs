using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Servala.Catalog;
using Servala.Catalog.Setup;
using Servala.Tests.Cli;
using Servala.Tests.Support;
using Servala.Web.Data;

namespace Servala.Tests.Security;

/// <summary>A production start is never the demo by accident, and no password reaches a log.</summary>
public sealed class DeploymentTests
{
    /// <summary>The portal as the Docker image starts it: Production, nothing configured.</summary>
    private sealed class ProductionPortal(string? demo) : PortalFactory
    {
        protected override string EnvironmentName => "Production";

        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Portal:Demo", demo)];
    }

    private sealed class DevelopmentWithoutDemoSetting : PortalFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Portal:Demo", null)];
    }

    [Fact]
    public async Task Start_ProductionProcessWithoutWebsiteUrlOrDemo_StopsNamingTheSettings()
    {
        using var portal = new PortalProcess();

        var result = await portal.RunAsync(new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:0" });

        Assert.NotEqual(0, result.ExitCode);
        var output = result.Stdout + result.Stderr;
        Assert.Contains("SERVALA_WEBSITE_URL", output, StringComparison.Ordinal);
        Assert.Contains("Portal:Demo=true", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Admin-Pass-2026!", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_ProductionWithDemoOff_FailsBeforeCreatingAnyUser()
    {
        using var portal = new ProductionPortal("false");

        var error = Assert.Throws<OptionsValidationException>(() => portal.Server);

        Assert.Contains("Portal:Demo", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(portal.DatabasePath) && new FileInfo(portal.DatabasePath).Length > 0 && HasUsers(portal.DatabasePath));
    }

    [Fact]
    public async Task Start_ExplicitDemoInProduction_SeedsTheDemoAndLogsNoPassword()
    {
        await using var portal = new ProductionPortal("true");
        _ = portal.Server;

        using (var scope = portal.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.NotNull(await users.FindByEmailAsync("admin@servala.test"));
        }

        var passwords = SetupFile.Parse(DemoData.SetupJson).Users!.Select(u => u!.Password!).ToList();
        var lines = portal.Logs.Lines;
        Assert.Contains(lines, l => l.Contains("Demo login: admin@servala.test", StringComparison.Ordinal));
        Assert.All(passwords, password => Assert.DoesNotContain(lines, l => l.Contains(password, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Start_DevelopmentWithoutWebsiteUrl_IsTheOneCommandDemo()
    {
        await using var portal = new DevelopmentWithoutDemoSetting();

        using var client = await PortalLogin.ClientForAsync(portal, "alice@acme.test", "Alice-Pass-2026!");

        Assert.DoesNotContain(portal.Logs.Lines, l => l.Contains("Alice-Pass-2026!", StringComparison.Ordinal));
    }

    private static bool HasUsers(string databasePath)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={databasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'AspNetUsers'";
        if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return false;
        }

        command.CommandText = "SELECT count(*) FROM AspNetUsers";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }
}
