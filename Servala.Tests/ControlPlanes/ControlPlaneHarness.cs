using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Servala.Catalog.ControlPlanes;
using Servala.Catalog.Instances;
using Servala.Catalog.Model;
using Servala.Catalog.Pricing;
using Servala.Catalog.Setup;
using Servala.Catalog.Sync;
using Servala.Tests.Support;
using Servala.Tests.Sync;
using LogCapture = Servala.Tests.Sync.LogCapture;

namespace Servala.Tests.ControlPlanes;

/// <summary>
/// The sample catalog and setup on a real SQLite file, two fake API servers on loopback (cloudscale-rma and
/// exoscale-gva2 connected through kubeconfig files; cloudscale-lpg not connected), and the control-plane
/// services wired as the host wires them, with short retry delays.
/// </summary>
public sealed class ControlPlaneHarness : IAsyncLifetime
{
    private ServiceProvider _provider = null!;

    public SyncHarness Catalog { get; } = new();

    public FakeKubeApi Rma { get; private set; } = null!;

    public FakeKubeApi Gva { get; private set; } = null!;

    public LogCapture Log { get; } = new();

    public InstanceService Instances { get; private set; } = null!;

    public ControlPlaneReconciler Reconciler { get; private set; } = null!;

    public InstanceCredentials Credentials { get; private set; } = null!;

    public int Acme { get; private set; }

    public int Globex { get; private set; }

    public string Directory => Path.GetDirectoryName(Catalog.Db.Path)!;

    public async Task InitializeAsync()
    {
        var report = await Catalog.RunAsync(new SyncRequest(Catalog.WriteCatalogFile(TestFiles.SampleCatalog), Force: true));
        Assert.True(report.IsSuccess, string.Join("\n", report.Errors));
        Rma = await FakeKubeApi.StartAsync();
        Gva = await FakeKubeApi.StartAsync();
        await SeedAsync(new Dictionary<string, string?>
        {
            ["cloudscale-rma"] = Rma.WriteKubeconfig(Directory),
            ["exoscale-gva2"] = Gva.WriteKubeconfig(Directory),
        });
        await Catalog.Snapshots.ReloadAsync();

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ControlPlanes:RequestTimeout"] = "00:00:01",
            ["ControlPlanes:MaxRetries"] = "3",
            ["ControlPlanes:RetryBaseDelay"] = "00:00:00.020",
            ["ControlPlanes:FollowInterval"] = "00:00:00.100",
            ["ControlPlanes:FollowFor"] = "00:00:10",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.AddProvider(Log).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton(Catalog.Db.Factory);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(Catalog.Snapshots);
        services.AddSingleton<PriceCalculator>();
        services.AddSingleton<InstanceService>();
        services.AddControlPlanes();
        _provider = services.BuildServiceProvider(validateScopes: true);
        Instances = _provider.GetRequiredService<InstanceService>();
        Reconciler = _provider.GetRequiredService<ControlPlaneReconciler>();
        Credentials = _provider.GetRequiredService<InstanceCredentials>();
        await using var db = Catalog.Db.CreateContext();
        Acme = (await db.Organizations.SingleAsync(o => o.Slug == "acme")).Id;
        Globex = (await db.Organizations.SingleAsync(o => o.Slug == "globex")).Id;
    }

    public T GetRequiredService<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>Applies the sample setup with the given kubeconfig per control plane code (the others not connected).</summary>
    public async Task SeedAsync(IReadOnlyDictionary<string, string?> kubeconfigs)
    {
        var file = SetupFile.Parse(TestFiles.SampleSetup);
        file = file with
        {
            ControlPlanes = file.ControlPlanes!.Select(c => c! with { Kubeconfig = kubeconfigs.GetValueOrDefault(c.Code!) }).ToList(),
        };
        await new SetupApplier(Catalog.Db.Factory).ApplyAsync(file, new FakeUserDirectory());
    }

    public async Task<ServiceInstance> OrderAsync(string name, QuoteRequest request, int? organization = null)
    {
        var result = await Instances.OrderAsync(organization ?? Acme, name, request);
        Assert.True(result.IsSuccess, result.Error);
        return result.Instance!;
    }

    public async Task<ServiceInstance> LoadAsync(int id)
    {
        await using var db = Catalog.Db.CreateContext();
        return await InstanceService.Detailed(db).AsNoTracking().SingleAsync(i => i.Id == id);
    }

    public async Task<ControlPlane> ControlPlaneAsync(string code)
    {
        await using var db = Catalog.Db.CreateContext();
        return await db.ControlPlanes.AsNoTracking().SingleAsync(c => c.Code == code);
    }

    /// <summary>Reconciles and follows the control plane until nothing is in flight (bounded by FollowFor).</summary>
    public async Task<ReconcileReport> ReconcileAsync(string code = "cloudscale-rma", bool follow = true)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await Reconciler.ReconcileAsync(code, follow, guard.Token);
    }

    public static JsonObject ParseApply(string body) => JsonNode.Parse(body)!.AsObject();

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        await Rma.DisposeAsync();
        await Gva.DisposeAsync();
        await Catalog.DisposeAsync();
    }
}
