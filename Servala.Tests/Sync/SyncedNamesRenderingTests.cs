using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Servala.Catalog.Data;
using Servala.Catalog.Model;
using Servala.Catalog.Sync;
using Servala.Tests.Support;

namespace Servala.Tests.Sync;

/// <summary>Names from the website are data: stored exactly as sent, shown escaped on every page that shows them.</summary>
public sealed class SyncedNamesRenderingTests
{
    private const string ServiceName = "<script>alert(\"pg\")</script> Pöstgres 数据库 🐘 &amp; <img src=x onerror=alert(1)>";
    private const string TierName = "<b onmouseover=\"alert(2)\">Gold</b> — Zürich ✓";

    [Fact]
    public async Task Sync_MarkupAndNonAsciiNames_AreStoredVerbatimAndRenderedEscapedOnEveryPage()
    {
        await using var portal = new PortalFactory();
        using var client = await PortalLogin.ClientForAsync(portal, "admin@servala.test", "Admin-Pass-2026!");
        var demo = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Servala.Catalog", "DemoData", "catalog.json"));
        var document = CatalogJson.Edit(demo, ("services[0].name", System.Text.Json.JsonSerializer.Serialize(ServiceName)), ("slaTiers[2].name", System.Text.Json.JsonSerializer.Serialize(TierName)));
        var file = Path.Combine(Path.GetDirectoryName(portal.DatabasePath)!, "names.json");
        await File.WriteAllTextAsync(file, document);

        var report = await portal.Services.GetRequiredService<CatalogSyncService>().RunAsync(new SyncRequest(Source: file, Trigger: "admin"));

        Assert.True(report.Outcome == SyncOutcome.Succeeded, string.Join("\n", report.Run.Errors));
        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(ServiceName, (await db.Services.SingleAsync(s => s.Slug == "postgresql")).Name);
            Assert.Equal(TierName, (await db.SlaTiers.SingleAsync(t => t.Code == "sla999247")).Name);
        }

        var shown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var page in new[] { "/", "/services/postgresql", "/admin/sla-tiers", "/admin/catalog", "/admin/audit", "/admin/sync" })
        {
            var html = await client.GetStringAsync(new Uri(page, UriKind.Relative));

            Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<b onmouseover", html, StringComparison.Ordinal);
            var text = WebUtility.HtmlDecode(html);
            if (text.Contains(ServiceName, StringComparison.Ordinal))
            {
                shown.Add(page + " service");
            }

            if (text.Contains(TierName, StringComparison.Ordinal))
            {
                shown.Add(page + " tier");
            }
        }

        Assert.Superset(new HashSet<string>(["/ service", "/services/postgresql service", "/admin/sla-tiers tier", "/admin/audit service", "/admin/audit tier"]), shown);
    }
}
