using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;
using Servala.Catalog.Sync;
using Servala.Tests.Support;

namespace Servala.Tests.Web;

/// <summary>
/// Customers keep getting quotes while a large sync runs: every answer is a 200 with the calculator's own price.
/// The latency figures (p99 with and without a sync) come from the soak run in docs/benchmarks.md, not from here.
/// </summary>
public sealed class QuotesDuringSyncTests
{
    private sealed class UnlimitedPortal : PortalFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
            [new("Api:QuotesPerMinute", "100000000"), new("Catalog:MaxDocumentBytes", "268435456")];
    }

    private static readonly QuoteRequest[] Requests =
    [
        new("postgresql", "exoscale-gva2", "standard-8", "sla999247", 50, 1),
        new("postgresql", "exoscale-gva2", "standard-4", "sla999bh", 120, 2),
        new("postgresql", "cloudscale-rma", "standard-2", "nosla", 20, 1),
        new("redis", "cloudscale-rma", "standard-4", "sla999247", 10, 3),
        new("nextcloud", "cloudscale-lpg", "standard-4", "sla999bh", 500, 1) { Supporting = [new("collabora", "cloudscale-lpg", "standard-2", "sla999bh", 0, 1)] },
    ];

    [Fact]
    public async Task QuoteApi_WhileALargeSyncRuns_AnswersEveryRequestWithTheCalculatorsPrice()
    {
        await using var portal = new UnlimitedPortal();
        using var client = portal.CreateClient();
        var snapshots = portal.Services.GetRequiredService<CatalogSnapshotStore>();
        var calculator = portal.Services.GetRequiredService<PriceCalculator>();
        var expected = Requests.Select(r => Expected(calculator, snapshots.Current, r)).ToArray();
        var versionBefore = snapshots.Current.Version;
        var file = Path.Combine(Path.GetDirectoryName(portal.DatabasePath)!, "large.json");
        await File.WriteAllTextAsync(file, LargeCatalog.Generate(services: 20, plansPerService: 250, baseDocument: LargeCatalog.Demo));

        var sync = Task.Run(() => portal.Services.GetRequiredService<CatalogSyncService>().RunAsync(new SyncRequest(Source: file, Trigger: "admin")));
        var problems = new List<string>();
        var answered = 0;
        var clients = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = worker; !sync.IsCompleted; i++)
            {
                var which = i % Requests.Length;
                using var response = await client.PostAsJsonAsync(new Uri("/api/v1/quotes", UriKind.Relative), Dto(Requests[which]));
                var body = await response.Content.ReadAsStringAsync();
                string? total = null;
                if (response.IsSuccessStatusCode)
                {
                    using var json = JsonDocument.Parse(body);
                    total = json.RootElement.GetProperty("totalMonthly").GetString();
                }

                lock (problems)
                {
                    answered++;
                    if (!response.IsSuccessStatusCode || total != expected[which])
                    {
                        problems.Add($"{Requests[which].Service}: {(int)response.StatusCode} total {total}, expected {expected[which]}: {body[..Math.Min(body.Length, 200)]}");
                    }
                }
            }
        })).ToList();

        var report = await sync.WaitAsync(TimeSpan.FromMinutes(3));
        await Task.WhenAll(clients);

        Assert.True(report.Outcome == SyncOutcome.Succeeded, string.Join("\n", report.Run.Errors));
        Assert.True(report.Run.Created > 5_000, $"{report.Run.Created} created");
        Assert.NotEqual(versionBefore, snapshots.Current.Version);
        Assert.Empty(problems.Take(10));
        Assert.True(answered >= 20, $"only {answered} quotes were answered during the sync");
        Assert.Equal(expected, Requests.Select(r => Expected(calculator, snapshots.Current, r)));
    }

    private static string Expected(PriceCalculator calculator, CatalogSnapshot snapshot, QuoteRequest request)
    {
        var quote = calculator.Quote(snapshot, request).Quote ?? throw new InvalidOperationException($"{request} cannot be quoted");
        return Currencies.Format(quote.TotalMonthly, quote.Currency);
    }

    private static object Dto(QuoteRequest r) => new
    {
        service = r.Service,
        controlPlane = r.ControlPlane,
        plan = r.Plan,
        slaTier = r.SlaTier,
        storageGib = r.StorageGib,
        replicas = r.Replicas,
        supporting = r.Supporting.Select(s => new { service = s.Service, controlPlane = s.ControlPlane, plan = s.Plan, slaTier = s.SlaTier, storageGib = s.StorageGib, replicas = s.Replicas }).ToArray(),
    };
}
