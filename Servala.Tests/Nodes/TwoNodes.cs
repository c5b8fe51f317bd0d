using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Npgsql;
using Servala.Tests.Cli;
using Servala.Tests.Support;

namespace Servala.Tests.Nodes;

/// <summary>
/// Portal processes (the built program) on one PostgreSQL database, each on its own loopback port, in the
/// Production environment with demo data.
/// </summary>
public abstract class PortalNodes : IAsyncLifetime
{
    private readonly List<PortalProcess.Running> _running = [];

    public PortalProcess Program { get; } = new();

    public List<Node> Nodes { get; } = [];

    protected abstract string ConnectionString { get; }

    /// <summary>Extra settings of every node.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    /// <summary>The environment of every process here (nodes and CLI verbs): PostgreSQL, demo data.</summary>
    public Dictionary<string, string> Environment
    {
        get
        {
            var environment = new Dictionary<string, string>
            {
                ["Database__Provider"] = "PostgreSQL",
                ["Database__ConnectionString"] = ConnectionString,
                ["Portal__Demo"] = "true",

                // Never during a test run: the tests trigger the sync themselves and count its runs.
                ["Catalog__SyncCron"] = "0 0 1 1 *",

                // Nor the reconcile: the tests write instance status as another node's reconcile would.
                ["ControlPlanes__ReconcileCron"] = "0 0 1 1 *",
            };
            foreach (var (key, value) in Settings)
            {
                environment[key] = value;
            }

            return environment;
        }
    }

    public abstract Task InitializeAsync();

    /// <summary>Starts a node on a free loopback port and waits (bounded) until it answers <c>/healthz</c>.</summary>
    public async Task<Node> StartNodeAsync()
    {
        var port = FreePort();
        var environment = Environment;
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        var running = Program.Start(environment);
        _running.Add(running);
        var node = new Node(new Uri($"http://127.0.0.1:{port}"), running);
        using var probe = new HttpClient { BaseAddress = node.Address, Timeout = TimeSpan.FromSeconds(5) };
        var started = Stopwatch.StartNew();
        while (true)
        {
            if (running.Process.HasExited)
            {
                var result = await running.WaitAsync(TimeSpan.FromSeconds(5));
                throw new InvalidOperationException($"A portal node exited with {result.ExitCode}: {result.Stderr}");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return node;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            if (started.Elapsed > TimeSpan.FromSeconds(90))
            {
                throw new TimeoutException("A portal node did not answer /healthz within 90 s.");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Stops every node the way an orchestrator does (SIGTERM, bounded wait) and starts as many again.</summary>
    public async Task RestartAllAsync()
    {
        var count = Nodes.Count;
        foreach (var node in Nodes)
        {
            using var kill = Process.Start("kill", ["-TERM", node.Process.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
            await kill.WaitForExitAsync();
        }

        foreach (var node in Nodes)
        {
            await node.Process.WaitAsync(TimeSpan.FromSeconds(60));
        }

        Nodes.Clear();
        for (var i = 0; i < count; i++)
        {
            Nodes.Add(await StartNodeAsync());
        }
    }

    /// <summary>One scalar from the shared database.</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>"Trigger now" on a recurring job, as the Hangfire dashboard does: one of the nodes picks it up.</summary>
    public void TriggerRecurringJob(string id)
    {
        var options = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = false };
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(ConnectionString, options), options);
        new RecurringJobManager(storage).Trigger(id);
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var running in _running)
        {
            running.Dispose();
        }

        await Task.Yield();
        Program.Dispose();
        NpgsqlConnection.ClearAllPools();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public sealed record Node(Uri Address, PortalProcess.Running Process)
    {
        public HttpClient Client(CookieContainer? cookies = null) => new(new HttpClientHandler
        {
            AllowAutoRedirect = false,
            CookieContainer = cookies ?? new CookieContainer(),
            UseCookies = true,
        })
        {
            BaseAddress = Address,
            Timeout = TimeSpan.FromSeconds(10),
        };
    }
}

/// <summary>
/// The production shape without containers: two portal processes on one database of the shared test cluster.
/// Node 1 starts first, so that the first start's migration, sync and demo setup happen once.
/// </summary>
public sealed class TwoNodes : PortalNodes
{
    public PostgresDatabase Database { get; } = new(migrate: false);

    public Node Node1 => Nodes[0];

    public Node Node2 => Nodes[1];

    protected override string ConnectionString => Database.ConnectionString;

    public override async Task InitializeAsync()
    {
        Nodes.Add(await StartNodeAsync());
        Nodes.Add(await StartNodeAsync());
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Database.Dispose();
    }
}

/// <summary>One portal process on a PostgreSQL cluster of its own, which the tests stop and start; <c>/metrics</c> readable with a scrape token.</summary>
public sealed class NodeOnOwnCluster : PortalNodes
{
    public const string ScrapeToken = "scrape-token-for-tests";

    private PostgresCluster? _cluster;

    public PostgresCluster Cluster => _cluster ?? throw new InvalidOperationException("Not started.");

    public Node Only => Nodes[0];

    protected override string ConnectionString => Cluster.ConnectionString;

    public const int QuotesPerMinute = 5;

    /// <summary>Behind a TLS-terminating proxy on loopback (the default trusted proxy): HTTPS on 443, a low quote rate limit.</summary>
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Metrics__ScrapeToken"] = ScrapeToken,
        ["ASPNETCORE_HTTPS_PORT"] = "443",
        ["Api__QuotesPerMinute"] = QuotesPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public override async Task InitializeAsync()
    {
        _cluster = await PostgresCluster.CreateAsync();
        Nodes.Add(await StartNodeAsync());
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
