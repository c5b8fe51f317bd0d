using System.Diagnostics;
using System.Net.Http.Json;
using System.Data.Common;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Servala.Catalog.Data;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;
using Servala.Catalog.Sync;
using Servala.Tests.Support;

namespace Servala.Tests.Web;

/// <summary>
/// Customers keep getting quotes while a large sync runs: every answer is a 200 with the calculator's own price.
/// The sync is held at the commit of its catalog transaction (its writes done, its lock held) until the clients have
/// answered a number of quotes, so the overlap does not depend on how fast either side is.
/// The latency figures (p99 with and without a sync) come from the soak run in docs/benchmarks.md, not from here.
/// </summary>
public sealed class QuotesDuringSyncTests
{
    private const int QuotesWhileHeld = 40;

    private sealed class UnlimitedPortal(CommitGate gate) : PortalFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
            [new("Api:QuotesPerMinute", "100000000"), new("Catalog:MaxDocumentBytes", "268435456")];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.ConfigureDbContext<CatalogDbContext>(options => options.AddInterceptors(gate)));
        }
    }

    /// <summary>Once armed, holds the commit of a sync's catalog transaction (the one that records a successful run) until released.</summary>
    private sealed class CommitGate : DbTransactionInterceptor
    {
        private volatile bool _armed;
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached => _reached.Task;

        public void Arm() => _armed = true;

        public void Release() => _released.TrySetResult();

        public override async ValueTask<InterceptionResult> TransactionCommittingAsync(
            DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            var writesTheCatalog = _armed && eventData.Context?.ChangeTracker.Entries<SyncRun>().Any(e => e.Entity.Outcome == SyncOutcome.Succeeded) == true;
            if (writesTheCatalog)
            {
                _reached.TrySetResult();
                await _released.Task.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
            }

            return result;
        }
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
        var gate = new CommitGate();
        await using var portal = new UnlimitedPortal(gate);
        using var client = portal.CreateClient();
        var snapshots = portal.Services.GetRequiredService<CatalogSnapshotStore>();
        var calculator = portal.Services.GetRequiredService<PriceCalculator>();
        var expected = Requests.Select(r => Expected(calculator, snapshots.Current, r)).ToArray();
        var versionBefore = snapshots.Current.Version;
        var file = Path.Combine(Path.GetDirectoryName(portal.DatabasePath)!, "large.json");
        await File.WriteAllTextAsync(file, LargeCatalog.Generate(services: 20, plansPerService: 250, baseDocument: LargeCatalog.Demo));

        gate.Arm();
        var sync = Task.Run(() => portal.Services.GetRequiredService<CatalogSyncService>().RunAsync(new SyncRequest(Source: file, Trigger: "admin")));
        var problems = new List<string>();
        var answered = 0;
        var answeredWhileHeld = 0;
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
                    if (gate.Reached.IsCompleted && !sync.IsCompleted && ++answeredWhileHeld == QuotesWhileHeld)
                    {
                        gate.Release();
                    }

                    if (!response.IsSuccessStatusCode || total != expected[which])
                    {
                        problems.Add($"{Requests[which].Service}: {(int)response.StatusCode} total {total}, expected {expected[which]}: {body[..Math.Min(body.Length, 200)]}");
                    }
                }
            }
        })).ToList();

        var report = await sync.WaitAsync(TimeSpan.FromMinutes(3));
        await Task.WhenAll(clients);
        Assert.True(gate.Reached.IsCompleted, "the sync never reached the commit of its catalog transaction");

        Assert.True(report.Outcome == SyncOutcome.Succeeded, string.Join("\n", report.Run.Errors));
        Assert.True(report.Run.Created > 5_000, $"{report.Run.Created} created");
        Assert.NotEqual(versionBefore, snapshots.Current.Version);
        Assert.Empty(problems.Take(10));
        Assert.True(answeredWhileHeld >= QuotesWhileHeld, $"only {answeredWhileHeld} of {answered} quotes were answered while the sync held its transaction open");
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
