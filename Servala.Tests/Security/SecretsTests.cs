using System.Net;
using System.Text;
using Hangfire;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Servala.Catalog.Data;
using Servala.Catalog.Model;
using Servala.Catalog.Sync;
using Servala.Tests.Support;
using Servala.Tests.Sync;
using Servala.Web.Sync;
using Servala.Web.Jobs;

namespace Servala.Tests.Security;

/// <summary>The website password and the connection string reach no log line, run record, error page or dashboard, even when a sync fails.</summary>
public sealed class SecretsTests : IAsyncLifetime
{
    private const string Secret = "Website-Secret-7f3a9c";
    private CatalogTestServer _website = null!;
    private SecretsPortal _portal = null!;

    private sealed class SecretsPortal(string websiteUrl) : ProductionPortal
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            // Credentials given both ways a deployment might: as settings and inside the URL.
            new("Catalog:WebsiteUrl", websiteUrl.Replace("http://", $"http://portal:{Secret}@", StringComparison.Ordinal)),
            new("Catalog:Username", "portal"),
            new("Catalog:Password", Secret),
            new("Catalog:MaxRetries", "0"),
        ];
    }

    public async Task InitializeAsync()
    {
        _website = await CatalogTestServer.StartAsync();

        // The first sync (at start-up) works, so the demo setup applies; every later one fails,
        // with the credentials it was sent echoed back in the answer.
        _website.Handler = (context, n) =>
        {
            if (n == 1)
            {
                return CatalogTestServer.Json(context, TestFiles.SampleCatalog);
            }

            var echo = context.Request.Headers.Authorization.ToString();
            return n % 2 == 0
                ? CatalogTestServer.Json(context, $"{{\"error\":\"{echo}\"}}", status: 500)
                : CatalogTestServer.Json(context, $"{echo} not json");
        };
        _portal = new SecretsPortal(_website.Url);
        _ = _portal.Server;
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _website.DisposeAsync();
    }

    [Fact]
    public async Task FailingSyncs_LeaveNoSecretInLogsRunsPagesOrTheDashboard()
    {
        var runner = _portal.Services.GetRequiredService<SyncRunner>();
        var failed = new List<SyncReport>
        {
            await runner.RunAsync(new SyncRequest(Trigger: "manual")),
            await runner.RunAsync(new SyncRequest(Trigger: "manual")),
        };
        await TriggerTheJobAsync();

        Assert.All(failed, r => Assert.Equal(SyncOutcome.Failed, r.Run.Outcome));
        Assert.Contains(_website.Requests, r => r.Authorization.Contains(Basic, StringComparison.Ordinal));
        var secrets = new[] { Secret, Basic, ConnectionString };

        AssertNone(secrets, "log", _portal.Logs.Lines);
        AssertNone(secrets, "sync run", await RunRecordsAsync());
        AssertNone(secrets, "database file", [DatabaseText()]);

        using var admin = await PortalLogin.ClientForAsync(_portal, "admin@servala.test", "Admin-Pass-2026!");
        var pages = new List<string>();
        foreach (var path in new[] { "/admin/sync", "/admin/audit", "/admin/catalog", "/Error", "/no-such-page", "/admin/jobs", "/admin/jobs/recurring", "/admin/jobs/jobs/succeeded", "/admin/jobs/jobs/failed", "/admin/jobs/servers" })
        {
            using var response = await admin.GetAsync(path);
            Assert.True((int)response.StatusCode < 500, path);
            pages.Add(path + ": " + await response.Content.ReadAsStringAsync());
        }

        Assert.Contains(pages, p => p.Contains("answered 500", StringComparison.Ordinal));
        AssertNone(secrets, "page", pages);
    }

    private static string Basic => Convert.ToBase64String(Encoding.UTF8.GetBytes($"portal:{Secret}"));

    private string ConnectionString => $"Data Source={_portal.DatabasePath}";

    private async Task TriggerTheJobAsync()
    {
        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>().CreateDbContextAsync();
        var before = await db.SyncRuns.CountAsync();
        _portal.Services.GetRequiredService<IRecurringJobManager>().Trigger(CatalogSyncJob.Id);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await db.SyncRuns.CountAsync(timeout.Token) == before)
        {
            await Task.Delay(100, timeout.Token);
        }
    }

    private async Task<List<string>> RunRecordsAsync()
    {
        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>().CreateDbContextAsync();
        var runs = await db.SyncRuns.AsNoTracking().ToListAsync();
        return runs.Select(r => System.Text.Json.JsonSerializer.Serialize(r)).ToList();
    }

    private string DatabaseText()
    {
        SqliteConnection.ClearAllPools();
        var text = new StringBuilder();
        foreach (var file in new[] { _portal.DatabasePath, _portal.DatabasePath + "-wal" }.Where(File.Exists))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            text.Append(reader.ReadToEnd());
        }

        return text.ToString();
    }

    private static void AssertNone(string[] secrets, string where, IEnumerable<string> texts)
    {
        foreach (var text in texts)
        {
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"a secret in a {where}: {Excerpt(text, secret)}");
            }
        }
    }

    private static string Excerpt(string text, string secret)
    {
        var at = text.IndexOf(secret, StringComparison.Ordinal);
        return text.Substring(Math.Max(0, at - 80), Math.Min(text.Length - Math.Max(0, at - 80), 200));
    }
}
